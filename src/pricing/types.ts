/**
 * The shapes of pricing: what the scrub engine (and the CLI) hands in, and the priced
 * lines with every part a biller needs to check the amount by hand. Money is integer
 * cents; exact intermediate amounts are decimal strings (never binary floats).
 */
import type { Finding } from "../contract/result.js";
import type { PayerFeeSchedule } from "../contract/visit.js";
import type { DayReference } from "../reference/reference.js";
import type { AppliedGpci, ConversionFactor, PayerKind } from "../reference/types.js";
import type { NonParticipatingPolicy } from "../reference/nonpar.js";

export interface PricingLineInput {
  code: string;
  units: number;
  /** the line carries CO or CQ (furnished in whole or in part by an assistant) */
  assistant: boolean;
}

export interface PricingContext {
  day: DayReference;
  payerKind: PayerKind;
  /** MAC-LOCALITY, e.g. "01112-05"; absent = national GPCIs (1.000) */
  locality?: string;
  qualifyingApm?: boolean;
  /** false = non-participating provider (95% of the fee schedule, 115% limiting charge) */
  participating?: boolean;
  payerFeeSchedule?: PayerFeeSchedule;
  /**
   * The payer's own CO/CQ percentage (its payer profile); it applies to Medicare-based amounts
   * and to the payer's rates. Absent: Medicare's dated percentage, on Medicare-based amounts only.
   */
  assistantPercentPaid?: { percent: number; source: string };
  /** Part B deductible still to meet, in cents; absent = assume met (an info finding says so) */
  deductibleRemainingCents?: number;
  /**
   * false: amounts only, without the exact decimal texts a biller reads (the scrub's
   * hot path); true or absent: every part, for `otbill price` and the API.
   */
  explain?: boolean;
  /**
   * The non-participating percentages to use when `participating === false`; absent =
   * the day's (data/policy/nonpar.csv, `day.nonParticipating`).
   */
  nonParticipating?: NonParticipatingPolicy;
}

/** One fee-schedule component: RVU (hundredths) x GPCI (thousandths). */
export interface ComponentPart {
  rvu: number;
  gpci: number;
  /** the product as an exact decimal, e.g. "0.44" */
  product: string;
}

/** How one unit amount of a Medicare fee-schedule code is built. */
export interface FeeScheduleParts {
  /** the CMS RVU release, e.g. RVU26A */
  release: string;
  /** the CMS short descriptor */
  description: string;
  status: string;
  /** MULT_PROC: "5" therapy MPPR applies, "0" never reduced */
  multipleProcedure: string;
  work: ComponentPart;
  /** non-facility practice expense (therapy is paid at the non-facility rate in every setting) */
  pe: ComponentPart;
  mp: ComponentPart;
  /** work + PE + MP products, exact */
  sum: string;
  /** ten-thousandths of a dollar, e.g. 334009 */
  conversionFactor: number;
  /** sum x CF, exact, before any reduction */
  fullUnitExact: string;
  fullUnitCents: number;
  /** the PE percent paid on a reduced unit (50), when some unit of this line was reduced */
  mpprPePercentPaid?: number;
  /** PE product after the MPPR reduction, exact */
  reducedPeProduct?: string;
  /** sum with the reduced PE, exact */
  reducedSum?: string;
  /** reducedSum x CF, exact, before any other reduction */
  reducedUnitExact?: string;
  reducedUnitCents?: number;
}

export interface UnitParts {
  /** 1-based position of this unit within its line (units are listed full-PE first) */
  unit: number;
  /** rank among the visit's MPPR units (1 = paid in full); absent when MULT_PROC is not 5 */
  mpprRank?: number;
  mpprReduced: boolean;
  /** percent of the PE component paid (100, or 50 after the MPPR) */
  pePercentPaid: number;
  /** the fee schedule amount of this unit after the MPPR, exact */
  feeScheduleExact?: string;
  /** after every percentage (assistant, non-par, payer percent), before rounding; only with `explain` */
  exact?: string;
  /** the unit's allowed amount, rounded once */
  cents: number;
  /** non-par only: 115% of the non-par amount, rounded once */
  limitingChargeCents?: number;
}

export type PricingBasis = "medicare-fee-schedule" | "payer-rate" | "payer-percent-of-medicare";

export interface LineParts {
  basis: PricingBasis;
  feeSchedule?: FeeScheduleParts;
  units: UnitParts[];
  assistant?: { percent: number; source: string };
  nonParticipating?: { percent: number; limitingChargePercent: number; limitingChargeCents: number; source: string };
  payer?: { percentOfMedicare?: number; rateCents?: number };
  deductibleCents: number;
  coinsurancePercent?: number;
  coinsuranceCents: number;
  sequestrationPercent?: number;
  /** the amount Medicare withholds for sequestration (CARC 253 on the remittance) */
  sequestrationCents: number;
}

export interface PricedLine {
  code: string;
  units: number;
  allowedCents: number;
  paymentCents: number;
  patientShareCents: number;
  /** each unit's allowed amount, full-PE unit first (the order MPPR ranked them) */
  unitAllowedCents: number[];
  mpprReducedUnits: number;
  assistantPercent?: number;
  parts: LineParts;
}

export interface PricingTotals {
  allowedCents: number;
  paymentCents: number;
  patientShareCents: number;
  /** non-par only: the sum of the lines' limiting charges */
  limitingChargeCents?: number;
}

export interface PricingResult {
  /** false when the visit could not be priced at all (unknown locality, no fee schedule...) */
  priced: boolean;
  /** one entry per input line, same order; undefined = that line has no amount */
  lines: (PricedLine | undefined)[];
  totals: PricingTotals;
  findings: Finding[];
  conversionFactor?: ConversionFactor;
  gpci?: AppliedGpci;
  /** the RVU release used, e.g. RVU26A */
  feeScheduleRelease?: string;
}
