/**
 * A record may only point at records that exist and belong to the same practice: a visit
 * for practice A billed under practice B's payer would go out on the wrong claim. These
 * checks run inside the write's transaction and answer 422 naming the field at fault.
 */
import { InputError } from "../errors.js";
import type { Db } from "./transaction.js";

type PracticeOwned = "providers" | "payers" | "patients" | "physicians";

/**
 * Checks that `id` names a row of `table` in `practiceId`; returns the row's practice.
 * Another practice's row answers exactly as a row that does not exist: the message names
 * only the caller's field and value, never the other practice or its ids (45 CFR 164.312(a)).
 */
export async function requirePracticeOwned(db: Db, table: PracticeOwned, id: number, practiceId: number | undefined, path: string): Promise<number> {
  const row = await db.selectFrom(table).select("practice_id").where("id", "=", id).executeTakeFirst();
  if (!row || (practiceId !== undefined && row.practice_id !== practiceId)) throw new InputError("unprocessable", `${path}: no ${table.replace(/s$/, "")} ${id}`, { path, value: id });
  return row.practice_id;
}

export async function requirePractice(db: Db, id: number, path = "practiceId"): Promise<void> {
  const row = await db.selectFrom("practices").select("id").where("id", "=", id).executeTakeFirst();
  if (!row) throw new InputError("unprocessable", `${path}: no practice ${id}`, { path, value: id });
}

/** Checks that a coverage or plan of care exists and is the patient's own; another patient's answers as none. */
export async function requirePatientOwned(db: Db, table: "coverages" | "plans_of_care", id: number, patientId: number, path: string): Promise<void> {
  const row = await db.selectFrom(table).select("patient_id").where("id", "=", id).executeTakeFirst();
  const noun = table === "coverages" ? "coverage" : "plan of care";
  if (!row || row.patient_id !== patientId) throw new InputError("unprocessable", `${path}: patient ${patientId} has no ${noun} ${id}`, { path, value: id });
}
