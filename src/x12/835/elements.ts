/**
 * Reading one element of a segment as the 835 defines it: amounts (X12 type R, dollars
 * with at most two decimals here) as exact integer cents, dates (CCYYMMDD) as ISO dates,
 * and composites split on the ISA16 component separator. A bad value is an X12Error
 * naming the element (CLP03) and its segment.
 */
import { fromCompactDate } from "../../reference/dates.js";
import { parseScaled } from "../../reference/fixed.js";
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

/** Exact cents of an amount element; `fallback` when it is empty and may be. */
export function cents(segment: Segment, index: number, file: string | undefined, what: string, fallback?: number): number {
  const text = optional(segment, index);
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    fail(segment, file, `${elementName(segment, index)} (${what}) is required`, index);
  }
  const parsed = AMOUNT.test(text) ? parseScaled(text, 2) : undefined;
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

export function date(segment: Segment, index: number, file: string | undefined, what: string): string | undefined {
  const text = optional(segment, index);
  if (text === undefined) return undefined;
  const iso = /^\d{8}$/.test(text) ? fromCompactDate(text) : undefined;
  if (!iso) fail(segment, file, `${elementName(segment, index)} (${what}) must be a date CCYYMMDD, found ${JSON.stringify(text)}`, index, text);
  return iso;
}
