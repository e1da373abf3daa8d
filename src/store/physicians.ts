/**
 * Referring and certifying physicians (and NPPs): the practice's list of the people who
 * certify its plans of care. A claim names the plan's certifier as the referring
 * provider (837P 2310A NM1*DN, NUCC item 17/17b), so the NPI must pass its check digit.
 */
import { InputError } from "../errors.js";
import { definedOnly } from "./columns.js";
import type { Patch, Physician, PhysicianInput } from "./entities.js";
import { npiProblem } from "./npi.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePractice } from "./references.js";
import type { PhysicianRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toPhysician(row: PhysicianRow): Physician {
  return { id: row.id, practiceId: row.practice_id, firstName: row.first_name, lastName: row.last_name, npi: row.npi, version: row.version };
}

function checkNpi(npi: string | undefined): void {
  if (npi === undefined) return;
  const problem = npiProblem(npi);
  if (problem) throw new InputError("invalid_input", `npi ${JSON.stringify(npi)}: ${problem}`, { path: "npi", value: npi });
}

export async function createPhysician(db: Db, input: PhysicianInput): Promise<Physician> {
  checkNpi(input.npi);
  return inTransaction(db, async (trx) => {
    await requirePractice(trx, input.practiceId);
    const row = await trx
      .insertInto("physicians")
      .values({ practice_id: input.practiceId, first_name: input.firstName, last_name: input.lastName, npi: input.npi })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPhysician(row);
  });
}

export async function findPhysician(db: Db, id: number): Promise<Physician | undefined> {
  const row = await db.selectFrom("physicians").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toPhysician(row) : undefined;
}

export async function getPhysician(db: Db, id: number): Promise<Physician> {
  const physician = await findPhysician(db, id);
  if (!physician) throw notFound("physicians", id);
  return physician;
}

export async function findPhysicianByNpi(db: Db, practiceId: number, npi: string): Promise<Physician | undefined> {
  const row = await db.selectFrom("physicians").selectAll().where("practice_id", "=", practiceId).where("npi", "=", npi).executeTakeFirst();
  return row ? toPhysician(row) : undefined;
}

export async function updatePhysician(db: Db, id: number, patch: Patch<Omit<PhysicianInput, "practiceId">>): Promise<Physician> {
  checkNpi(patch.npi);
  return inTransaction(db, async (trx) => {
    await updateVersioned(trx, "physicians", id, patch.version, definedOnly({ first_name: patch.firstName, last_name: patch.lastName, npi: patch.npi }));
    return getPhysician(trx, id);
  });
}

export interface PhysicianFilter {
  practiceId?: number;
  npi?: string;
}

export async function listPhysicians(db: Db, filter: PhysicianFilter = {}, page?: PageRequest): Promise<Page<Physician>> {
  let query = db.selectFrom("physicians");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.npi) query = query.where("npi", "=", filter.npi);
  const { rows, ...bounds } = await fetchPage<PhysicianRow>(query, "id", page);
  return { items: rows.map(toPhysician), ...bounds };
}
