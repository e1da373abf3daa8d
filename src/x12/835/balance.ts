/**
 * The 835's balancing rules (005010X221A1 section 1.10.2.1): for each service line, the
 * charge less its adjustments is the line's payment; for the claim, the charge less
 * every claim and line adjustment is the claim's payment; the patient responsibility
 * (CLP05) is the sum of the PR adjustments. The transaction's own rule (BPR02 = the
 * claims' payments less the provider adjustments) is checked at its SE.
 */
import type { ClaimPayment } from "./types.js";

function sum(values: readonly { amountCents: number }[]): number {
  let total = 0;
  for (const value of values) total += value.amountCents;
  return total;
}

const dollars = (cents: number): string => (cents / 100).toFixed(2);

/** Fills in the claim's balanced / imbalance fields and the problems found. */
export function balanceClaim(claim: ClaimPayment): void {
  const problems: string[] = [];
  let adjusted = sum(claim.adjustments);
  let patientShare = 0;
  for (const adjustment of claim.adjustments) if (adjustment.group === "PR") patientShare += adjustment.amountCents;
  for (const line of claim.lines) {
    const lineAdjusted = sum(line.adjustments);
    adjusted += lineAdjusted;
    for (const adjustment of line.adjustments) if (adjustment.group === "PR") patientShare += adjustment.amountCents;
    line.imbalanceCents = line.chargeCents - lineAdjusted - line.paidCents;
    if (line.imbalanceCents !== 0) {
      problems.push(`line ${line.lineId ?? line.code}: charge ${dollars(line.chargeCents)} less adjustments ${dollars(lineAdjusted)} is not the payment ${dollars(line.paidCents)} (off by ${dollars(line.imbalanceCents)})`);
    }
  }
  claim.imbalanceCents = claim.chargeCents - adjusted - claim.paidCents;
  if (claim.imbalanceCents !== 0) {
    problems.push(`charge ${dollars(claim.chargeCents)} less adjustments ${dollars(adjusted)} is not the payment ${dollars(claim.paidCents)} (off by ${dollars(claim.imbalanceCents)})`);
  }
  claim.patientResponsibilityImbalanceCents = claim.patientResponsibilityCents - patientShare;
  if (claim.patientResponsibilityImbalanceCents !== 0) {
    problems.push(`patient responsibility ${dollars(claim.patientResponsibilityCents)} is not the sum of the PR adjustments ${dollars(patientShare)}`);
  }
  claim.problems = problems;
  claim.balanced = problems.length === 0;
}
