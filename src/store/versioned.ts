/**
 * Optimistic concurrency. Two billers may open the same claim; the second save must not
 * silently undo the first. Every update names the version it read: the row changes only
 * when the version still matches (and the version goes up by one); otherwise nothing
 * changes and the caller gets a conflict, which the API answers with 409.
 */
import { sql, type Kysely } from "kysely";
import { InputError } from "../errors.js";
import type { Database } from "./schema.js";

export type VersionedTable =
  | "practices"
  | "providers"
  | "payers"
  | "patients"
  | "coverages"
  | "plans_of_care"
  | "visits"
  | "claims"
  | "physicians"
  | "charge_master"
  | "clearinghouse_settings";

/** The API's name for each table, for messages a person reads. */
const NOUN: Record<VersionedTable, string> = {
  practices: "practice",
  providers: "provider",
  payers: "payer",
  patients: "patient",
  coverages: "coverage",
  plans_of_care: "plan of care",
  visits: "visit",
  claims: "claim",
  physicians: "physician",
  charge_master: "charge",
  clearinghouse_settings: "clearinghouse settings",
};

export function notFound(table: VersionedTable, id: number): InputError {
  return new InputError("not_found", `${NOUN[table]} ${id} does not exist`, { value: id });
}

/**
 * Applies `changes` to one row if its version is still `expectedVersion`, bumping the
 * version. Must run inside the write's transaction so that child rows (services, lines,
 * authorizations) are replaced under the same version.
 */
export async function updateVersioned(
  trx: Kysely<Database>,
  table: VersionedTable,
  id: number,
  expectedVersion: number,
  changes: Record<string, unknown>,
): Promise<void> {
  /* eslint-disable @typescript-eslint/no-explicit-any -- one helper for eight tables */
  const db = trx as Kysely<any>;
  const result = await db
    .updateTable(table)
    // A caller moving a record several steps at once may count them in `changes.version`.
    .set({ version: sql`version + 1`, ...changes })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return;
  const current = (await db.selectFrom(table).select("version").where("id", "=", id).executeTakeFirst()) as { version: number } | undefined;
  /* eslint-enable @typescript-eslint/no-explicit-any */
  if (!current) throw notFound(table, id);
  throw new InputError(
    "conflict",
    `${NOUN[table]} ${id} was changed by someone else: you sent version ${expectedVersion}, it is now at version ${current.version}; reload it and apply your change again`,
    { path: "version", value: expectedVersion },
  );
}
