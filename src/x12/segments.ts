/**
 * The X12 segment grammar otbill writes: elements joined by the element separator, composite
 * elements by the component separator, trailing empty elements and components dropped (X12.6
 * section 3.7: a segment ends after its last element with data), and text kept free of the
 * separators so that no value can split a segment. The writer counts what it writes, so SE01
 * is a count, not a guess.
 */

export interface Separators {
  element: string;
  component: string;
  repetition: string;
  segment: string;
}

/** The separators of 005010 interchanges as clearinghouses expect them: * : ^ ~ */
export const SEPARATORS: Separators = { element: "*", component: ":", repetition: "^", segment: "~" };

/** An element: text, a number, absent (undefined/null/""), or a composite (an array of components). */
export type Element = string | number | undefined | null | readonly (string | number | undefined | null)[];

// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach an element
const UNSAFE = /[*:^~\\\r\n\t\x00-\x1f\x7f]+/g;
// eslint-disable-next-line no-control-regex -- the same characters, or spaces to collapse or trim
const NEEDS_CLEANING = /[*:^~\\\x00-\x1f\x7f]| {2}|^ | $/;

/**
 * Text for an element: the separators and control characters become a space, runs of spaces
 * one, and the ends are trimmed (a name like "Smith*Jones" must not open a new element).
 */
export function x12Text(value: string): string {
  // Most values are clean: one test instead of two replacements (the writer's hot path).
  if (!NEEDS_CLEANING.test(value)) return value;
  return value.replace(UNSAFE, " ").replace(/ {2,}/g, " ").trim();
}

/** Text an identifier must carry as is (CLM01, REF*6R): true when x12Text would change it. */
export function needsEscaping(value: string): boolean {
  return x12Text(value) !== value;
}

/**
 * An amount in integer cents as an X12 decimal (R type): no trailing zeros after the point and
 * no point when whole, e.g. 11000 -> "110", 5550 -> "55.5", 1225 -> "12.25", 5 -> "0.05".
 */
export function x12Amount(cents: number): string {
  if (!Number.isInteger(cents)) throw new Error(`amount in cents must be an integer, got ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  if (fraction === 0) return `${sign}${whole}`;
  const decimals = fraction % 10 === 0 ? String(fraction / 10) : String(fraction).padStart(2, "0");
  return `${sign}${whole}.${decimals}`;
}

/** An ISO date (YYYY-MM-DD) as CCYYMMDD (DTP D8, DMG02, BHT04, GS04). */
export function x12Date(iso: string): string {
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

function component(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return "";
  return typeof value === "number" ? String(value) : x12Text(value);
}

/**
 * Writes segments and counts them. One writer per transaction set: `count` is what SE01 must
 * say once the SE segment itself is added.
 */
export class SegmentWriter {
  count = 0;
  private readonly separators: Separators;
  private readonly terminator: string;

  /** `lineBreak` after each terminator keeps files readable; X12 parsers ignore it. */
  constructor(separators: Separators = SEPARATORS, lineBreak = "\n") {
    this.separators = separators;
    this.terminator = separators.segment + lineBreak;
  }

  /** One segment's text, counted. */
  segment(id: string, ...elements: Element[]): string {
    this.count += 1;
    return this.format(id, elements);
  }

  /** One segment's text, not counted (ISA, GS, GE, IEA sit outside the transaction set). */
  format(id: string, elements: readonly Element[]): string {
    const { element: elementSeparator, component: componentSeparator } = this.separators;
    const texts = elements.map((value) => this.elementText(value, componentSeparator));
    let last = texts.length - 1;
    while (last >= 0 && texts[last] === "") last -= 1;
    let text = id;
    for (let index = 0; index <= last; index += 1) text += elementSeparator + texts[index]!;
    return text + this.terminator;
  }

  /** Starts counting again for the next transaction set. */
  reset(): void {
    this.count = 0;
  }

  private elementText(value: Element, componentSeparator: string): string {
    if (value === undefined || value === null) return "";
    if (typeof value === "number") return String(value);
    if (typeof value === "string") return x12Text(value);
    let lastComponent = value.length - 1;
    while (lastComponent >= 0 && component(value[lastComponent]) === "") lastComponent -= 1;
    let text = "";
    for (let index = 0; index <= lastComponent; index += 1) text += (index === 0 ? "" : componentSeparator) + component(value[index]);
    return text;
  }
}
