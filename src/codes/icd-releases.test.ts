import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../reference/dates.js";
import { loadReference } from "../reference/reference.js";
import { icdForDate, latestIcdSet, loadIcdCodeSets } from "./icd-releases.js";

describe("ICD-10-CM code sets without the rest of the reference", () => {
  const sets = loadIcdCodeSets({ importedDir: null });

  it("loads the fiscal years the whole reference loads, none read until asked", () => {
    const reference = loadReference({ importedDir: null });
    expect(sets.map((set) => set.release.fiscalYear)).toEqual(reference.tables.icdSets.map((set) => set.release.fiscalYear));
    expect(sets.every((set) => !set.isLoaded)).toBe(true);
    expect(latestIcdSet(sets).release.fiscalYear).toBe(reference.latestIcd.release.fiscalYear);
  });

  it("answers a date with its own fiscal year, the day before 1 October with the year before", () => {
    expect(icdForDate(sets, parseIsoDate("2026-10-01", "date"))).toMatchObject({ fiscalYear: 2027, fallback: false });
    expect(icdForDate(sets, parseIsoDate("2026-09-30", "date"))).toMatchObject({ fiscalYear: 2026, fallback: false });
  });

  it("falls back to the nearest loaded year, and says so", () => {
    expect(icdForDate(sets, parseIsoDate("2031-03-01", "date"))).toMatchObject({ fiscalYear: 2027, fallback: true });
    expect(icdForDate(sets, parseIsoDate("2020-03-01", "date"))).toMatchObject({ fiscalYear: 2026, fallback: true });
    expect(() => latestIcdSet([])).toThrow("no ICD-10-CM release is loaded");
  });
});
