/**
 * Exact decimal money for the fee schedule: an integer count of 10^-scale dollars.
 * RVUs (2 decimals) x GPCIs (3) x conversion factors (4) are 9-decimal exact products,
 * and each percentage (MPPR 50, CO 85, non-par 95...) adds 2 more; bigint keeps the
 * product exact whatever the scale, so a unit's amount is rounded to cents once, at the
 * end (docs/billing-rules.md section 6: "round money to cents only at the end").
 */
import { parseScaled } from "../reference/fixed.js";

export interface ExactDollars {
  /** the amount in units of 10^-scale dollars */
  readonly units: bigint;
  readonly scale: number;
}

const TEN = 10n;
/** powers of ten up to 10^40, computed once: the scales here never pass that */
const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 41 }, (_, exponent) => TEN ** BigInt(exponent));

function pow10(exponent: number): bigint {
  return POWERS_OF_TEN[exponent] ?? TEN ** BigInt(exponent);
}

/** An integer already scaled: exact(3340090, 5) is 33.40090. */
export function exact(units: number | bigint, scale: number): ExactDollars {
  if (typeof units === "number" && !Number.isSafeInteger(units)) throw new RangeError(`not a safe integer: ${units}`);
  return { units: BigInt(units), scale };
}

export function cents(value: number): ExactDollars {
  return exact(value, 2);
}

function aligned(a: ExactDollars, b: ExactDollars): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

export function add(...terms: ExactDollars[]): ExactDollars {
  return terms.reduce<ExactDollars>((sum, term) => {
    const [x, y, scale] = aligned(sum, term);
    return { units: x + y, scale };
  }, exact(0, 0));
}

export function subtract(a: ExactDollars, b: ExactDollars): ExactDollars {
  const [x, y, scale] = aligned(a, b);
  return { units: x - y, scale };
}

export function multiply(a: ExactDollars, b: ExactDollars): ExactDollars {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function compare(a: ExactDollars, b: ExactDollars): number {
  // Same scale (MPPR ranks PE payments that all have RVU x GPCI x CF's 9 decimals): no alignment to allocate.
  if (a.scale === b.scale) return a.units === b.units ? 0 : a.units > b.units ? 1 : -1;
  const [x, y] = aligned(a, b);
  return x === y ? 0 : x > y ? 1 : -1;
}

/**
 * A percentage from the data (85, 50, 2, or a payer's 112.5) as an exact factor:
 * 85 -> 0.85. Up to four decimals of a percent are kept; more would be rounded.
 */
const percentFactors = new Map<number, ExactDollars>();

export function percentFactor(percent: number): ExactDollars {
  let factor = percentFactors.get(percent);
  if (!factor) {
    const scaled = Number.isFinite(percent) ? parseScaled(percent.toFixed(4), 4) : undefined;
    if (scaled === undefined) throw new RangeError(`not a percentage: ${percent}`);
    factor = exact(scaled, 6);
    if (percentFactors.size < 1000) percentFactors.set(percent, factor);
  }
  return factor;
}

export function percentOf(amount: ExactDollars, percent: number): ExactDollars {
  return multiply(amount, percentFactor(percent));
}

/** Percentages applied in order, each an exact step; undefined and 100 leave the amount as it is. */
export function applyPercentages(amount: ExactDollars, percents: readonly (number | undefined)[]): ExactDollars {
  let value = amount;
  for (const percent of percents) if (percent !== undefined && percent !== 100) value = percentOf(value, percent);
  return value;
}

/** No percentage to apply: the amount stands as it is. */
export function isNeutral(percents: readonly (number | undefined)[]): boolean {
  for (const percent of percents) if (percent !== undefined && percent !== 100) return false;
  return true;
}

/**
 * A percentage of whole cents, rounded to cents once: toCents(percentOf(cents(amount), percent)).
 * With a whole percent the product is a safe integer of hundredths of a cent, and the same
 * rounding is done in numbers: coinsurance and sequestration take this on every priced line.
 */
export function percentOfCents(amount: number, percent: number): number {
  const hundredths = amount * percent;
  if (!Number.isInteger(percent) || !Number.isSafeInteger(amount) || !Number.isSafeInteger(2 * hundredths + 100)) return toCents(percentOf(cents(amount), percent));
  const magnitude = Math.floor((2 * Math.abs(hundredths) + 100) / 200);
  // (not -0 for a negative amount that rounds to nothing)
  return hundredths < 0 && magnitude !== 0 ? -magnitude : magnitude;
}

/** Rounds to whole cents, half a cent away from zero (half a cent up for money owed). */
export function toCents(amount: ExactDollars): number {
  let value: bigint;
  if (amount.scale <= 2) {
    value = amount.units * pow10(2 - amount.scale);
  } else {
    const divisor = pow10(amount.scale - 2);
    const negative = amount.units < 0n;
    const magnitude = negative ? -amount.units : amount.units;
    const rounded = (2n * magnitude + divisor) / (2n * divisor);
    value = negative ? -rounded : rounded;
  }
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError("amount out of range");
  return result;
}

/**
 * The exact decimal as text, without trailing zeros beyond `minDecimals`:
 * (35070945000n, 9) -> "35.070945"; (105000n, 5) with minDecimals 2 -> "1.05".
 */
export function formatExact(amount: ExactDollars, minDecimals = 2): string {
  const negative = amount.units < 0n;
  const digits = (negative ? -amount.units : amount.units).toString().padStart(amount.scale + 1, "0");
  const whole = amount.scale === 0 ? digits : digits.slice(0, -amount.scale);
  let fraction = amount.scale === 0 ? "" : digits.slice(-amount.scale);
  while (fraction.length > minDecimals && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  fraction = fraction.padEnd(minDecimals, "0");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** A percentage for display: 85 -> "85", 112.5 -> "112.5". */
export function formatPercent(percent: number): string {
  return formatExact(exact(parseScaled(percent.toFixed(4), 4) ?? 0, 4), 0);
}
