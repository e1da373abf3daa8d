/**
 * Every write runs in one transaction, and database constraint failures come back as the
 * InputErrors the API maps to statuses: a duplicate is a conflict (409), a reference to a
 * row that is not there cannot be processed (422).
 */
import type { Kysely, Transaction } from "kysely";
import { InputError } from "../errors.js";
import type { Database } from "./schema.js";

export type Db = Kysely<Database>;

interface DriverError {
  code?: unknown;
  detail?: unknown;
  message?: unknown;
}

/** The driver's constraint failure as an InputError, or undefined when it is something else. */
export function constraintError(error: unknown): InputError | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const { code, detail, message } = error as DriverError;
  const text = typeof detail === "string" ? detail : typeof message === "string" ? message : "";
  // SQLite (better-sqlite3) codes, then PostgreSQL SQLSTATEs.
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505") {
    return new InputError("conflict", `already exists: ${text}`);
  }
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY" || code === "23503") {
    return new InputError("unprocessable", `refers to a record that does not exist: ${text}`);
  }
  if (code === "SQLITE_CONSTRAINT_NOTNULL" || code === "23502") {
    return new InputError("invalid_input", `a required field is missing: ${text}`);
  }
  return undefined;
}

/**
 * Runs `work` in a transaction, or inside the caller's when `db` already is one (an import
 * writes many visits in one transaction through the same repository calls).
 */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    if (db.isTransaction) return await work(db as Transaction<Database>);
    return await db.transaction().execute(work);
  } catch (error) {
    throw constraintError(error) ?? error;
  }
}
