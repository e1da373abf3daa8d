/**
 * The denial worklist: every denied or partly denied line of a payment that stands, with
 * its CARC and RARC in words, what a biller does about it (carc_actions.csv), and a
 * re-scrub of the visit with today's reference data: would otbill have caught it before
 * it went out (yes, naming the rule, or no)? Each entry carries its appeal status.
 */
import { InputError } from "../errors.js";
import { centsToDollars } from "../reference/fixed.js";
import type { Reference } from "../reference/reference.js";
import { fromJsonText } from "../store/columns.js";
import { scrubStoredVisit } from "../store/history.js";
import type { AppealStatus } from "../store/schema.js";
import type { Db } from "../store/transaction.js";
import { isDenialReason } from "./classify.js";
import { loadRemitCodeSets } from "./codesets.js";
import { adjustmentsByLinePayment } from "./line-adjustments.js";
import { standingLinePayments } from "./standing.js";

export const APPEAL_STATUSES: readonly AppealStatus[] = ["none", "planned", "appealed", "won", "lost", "written-off"];

export interface DenialFilter {
  practiceId?: number;
  from?: string;
  to?: string;
  appeal?: AppealStatus;
}

export interface DenialReason {
  group: string;
  reason: string;
  amount: number;
  description: string | null;
  title: string | null;
  action: string | null;
  relatedRules: string[];
  appealable: boolean | null;
}

export interface ScrubVerdict {
  /** true when today's scrub of the visit reports a rule that explains the denial */
  caught: boolean;
  rules: string[];
  /** the scrub's status today: clean, review or reject (null when it could not run) */
  status: string | null;
  error?: string;
}

export interface DenialEntry {
  linePaymentId: number;
  claimId: number;
  claimNumber: string;
  patientId: number;
  visitId: number;
  payer: { id: number; name: string };
  providerId: number;
  dateOfService: string;
  paymentDate: string | null;
  remittanceId: number;
  lineId: string | null;
  code: string;
  modifiers: string[];
  units: number;
  status: "denied" | "partial";
  charge: number;
  paid: number;
  denied: number;
  carc: DenialReason[];
  rarc: { code: string; description: string | null }[];
  /** what otbill suggests doing, from the first CARC with an action */
  whatToDo: string | null;
  /** the same, as the contract words it ("what otbill would change") */
  wouldChange: string | null;
  scrub: ScrubVerdict;
  /** scrub.caught, at the top for lists and scripts */
  caughtByScrub: boolean;
  appeal: { status: AppealStatus; note: string | null; updatedAt: string | null };
}

/** The denied lines, with their reasons; `reference` re-scrubs each visit once. */
export async function denialWorklist(db: Db, reference: Reference | undefined, filter: DenialFilter = {}): Promise<DenialEntry[]> {
  const sets = loadRemitCodeSets();
  let query = standingLinePayments(db, filter)
    .innerJoin("payers", "payers.id", "claims.payer_id")
    .innerJoin("visits", "visits.id", "claims.visit_id")
    .innerJoin("remittances", "remittances.id", "claim_payments.remittance_id")
    .select([
      "line_payments.id",
      "line_payments.claim_payment_id",
      "line_payments.line_id",
      "line_payments.code",
      "line_payments.modifiers",
      "line_payments.units",
      "line_payments.status",
      "line_payments.charge_cents",
      "line_payments.paid_cents",
      "line_payments.remarks",
      "line_payments.appeal_status",
      "line_payments.appeal_note",
      "line_payments.appeal_updated_at",
      "claims.id as claim_id",
      "claims.claim_number",
      "claims.patient_id",
      "claims.visit_id",
      "claims.date_of_service",
      "visits.provider_id",
      "payers.id as payer_id",
      "payers.name as payer_name",
      "remittances.id as remittance_id",
      "remittances.payment_date",
    ])
    .where("line_payments.status", "in", ["denied", "partial"]);
  if (filter.appeal) query = query.where("line_payments.appeal_status", "=", filter.appeal);
  const rows = await query.orderBy("claims.date_of_service").orderBy("line_payments.id").execute();
  if (rows.length === 0) return [];
  const scrubs = new Map<number, Promise<{ status: string; rules: Set<string> } | { error: string }>>();
  const scrubOf = (visitId: number) => {
    let verdict = scrubs.get(visitId);
    if (!verdict) {
      verdict = reference
        ? scrubStoredVisit(db, reference, visitId).then(
            ({ result }) => ({ status: result.status, rules: new Set(result.findings.filter((found) => found.severity !== "info").map((found) => found.rule as string)) }),
            (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
          )
        : Promise.resolve({ error: "no reference data loaded" });
      scrubs.set(visitId, verdict);
    }
    return verdict;
  };
  // Grouped once by line payment: a filter per line was lines x adjustments.
  const adjustmentsOf = await adjustmentsByLinePayment(db, rows);
  const entries: DenialEntry[] = [];
  for (const row of rows) {
    const reasons = (adjustmentsOf.get(row.id) ?? []).filter((adjustment) => isDenialReason({ group: adjustment.group_code, reason: adjustment.reason }));
    const carc: DenialReason[] = reasons.map((adjustment) => {
      const action = sets.actions.get(adjustment.reason);
      return {
        group: adjustment.group_code,
        reason: adjustment.reason,
        amount: centsToDollars(adjustment.amount_cents),
        description: sets.carc.get(adjustment.reason) ?? null,
        title: action?.title ?? null,
        action: action?.billerAction ?? null,
        relatedRules: action?.otbillRules ?? [],
        appealable: action ? action.appealable : null,
      };
    });
    const related = new Set(carc.flatMap((reason) => reason.relatedRules));
    const scrubbed = await scrubOf(row.visit_id);
    const scrub: ScrubVerdict =
      "error" in scrubbed
        ? { caught: false, rules: [], status: null, error: scrubbed.error }
        : (() => {
            const rules = [...related].filter((rule) => scrubbed.rules.has(rule));
            return { caught: rules.length > 0, rules, status: scrubbed.status };
          })();
    entries.push({
      linePaymentId: row.id,
      claimId: row.claim_id,
      claimNumber: row.claim_number ?? `C-${row.claim_id}`,
      patientId: row.patient_id,
      visitId: row.visit_id,
      payer: { id: row.payer_id, name: row.payer_name },
      providerId: row.provider_id,
      dateOfService: row.date_of_service,
      paymentDate: row.payment_date,
      remittanceId: row.remittance_id,
      lineId: row.line_id,
      code: row.code,
      modifiers: fromJsonText<string[]>(row.modifiers, []),
      units: row.units,
      status: row.status as "denied" | "partial",
      charge: centsToDollars(row.charge_cents),
      paid: centsToDollars(row.paid_cents),
      denied: centsToDollars(reasons.filter((adjustment) => adjustment.group_code !== "PR").reduce((total, adjustment) => total + adjustment.amount_cents, 0)),
      carc,
      rarc: fromJsonText<string[]>(row.remarks, []).map((code) => ({ code, description: sets.rarc.get(code) ?? null })),
      whatToDo: carc.find((reason) => reason.action !== null)?.action ?? null,
      wouldChange: carc.find((reason) => reason.action !== null)?.action ?? null,
      scrub,
      caughtByScrub: scrub.caught,
      appeal: { status: row.appeal_status, note: row.appeal_note, updatedAt: row.appeal_updated_at },
    });
  }
  return entries;
}

/** Records where the appeal of a denied line stands, with a note. */
export async function setAppeal(db: Db, linePaymentId: number, appeal: { status: AppealStatus; note?: string | null }, practiceId?: number): Promise<{ linePaymentId: number; status: AppealStatus; note: string | null; updatedAt: string }> {
  const row = await db
    .selectFrom("line_payments")
    .innerJoin("claim_payments", "claim_payments.id", "line_payments.claim_payment_id")
    .innerJoin("claims", "claims.id", "claim_payments.claim_id")
    .select(["line_payments.id", "line_payments.status", "claims.practice_id"])
    .where("line_payments.id", "=", linePaymentId)
    .executeTakeFirst();
  if (!row || (practiceId !== undefined && row.practice_id !== practiceId)) throw new InputError("not_found", `no denied line ${linePaymentId}`, { value: linePaymentId });
  if (row.status !== "denied" && row.status !== "partial") throw new InputError("unprocessable", `line payment ${linePaymentId} was ${row.status}, not denied: there is nothing to appeal`, { path: "status", value: row.status });
  const updatedAt = new Date().toISOString();
  await db.updateTable("line_payments").set({ appeal_status: appeal.status, appeal_note: appeal.note ?? null, appeal_updated_at: updatedAt }).where("id", "=", linePaymentId).execute();
  return { linePaymentId, status: appeal.status, note: appeal.note ?? null, updatedAt };
}
