/**
 * ISO calendar dates as plain strings (YYYY-MM-DD). Billing periods are calendar days,
 * never instants, so all arithmetic here is integer day counting (days since
 * 1970-01-01 in the proleptic Gregorian calendar) and never touches Date or a time zone.
 */
import { InputError } from "../errors.js";

export type IsoDate = string & { readonly __brand: "IsoDate" };


export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value of the digit at `index`, or -1 when it is not an ASCII digit. */
function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

/** True when the text is a real calendar date in YYYY-MM-DD form (2024-02-29 yes, 2025-02-29 no). */
export function isIsoDate(text: unknown): text is IsoDate {
  // Read by character codes: this runs for every date of every visit.
  if (typeof text !== "string" || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let index = 0; index < 4; index++) {
    const digit = digitAt(text, index);
    if (digit < 0) return false;
    year = year * 10 + digit;
  }
  const m1 = digitAt(text, 5);
  const m2 = digitAt(text, 6);
  const d1 = digitAt(text, 8);
  const d2 = digitAt(text, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses a calendar date or throws an InputError naming the field and the value. */
export function parseIsoDate(text: unknown, path = "date"): IsoDate {
  if (!isIsoDate(text)) {
    throw new InputError("invalid_date", `${path}: ${JSON.stringify(text)} is not a calendar date in YYYY-MM-DD form`, {
      path,
      value: text,
    });
  }
  return text;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Days since 1970-01-01 (Hinnant's days_from_civil). */
export function toDayNumber(date: IsoDate): number {
  // By character codes, as isIsoDate reads it: the rules count days many times a visit.
  let year = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  year -= month <= 2 ? 1 : 0;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The calendar date of a day number (Hinnant's civil_from_days). */
export function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` as IsoDate;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** True when start <= date <= end; an absent end means open-ended. */
export function isWithin(date: IsoDate, start: IsoDate, end: IsoDate | undefined): boolean {
  return date >= start && (end === undefined || date <= end);
}

/** ICD-10-CM fiscal year: FY N runs from N-1-10-01 to N-09-30. */
export function icdFiscalYearOf(date: IsoDate): number {
  const year = yearOf(date);
  return Number(date.slice(5, 7)) >= 10 ? year + 1 : year;
}

/** CMS NCCI dates come as YYYYMMDD; "*" means no deletion date. */
export function fromCompactDate(text: string): IsoDate | undefined {
  const trimmed = text.trim();
  if (trimmed === "*" || trimmed === "") return undefined;
  const iso = `${trimmed.slice(0, 4)}-${trimmed.slice(4, 6)}-${trimmed.slice(6, 8)}`;
  return trimmed.length === 8 && isIsoDate(iso) ? iso : undefined;
}
