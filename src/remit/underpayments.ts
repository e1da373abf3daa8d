/**
 * Underpayments (rule remit.underpaid): each paid line whose allowed amount (AMT*B6, or
 * the charge less the contractual CO adjustments) is more than one cent below what otbill
 * computed for that payer on that date when it built the claim: the Medicare fee schedule
 * with the MPPR and the CO/CQ reduction, or the payer's own schedule where one is set
 * (src/pricing/price-visit.ts, kept on the claim line as allowed_cents). When the payer
 * paid fewer units than were billed, the expected amount is for the units paid.
 */
import { centsToDollars, formatDollars } from "../reference/fixed.js";
import type { Db } from "../store/transaction.js";
import { REVERSAL } from "./claim-state.js";

export const UNDERPAID_RULE = "remit.underpaid";
/** More than one cent short: a cent is rounding (CONTRACT.md, remit.underpaid). */
export const TOLERANCE_CENTS = 1;

export interface Underpayment {
  rule: typeof UNDERPAID_RULE;
  severity: "warning";
  linePaymentId: number;
  claimId: number;
  claimNumber: string;
  patientId: number;
  payer: { id: number; name: string };
  dateOfService: string;
  lineId: string | null;
  code: string;
  units: number;
  allowed: number;
  expected: number;
  shortBy: number;
  paid: number;
  message: string;
}

export async function underpaidLines(db: Db, filter: { practiceId?: number; from?: string; to?: string } = {}): Promise<Underpayment[]> {
  let query = db
    .selectFrom("line_payments")
    .innerJoin("claim_payments", "claim_payments.id", "line_payments.claim_payment_id")
    .innerJoin("claim_lines", "claim_lines.id", "line_payments.claim_line_id")
    .innerJoin("claims", "claims.id", "claim_lines.claim_id")
    .innerJoin("payers", "payers.id", "claims.payer_id")
    .select([
      "line_payments.id",
      "line_payments.line_id",
      "line_payments.code",
      "line_payments.units",
      "line_payments.allowed_cents",
      "line_payments.paid_cents",
      "claim_lines.units as billed_units",
      "claim_lines.allowed_cents as expected_cents",
      "claims.id as claim_id",
      "claims.claim_number",
      "claims.patient_id",
      "claims.date_of_service",
      "payers.id as payer_id",
      "payers.name as payer_name",
    ])
    .where("line_payments.status", "in", ["paid", "partial"])
    .where("claim_payments.reversed", "=", 0)
    .where("claim_payments.status_code", "!=", REVERSAL)
    .where("claim_lines.allowed_cents", "is not", null);
  if (filter.practiceId !== undefined) query = query.where("claims.practice_id", "=", filter.practiceId);
  if (filter.from) query = query.where("claims.date_of_service", ">=", filter.from);
  if (filter.to) query = query.where("claims.date_of_service", "<=", filter.to);
  const rows = await query.orderBy("claims.date_of_service").orderBy("line_payments.id").execute();
  const found: Underpayment[] = [];
  for (const row of rows) {
    const billed = row.billed_units > 0 ? row.billed_units : 1;
    const units = Math.min(row.units, billed);
    const expected = units === billed ? row.expected_cents! : Math.round((row.expected_cents! * units) / billed);
    const short = expected - row.allowed_cents;
    if (short <= TOLERANCE_CENTS) continue;
    const claimNumber = row.claim_number ?? `C-${row.claim_id}`;
    found.push({
      rule: UNDERPAID_RULE,
      severity: "warning",
      linePaymentId: row.id,
      claimId: row.claim_id,
      claimNumber,
      patientId: row.patient_id,
      payer: { id: row.payer_id, name: row.payer_name },
      dateOfService: row.date_of_service,
      lineId: row.line_id,
      code: row.code,
      units: row.units,
      allowed: centsToDollars(row.allowed_cents),
      expected: centsToDollars(expected),
      shortBy: centsToDollars(short),
      paid: centsToDollars(row.paid_cents),
      message: `${row.payer_name} allowed ${formatDollars(row.allowed_cents)} for ${row.code} x ${row.units} on ${row.date_of_service} (claim ${claimNumber}); otbill computes ${formatDollars(expected)} for that payer and date: ${formatDollars(short)} short.`,
    });
  }
  return found;
}
