/**
 * What an adjustment means to a biller. CAS group and reason together decide it
 * (X12 CARC list; CMS MLN "Reading the Remittance Advice"):
 * - PR-1 deductible, PR-2 coinsurance, PR-3 copay: the patient's share, billed to them;
 * - CO-45 (charge over the fee schedule), CO-253 (sequestration) and the like: the
 *   contractual write-down the payer's contract requires;
 * - anything else on a line the payer did not pay (CO-97 bundled, CO-236 NCCI, CO-50
 *   not necessary, PR-204 not covered ...) is a denial: it stays open on the balance
 *   until a person appeals, corrects or writes it off. Nothing here writes off a denial.
 */
import type { Adjustment } from "../x12/835/types.js";
import type { LinePaymentStatus } from "../store/schema.js";

/** Reductions the contract requires: not denials, applied to the balance. */
export const CONTRACTUAL_REASONS: ReadonlySet<string> = new Set(["45", "253", "59", "94", "131", "144", "237", "B10"]);
/** The patient's cost sharing: PR-1, PR-2, PR-3 (and PR-66 blood deductible, PR-142 ... are not therapy). */
export const COST_SHARING_REASONS: ReadonlySet<string> = new Set(["1", "2", "3"]);

export type AdjustmentKind = "deductible" | "coinsurance" | "copay" | "patient-other" | "contractual" | "denial" | "correction";

export function kindOf(adjustment: Pick<Adjustment, "group" | "reason">): AdjustmentKind {
  const { group, reason } = adjustment;
  if (group === "PR") {
    if (reason === "1") return "deductible";
    if (reason === "2") return "coinsurance";
    if (reason === "3") return "copay";
    return "patient-other";
  }
  if (group === "CR") return "correction";
  if (CONTRACTUAL_REASONS.has(reason)) return "contractual";
  return "denial";
}

/** A denial reason, whichever group it came in (PR-204 is a denial the patient may owe). */
export function isDenialReason(adjustment: Pick<Adjustment, "group" | "reason">): boolean {
  const kind = kindOf(adjustment);
  return kind === "denial" || kind === "patient-other";
}

export interface PatientShare {
  deductibleCents: number;
  coinsuranceCents: number;
  copayCents: number;
  /** every PR adjustment, the three above included */
  patientResponsibilityCents: number;
}

export function patientShareOf(adjustments: readonly Pick<Adjustment, "group" | "reason" | "amountCents">[]): PatientShare {
  const share: PatientShare = { deductibleCents: 0, coinsuranceCents: 0, copayCents: 0, patientResponsibilityCents: 0 };
  for (const adjustment of adjustments) {
    if (adjustment.group !== "PR") continue;
    share.patientResponsibilityCents += adjustment.amountCents;
    if (adjustment.reason === "1") share.deductibleCents += adjustment.amountCents;
    else if (adjustment.reason === "2") share.coinsuranceCents += adjustment.amountCents;
    else if (adjustment.reason === "3") share.copayCents += adjustment.amountCents;
  }
  return share;
}

/**
 * A line's outcome: denied when the payer paid nothing and gave a denial reason; partial
 * when it paid some and denied some (units, a reduced code); else paid, the patient's
 * cost sharing and the contractual write-down included.
 */
export function lineStatusOf(paidCents: number, adjustments: readonly Pick<Adjustment, "group" | "reason" | "amountCents">[]): LinePaymentStatus {
  const denied = adjustments.some((adjustment) => adjustment.amountCents > 0 && isDenialReason(adjustment));
  if (!denied) return "paid";
  return paidCents > 0 ? "partial" : "denied";
}

/** The claim's outcome from its lines' outcomes. */
export function claimStatusOf(lineStatuses: readonly LinePaymentStatus[]): "paid" | "partial" | "denied" {
  if (lineStatuses.length > 0 && lineStatuses.every((status) => status === "denied")) return "denied";
  if (lineStatuses.some((status) => status === "denied" || status === "partial")) return "partial";
  return "paid";
}
