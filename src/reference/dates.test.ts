/** Calendar-day arithmetic: leap years, year ends and the ICD-10-CM fiscal year. */
import { describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import {
  addDays,
  daysBetween,
  daysInMonth,
  fromCompactDate,
  fromDayNumber,
  icdFiscalYearOf,
  isIsoDate,
  isLeapYear,
  isWithin,
  parseIsoDate,
  toDayNumber,
  type IsoDate,
} from "./dates.js";

const day = (text: string): IsoDate => parseIsoDate(text);

describe("leap years and real calendar dates", () => {
  it.each([
    [2024, true],
    [2025, false],
    [1900, false], // divisible by 100, not by 400
    [2000, true], // divisible by 400
    [2100, false],
  ])("%i is a leap year: %s", (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it.each([
    ["2024-02-29", true],
    ["2025-02-29", false],
    ["1900-02-29", false],
    ["2000-02-29", true],
    ["2025-02-28", true],
    ["2025-04-31", false],
    ["2025-12-31", true],
    ["2025-13-01", false],
    ["2025-00-10", false],
    ["2025-01-00", false],
    ["2025-1-5", false],
    ["20250105", false],
    ["2025-01-05T00:00:00Z", false],
    [" 2025-01-05", false],
    ["2025-01-0a", false],
    ["2025/01/05", false],
    ["+025-01-05", false],
    ["0000-01-01", true],
    ["2025-02-29", false],
    ["2025-11-31", false],
    ["2025-10-31", true],
    ["", false],
  ])("%j is a calendar date: %s", (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });

  it.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [2025, 4, 30],
    [2025, 12, 31],
  ])("%i-%i has %i days", (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it("rejects a date that is not a date with an InputError naming the field and the value", () => {
    let caught: unknown;
    try {
      parseIsoDate("2025-02-29", "dateOfService");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    const error = caught as InputError;
    expect([error.code, error.message, error.details]).toEqual([
      "invalid_date",
      'dateOfService: "2025-02-29" is not a calendar date in YYYY-MM-DD form',
      { path: "dateOfService", value: "2025-02-29" },
    ]);
  });

  it.each([
    [12, "date: 12 is not a calendar date in YYYY-MM-DD form"],
    [null, "date: null is not a calendar date in YYYY-MM-DD form"],
    ["March 10, 2026", 'date: "March 10, 2026" is not a calendar date in YYYY-MM-DD form'],
  ])("rejects %j", (value, message) => {
    expect(() => parseIsoDate(value)).toThrow(message);
  });
});

describe("day arithmetic", () => {
  it.each([
    ["2025-12-31", 1, "2026-01-01"],
    ["2026-01-01", -1, "2025-12-31"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-02-29", 1, "2024-03-01"],
    ["2025-02-28", 1, "2025-03-01"],
    ["2000-02-28", 1, "2000-02-29"],
    ["1900-02-28", 1, "1900-03-01"],
    ["2024-01-01", 366, "2025-01-01"],
    ["2025-01-01", 365, "2026-01-01"],
    ["2026-02-02", 30, "2026-03-04"],
    ["2026-02-02", 89, "2026-05-02"],
    ["2024-12-31", 0, "2024-12-31"],
  ])("%s + %i days = %s", (start, days, end) => {
    expect(addDays(day(start), days)).toBe(end);
  });

  it.each([
    ["2024-01-01", "2025-01-01", 366],
    ["2025-01-01", "2026-01-01", 365],
    ["2026-03-10", "2026-02-02", -36],
    ["2024-02-28", "2024-03-01", 2],
  ])("from %s to %s is %i days", (from, to, days) => {
    expect(daysBetween(day(from), day(to))).toBe(days);
  });

  it("counts days from 1970-01-01 and back", () => {
    expect(toDayNumber(day("1970-01-01"))).toBe(0);
    expect(toDayNumber(day("2000-03-01"))).toBe(11017);
    expect(fromDayNumber(-1)).toBe("1969-12-31");
    expect(fromDayNumber(20522)).toBe("2026-03-10");
  });

  it("reads every day from 1899-12-31 to 2101-01-01 back to its own day number", () => {
    // Each next day is one more: month and year ends, 1900 and 2100 (not leap) and 2000 (leap) included.
    const first = toDayNumber(day("1899-12-31"));
    expect(first).toBe(-25568);
    let count = 0;
    for (let number = first; number <= toDayNumber(day("2101-01-01")); number++, count++) {
      expect(toDayNumber(fromDayNumber(number))).toBe(number);
    }
    expect(count).toBe(73_416);
    expect(toDayNumber(day("2000-02-29")) + 1).toBe(toDayNumber(day("2000-03-01")));
    expect(toDayNumber(day("1900-02-28")) + 1).toBe(toDayNumber(day("1900-03-01")));
  });
});

describe("periods and fiscal years", () => {
  it.each([
    ["2024-03-08", "2024-01-01", "2024-03-08", true],
    ["2024-03-09", "2024-01-01", "2024-03-08", false],
    ["2023-12-31", "2024-01-01", "2024-03-08", false],
    ["2030-01-01", "2026-01-01", undefined, true],
  ])("%s within %s..%s: %s", (date, start, end, within) => {
    expect(isWithin(day(date), day(start), end === undefined ? undefined : day(end))).toBe(within);
  });

  it.each([
    ["2025-09-30", 2025],
    ["2025-10-01", 2026],
    ["2026-09-30", 2026],
    ["2026-10-01", 2027],
    ["2026-01-01", 2026],
  ])("%s is in ICD-10-CM fiscal year %i", (date, fiscalYear) => {
    expect(icdFiscalYearOf(day(date))).toBe(fiscalYear);
  });

  it.each([
    ["20200101", "2020-01-01"],
    ["20240229", "2024-02-29"],
    [" 20251231 ", "2025-12-31"],
    ["*", undefined],
    ["", undefined],
    ["20250229", undefined],
    ["2025-01-01", undefined],
    ["202501", undefined],
  ])("CMS date %j is %s", (text, date) => {
    expect(fromCompactDate(text)).toBe(date);
  });
});
