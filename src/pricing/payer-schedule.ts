/**
 * Payers other than Medicare price from their own fee schedule (payer.feeSchedule in the
 * visit): a rate per code, paid per unit as it stands (a contract rate carries no MPPR),
 * or a percentage of the Medicare allowed amount (which then includes Medicare's MPPR and
 * assistant reduction, since it is a percentage of that amount). A code with its own rate
 * takes the rate even when the schedule also has a percentage.
 */
import type { PayerFeeSchedule } from "../contract/visit.js";
import { dollarsToCents } from "../reference/fixed.js";
import type { PayerKind } from "../reference/types.js";
import type { PricingBasis } from "./types.js";

export const MEDICARE_KINDS: ReadonlySet<PayerKind> = new Set<PayerKind>(["medicare", "medicare-advantage"]);

export function isMedicareKind(kind: PayerKind): boolean {
  return MEDICARE_KINDS.has(kind);
}

/**
 * The schedule that prices this payer's lines: Original Medicare always uses the MPFS
 * (a feeSchedule given for it is ignored); any other payer, Medicare Advantage included,
 * uses its own schedule when it has one.
 */
export function payerScheduleFor(kind: PayerKind, schedule: PayerFeeSchedule | undefined): PayerFeeSchedule | undefined {
  if (kind === "medicare" || !schedule) return undefined;
  const hasRates = schedule.rates !== undefined && Object.keys(schedule.rates).length > 0;
  if (!hasRates && schedule.percentOfMedicare === undefined) return undefined;
  return schedule;
}

/** The payer's rate for a code, in cents per unit. */
export function payerRateCents(schedule: PayerFeeSchedule | undefined, code: string): number | undefined {
  const rate = schedule?.rates?.[code];
  return rate === undefined ? undefined : dollarsToCents(rate);
}

/** How a line is priced; undefined when neither the payer's schedule nor Medicare's applies. */
export function basisFor(kind: PayerKind, schedule: PayerFeeSchedule | undefined, code: string): PricingBasis | undefined {
  if (!schedule) return isMedicareKind(kind) ? "medicare-fee-schedule" : undefined;
  if (payerRateCents(schedule, code) !== undefined) return "payer-rate";
  if (schedule.percentOfMedicare !== undefined) return "payer-percent-of-medicare";
  return undefined;
}
