/**
 * NCCI pairs and MUEs curated from public pages (data/ncci/, see its README): labelled
 * curated, their findings are warnings that name the page, and an imported official
 * release replaces them for the dates it covers.
 */
import { describe, expect, it } from "vitest";
import { NcciTables } from "../reference/ncci.js";
import type { IsoDate } from "../reference/dates.js";
import type { MueEdit, PtpEdit } from "../reference/types.js";
import { lines, reference, scrub, visitBuilder } from "./test-support/scrub-fixtures.js";

const day = (text: string): IsoDate => text as IsoDate;
const visit = visitBuilder({ id: "V-ncci" });

describe("curated MUE from public pages", () => {
  it("97530 for 180 minutes (12 units) gets units.mue, a warning naming the page; the units stay", () => {
    const result = scrub(visit([{ code: "97530", minutes: 180 }]));
    expect(lines(result)).toEqual([["97530", 12, ["GO"]]]);
    const item = result.findings.find((found) => found.rule === "units.mue");
    expect(item).toMatchObject({ severity: "warning", code: "97530" });
    expect(item?.message).toBe("12 units of 97530 exceed 6 per day, the MUE a public page gives for it (curated, not an official CMS file); the line may be denied.");
    expect(item?.source).toBe("curated from a public page, not an official CMS file (data/ncci/, see its README): https://payerready.com/codes/cpt/97530");
  });

  it("6 units of 97530 are within it; otbill's own evaluation MUE of 1 is still an error", () => {
    expect(scrub(visit([{ code: "97530", minutes: 90 }])).findings.map((found) => found.rule)).not.toContain("units.mue");
    expect(reference.on(day("2026-03-10")).ncci.mue("97165", day("2026-03-10"))?.origin).toBe("curated");
  });
});

describe("curated PTP pairs from public pages", () => {
  it("97760 with 97140 (indicator 1 per the page): a warning naming the page", () => {
    const result = scrub(visit([{ code: "97760", minutes: 30 }, { code: "97140", minutes: 10 }]));
    const item = result.findings.find((found) => found.rule === "ncci.ptp");
    expect(item?.severity).toBe("warning");
    expect(item?.source).toMatch(/^curated from a public page, not an official CMS file \(data\/ncci\/, see its README\): https:\/\/zayacare/);
  });

  it("the January 2020 evaluation pairs CMS reversed are not edits (97530 with 97165)", () => {
    expect(reference.on(day("2026-03-10")).ncci.ptpBetween("97530", "97165", day("2026-03-10"))).toBeUndefined();
  });

  it("otbill's own 97530/97140 row wins over the pages' row for the same pair", () => {
    expect(reference.on(day("2026-03-10")).ncci.ptpBetween("97530", "97140", day("2026-03-10"))?.origin).toBe("curated");
  });
});

describe("an imported official release replaces the curated rows for the dates it covers", () => {
  const web = (column1: string, column2: string): PtpEdit => ({ column1, column2, effective: day("2000-01-01"), modifierIndicator: "1", rationale: "undated", origin: "curated-web", release: "curated from public pages", source: "page" });
  const webMue: MueEdit = { code: "97530", value: 6, adjudicationIndicator: "", rationale: "", origin: "curated-web", release: "curated from public pages", source: "page" };
  const official: PtpEdit = { column1: "97110", column2: "97530", effective: day("2026-01-01"), modifierIndicator: "1", rationale: "", origin: "imported", release: "2026Q1", source: "CMS" };
  const officialMue: MueEdit = { code: "97150", value: 1, adjudicationIndicator: "3", rationale: "", origin: "imported", release: "2026Q1", effective: day("2026-01-01"), source: "CMS" };
  const tables = new NcciTables([web("97760", "97140")], [webMue], {
    ptp: { kind: "ncci-ptp", releases: [], edits: [official] },
    mue: { kind: "mue", releases: [], edits: [officialMue] },
  });

  it("before the release the curated pair and MUE answer; from its first date they do not", () => {
    expect(tables.ptpBetween("97760", "97140", day("2025-12-31"))?.origin).toBe("curated-web");
    expect(tables.ptpBetween("97760", "97140", day("2026-01-01"))).toBeUndefined();
    expect(tables.mue("97530", day("2025-12-31"))?.value).toBe(6);
    expect(tables.mue("97530", day("2026-01-01"))).toBeUndefined();
    expect(tables.ptpBetween("97110", "97530", day("2026-03-10"))?.origin).toBe("imported");
  });
});
