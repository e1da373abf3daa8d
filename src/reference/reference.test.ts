/**
 * reference.on(date) at every boundary the data sets: the 2024 conversion-factor change,
 * the calendar year (RVUs, KX threshold, deductible), the ICD-10-CM fiscal year and the
 * end of the 2026 GPCI work floor. Money in integer cents, CF in ten-thousandths,
 * GPCIs in thousandths, RVUs in hundredths.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { loadReference, type Reference } from "./reference.js";

let reference: Reference;

beforeAll(() => {
  reference = loadReference({ importedDir: null });
});

describe("conversion factor", () => {
  it.each([
    ["2023-12-31", 338872],
    ["2024-01-01", 327442],
    ["2024-03-08", 327442],
    ["2024-03-09", 332875],
    ["2024-12-31", 332875],
    ["2025-01-01", 323465],
    ["2025-12-31", 323465],
    ["2026-01-01", 334009],
    ["2026-12-31", 334009],
  ])("on %s is %i", (date, value) => {
    expect(reference.on(date).conversionFactor()?.value).toBe(value);
  });

  it("has its own 2026 value for qualifying APM participants (33.5675)", () => {
    expect(reference.on("2026-01-01").conversionFactor(true)).toMatchObject({ value: 335675, qualifyingApm: true, year: 2026 });
    expect(reference.on("2026-03-10").conversionFactor(false)).toMatchObject({ value: 334009, qualifyingApm: false });
  });

  it("falls back to the single factor before APM factors existed", () => {
    expect(reference.on("2025-06-01").conversionFactor(true)).toMatchObject({ value: 323465, qualifyingApm: false });
  });
});

describe("calendar year: RVUs, KX threshold, deductible", () => {
  it("switches RVU release, KX threshold and deductible between 2025-12-31 and 2026-01-01", () => {
    const last2025 = reference.on("2025-12-31");
    const first2026 = reference.on("2026-01-01");
    expect([last2025.year, last2025.feeSchedule?.year, last2025.feeSchedule?.release]).toEqual([2025, 2025, "RVU25D"]);
    expect([first2026.year, first2026.feeSchedule?.year, first2026.feeSchedule?.release]).toEqual([2026, 2026, "RVU26A"]);
    expect([last2025.kxThreshold?.ot, first2026.kxThreshold?.ot]).toEqual([241000, 248000]);
    expect([last2025.kxThreshold?.ptSlp, first2026.kxThreshold?.ptSlp]).toEqual([241000, 248000]);
    expect([last2025.kxThreshold?.reviewOt, first2026.kxThreshold?.reviewOt]).toEqual([300000, 300000]);
    expect([last2025.deductibleCents, first2026.deductibleCents]).toEqual([25700, 28300]);
  });

  it("reads the year's RVUs for a code (97110 in 2026: 0.45 + 0.41 + 0.01, status A, MPPR 5)", () => {
    expect(reference.on("2026-03-10").feeSchedule?.rows.get("97110")).toEqual({
      code: "97110",
      description: "Therapeutic exercises",
      status: "A",
      workRvu: 45,
      nonFacilityPeRvu: 41,
      facilityPeRvu: 41,
      mpRvu: 1,
      multipleProcedure: "5",
      globalDays: "XXX",
    });
  });

  it.each([
    ["2022-06-01", 215000],
    ["2023-06-01", 223000],
    ["2024-06-01", 233000],
  ])("KX threshold on %s is %i cents", (date, cents) => {
    expect(reference.on(date).kxThreshold?.ot).toBe(cents);
  });

  it("has no fee schedule before the first loaded year", () => {
    expect(reference.on("2021-12-31").feeSchedule).toBeUndefined();
    expect(reference.on("2022-01-01").feeSchedule?.release).toBe("RVU22A");
  });
});

describe("ICD-10-CM fiscal year", () => {
  it("answers FY2026 from 2025-10-01 and FY2027 from 2026-10-01", () => {
    expect(reference.on("2025-10-01").icd).toMatchObject({ fiscalYear: 2026, fallback: false });
    expect(reference.on("2026-09-30").icd).toMatchObject({ fiscalYear: 2026, fallback: false });
    expect(reference.on("2026-10-01").icd).toMatchObject({ fiscalYear: 2027, fallback: false });
    expect(reference.on("2027-09-30").icd).toMatchObject({ fiscalYear: 2027, fallback: false });
  });

  it("falls back to the nearest loaded year, and says so, outside the loaded fiscal years", () => {
    expect(reference.on("2025-09-30").icd).toMatchObject({ fiscalYear: 2026, fallback: true });
    expect(reference.on("2027-10-01").icd).toMatchObject({ fiscalYear: 2027, fallback: true });
  });

  it("loads the whole FY2026 and FY2027 code sets, each year with its own titles", () => {
    const fy2026 = reference.on("2026-03-10").icd.codeSet;
    const fy2027 = reference.on("2026-10-15").icd.codeSet;
    expect([fy2026.size, fy2027.size]).toEqual([74719, 74879]);
    expect(fy2026.get("I69.351")?.description).toBe("Hemiplegia and hemiparesis following cerebral infarction affecting right dominant side");
    expect(fy2027.get("I69.351")).toEqual(fy2026.get("I69.351"));
    // revised title
    expect(fy2027.get("L02.232")?.description).toBe("Carbuncle of back [any part, except buttock and flank]");
    expect(fy2026.get("L02.232")?.description).toBe("Carbuncle of back [any part, except buttock]");
    expect(reference.latestIcd).toBe(fy2027);
  });

  it("knows the FY2027 changes: 190 added, 30 no longer billable, with replacements for the deleted", () => {
    const fy2027 = reference.on("2026-10-15").icd.codeSet;
    expect([fy2027.changes.added.size, fy2027.changes.removed.size]).toEqual([190, 30]);
    expect(fy2027.status("M72.2")).toMatchObject({ kind: "header", childCount: 3 });
    expect(fy2027.status("S23.420A")).toEqual({ kind: "invalid" });
    expect(fy2027.removal("T52.8X1A")?.replacements).toEqual(["T52.811A", "T52.821A", "T52.891A"]);
    expect(reference.on("2026-09-30").icdAddedLater("M67.A01")).toEqual({ fiscalYear: 2027, start: "2026-10-01", description: "Plantar fasciitis, right foot" });
    expect(reference.on("2026-10-01").icdAddedLater("M67.A01")).toBeUndefined();
  });
});

describe("GPCI work floor", () => {
  it("applies the 1.0 work floor to Alabama through 2026-12-31 (CAA 2026) and not in 2027", () => {
    expect(reference.on("2026-12-31").gpci("10112-00")).toEqual({
      locality: "10112-00",
      name: "ALABAMA",
      work: 1000,
      pe: 875,
      mp: 566,
      workFloorApplied: true,
      year: 2026,
    });
    expect(reference.on("2026-02-01").gpci("10112-00")?.work).toBe(1000);
    // A 2027 date: no 2027 GPCI file is loaded yet, so the 2026 row is not used at all.
    expect(reference.on("2027-01-04").gpciYearLoaded).toBe(false);
    expect(reference.on("2026-03-10").gpci("10112-00")).toEqual({
      locality: "10112-00",
      name: "ALABAMA",
      work: 1000,
      pe: 875,
      mp: 566,
      workFloorApplied: true,
      year: 2026,
    });
  });

  it("keeps the floored value in 2025, whose file publishes only it", () => {
    expect(reference.on("2025-12-31").gpci("10112-00")).toMatchObject({ work: 1000, pe: 869, mp: 575, year: 2025 });
  });

  it("prices at national GPCIs without a locality and knows no unknown locality", () => {
    expect(reference.on("2026-03-10").gpci(undefined)).toEqual({ locality: undefined, name: "national", work: 1000, pe: 1000, mp: 1000, workFloorApplied: false, year: 2026 });
    expect(reference.on("2026-03-10").gpci("99999-99")).toBeUndefined();
  });

  it("records the floor's dates as data", () => {
    expect(reference.on("2026-03-10").workFloorPeriod).toMatchObject({ start: "2026-01-01", end: "2026-12-31" });
  });
});

describe("other dated tables", () => {
  it.each([
    ["2021-12-31", undefined],
    ["2022-01-01", 85],
  ])("assistant (CO/CQ) payment percent on %s: %s", (date, percent) => {
    expect(reference.on(date).assistantPercentPaid?.percent).toBe(percent);
  });

  it.each([
    ["2022-03-31", 0],
    ["2022-04-01", 1],
    ["2022-06-30", 1],
    ["2022-07-01", 2],
  ])("sequestration on %s is %i percent", (date, percent) => {
    expect(reference.on(date).sequestration?.percent).toBe(percent);
  });

  it.each([
    ["2025-09-30", true],
    ["2026-01-30", true],
    ["2026-01-31", true],
    ["2027-12-31", true],
    ["2028-01-01", undefined],
  ])("telehealth pays therapists on %s: %s", (date, pays) => {
    expect(reference.on(date).telehealth?.paysTherapists).toBe(pays);
  });

  it("gives the default unit rule per payer kind", () => {
    expect(reference.on("2026-03-10").unitRuleFor("medicare")?.unitRule).toBe("cms");
    expect(reference.on("2026-03-10").unitRuleFor("commercial")?.unitRule).toBe("ama");
  });

  it("carries the curated NCCI starter table when nothing is imported", () => {
    const ncci = reference.on("2026-03-10").ncci;
    expect(ncci.ptp("97530", "97140", reference.on("2026-03-10").date)).toMatchObject({ modifierIndicator: "1", origin: "curated" });
    expect(ncci.mue("97165", reference.on("2026-03-10").date)).toMatchObject({ value: 1, origin: "curated" });
    expect(ncci.ptpReleases).toEqual([]);
  });
});

describe("dates that are not dates", () => {
  it.each(["2025-02-29", "2026-13-01", "10/03/2026", "tomorrow", ""])("on(%j) throws an InputError naming the value", (text) => {
    expect(() => reference.on(text)).toThrow(InputError);
    expect(() => reference.on(text)).toThrow(`dateOfService: ${JSON.stringify(text)} is not a calendar date in YYYY-MM-DD form`);
  });

  it("accepts leap days that exist", () => {
    expect(reference.on("2024-02-29").conversionFactor()?.value).toBe(327442);
  });

  it("answers the same day view for the same date", () => {
    expect(reference.on("2026-03-10")).toBe(reference.on("2026-03-10"));
  });
});
