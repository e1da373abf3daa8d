/**
 * Who pays what of a Medicare allowed amount (docs/billing-rules.md section 6): the patient meets the
 * remaining Part B deductible first (SSA 1833(b)), applied to the lines in claim order;
 * then pays the coinsurance percentage (20, SSA 1833(a), data/policy/coinsurance.csv) of
 * the rest; Medicare pays the remainder less sequestration (2 percent from 2022-07-01,
 * data/policy/sequestration.csv). The sequestered amount is neither Medicare's payment
 * nor the patient's: it is the CARC 253 adjustment the provider writes off.
 */
import { objectList } from "../object-list.js";
import { percentOfCents } from "./exact.js";

export interface CostSharingRates {
  coinsurancePercent: number;
  sequestrationPercent: number;
}

export interface LineCostSharing {
  deductibleCents: number;
  coinsuranceCents: number;
  sequestrationCents: number;
  paymentCents: number;
  patientShareCents: number;
}

export interface VisitCostSharing {
  lines: (LineCostSharing | undefined)[];
  /** deductible still to meet after this visit */
  deductibleLeftCents: number;
}

/** One line: `deductibleCents` of it already taken by the deductible. */
export function lineCostSharing(allowedCents: number, deductibleCents: number, rates: CostSharingRates): LineCostSharing {
  const afterDeductible = allowedCents - deductibleCents;
  const coinsuranceCents = percentOfCents(afterDeductible, rates.coinsurancePercent);
  const beforeSequestration = afterDeductible - coinsuranceCents;
  const sequestrationCents = percentOfCents(beforeSequestration, rates.sequestrationPercent);
  return {
    deductibleCents,
    coinsuranceCents,
    sequestrationCents,
    paymentCents: beforeSequestration - sequestrationCents,
    patientShareCents: deductibleCents + coinsuranceCents,
  };
}

/** The visit's lines in claim order; undefined lines (no amount) take nothing. */
export function medicareCostSharing(allowedCents: readonly (number | undefined)[], deductibleRemainingCents: number, rates: CostSharingRates): VisitCostSharing {
  let left = Math.max(0, deductibleRemainingCents);
  // a loop into a list of one element kind (src/object-list.ts): map over a visit without lines made an array of another
  const lines = objectList<LineCostSharing | undefined>();
  for (const allowed of allowedCents) {
    if (allowed === undefined) {
      lines.push(undefined);
      continue;
    }
    const deductible = Math.min(left, allowed);
    left -= deductible;
    lines.push(lineCostSharing(allowed, deductible, rates));
  }
  return { lines, deductibleLeftCents: left };
}
