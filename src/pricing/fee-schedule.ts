/**
 * One unit of a Medicare Physician Fee Schedule code (docs/billing-rules.md section 6):
 * (work RVU x work GPCI + non-facility PE RVU x PE GPCI + MP RVU x MP GPCI) x CF.
 * Outpatient therapy is paid at the non-facility rate in every setting, so the facility
 * PE column is never used. Everything stays exact; rounding happens once per unit amount.
 */
import type { AppliedGpci, ConversionFactor, RvuRow } from "../reference/types.js";
import { add, applyPercentages, exact, formatExact, multiply, percentOf, toCents, type ExactDollars } from "./exact.js";
import type { ComponentPart, FeeScheduleParts } from "./types.js";

/** Status codes whose RVUs Medicare pays (A active; T paid only without other services, still priced). */
export const PAYABLE_STATUSES: ReadonlySet<string> = new Set(["A", "T"]);

/** MULT_PROC 5: the therapy multiple procedure payment reduction applies. */
export const THERAPY_MPPR_INDICATOR = "5";

export interface FeeScheduleUnit {
  rvu: RvuRow;
  release: string;
  /** RVU x GPCI, each exact in hundred-thousandths */
  work: ExactDollars;
  pe: ExactDollars;
  mp: ExactDollars;
  gpci: AppliedGpci;
  conversionFactor: ConversionFactor;
  /** unitAmount results by PE percent paid, computed once */
  amounts: Map<number, ExactDollars>;
  /** the same amounts in cents, by PE percent paid */
  cents: Map<number, number>;
  /** cents after further percentages (assistant, non-participating, a payer's percent of Medicare), by "PE percent|percentages" */
  percentCents: Map<string, number>;
  /** PE RVU x PE GPCI x CF, computed once: what MPPR ranks units by */
  pePayment: ExactDollars;
}

function component(rvu: number, gpci: number): ExactDollars {
  return multiply(exact(rvu, 2), exact(gpci, 3));
}

/**
 * Units are memoised per (GPCIs, conversion factor, RVU row), that is per (day's schedule,
 * locality, code): the objects come from the immutable Reference, so a batch of visits
 * computes each code's exact products once. The table of the last (GPCIs, conversion
 * factor) is kept at hand, since a batch's visits mostly share a locality and a year.
 */
const unitCache = new WeakMap<AppliedGpci, WeakMap<ConversionFactor, Map<RvuRow, FeeScheduleUnit>>>();
let lastGpci: AppliedGpci | undefined;
let lastConversionFactor: ConversionFactor | undefined;
let lastUnits: Map<RvuRow, FeeScheduleUnit> | undefined;

function unitsFor(gpci: AppliedGpci, conversionFactor: ConversionFactor): Map<RvuRow, FeeScheduleUnit> {
  if (lastUnits && gpci === lastGpci && conversionFactor === lastConversionFactor) return lastUnits;
  let byCf = unitCache.get(gpci);
  if (!byCf) unitCache.set(gpci, (byCf = new WeakMap()));
  let units = byCf.get(conversionFactor);
  if (!units) byCf.set(conversionFactor, (units = new Map()));
  lastGpci = gpci;
  lastConversionFactor = conversionFactor;
  lastUnits = units;
  return units;
}

export function feeScheduleUnit(rvu: RvuRow, release: string, gpci: AppliedGpci, conversionFactor: ConversionFactor): FeeScheduleUnit {
  const units = unitsFor(gpci, conversionFactor);
  let unit = units.get(rvu);
  if (!unit) units.set(rvu, (unit = newFeeScheduleUnit(rvu, release, gpci, conversionFactor)));
  return unit;
}

function newFeeScheduleUnit(rvu: RvuRow, release: string, gpci: AppliedGpci, conversionFactor: ConversionFactor): FeeScheduleUnit {
  const pe = component(rvu.nonFacilityPeRvu, gpci.pe);
  return {
    amounts: new Map(),
    cents: new Map(),
    percentCents: new Map(),
    rvu,
    release,
    work: component(rvu.workRvu, gpci.work),
    pe,
    mp: component(rvu.mpRvu, gpci.mp),
    gpci,
    conversionFactor,
    pePayment: multiply(pe, exact(conversionFactor.value, 4)),
  };
}

function cf(unit: FeeScheduleUnit): ExactDollars {
  return exact(unit.conversionFactor.value, 4);
}

function peAt(unit: FeeScheduleUnit, pePercentPaid: number): ExactDollars {
  return pePercentPaid === 100 ? unit.pe : percentOf(unit.pe, pePercentPaid);
}

/** The RVU x GPCI sum with the PE component at `pePercentPaid` percent (100, or 50 after MPPR). */
export function rvuGpciSum(unit: FeeScheduleUnit, pePercentPaid = 100): ExactDollars {
  return add(unit.work, peAt(unit, pePercentPaid), unit.mp);
}

/** One unit's fee schedule amount in dollars, exact. */
export function unitAmount(unit: FeeScheduleUnit, pePercentPaid = 100): ExactDollars {
  let amount = unit.amounts.get(pePercentPaid);
  if (!amount) {
    amount = multiply(rvuGpciSum(unit, pePercentPaid), cf(unit));
    unit.amounts.set(pePercentPaid, amount);
  }
  return amount;
}

/** One unit's fee schedule amount rounded to cents (unitAmount, rounded once), computed once. */
export function unitCents(unit: FeeScheduleUnit, pePercentPaid = 100): number {
  let value = unit.cents.get(pePercentPaid);
  if (value === undefined) {
    value = toCents(unitAmount(unit, pePercentPaid));
    unit.cents.set(pePercentPaid, value);
  }
  return value;
}

/**
 * One unit's amount after percentages applied in order (each a whole step of the exact
 * decimal, 100 or undefined skipped), rounded to cents once; computed once per unit, PE
 * percent and percentages: CO lines take 85% on every such visit.
 */
export function unitCentsAfter(unit: FeeScheduleUnit, pePercentPaid: number, percents: readonly (number | undefined)[]): number {
  const key = `${pePercentPaid}|${percents.join("|")}`;
  let value = unit.percentCents.get(key);
  if (value === undefined) {
    value = toCents(applyPercentages(unitAmount(unit, pePercentPaid), percents));
    // A unit meets a handful of combinations; a bound keeps odd payer percentages from growing it.
    if (unit.percentCents.size < 64) unit.percentCents.set(key, value);
  }
  return value;
}

/** The practice-expense payment (PE RVU x PE GPCI x CF): what MPPR ranks units by. */
export function pePayment(unit: FeeScheduleUnit): ExactDollars {
  return unit.pePayment;
}

export function isPayableStatus(status: string): boolean {
  return PAYABLE_STATUSES.has(status);
}

export function isMpprCode(rvu: RvuRow): boolean {
  return rvu.multipleProcedure === THERAPY_MPPR_INDICATOR;
}

function part(rvu: number, gpci: number, product: ExactDollars): ComponentPart {
  return { rvu, gpci, product: formatExact(product) };
}

/** The parts a biller checks by hand; the reduced-unit figures only when a unit was reduced. */
export function feeScheduleParts(unit: FeeScheduleUnit, reducedPePercent?: number): FeeScheduleParts {
  const full = unitAmount(unit);
  const parts: FeeScheduleParts = {
    release: unit.release,
    description: unit.rvu.description,
    status: unit.rvu.status,
    multipleProcedure: unit.rvu.multipleProcedure,
    work: part(unit.rvu.workRvu, unit.gpci.work, unit.work),
    pe: part(unit.rvu.nonFacilityPeRvu, unit.gpci.pe, unit.pe),
    mp: part(unit.rvu.mpRvu, unit.gpci.mp, unit.mp),
    sum: formatExact(rvuGpciSum(unit)),
    conversionFactor: unit.conversionFactor.value,
    fullUnitExact: formatExact(full),
    fullUnitCents: toCents(full),
  };
  if (reducedPePercent !== undefined) {
    const reduced = unitAmount(unit, reducedPePercent);
    parts.mpprPePercentPaid = reducedPePercent;
    parts.reducedPeProduct = formatExact(peAt(unit, reducedPePercent));
    parts.reducedSum = formatExact(rvuGpciSum(unit, reducedPePercent));
    parts.reducedUnitExact = formatExact(reduced);
    parts.reducedUnitCents = toCents(reduced);
  }
  return parts;
}
