/** Patients of a practice, matched on the practice's own chart number when importing. */
import { addressText, toAddress } from "./addresses.js";
import { definedOnly } from "./columns.js";
import { lowerContains } from "./like.js";
import type { Patch, Patient, PatientInput } from "./entities.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePractice } from "./references.js";
import type { PatientRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toPatient(row: PatientRow): Patient {
  return {
    id: row.id,
    practiceId: row.practice_id,
    externalId: row.external_id,
    firstName: row.first_name,
    lastName: row.last_name,
    birthDate: row.birth_date,
    sex: row.sex,
    address: toAddress(row.address),
    phone: row.phone,
    version: row.version,
  };
}

export async function createPatient(db: Db, input: PatientInput): Promise<Patient> {
  return inTransaction(db, async (trx) => {
    await requirePractice(trx, input.practiceId);
    const row = await trx
      .insertInto("patients")
      .values({
        practice_id: input.practiceId,
        external_id: input.externalId ?? null,
        first_name: input.firstName,
        last_name: input.lastName,
        birth_date: input.birthDate ?? null,
        sex: input.sex ?? null,
        address: addressText(input.address) ?? null,
        phone: input.phone ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPatient(row);
  });
}

export async function findPatient(db: Db, id: number): Promise<Patient | undefined> {
  const row = await db.selectFrom("patients").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toPatient(row) : undefined;
}

export async function getPatient(db: Db, id: number): Promise<Patient> {
  const patient = await findPatient(db, id);
  if (!patient) throw notFound("patients", id);
  return patient;
}

export async function findPatientByExternalId(db: Db, practiceId: number, externalId: string): Promise<Patient | undefined> {
  const row = await db.selectFrom("patients").selectAll().where("practice_id", "=", practiceId).where("external_id", "=", externalId).executeTakeFirst();
  return row ? toPatient(row) : undefined;
}

export async function updatePatient(db: Db, id: number, patch: Patch<Omit<PatientInput, "practiceId">>): Promise<Patient> {
  return inTransaction(db, async (trx) => {
    await updateVersioned(
      trx,
      "patients",
      id,
      patch.version,
      definedOnly({
        external_id: patch.externalId,
        first_name: patch.firstName,
        last_name: patch.lastName,
        birth_date: patch.birthDate,
        sex: patch.sex,
        address: addressText(patch.address),
        phone: patch.phone,
      }),
    );
    return getPatient(trx, id);
  });
}

export interface PatientFilter {
  practiceId?: number;
  externalId?: string;
  /** part of the first or last name, any case */
  q?: string;
}

export async function listPatients(db: Db, filter: PatientFilter = {}, page?: PageRequest): Promise<Page<Patient>> {
  let query = db.selectFrom("patients");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.externalId) query = query.where("external_id", "=", filter.externalId);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([lowerContains("first_name", q), lowerContains("last_name", q)]));
  }
  const { rows, ...bounds } = await fetchPage<PatientRow>(query, "id", page);
  return { items: rows.map(toPatient), ...bounds };
}
