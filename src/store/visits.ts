/**
 * Visits and their services: what was done on a date of service, for how many minutes,
 * and who furnished them. The services belong to the visit: a PATCH that sends
 * `services` replaces them all under the visit's version.
 */
import type { Transaction } from "kysely";
import { refuseEditOfBilledVisit } from "./claims.js";
import { definedOnly, fromFlag, fromJsonText, toFlag, toJsonText } from "./columns.js";
import type { Patch, StoredService, VisitInput, VisitRecord } from "./entities.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePatientOwned, requirePractice, requirePracticeOwned } from "./references.js";
import type { Database, VisitRow, VisitServiceRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toService(row: VisitServiceRow): Required<StoredService> {
  return {
    code: row.code,
    minutes: row.minutes,
    assistantMinutes: row.assistant_minutes,
    units: row.units,
    modifiers: fromJsonText<string[]>(row.modifiers, []),
    distinct: fromFlag(row.distinct_service),
    diagnosisPointers: fromJsonText<number[]>(row.diagnosis_pointers, []),
    description: row.description,
    assistantProviderId: row.assistant_provider_id,
  };
}

function toVisit(row: VisitRow, services: VisitServiceRow[]): VisitRecord {
  return {
    id: row.id,
    practiceId: row.practice_id,
    patientId: row.patient_id,
    providerId: row.provider_id,
    payerId: row.payer_id,
    coverageId: row.coverage_id,
    planOfCareId: row.plan_of_care_id,
    externalId: row.external_id,
    dateOfService: row.date_of_service,
    placeOfService: row.place_of_service,
    locality: row.locality,
    diagnoses: fromJsonText<string[]>(row.diagnoses, []),
    totalTreatmentMinutes: row.total_treatment_minutes,
    services: services.map(toService),
    version: row.version,
  };
}

async function insertServices(trx: Transaction<Database>, visitId: number, services: StoredService[]): Promise<VisitServiceRow[]> {
  if (services.length === 0) return [];
  return trx
    .insertInto("visit_services")
    .values(
      services.map((service, position) => ({
        visit_id: visitId,
        position,
        code: service.code,
        minutes: service.minutes ?? null,
        assistant_minutes: service.assistantMinutes ?? null,
        units: service.units ?? null,
        modifiers: toJsonText(service.modifiers ?? []),
        distinct_service: toFlag(service.distinct),
        diagnosis_pointers: toJsonText(service.diagnosisPointers ?? []),
        description: service.description ?? null,
        assistant_provider_id: service.assistantProviderId ?? null,
      })),
    )
    .returningAll()
    .execute();
}

/** Every record a visit points at must exist and be the practice's (or the patient's) own. */
async function checkReferences(trx: Db, visit: Omit<VisitInput, "services" | "dateOfService"> & { services?: StoredService[] }): Promise<void> {
  await requirePractice(trx, visit.practiceId);
  await requirePracticeOwned(trx, "patients", visit.patientId, visit.practiceId, "patientId");
  await requirePracticeOwned(trx, "providers", visit.providerId, visit.practiceId, "providerId");
  await requirePracticeOwned(trx, "payers", visit.payerId, visit.practiceId, "payerId");
  if (visit.coverageId != null) await requirePatientOwned(trx, "coverages", visit.coverageId, visit.patientId, "coverageId");
  if (visit.planOfCareId != null) await requirePatientOwned(trx, "plans_of_care", visit.planOfCareId, visit.patientId, "planOfCareId");
  for (const [index, service] of (visit.services ?? []).entries()) {
    if (service.assistantProviderId != null) {
      await requirePracticeOwned(trx, "providers", service.assistantProviderId, visit.practiceId, `services[${index}].assistantProviderId`);
    }
  }
}

export async function createVisit(db: Db, input: VisitInput): Promise<VisitRecord> {
  return inTransaction(db, async (trx) => {
    await checkReferences(trx, input);
    const row = await trx
      .insertInto("visits")
      .values({
        practice_id: input.practiceId,
        patient_id: input.patientId,
        provider_id: input.providerId,
        payer_id: input.payerId,
        coverage_id: input.coverageId ?? null,
        plan_of_care_id: input.planOfCareId ?? null,
        external_id: input.externalId ?? null,
        date_of_service: input.dateOfService,
        place_of_service: input.placeOfService ?? null,
        locality: input.locality ?? null,
        diagnoses: toJsonText(input.diagnoses ?? []),
        total_treatment_minutes: input.totalTreatmentMinutes ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const services = await insertServices(trx, row.id, input.services);
    return toVisit(row, services);
  });
}

async function servicesOf(db: Db, visitIds: number[]): Promise<Map<number, VisitServiceRow[]>> {
  const byVisit = new Map<number, VisitServiceRow[]>();
  if (visitIds.length === 0) return byVisit;
  const rows = await db.selectFrom("visit_services").selectAll().where("visit_id", "in", visitIds).orderBy("visit_id").orderBy("position").execute();
  for (const row of rows) {
    const list = byVisit.get(row.visit_id) ?? [];
    list.push(row);
    byVisit.set(row.visit_id, list);
  }
  return byVisit;
}

async function withServices(db: Db, rows: VisitRow[]): Promise<VisitRecord[]> {
  const services = await servicesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toVisit(row, services.get(row.id) ?? []));
}

export async function findVisit(db: Db, id: number): Promise<VisitRecord | undefined> {
  const row = await db.selectFrom("visits").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const [visit] = await withServices(db, [row]);
  return visit;
}

export async function getVisit(db: Db, id: number): Promise<VisitRecord> {
  const visit = await findVisit(db, id);
  if (!visit) throw notFound("visits", id);
  return visit;
}

/** `services`, when given, replaces them all. */
export async function updateVisit(db: Db, id: number, patch: Patch<Omit<VisitInput, "practiceId">>): Promise<VisitRecord> {
  return inTransaction(db, async (trx) => {
    // A visit on a claim the payer has is changed only through a replacement or a void.
    await refuseEditOfBilledVisit(trx, id);
    await updateVersioned(
      trx,
      "visits",
      id,
      patch.version,
      definedOnly({
        patient_id: patch.patientId,
        provider_id: patch.providerId,
        payer_id: patch.payerId,
        coverage_id: patch.coverageId,
        plan_of_care_id: patch.planOfCareId,
        external_id: patch.externalId,
        date_of_service: patch.dateOfService,
        place_of_service: patch.placeOfService,
        locality: patch.locality,
        diagnoses: patch.diagnoses === undefined ? undefined : toJsonText(patch.diagnoses),
        total_treatment_minutes: patch.totalTreatmentMinutes,
      }),
    );
    if (patch.services !== undefined) {
      await trx.deleteFrom("visit_services").where("visit_id", "=", id).execute();
      await insertServices(trx, id, patch.services);
    }
    const visit = await getVisit(trx, id);
    await checkReferences(trx, visit);
    return visit;
  });
}

export interface VisitFilter {
  practiceId?: number;
  patientId?: number;
  providerId?: number;
  payerId?: number;
  externalId?: string;
  /** first date of service, inclusive */
  from?: string;
  /** last date of service, inclusive */
  to?: string;
}

export async function listVisits(db: Db, filter: VisitFilter = {}, page?: PageRequest): Promise<Page<VisitRecord>> {
  let query = db.selectFrom("visits");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.patientId !== undefined) query = query.where("patient_id", "=", filter.patientId);
  if (filter.providerId !== undefined) query = query.where("provider_id", "=", filter.providerId);
  if (filter.payerId !== undefined) query = query.where("payer_id", "=", filter.payerId);
  if (filter.externalId) query = query.where("external_id", "=", filter.externalId);
  if (filter.from) query = query.where("date_of_service", ">=", filter.from);
  if (filter.to) query = query.where("date_of_service", "<=", filter.to);
  const { rows, ...bounds } = await fetchPage<VisitRow>(query, "id", page);
  return { items: await withServices(db, rows), ...bounds };
}

/** One patient's visits with dates in [from, to], oldest first (for the history). */
export async function visitsOfPatientBetween(db: Db, patientId: number, from: string, to: string): Promise<VisitRecord[]> {
  const rows = await db
    .selectFrom("visits")
    .selectAll()
    .where("patient_id", "=", patientId)
    .where("date_of_service", ">=", from)
    .where("date_of_service", "<=", to)
    .orderBy("date_of_service")
    .orderBy("id")
    .execute();
  return withServices(db, rows);
}

export async function countVisits(db: Db): Promise<number> {
  const row = await db.selectFrom("visits").select((eb) => eb.fn.countAll().as("count")).executeTakeFirstOrThrow();
  return Number(row.count);
}
