/**
 * The dates payer rules count by: the timely filing deadline (days, or months where a
 * service on the 29th-31st is due on the last day of the month that lacks it: Medicare's
 * February 29 service is due February 28, MCPM Pub. 100-04 ch.1 section 70) and the start
 * of the benefit period a visit falls in (calendar year, or a plan year from MM-DD).
 */
import { addDays, daysBetween, daysInMonth, type IsoDate } from "../reference/dates.js";
import type { RuleValues } from "./profile-schema.js";

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const index = year * 12 + (month - 1) + months;
  const toYear = Math.floor(index / 12);
  const toMonth = (index % 12) + 1;
  return `${pad(toYear, 4)}-${pad(toMonth)}-${pad(Math.min(day, daysInMonth(toYear, toMonth)))}` as IsoDate;
}

export interface FilingWindow {
  /** the last day a claim is timely */
  deadline: IsoDate;
  /** days from the date of service to the deadline */
  days: number;
  /** the first day of the last 20% of the window (warning from this day) */
  warnFrom: IsoDate;
  label: string;
}

/** The window of a timely filing rule for a date of service; the warning starts at 80% of it. */
export function filingWindow(dateOfService: IsoDate, rule: RuleValues["timelyFiling"], warnAtPercent = 80): FilingWindow {
  const deadline = "days" in rule ? addDays(dateOfService, rule.days) : addMonths(dateOfService, rule.months);
  const days = daysBetween(dateOfService, deadline);
  const warnFrom = addDays(dateOfService, Math.ceil((days * warnAtPercent) / 100));
  const label = "days" in rule ? `${rule.days} days` : `${rule.months} months`;
  return { deadline, days, warnFrom, label };
}

/** The first day of the benefit period the date falls in. */
export function benefitPeriodStart(date: IsoDate, limit: Extract<RuleValues["visitLimit"], { basis: "visits" }>): IsoDate {
  const year = Number(date.slice(0, 4));
  if (limit.period === "calendar-year" || !limit.benefitYearStart) return `${pad(year, 4)}-01-01` as IsoDate;
  const [month, day] = limit.benefitYearStart.split("-").map(Number) as [number, number];
  const start = (y: number): IsoDate => `${pad(y, 4)}-${pad(month)}-${pad(Math.min(day, daysInMonth(y, month)))}` as IsoDate;
  return start(year) <= date ? start(year) : start(year - 1);
}

/** The visit number at which the limit starts warning: `warnAtPercent` of it, rounded up. */
export function warnFromVisit(limit: number, warnAtPercent: number): number {
  return Math.max(1, Math.ceil((limit * warnAtPercent) / 100));
}
