/**
 * Plans of care (MBPM ch.15 section 220.1): the certified period, the physician's
 * signature and the progress reports, which the history-aware scrub reads instead of
 * trusting the visit JSON.
 */
import { planOfCareSchema as planRules } from "../contract/visit.js";
import { InputError } from "../errors.js";
import { definedOnly, fromJsonText, toJsonText } from "./columns.js";
import type { Patch, PlanOfCareInput, PlanOfCareRecord } from "./entities.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePracticeOwned } from "./references.js";
import type { PlanOfCareRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toPlan(row: PlanOfCareRow): PlanOfCareRecord {
  return {
    id: row.id,
    patientId: row.patient_id,
    providerId: row.provider_id,
    discipline: row.discipline,
    initialEvaluationDate: row.initial_evaluation_date,
    certifiedFrom: row.certified_from,
    certifiedThrough: row.certified_through,
    signedDate: row.signed_date,
    progressReportDates: fromJsonText<string[]>(row.progress_report_dates, []),
    certifyingPhysicianId: row.certifying_physician_id,
    version: row.version,
  };
}

/** Kept sorted so "the latest progress report" is the last one. */
function reportDatesText(dates: string[] | undefined): string | undefined {
  return dates === undefined ? undefined : toJsonText([...new Set(dates)].sort());
}

export interface PlanDates {
  initialEvaluationDate?: string | undefined;
  certifiedFrom?: string | undefined;
  certifiedThrough?: string | undefined;
}

export interface PlanDateProblem {
  path: keyof PlanDates;
  value: string | undefined;
  /** "<value> <the contract's words>", e.g. "2026-02-01 cannot be before certifiedFrom (2026-03-02)" */
  message: string;
}

/**
 * What the contract's plan-of-care rules (src/contract/visit.ts planOfCareSchema: one rule
 * for the scrub, the store and the API) say about a plan's dates, each naming its field
 * and value. The store and the API's create and PATCH schema all ask this one function.
 */
export function planDateProblems(plan: PlanDates): PlanDateProblem[] {
  const dates = { initialEvaluationDate: plan.initialEvaluationDate, certifiedFrom: plan.certifiedFrom, certifiedThrough: plan.certifiedThrough };
  const checked = planRules.safeParse(dates);
  if (checked.success) return [];
  return checked.error.issues.map((issue) => {
    const path = String(issue.path[0] ?? "certifiedThrough") as keyof PlanDates;
    const value = dates[path];
    return { path, value, message: `${value === undefined ? "" : `${value} `}${issue.message}` };
  });
}

function refuseBadDates(plan: PlanDates): void {
  const [problem] = planDateProblems(plan);
  if (problem) throw new InputError("invalid_input", `${problem.path}: ${problem.message}`, { path: problem.path, ...(problem.value !== undefined ? { value: problem.value } : {}) });
}

async function checkProvider(trx: Db, patientId: number, providerId: number | null | undefined, physicianId?: number | null): Promise<void> {
  const practiceId = await requirePracticeOwned(trx, "patients", patientId, undefined, "patientId");
  if (providerId !== undefined && providerId !== null) await requirePracticeOwned(trx, "providers", providerId, practiceId, "providerId");
  if (physicianId !== undefined && physicianId !== null) await requirePracticeOwned(trx, "physicians", physicianId, practiceId, "certifyingPhysicianId");
}

export async function createPlanOfCare(db: Db, input: PlanOfCareInput): Promise<PlanOfCareRecord> {
  refuseBadDates(input);
  return inTransaction(db, async (trx) => {
    await checkProvider(trx, input.patientId, input.providerId, input.certifyingPhysicianId);
    const row = await trx
      .insertInto("plans_of_care")
      .values({
        patient_id: input.patientId,
        provider_id: input.providerId ?? null,
        discipline: input.discipline,
        initial_evaluation_date: input.initialEvaluationDate,
        certified_from: input.certifiedFrom,
        certified_through: input.certifiedThrough,
        signed_date: input.signedDate ?? null,
        progress_report_dates: reportDatesText(input.progressReportDates ?? [])!,
        certifying_physician_id: input.certifyingPhysicianId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlan(row);
  });
}

export async function findPlanOfCare(db: Db, id: number): Promise<PlanOfCareRecord | undefined> {
  const row = await db.selectFrom("plans_of_care").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

export async function getPlanOfCare(db: Db, id: number): Promise<PlanOfCareRecord> {
  const plan = await findPlanOfCare(db, id);
  if (!plan) throw notFound("plans_of_care", id);
  return plan;
}

export async function updatePlanOfCare(db: Db, id: number, patch: Patch<Omit<PlanOfCareInput, "patientId">>): Promise<PlanOfCareRecord> {
  return inTransaction(db, async (trx) => {
    await updateVersioned(
      trx,
      "plans_of_care",
      id,
      patch.version,
      definedOnly({
        provider_id: patch.providerId,
        discipline: patch.discipline,
        initial_evaluation_date: patch.initialEvaluationDate,
        certified_from: patch.certifiedFrom,
        certified_through: patch.certifiedThrough,
        signed_date: patch.signedDate,
        progress_report_dates: reportDatesText(patch.progressReportDates),
        certifying_physician_id: patch.certifyingPhysicianId,
      }),
    );
    const plan = await getPlanOfCare(trx, id);
    // The plan the change leaves must pass the same rules as a new one (rolled back if not).
    refuseBadDates(plan);
    if (patch.providerId !== undefined || patch.certifyingPhysicianId !== undefined) await checkProvider(trx, plan.patientId, patch.providerId, patch.certifyingPhysicianId);
    return plan;
  });
}

export interface PlanOfCareFilter {
  /** the practice of the patient (access scoping) */
  practiceId?: number;
  patientId?: number;
  discipline?: string;
  /** plans whose certification period includes this date */
  activeOn?: string;
}

export async function listPlansOfCare(db: Db, filter: PlanOfCareFilter = {}, page?: PageRequest): Promise<Page<PlanOfCareRecord>> {
  let query = db.selectFrom("plans_of_care");
  if (filter.practiceId !== undefined) query = query.where("patient_id", "in", (eb) => eb.selectFrom("patients").select("id").where("practice_id", "=", filter.practiceId!));
  if (filter.patientId !== undefined) query = query.where("patient_id", "=", filter.patientId);
  if (filter.discipline) query = query.where("discipline", "=", filter.discipline as PlanOfCareRow["discipline"]);
  if (filter.activeOn) query = query.where("certified_from", "<=", filter.activeOn).where("certified_through", ">=", filter.activeOn);
  const { rows, ...bounds } = await fetchPage<PlanOfCareRow>(query, "id", page);
  return { items: rows.map(toPlan), ...bounds };
}

/** A patient's plans, oldest certification first. */
export async function plansOfPatient(db: Db, patientId: number): Promise<PlanOfCareRecord[]> {
  const rows = await db.selectFrom("plans_of_care").selectAll().where("patient_id", "=", patientId).orderBy("certified_from").orderBy("id").execute();
  return rows.map(toPlan);
}
