/**
 * Practice scoping: a principal sees only its own practice's records. A record of another
 * practice answers exactly as one that does not exist (404 / 422 with the same message),
 * so ids cannot be probed across practices. Routes call these before reading or writing.
 */
import { InputError } from "../errors.js";
import type { Db } from "../store/transaction.js";
import { notFound, type VersionedTable } from "../store/versioned.js";
import type { Principal } from "./principal.js";

/** The practice a record belongs to, or undefined when there is no such record. */
export async function practiceOfRecord(db: Db, table: VersionedTable, id: number): Promise<number | undefined> {
  if (table === "practices") {
    const row = await db.selectFrom("practices").select("id").where("id", "=", id).executeTakeFirst();
    return row?.id;
  }
  if (table === "coverages" || table === "plans_of_care") {
    const row = await db.selectFrom(table).innerJoin("patients", "patients.id", `${table}.patient_id`).select("patients.practice_id").where(`${table}.id`, "=", id).executeTakeFirst();
    return row?.practice_id;
  }
  const row = await db.selectFrom(table).select("practice_id").where("id", "=", id).executeTakeFirst();
  return row?.practice_id;
}

/** 404 unless the record exists in the principal's practice. */
export async function requireInPractice(db: Db, principal: Principal, table: VersionedTable, id: number): Promise<void> {
  const practiceId = await practiceOfRecord(db, table, id);
  if (practiceId !== principal.practiceId) throw notFound(table, id);
}

/** A body that names a practice must name the principal's (another practice is "no practice"). */
export function requireOwnPractice(principal: Principal, practiceId: unknown, path = "practiceId"): void {
  if (typeof practiceId === "number" && practiceId !== principal.practiceId) {
    throw new InputError("unprocessable", `${path}: no practice ${practiceId}`, { path, value: practiceId });
  }
}

/** A body that names a patient must name one of the principal's practice. */
export async function requireOwnPatient(db: Db, principal: Principal, patientId: unknown, path = "patientId"): Promise<void> {
  if (typeof patientId !== "number") return;
  const row = await db.selectFrom("patients").select("practice_id").where("id", "=", patientId).executeTakeFirst();
  if (row && row.practice_id !== principal.practiceId) throw new InputError("unprocessable", `${path}: no patient ${patientId}`, { path, value: patientId });
}
