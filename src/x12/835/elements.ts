/**
 * Reading one element of a segment as the 835 defines it: amounts (X12 type R, dollars
 * with at most two decimals here) as exact integer cents, dates (CCYYMMDD) as ISO dates,
 * and composites split on the ISA16 component separator. A bad value is an X12Error
 * naming the element (CLP03) and its segment.
 */
import { X12Error } from "./errors.js";
import type { Segment } from "./reader.js";

export function elementName(segment: Segment, index: number): string {
  return `${segment.id}${String(index).padStart(2, "0")}`;
}

export function value(segment: Segment, index: number): string {
  return segment.elements[index] ?? "";
}

export function optional(segment: Segment, index: number): string | undefined {
  const text = segment.elements[index];
  return text === undefined || text === "" ? undefined : text;
}

export function fail(segment: Segment, file: string | undefined, reason: string, index?: number, found?: string): never {
  throw new X12Error(reason, { file, segment: segment.ordinal, segmentId: segment.id, offset: segment.offset, ...(index !== undefined ? { element: elementName(segment, index) } : {}) }, found);
}

export function required(segment: Segment, index: number, file: string | undefined, what: string): string {
  const text = optional(segment, index);
  if (text === undefined) fail(segment, file, `${elementName(segment, index)} (${what}) is required`, index);
  return text;
}

const AMOUNT = /^-?(\d+(\.\d*)?|\.\d+)$/;

/**
 * An X12 decimal (type R) as exact cents, or undefined when it is not one or has a
 * non-zero digit past the cents. Hand-rolled: an 835 has millions of amounts.
 */
export function centsOf(text: string): number | undefined {
  let index = 0;
  const negative = text.charCodeAt(0) === 45; // "-"
  if (negative) index = 1;
  let whole = 0;
  let digits = 0;
  let code = text.charCodeAt(index);
  while (code >= 48 && code <= 57) {
    whole = whole * 10 + (code - 48);
    digits++;
    code = text.charCodeAt(++index);
  }
  let fraction = 0;
  if (index < text.length) {
    if (code !== 46) return undefined; // "."
    code = text.charCodeAt(++index);
    let places = 0;
    while (code >= 48 && code <= 57) {
      if (places < 2) fraction = fraction * 10 + (code - 48);
      else if (code !== 48) return undefined;
      places++;
      digits++;
      code = text.charCodeAt(++index);
    }
    if (index < text.length) return undefined;
    if (places === 1) fraction *= 10;
  }
  if (digits === 0) return undefined;
  const cents = whole * 100 + fraction;
  return negative ? -cents : cents;
}

/**
 * centsOf(text.slice(start, end)) without making the string. A function of its own, not
 * shared with centsOf: it only ever reads one kind of string (a chunk's), which V8 reads fastest.
 */
export function centsIn(text: string, start: number, end: number): number | undefined {
  let index = start;
  const negative = index < end && text.charCodeAt(index) === 45; // "-"
  if (negative) index++;
  let whole = 0;
  let digits = 0;
  let code = text.charCodeAt(index);
  while (index < end && code >= 48 && code <= 57) {
    whole = whole * 10 + (code - 48);
    digits++;
    code = text.charCodeAt(++index);
  }
  let fraction = 0;
  if (index < end) {
    if (code !== 46) return undefined; // "."
    code = text.charCodeAt(++index);
    let places = 0;
    while (index < end && code >= 48 && code <= 57) {
      if (places < 2) fraction = fraction * 10 + (code - 48);
      else if (code !== 48) return undefined;
      places++;
      digits++;
      code = text.charCodeAt(++index);
    }
    if (index < end) return undefined;
    if (places === 1) fraction *= 10;
  }
  if (digits === 0) return undefined;
  const cents = whole * 100 + fraction;
  return negative ? -cents : cents;
}

/** Exact cents of an amount element; `fallback` when it is empty and may be. */
export function cents(segment: Segment, index: number, file: string | undefined, what: string, fallback?: number): number {
  const text = optional(segment, index);
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    fail(segment, file, `${elementName(segment, index)} (${what}) is required`, index);
  }
  const parsed = centsOf(text);
  if (parsed === undefined) fail(segment, file, `${elementName(segment, index)} (${what}) must be an amount, found ${JSON.stringify(text)}`, index, text);
  return parsed;
}

/** A quantity (units, CAS quantity): a decimal number, undefined when empty. */
export function quantity(segment: Segment, index: number, file: string | undefined, what: string): number | undefined {
  const text = optional(segment, index);
  if (text === undefined) return undefined;
  if (!AMOUNT.test(text)) fail(segment, file, `${elementName(segment, index)} (${what}) must be a number, found ${JSON.stringify(text)}`, index, text);
  return Number(text);
}

/** The quantity text.slice(start, end) (not empty), or undefined when it is not a number. */
export function quantityIn(text: string, start: number, end: number): number | undefined {
  if (end - start <= 15) {
    // Whole units, the common case, without the string.
    let number = 0;
    let index = start;
    for (; index < end; index++) {
      const code = text.charCodeAt(index);
      if (code < 48 || code > 57) break;
      number = number * 10 + (code - 48);
    }
    if (index === end) return number;
  }
  const value = text.slice(start, end);
  return AMOUNT.test(value) ? Number(value) : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** CCYYMMDD as an ISO date, or undefined when it is not a calendar date. */
export function dateOf(text: string): string | undefined {
  if (text.length !== 8) return undefined;
  for (let index = 0; index < 8; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return undefined;
  }
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

/** The ISO dates made, by CCYYMMDD as a number: a remittance repeats a few dates many times. */
const isoDates = new Map<number, string>();

/** dateOf(text.slice(start, end)) without the intermediate strings (a function of its own, as centsIn). */
export function dateIn(text: string, start: number, end: number): string | undefined {
  if (end - start !== 8) return undefined;
  let number = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return undefined;
    number = number * 10 + (code - 48);
  }
  const known = isoDates.get(number);
  if (known !== undefined) return known;
  const year = Math.floor(number / 10000);
  const month = Math.floor(number / 100) % 100;
  const day = number % 100;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  const iso = `${text.slice(start, start + 4)}-${text.slice(start + 4, start + 6)}-${text.slice(start + 6, end)}`;
  if (isoDates.size >= 4096) isoDates.clear();
  isoDates.set(number, iso);
  return iso;
}

export function date(segment: Segment, index: number, file: string | undefined, what: string): string | undefined {
  const text = optional(segment, index);
  if (text === undefined) return undefined;
  const iso = dateOf(text);
  if (!iso) fail(segment, file, `${elementName(segment, index)} (${what}) must be a date CCYYMMDD, found ${JSON.stringify(text)}`, index, text);
  return iso;
}
