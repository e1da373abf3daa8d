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

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * A duplicate named by the field a person typed, never by the database's own text (which
 * names tables, constraints and, in PostgreSQL, the values of other columns).
 * SQLite: "UNIQUE constraint failed: patients.practice_id, patients.external_id";
 * PostgreSQL detail: "Key (practice_id, external_id)=(1, P-1) already exists."
 */
function duplicateError(text: string, pgTable: unknown): InputError {
  const sqlite = /UNIQUE constraint failed: (.+)$/.exec(text);
  const pg = /^Key \(([^)]+)\)=/.exec(text);
  const qualified = sqlite ? sqlite[1]!.split(",").map((part) => part.trim()) : pg ? pg[1]!.split(",").map((part) => `${typeof pgTable === "string" ? pgTable : ""}.${part.trim()}`) : [];
  const table = qualified[0]?.split(".")[0] ?? "";
  const columns = qualified.map((part) => part.split(".")[1] ?? part).filter((column) => column !== "practice_id" && column !== "patient_id");
  const noun = table.replace(/_/g, " ").replace(/ies$/, "y").replace(/s$/, "");
  if (columns.length === 0) return new InputError("conflict", `this ${noun || "record"} already exists`);
  const fields = columns.map(camel);
  return new InputError("conflict", `${fields.join(", ")}: another ${noun || "record"} already has ${fields.length === 1 ? "this value" : "these values"}`, { path: fields[0]! });
}

/** The driver's constraint failure as an InputError, or undefined when it is something else. */
export function constraintError(error: unknown): InputError | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const { code, detail, message } = error as DriverError;
  const text = typeof detail === "string" ? detail : typeof message === "string" ? message : "";
  // SQLite (better-sqlite3) codes, then PostgreSQL SQLSTATEs.
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505") {
    return duplicateError(text, (error as { table?: unknown }).table);
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
