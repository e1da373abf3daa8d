/** Providers: the OTs and OTAs (and PTs, SLPs) who furnish and bill services. */
import { InputError } from "../errors.js";
import { definedOnly, fromFlag, toFlag } from "./columns.js";
import type { Discipline, Patch, Provider, ProviderInput, ProviderRole } from "./entities.js";
import { npiProblem } from "./npi.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePractice } from "./references.js";
import type { ProviderRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toProvider(row: ProviderRow): Provider {
  return {
    id: row.id,
    practiceId: row.practice_id,
    npi: row.npi,
    firstName: row.first_name,
    lastName: row.last_name,
    discipline: row.discipline,
    role: row.role,
    qualifyingApm: fromFlag(row.qualifying_apm),
    taxonomy: row.taxonomy,
    version: row.version,
  };
}

/** The store refuses an NPI with a wrong check digit whoever calls it (API, import, demo). */
function checkNpi(npi: string | undefined): void {
  if (npi === undefined) return;
  const problem = npiProblem(npi);
  if (problem) throw new InputError("invalid_input", `npi ${JSON.stringify(npi)}: ${problem}`, { path: "npi", value: npi });
}

export async function createProvider(db: Db, input: ProviderInput): Promise<Provider> {
  checkNpi(input.npi);
  return inTransaction(db, async (trx) => {
    await requirePractice(trx, input.practiceId);
    const row = await trx
      .insertInto("providers")
      .values({
        practice_id: input.practiceId,
        npi: input.npi,
        first_name: input.firstName,
        last_name: input.lastName,
        discipline: input.discipline,
        role: input.role,
        qualifying_apm: toFlag(input.qualifyingApm),
        taxonomy: input.taxonomy ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toProvider(row);
  });
}

export async function findProvider(db: Db, id: number): Promise<Provider | undefined> {
  const row = await db.selectFrom("providers").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toProvider(row) : undefined;
}

export async function getProvider(db: Db, id: number): Promise<Provider> {
  const provider = await findProvider(db, id);
  if (!provider) throw notFound("providers", id);
  return provider;
}

export async function findProviderByNpi(db: Db, practiceId: number, npi: string): Promise<Provider | undefined> {
  const row = await db.selectFrom("providers").selectAll().where("practice_id", "=", practiceId).where("npi", "=", npi).executeTakeFirst();
  return row ? toProvider(row) : undefined;
}

export async function updateProvider(db: Db, id: number, patch: Patch<Omit<ProviderInput, "practiceId">>): Promise<Provider> {
  checkNpi(patch.npi);
  return inTransaction(db, async (trx) => {
    await updateVersioned(
      trx,
      "providers",
      id,
      patch.version,
      definedOnly({
        npi: patch.npi,
        first_name: patch.firstName,
        last_name: patch.lastName,
        discipline: patch.discipline,
        role: patch.role,
        qualifying_apm: patch.qualifyingApm === undefined ? undefined : toFlag(patch.qualifyingApm),
        taxonomy: patch.taxonomy,
      }),
    );
    return getProvider(trx, id);
  });
}

export interface ProviderFilter {
  practiceId?: number;
  discipline?: Discipline;
  role?: ProviderRole;
  npi?: string;
}

export async function listProviders(db: Db, filter: ProviderFilter = {}, page?: PageRequest): Promise<Page<Provider>> {
  let query = db.selectFrom("providers");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.discipline) query = query.where("discipline", "=", filter.discipline);
  if (filter.role) query = query.where("role", "=", filter.role);
  if (filter.npi) query = query.where("npi", "=", filter.npi);
  const { rows, ...bounds } = await fetchPage<ProviderRow>(query, "id", page);
  return { items: rows.map(toProvider), ...bounds };
}
