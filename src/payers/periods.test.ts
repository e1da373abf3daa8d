import { describe, expect, it } from "vitest";
import type { IsoDate } from "../reference/dates.js";
import { addMonths, benefitPeriodStart, filingWindow, warnFromVisit } from "./periods.js";

const D = (text: string): IsoDate => text as IsoDate;

describe("addMonths", () => {
  it("keeps the day, or the month's last day when it has fewer", () => {
    expect(addMonths(D("2026-03-10"), 12)).toBe("2027-03-10");
    expect(addMonths(D("2028-02-29"), 12)).toBe("2029-02-28");
    expect(addMonths(D("2026-01-31"), 1)).toBe("2026-02-28");
    expect(addMonths(D("2026-11-30"), 3)).toBe("2027-02-28");
  });
});

describe("filingWindow", () => {
  it("365 days from 2026-03-10: deadline 2027-03-10, warning from day 292 (2026-12-27)", () => {
    expect(filingWindow(D("2026-03-10"), { days: 365 })).toEqual({ deadline: "2027-03-10", days: 365, warnFrom: "2026-12-27", label: "365 days" });
  });

  it("12 months over a leap day is 366 days; 80% is day 293 (292.8 rounded up)", () => {
    expect(filingWindow(D("2027-03-10"), { months: 12 })).toEqual({ deadline: "2028-03-10", days: 366, warnFrom: "2027-12-28", label: "12 months" });
  });

  it("90 days: warning from day 72", () => {
    expect(filingWindow(D("2026-03-10"), { days: 90 })).toMatchObject({ deadline: "2026-06-08", warnFrom: "2026-05-21" });
  });
});

describe("benefitPeriodStart", () => {
  const limit = (period: "calendar-year" | "benefit-year", benefitYearStart?: string) => ({ basis: "visits" as const, visits: 20, period, scope: "combined" as const, warnAtPercent: 80, ...(benefitYearStart ? { benefitYearStart } : {}) });

  it("calendar year: January 1", () => {
    expect(benefitPeriodStart(D("2026-12-31"), limit("calendar-year"))).toBe("2026-01-01");
  });

  it("a plan year from July 1: June 30 is in the year that began the July before", () => {
    expect(benefitPeriodStart(D("2026-06-30"), limit("benefit-year", "07-01"))).toBe("2025-07-01");
    expect(benefitPeriodStart(D("2026-07-01"), limit("benefit-year", "07-01"))).toBe("2026-07-01");
  });

  it("a plan year from February 29 starts February 28 in other years", () => {
    expect(benefitPeriodStart(D("2027-03-01"), limit("benefit-year", "02-29"))).toBe("2027-02-28");
  });
});

describe("warnFromVisit", () => {
  it("80% of 20 is visit 16; of 12 is visit 10; never below the first visit", () => {
    expect(warnFromVisit(20, 80)).toBe(16);
    expect(warnFromVisit(12, 80)).toBe(10);
    expect(warnFromVisit(1, 0)).toBe(1);
  });
});
