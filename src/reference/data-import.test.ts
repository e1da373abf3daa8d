/**
 * Staying current without a release: the PPRRVU, GPCI and ICD-10-CM imports and the
 * yearly policy numbers, each atomic with located errors, and what a 2027 visit says
 * before and after they are loaded. Each test has its own imports folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scrubInput } from "../engine/scrub.js";
import { InputError } from "../errors.js";
import { importGpci, importIcd10cm, importPprrvu, setPolicyValue, yearFromFileName } from "./data-import.js";
import { dataStatus } from "./data-status.js";
import type { IsoDate } from "./dates.js";
import { DEFAULT_DATA_DIR } from "./load.js";
import { loadReference } from "./reference.js";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/pfs");
const catalog = loadReference({ importedDir: null }).catalog;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "otbill-imports-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PLAN_2027 = { discipline: "OT", initialEvaluationDate: "2027-01-05", certifiedFrom: "2027-01-05", certifiedThrough: "2027-03-31", signedDate: "2027-01-06", treatmentDaysSinceProgressReport: 1 };
const visit2027 = (over: Record<string, unknown> = {}) => ({
  id: "Y27",
  dateOfService: "2027-01-12",
  payer: { kind: "medicare" },
  provider: { discipline: "OT", participating: true },
  patient: { otAllowedYearToDate: 100, deductibleRemaining: 0 },
  planOfCare: PLAN_2027,
  diagnoses: ["I69.351"],
  services: [{ code: "97110", minutes: 15 }],
  ...over,
});

function located(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error.located();
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("a 2027 visit before anything for 2027 is loaded", () => {
  it("says it cannot be priced and cannot be KX-checked until the numbers are loaded", () => {
    const result = scrubInput(visit2027(), loadReference({ importedDir: dir }));
    expect(result.lines[0]?.allowed).toBeUndefined();
    const text = (rule: string) => result.findings.find((item) => item.rule === rule)?.message;
    expect(text("pricing.unavailable")).toBe("This visit cannot be priced until the 2027 Medicare fee schedule is loaded: no PPRRVU file covers 2027-01-12.");
    expect(text("threshold.kx")).toBe("This visit cannot be KX-checked until the 2027 KX threshold is loaded: none is on file for 2027.");
  });

  it("otbill data status names what is missing today (2026-12-01) and for 2027", () => {
    const status = dataStatus(loadReference({ importedDir: dir }), "2026-12-01" as IsoDate);
    expect(status.missing.map((item) => `${item.what} / ${item.for}`)).toEqual([
      "2027 Medicare fee schedule (PPRRVU) / the coming year (2027)",
      "2027 conversion factor / the coming year (2027)",
      "2027 GPCIs / the coming year (2027)",
      "2027 KX threshold / the coming year (2027)",
      "2027 Part B deductible / the coming year (2027)",
      "ICD-10-CM FY2028 / dates from 2027-10-01",
    ]);
    expect(status.loaded.map((item) => item.what)).toContain("fee schedule 2026 (RVU26A, 120 codes)");
    expect(status.loaded.map((item) => item.what)).toContain("ICD-10-CM FY2027");
  });
});

describe("otbill data import pprrvu", () => {
  it("reads CMS's CSV as published (title lines, a header over two rows), keeps the catalog's global rows", () => {
    const result = importPprrvu({ file: join(FIXTURES, "PPRRVU2027_Jan.csv"), catalog, importedDir: dir, now: new Date("2026-12-01T10:00:00Z") });
    expect(result).toMatchObject({ kind: "pprrvu", year: 2027, release: "PPRRVU2027_Jan", rowsRead: 6, rowsKept: 4 });
    const stored = JSON.parse(readFileSync(join(dir, "pprrvu-2027.json"), "utf8")) as { rows: { code: string; workRvu: number; nonFacilityPeRvu: number }[]; importedAt: string };
    expect(stored.rows.map((row) => row.code)).toEqual(["97110", "97530", "97014", "29125"]);
    expect(stored.rows[3]).toMatchObject({ code: "29125", workRvu: 49, nonFacilityPeRvu: 179 });
    expect(stored.importedAt).toBe("2026-12-01T10:00:00.000Z");
  });

  it("a bad number names the file and line, and nothing is written", () => {
    const file = join(FIXTURES, "PPRRVU2027_bad.csv");
    expect(located(() => importPprrvu({ file, catalog, importedDir: dir, year: 2027 }))).toBe(`${file}:7: WORK RVU: "0.4x4" is not a number`);
    expect(existsSync(join(dir, "pprrvu-2027.json"))).toBe(false);
  });

  it("a file without a PPRRVU header is refused", () => {
    const file = join(dir, "notes.csv");
    writeFileSync(file, "a,b\n1,2\n");
    expect(located(() => importPprrvu({ file, catalog, importedDir: dir, year: 2027 }))).toBe(`${file}: no PPRRVU (HCPCS, MOD, ... RVU) header row found in the first 500 lines: is this the right file?`);
  });

  it("the year comes from the file name, or --year", () => {
    expect([yearFromFileName("PPRRVU2027_Jan.csv"), yearFromFileName("RVU27A.zip"), yearFromFileName("GPCI2027.csv"), yearFromFileName("rvus.csv")]).toEqual([2027, 2027, 2027, undefined]);
    expect(located(() => importPprrvu({ file: join(dir, "rvus.csv"), catalog, importedDir: dir }))).toContain("cannot tell the year from the file name; give --year YYYY");
  });
});

describe("a 2027 visit once the 2027 numbers are loaded", () => {
  it("is priced: 97110 (0.45 + 0.41 + 0.01) x 33.4009 = 29.058783 -> $29.06, and KX-checked against $2,480", () => {
    importPprrvu({ file: join(FIXTURES, "PPRRVU2027_Jan.csv"), catalog, importedDir: dir });
    setPolicyValue({ kind: "conversion-factor", year: "2027", value: "33.4009", source: "test: the 2026 CF standing in", importedDir: dir });
    setPolicyValue({ kind: "kx-threshold", year: "2027", value: "$2,480", source: "test", importedDir: dir });
    setPolicyValue({ kind: "deductible", year: "2027", value: "283", source: "test", importedDir: dir });
    const reference = loadReference({ importedDir: dir });
    const result = scrubInput(visit2027(), reference);
    expect(result.lines[0]?.allowed).toBe(29.06);
    expect(result.findings.find((item) => item.rule === "threshold.kx")?.message).toBe("OT allowed in 2027: $100.00 before this visit, $129.06 after it; the KX threshold is $2,480.00 ($2,350.94 left).");
    expect(reference.on("2027-06-01").deductibleCents).toBe(28300);
    expect(dataStatus(reference, "2026-12-01" as IsoDate).missing.map((item) => item.what)).toEqual(["2027 GPCIs", "ICD-10-CM FY2028"]);
  });

  it("GPCIs imported for 2027 use the without-floor work GPCI (no floor is known for 2027): Alabama 97110 = $27.02", () => {
    importPprrvu({ file: join(FIXTURES, "PPRRVU2027_Jan.csv"), catalog, importedDir: dir });
    setPolicyValue({ kind: "conversion-factor", year: "2027", value: "33.4009", source: "test", importedDir: dir });
    const gpci = importGpci({ file: join(FIXTURES, "GPCI2026.csv"), year: 2027, importedDir: dir });
    expect(gpci).toMatchObject({ kind: "gpci", year: 2027, rowsKept: 109 });
    const reference = loadReference({ importedDir: dir });
    // (0.45 x 0.988 + 0.41 x 0.875 + 0.01 x 0.566) x 33.4009 = 27.021642 -> 27.02
    expect(scrubInput(visit2027({ locality: "10112-00" }), reference).lines[0]?.allowed).toBe(27.02);
    expect(reference.on("2027-01-12").gpci("10112-00")).toMatchObject({ work: 988, workFloorApplied: false, year: 2027 });
  });

  it("data set refuses a bad year, value or missing source, naming it", () => {
    expect(located(() => setPolicyValue({ kind: "kx-threshold", year: "27", value: "2480", source: "x", importedDir: dir }))).toBe('YEAR: "27" is not a year such as 2027');
    expect(located(() => setPolicyValue({ kind: "kx-threshold", year: "2027", value: "lots", source: "x", importedDir: dir }))).toBe('VALUE: "lots" is not a dollar amount such as 2480');
    expect(located(() => setPolicyValue({ kind: "deductible", year: "2027", value: "283", source: " ", importedDir: dir }))).toBe("--source: say where the number comes from (the CMS notice or rule)");
    expect(existsSync(join(dir, "policy.json"))).toBe(false);
  });
});

describe("otbill data import icd10cm", () => {
  it("imports CMS's codes file for FY2028; 2027-10-05 is checked against it without falling back", () => {
    const tsv = readFileSync(join(DEFAULT_DATA_DIR, "icd10cm/icd10cm_codes_fy2027.tsv"), "utf8").split("\n").slice(1).filter(Boolean);
    const cms = tsv.map((row) => { const [code, , description] = row.split("\t"); return `${code!.padEnd(8)}${description}`; });
    cms.push(`${"Z9999".padEnd(8)}Test code added in FY2028`);
    const file = join(dir, "icd10cm_codes_2028.txt");
    writeFileSync(file, `${cms.join("\r\n")}\r\n`);
    expect(importIcd10cm({ file, fiscalYear: 2028, importedDir: dir })).toMatchObject({ kind: "icd10cm", year: 2028, rowsKept: 74880 });
    const day = loadReference({ importedDir: dir }).on("2027-10-05");
    expect(day.icd).toMatchObject({ fiscalYear: 2028, fallback: false });
    expect(day.icd.codeSet.get("Z99.99")?.description).toBe("Test code added in FY2028");
  });

  it("a line that is not a code names its line, and nothing is written", () => {
    const file = join(dir, "codes.txt");
    writeFileSync(file, "A000    Cholera\n!!! not a code\n");
    expect(located(() => importIcd10cm({ file, fiscalYear: 2028, importedDir: dir }))).toBe(`${file}:2: expected an ICD-10-CM code then its description`);
    expect(existsSync(join(dir, "icd10cm-fy2028.json"))).toBe(false);
  });
});
