/**
 * Prices one visit's claim lines (docs/billing-rules.md section 6): the Medicare fee schedule amount
 * per unit, the therapy MPPR across the visit, the CO/CQ percentage after the MPPR,
 * non-participating amounts, other payers' schedules, then who pays what. Pure: the date
 * of service arrives as `context.day`; nothing here reads a file or a clock.
 */
import type { Finding } from "../contract/result.js";
import { finding } from "../engine/findings.js";
import { memo } from "../reference/memo.js";
import type { AppliedGpci, ConversionFactor, RvuRow } from "../reference/types.js";
import { applyPercentages, cents, formatExact, formatPercent, isNeutral, percentOf, toCents, type ExactDollars } from "./exact.js";
import { feeScheduleParts, feeScheduleUnit, isMpprCode, isPayableStatus, pePayment, unitAmount, unitCents, unitCentsAfter, type FeeScheduleUnit } from "./fee-schedule.js";
import { mpprRanks, type MpprCandidate } from "./mppr.js";
import { medicareCostSharing, type CostSharingRates, type LineCostSharing } from "./patient-share.js";
import { basisFor, isMedicareKind, payerRateCents, payerScheduleFor } from "./payer-schedule.js";
import { pricingAssumptions } from "./assumptions.js";
import type { NonParticipatingPolicy } from "../reference/nonpar.js";
import type { PricedLine, PricingBasis, PricingContext, PricingLineInput, PricingResult, UnitParts } from "./types.js";

interface MedicareSchedule {
  release: string;
  rows: ReadonlyMap<string, RvuRow>;
  gpci: AppliedGpci;
  conversionFactor: ConversionFactor;
}

/** A line's amounts before cost sharing. */
interface LineAmounts {
  basis: PricingBasis;
  unitParts: UnitParts[];
  fee?: FeeScheduleUnit;
  reducedPePercent?: number;
  assistantPercent?: number;
  rateCents?: number;
}

/** The message for a payer kind without a fee schedule, made once a kind: every such visit says it. */
const noScheduleTexts = new Map<string, string>();

function unavailable(message: string, fix: string, extra: Partial<Finding> = {}): Finding {
  return finding({ rule: "pricing.unavailable", severity: "info", message, fix, ...extra });
}

function notPriced(lineCount: number, findings: Finding[], extra: Partial<PricingResult> = {}): PricingResult {
  return { priced: false, lines: new Array<undefined>(lineCount).fill(undefined), totals: { allowedCents: 0, paymentCents: 0, patientShareCents: 0 }, findings, ...extra };
}

/** The day's RVUs, GPCIs and conversion factor, or a finding saying which is missing. */
function medicareSchedule(context: PricingContext): MedicareSchedule | Finding {
  const { day } = context;
  const schedule = day.feeSchedule;
  if (!schedule) {
    return unavailable(
      `This visit cannot be priced until the ${day.year} Medicare fee schedule is loaded: no PPRRVU file covers ${day.date}.`,
      `Load CMS's ${day.year} PPRRVU file with \`otbill data import pprrvu FILE\` (and the ${day.year} conversion factor with \`otbill data set conversion-factor ${day.year} VALUE --source TEXT\`); \`otbill data status\` shows what is loaded.`,
      {
      source: "data/pfs/releases.csv",
    });
  }
  const conversionFactor = day.conversionFactor(context.qualifyingApm ?? false);
  if (!conversionFactor) {
    return unavailable(`This visit cannot be priced until the ${day.year} conversion factor is loaded: none is in force on ${day.date}.`, `Set it with \`otbill data set conversion-factor ${day.year} VALUE --source TEXT\` once CMS publishes the final rule.`, {
      source: "data/pfs/conversion_factors.csv",
    });
  }
  if (context.locality !== undefined && !day.gpciYearLoaded) {
    return unavailable(`No GPCI file is loaded for ${day.year}, so locality ${context.locality} cannot be priced.`, `Leave the locality out for national rates, or load CMS's ${day.year} GPCI file with \`otbill data import gpci FILE\`.`, {
      source: "data/pfs/gpci_releases.csv",
      path: "locality",
    });
  }
  const gpci = day.gpci(context.locality);
  if (!gpci) {
    return unavailable(
      `Locality ${context.locality} is not a Medicare MAC-locality in the ${day.year} GPCI file, so no amount was computed.`,
      "Give the MAC number and locality number joined by '-' (run `otbill localities QUERY` to find it, e.g. 01112-05 for San Francisco), or leave the locality out for national rates.",
      { source: `data/pfs/gpci_${day.year}.csv`, path: "locality" },
    );
  }
  return { release: schedule.release, rows: schedule.rows, gpci, conversionFactor };
}

function checkUnits(line: PricingLineInput, index: number): void {
  if (!Number.isInteger(line.units) || line.units < 0) throw new RangeError(`line ${index} (${line.code}): units must be a whole number >= 0, got ${line.units}`);
}

/**
 * Prices the visit. `lines` are the claim lines in claim order (after units and modifiers);
 * the result has one entry per line, undefined where a line has no amount (Medicare status
 * B, I, N, R, X, C..., which the engine reports as code.not-payable, or no rate).
 */
export function priceVisit(lines: readonly PricingLineInput[], context: PricingContext): PricingResult {
  for (let index = 0; index < lines.length; index++) checkUnits(lines[index]!, index);
  const { day, payerKind } = context;
  const explain = context.explain !== false;
  const findings: Finding[] = [];
  const medicare = isMedicareKind(payerKind);
  const schedule = payerScheduleFor(payerKind, context.payerFeeSchedule);
  // Plain loops over arrays of one kind each: the visit's few lines are walked a handful of
  // times, and callbacks over arrays whose element kinds differ visit to visit kept
  // sending the optimised code of this function back to the interpreter.
  const bases = new Array<PricingBasis | undefined>(lines.length);
  let needsMedicare = false;
  let hasMedicareLines = false;
  for (let index = 0; index < lines.length; index++) {
    const basis = basisFor(payerKind, schedule, lines[index]!.code);
    bases[index] = basis;
    if (basis === "medicare-fee-schedule") hasMedicareLines = true;
    if (basis === "medicare-fee-schedule" || basis === "payer-percent-of-medicare") needsMedicare = true;
  }

  if (!medicare && !schedule) {
    findings.push(
      unavailable(memo(noScheduleTexts, payerKind, () => `No fee schedule is known for this ${payerKind} payer, so the visit has no amounts.`), "Give payer.feeSchedule: rates per code in dollars, or percentOfMedicare.", {
        source: "payer.feeSchedule",
        path: "payer.feeSchedule",
      }),
    );
    return notPriced(lines.length, findings);
  }

  let mpfs: MedicareSchedule | undefined;
  if (needsMedicare) {
    const found = medicareSchedule(context);
    if ("rule" in found) return notPriced(lines.length, [found]);
    mpfs = found;
  }

  const nonParticipating = medicare && context.participating === false;
  const nonpar = nonParticipating ? (context.nonParticipating ?? day.nonParticipating) : undefined;
  if (nonParticipating && !nonpar && hasMedicareLines) {
    findings.push(
      unavailable(
        `The provider is non-participating, but no non-participating percentages (data/policy/nonpar.csv) are in force on ${day.date}, so no amount was computed.`,
        "Add the period to data/policy/nonpar.csv.",
        { source: "data/policy/nonpar.csv", path: "provider.participating" },
      ),
    );
    return notPriced(lines.length, findings);
  }

  // Each line's fee schedule unit (for Medicare-based lines) or rate.
  const reducedPePercent = day.mpprPePercentPaid?.percent;
  const assistantPolicy = context.assistantPercentPaid ?? day.assistantPercentPaid;
  const assistantPercent = assistantPolicy?.percent;
  const payerPercent = schedule?.percentOfMedicare;
  const feeUnits = new Array<FeeScheduleUnit | undefined>(lines.length);
  for (let index = 0; index < lines.length; index++) {
    feeUnits[index] = mpfs ? feeUnitOf(lines[index]!, bases[index], mpfs, payerPercent, findings) : undefined;
  }

  const linePercents = new Array<(number | undefined)[]>(lines.length);
  for (let index = 0; index < lines.length; index++) {
    const basis = bases[index];
    const assistant = lines[index]!.assistant && assistantPercent !== undefined ? assistantPercent : undefined;
    linePercents[index] = [assistant, basis === "medicare-fee-schedule" ? nonpar?.feeSchedulePercent : undefined, basis === "payer-percent-of-medicare" ? payerPercent : undefined];
  }

  // MPPR across every MULT_PROC 5 unit of the visit priced from the Medicare fee schedule.
  const candidates: MpprCandidate[] = [];
  // where each line's units start among the candidates (ranks are in candidate order)
  const firstCandidate = new Array<number>(lines.length);
  for (let index = 0; index < lines.length; index++) {
    firstCandidate[index] = candidates.length;
    const unit = feeUnits[index];
    if (!unit || !isMpprCode(unit.rvu)) continue;
    const percents = linePercents[index]!;
    // every unit of a line has the same PE payment and total
    const pe = pePayment(unit);
    const full = unitAmount(unit);
    const total = isNeutral(percents) ? full : applyPercentages(full, percents);
    for (let u = 0; u < lines[index]!.units; u += 1) candidates.push({ line: index, unit: u, pePayment: pe, total });
  }
  const ranks = mpprRanks(candidates);

  const amounts = new Array<LineAmounts | undefined>(lines.length);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const basis = bases[index];
    if (basis === undefined) {
      findings.push(
        unavailable(`The payer's fee schedule has no rate for ${line.code} and no percentage of Medicare, so the line has no amount.`, `Add ${line.code} to payer.feeSchedule.rates.`, {
          code: line.code,
          source: "payer.feeSchedule",
        }),
      );
      amounts[index] = undefined;
    } else if (basis === "payer-rate") {
      amounts[index] = payerRateAmounts(line, schedule, context, explain);
    } else {
      const fee = feeUnits[index];
      amounts[index] = fee
        ? feeScheduleAmounts(line, basis, fee, linePercents[index]!, { ranks, first: firstCandidate[index]!, reducedPePercent, nonpar, explain, assistantPercent })
        : undefined;
    }
  }

  // Who pays what.
  const allowedByLine = new Array<number | undefined>(lines.length);
  for (let index = 0; index < lines.length; index++) {
    const amount = amounts[index];
    let allowed: number | undefined;
    if (amount) {
      allowed = 0;
      for (const unit of amount.unitParts) allowed += unit.cents;
    }
    allowedByLine[index] = allowed;
  }
  const rates: CostSharingRates = { coinsurancePercent: day.coinsurance?.percent ?? 0, sequestrationPercent: day.sequestration?.percent ?? 0 };
  const assumptions = pricingAssumptions(context, { hasMedicareLines, conversionFactor: mpfs?.conversionFactor });
  for (const item of assumptions.findings) findings.push(item);
  const sharing = medicare ? medicareCostSharing(allowedByLine, assumptions.deductibleRemainingCents, rates) : undefined;

  const priced = new Array<PricedLine | undefined>(lines.length);
  const totals: PricingResult["totals"] = { allowedCents: 0, paymentCents: 0, patientShareCents: 0 };
  let limitingChargeCents = 0;
  for (let index = 0; index < lines.length; index++) {
    const amount = amounts[index];
    const allowedCents = allowedByLine[index];
    const line = pricedLine(lines[index]!, amount, allowedCents, sharing?.lines[index], { payerKind, explain, nonpar, rates, assistantPolicy, payerPercent });
    priced[index] = line;
    if (!line) continue;
    totals.allowedCents += line.allowedCents;
    totals.paymentCents += line.paymentCents;
    totals.patientShareCents += line.patientShareCents;
    limitingChargeCents += line.parts.nonParticipating?.limitingChargeCents ?? 0;
  }
  if (nonpar) totals.limitingChargeCents = limitingChargeCents;

  return {
    priced: true,
    lines: priced,
    totals,
    findings,
    ...(mpfs ? { conversionFactor: mpfs.conversionFactor, gpci: mpfs.gpci, feeScheduleRelease: mpfs.release } : {}),
  };
}

/** A Medicare-based line's fee schedule unit, or a finding saying why it has none. */
function feeUnitOf(line: PricingLineInput, basis: PricingBasis | undefined, mpfs: MedicareSchedule, payerPercent: number | undefined, findings: Finding[]): FeeScheduleUnit | undefined {
  if (basis !== "medicare-fee-schedule" && basis !== "payer-percent-of-medicare") return undefined;
  const rvu = mpfs.rows.get(line.code);
  if (!rvu) {
    findings.push(
      unavailable(`${line.code} has no RVUs in the ${mpfs.release} Medicare fee schedule, so it has no amount.`, "Check the code; contractor-priced and non-Medicare codes need a payer rate.", {
        code: line.code,
        source: `data/pfs (${mpfs.release})`,
      }),
    );
    return undefined;
  }
  if (!isPayableStatus(rvu.status)) {
    // Medicare payers: the engine reports code.not-payable. A percentage-of-Medicare payer has nothing to take a percentage of.
    if (basis === "payer-percent-of-medicare") {
      findings.push(
        unavailable(`${line.code} has Medicare status ${rvu.status} (no Medicare amount), so ${formatPercent(payerPercent ?? 0)}% of Medicare cannot be computed.`, `Add a rate for ${line.code} to payer.feeSchedule.rates.`, {
          code: line.code,
          source: `data/pfs (${mpfs.release}), status code column`,
        }),
      );
    }
    return undefined;
  }
  return feeScheduleUnit(rvu, mpfs.release, mpfs.gpci, mpfs.conversionFactor);
}

/** A contract rate is paid as it stands, unless the payer's own profile sets a CO/CQ percentage. */
function payerRateAmounts(line: PricingLineInput, schedule: PricingContext["payerFeeSchedule"], context: PricingContext, explain: boolean): LineAmounts {
  const rateCents = payerRateCents(schedule, line.code) ?? 0;
  const payerAssistant = line.assistant ? context.assistantPercentPaid?.percent : undefined;
  const unitAmountExact = applyPercentages(cents(rateCents), [payerAssistant]);
  const unitCentsOfRate = toCents(unitAmountExact);
  const unitParts = new Array<UnitParts>(line.units);
  for (let u = 0; u < line.units; u++) {
    unitParts[u] = { unit: u + 1, mpprReduced: false, pePercentPaid: 100, ...(explain ? { exact: formatExact(unitAmountExact) } : {}), cents: unitCentsOfRate };
  }
  return { basis: "payer-rate", unitParts, rateCents, ...(payerAssistant !== undefined ? { assistantPercent: payerAssistant } : {}) };
}

interface FeeScheduleLineContext {
  ranks: readonly number[];
  /** where the line's units start among the MPPR candidates */
  first: number;
  reducedPePercent: number | undefined;
  nonpar: NonParticipatingPolicy | undefined;
  explain: boolean;
  assistantPercent: number | undefined;
}

/** A Medicare-based line's units: the MPPR rank of each, then the line's percentages. */
function feeScheduleAmounts(line: PricingLineInput, basis: PricingBasis, fee: FeeScheduleUnit, percents: readonly (number | undefined)[], at: FeeScheduleLineContext): LineAmounts {
  const { reducedPePercent, nonpar, explain } = at;
  // no percentage to apply: the unit's cents are the fee schedule's, rounded once per (schedule, locality, code)
  const neutral = isNeutral(percents);
  const ranked = isMpprCode(fee.rvu);
  const limited = basis === "medicare-fee-schedule" && nonpar !== undefined;
  let anyReduced = false;
  const unitParts = new Array<UnitParts>(line.units);
  for (let u = 0; u < line.units; u++) {
    const rank = ranked ? at.ranks[at.first + u] : undefined;
    const reduced = rank !== undefined && rank > 1 && reducedPePercent !== undefined;
    anyReduced ||= reduced;
    const pePercentPaid = reduced ? (reducedPePercent as number) : 100;
    // Without the texts and a limiting charge, a unit's cents come from what is kept per unit: the exact amounts only when something reads them.
    const parts: UnitParts = { unit: u + 1, mpprReduced: reduced, pePercentPaid, cents: 0 };
    let allowed: ExactDollars | undefined;
    if (!explain && !limited) {
      parts.cents = neutral ? unitCents(fee, pePercentPaid) : unitCentsAfter(fee, pePercentPaid, percents);
    } else {
      const feeAmount = unitAmount(fee, pePercentPaid);
      allowed = neutral ? feeAmount : applyPercentages(feeAmount, percents);
      parts.cents = neutral ? unitCents(fee, pePercentPaid) : toCents(allowed);
      if (explain) {
        parts.feeScheduleExact = formatExact(feeAmount);
        parts.exact = formatExact(allowed);
      }
    }
    if (rank !== undefined) parts.mpprRank = rank;
    if (limited && allowed) parts.limitingChargeCents = toCents(percentOf(allowed, nonpar.limitingChargePercent));
    unitParts[u] = parts;
  }
  return {
    basis,
    unitParts,
    fee,
    ...(anyReduced ? { reducedPePercent } : {}),
    ...(line.assistant && at.assistantPercent !== undefined ? { assistantPercent: at.assistantPercent } : {}),
  };
}

interface PricedLineContext {
  payerKind: PricingContext["payerKind"];
  explain: boolean;
  nonpar: NonParticipatingPolicy | undefined;
  rates: CostSharingRates;
  assistantPolicy: { percent: number; source: string } | undefined;
  payerPercent: number | undefined;
}

/** A line with its amounts, who pays what, and the parts a biller checks by hand. */
function pricedLine(line: PricingLineInput, amount: LineAmounts | undefined, allowedCents: number | undefined, share: LineCostSharing | undefined, at: PricedLineContext): PricedLine | undefined {
  if (!amount || allowedCents === undefined) return undefined;
  const { nonpar, rates } = at;
  const selfPay = at.payerKind === "self-pay";
  const paymentCents = share ? share.paymentCents : selfPay ? 0 : allowedCents;
  const patientShareCents = share ? share.patientShareCents : selfPay ? allowedCents : 0;
  const units = amount.unitParts;
  const parts: PricedLine["parts"] = {
    basis: amount.basis,
    units,
    deductibleCents: share?.deductibleCents ?? 0,
    coinsuranceCents: share?.coinsuranceCents ?? 0,
    sequestrationCents: share?.sequestrationCents ?? 0,
  };
  if (amount.fee && at.explain) parts.feeSchedule = feeScheduleParts(amount.fee, amount.reducedPePercent);
  if (amount.assistantPercent !== undefined) parts.assistant = { percent: amount.assistantPercent, source: at.assistantPolicy?.source ?? "" };
  if (amount.basis === "medicare-fee-schedule" && nonpar) {
    let limitingChargeCents = 0;
    for (const unit of units) limitingChargeCents += unit.limitingChargeCents ?? 0;
    parts.nonParticipating = { percent: nonpar.feeSchedulePercent, limitingChargePercent: nonpar.limitingChargePercent, limitingChargeCents, source: nonpar.source };
  }
  if (amount.basis === "payer-rate") parts.payer = { rateCents: amount.rateCents ?? 0 };
  if (amount.basis === "payer-percent-of-medicare") parts.payer = { percentOfMedicare: at.payerPercent ?? 0 };
  if (share) {
    parts.coinsurancePercent = rates.coinsurancePercent;
    parts.sequestrationPercent = rates.sequestrationPercent;
  }
  const unitAllowedCents = new Array<number>(units.length);
  let mpprReducedUnits = 0;
  for (let u = 0; u < units.length; u++) {
    unitAllowedCents[u] = units[u]!.cents;
    if (units[u]!.mpprReduced) mpprReducedUnits++;
  }
  return {
    code: line.code,
    units: line.units,
    allowedCents,
    paymentCents,
    patientShareCents,
    unitAllowedCents,
    mpprReducedUnits,
    ...(amount.assistantPercent !== undefined ? { assistantPercent: amount.assistantPercent } : {}),
    parts,
  };
}
