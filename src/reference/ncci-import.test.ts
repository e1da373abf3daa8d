/**
 * The NCCI importer on fixture files laid out like CMS's practitioner downloads
 * (test/fixtures/ncci/: title lines, the column header, Windows-1252 and CR LF for the
 * .txt, a multi-line quoted copyright cell for the MUE .csv). The codes are real
 * therapy codes; the edit values are illustrative, not CMS's.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CodeCatalog } from "../codes/catalog.js";
import { InputError } from "../errors.js";
import type { IsoDate } from "./dates.js";
import {
  effectiveFromFileName,
  importMueFile,
  importPtpFile,
  isTherapyCode,
  parseMueText,
  parsePtpText,
  releaseFromFileName,
} from "./ncci-import.js";
import type { ImportedMueFile, ImportedPtpFile } from "./ncci.js";
import { loadReference } from "./reference.js";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/ncci");
const PTP_TXT = join(FIXTURES, "ccipra-v321r0-f1.txt");
const PTP_CSV = join(FIXTURES, "ptp-2026q1-export.csv");
const PTP_MALFORMED = join(FIXTURES, "ccipra-malformed-f1.txt");
const MUE_CSV = join(FIXTURES, "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv");
const MUE_NEXT = join(FIXTURES, "mue-practitioner-next.txt");
const NOW = new Date("2026-01-15T12:00:00.000Z");
const MISUSE = "Misuse of column two code with column one code";

let catalog: CodeCatalog;
let importedDir: string;

beforeAll(() => {
  catalog = loadReference({ importedDir: null }).catalog;
});

beforeEach(() => {
  importedDir = mkdtempSync(join(tmpdir(), "otbill-ncci-"));
});

afterEach(() => {
  rmSync(importedDir, { recursive: true, force: true });
});

const day = (date: string): IsoDate => date as IsoDate;

function thrown(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

const ptpEdit = (column1: string, column2: string, effective: string, indicator: "0" | "1" | "9", rationale: string, release: string, deleted?: string) => ({
  column1,
  column2,
  effective,
  ...(deleted ? { deleted } : {}),
  modifierIndicator: indicator,
  rationale,
  origin: "imported",
  release,
  source: `NCCI practitioner PTP edits, ${release}`,
});

const fixtureEdits = (release: string) => [
  ptpEdit("97530", "97140", "2020-01-01", "1", MISUSE, release),
  ptpEdit("97530", "97116", "2020-01-01", "1", MISUSE, release),
  ptpEdit("97530", "97113", "2010-01-01", "1", "Standards of medical / surgical practice", release, "2012-12-31"),
  ptpEdit("97032", "G0283", "2014-01-01", "0", "Mutually exclusive procedures", release),
  ptpEdit("97161", "97165", "2017-01-01", "0", "CPT Manual or CMS manual coding instruction", release),
  ptpEdit("99203", "97161", "2017-01-01", "1", "Standards of medical / surgical practice", release),
  ptpEdit("92610", "92526", "2002-01-01", "9", "Mutually exclusive procedures", release),
];

describe("parsePtpText", () => {
  it("reads the tab-separated text file below its title lines and keeps the therapy edits", () => {
    const parsed = parsePtpText(readFileSync(PTP_TXT, "latin1"), PTP_TXT, catalog, "v321r0");
    expect(parsed.rowsRead).toBe(9);
    expect(parsed.edits).toEqual(fixtureEdits("v321r0"));
  });

  it("reads a CSV export whose header is split over several rows the same way", () => {
    const parsed = parsePtpText(readFileSync(PTP_CSV, "utf8"), PTP_CSV, catalog, "2026 Q1");
    expect(parsed.rowsRead).toBe(9);
    expect(parsed.edits).toEqual(fixtureEdits("2026 Q1"));
  });

  const header = "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale";
  it.each([
    ["a missing field", `Title\n${header}\n97530\t97140\t\t20200101\t*\t1`, 3, "expected 7 fields, found 6"],
    ["an extra value", `Title\n${header}\n97530\t97140\t\t20200101\t*\t1\tMisuse\textra`, 3, "expected 7 fields, found 8"],
    ["a bad effective date", `${header}\n97530\t97140\t\t2020-01-01\t*\t1\tMisuse`, 2, 'Effective Date "2020-01-01" is not a date (YYYYMMDD)'],
    ["an impossible date", `${header}\n97530\t97140\t\t20250229\t*\t1\tMisuse`, 2, 'Effective Date "20250229" is not a date (YYYYMMDD)'],
    ["a bad deletion date", `${header}\n\n97530\t97140\t\t20200101\tnever\t1\tMisuse`, 3, 'Deletion Date "never" is not a date (YYYYMMDD or "*")'],
    ["a bad indicator", `${header}\n97530\t97140\t\t20200101\t*\t2\tMisuse`, 2, 'Modifier indicator "2" is not 0, 1 or 9'],
    ["a bad code", `${header}\n97530\t97-140\t\t20200101\t*\t1\tMisuse`, 2, 'Column 2 "97-140" is not a HCPCS/CPT code'],
  ])("rejects %s with the file and line", (_what, text, line, message) => {
    const error = thrown(() => parsePtpText(text, "f.txt", catalog, "r"));
    expect(error.code).toBe("malformed_row");
    expect(error.located()).toBe(`f.txt:${line}: ${message}`);
  });

  it("checks non-therapy rows too, so a damaged file is never half read", () => {
    const error = thrown(() => parsePtpText(`${header}\n99213\t36415\t*\t1996\t*\t1\tx`, "f.txt", catalog, "r"));
    expect(error.located()).toBe('f.txt:2: Effective Date "1996" is not a date (YYYYMMDD)');
  });

  it("puts back the leading zeros a spreadsheet drops from numeric codes", () => {
    const parsed = parsePtpText(`${header}\n552\t97110\t\t20200101\t*\t1\tx`, "f.txt", catalog, "r");
    expect(parsed.edits.map((edit) => [edit.column1, edit.column2])).toEqual([["00552", "97110"]]);
  });

  it("refuses a file without the PTP header, such as an MUE table", () => {
    const error = thrown(() => parsePtpText(readFileSync(MUE_CSV, "latin1"), MUE_CSV, catalog, "r"));
    expect(error.located()).toBe(`${MUE_CSV}: no PTP ("Column 1", "Column 2", "Effective Date", "Deletion Date", "Modifier") header row found: is this the right file?`);
  });

  it("names the line of a malformed row in a CSV export below a multi-row header", () => {
    const lines = readFileSync(PTP_CSV, "utf8").split("\n");
    lines[9] = "97530,97116,,20200101,*,1";
    const error = thrown(() => parsePtpText(lines.join("\n"), "export.csv", catalog, "r"));
    expect(error.located()).toBe("export.csv:10: expected 7 fields, found 6");
  });

  it("names the line where an unclosed quote starts in a CSV export", () => {
    const text = 'Column 1,Column 2,*=in existence prior to 1996,Effective Date,Deletion Date,Modifier,PTP Edit Rationale\n97530,97140,,20200101,*,1,ok\n97530,97116,,20200101,*,1,"unclosed\n';
    expect(thrown(() => parsePtpText(text, "f.csv", catalog, "r")).located()).toBe("f.csv:3: not a readable CSV record: Quote Not Closed");
  });
});

describe("parseMueText", () => {
  it("reads the CSV table below its multi-line copyright cell and keeps the therapy codes", () => {
    const parsed = parseMueText(readFileSync(MUE_CSV, "latin1"), MUE_CSV, catalog, "2026 Q1", day("2026-01-01"));
    expect(parsed.rowsRead).toBe(8);
    const mue = (code: string, value: number, indicator: string, rationale: string) => ({
      code,
      value,
      adjudicationIndicator: indicator,
      rationale,
      origin: "imported",
      release: "2026 Q1",
      effective: "2026-01-01",
      source: "NCCI practitioner MUE table, 2026 Q1",
    });
    expect(parsed.edits).toEqual([
      mue("92526", 1, "2", "Nature of Service/Procedure"),
      mue("97110", 8, "3", "Clinical: Data"),
      mue("97165", 1, "2", "Code Descriptor / CPT Instruction"),
      mue("97530", 6, "3", "Clinical: Data"),
      mue("97760", 4, "3", "Clinical: Data"),
      mue("G0283", 1, "2", "CMS Policy"),
    ]);
  });

  it("counts lines inside the quoted copyright cell when it names a malformed row", () => {
    const text = readFileSync(MUE_CSV, "latin1").replace('"97530","6"', '"97530","6.5"');
    expect(thrown(() => parseMueText(text, "mue.csv", catalog, "r", undefined)).located()).toBe('mue.csv:10: MUE value "6.5" is not a whole number');
  });

  const header = "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale";
  it.each([
    ["a bad indicator", `${header}\n97530,6,Line Edit,Clinical: Data`, 'MUE Adjudication Indicator "Line Edit" does not start with 1, 2 or 3'],
    ["a value that is not a number", `${header}\n97530,six,3 Date of Service Edit: Clinical,Clinical: Data`, 'MUE value "six" is not a whole number'],
    ["a missing field", `${header}\n97530,6,3 Date of Service Edit: Clinical`, "expected 4 fields, found 3"],
  ])("rejects %s with the file and line", (_what, text, message) => {
    expect(thrown(() => parseMueText(text, "m.csv", catalog, "r", undefined)).located()).toBe(`m.csv:2: ${message}`);
  });
});

describe("importPtpFile", () => {
  it("stores the therapy edits with their release, atomically, where loadReference reads them", () => {
    const summary = importPtpFile({ file: PTP_TXT, catalog, importedDir, now: NOW });
    const stored = join(importedDir, "ncci-ptp.json");
    expect(summary).toEqual({ kind: "ncci-ptp", release: "ccipra-v321r0-f1", file: PTP_TXT, rowsRead: 9, rowsKept: 7, rowsReplaced: 0, editsStored: 7, storedIn: stored });
    const content = JSON.parse(readFileSync(stored, "utf8")) as ImportedPtpFile;
    expect(content).toEqual({
      kind: "ncci-ptp",
      releases: [{ release: "ccipra-v321r0-f1", file: "ccipra-v321r0-f1.txt", importedAt: "2026-01-15T12:00:00.000Z", rowsRead: 9, rowsKept: 7 }],
      edits: fixtureEdits("ccipra-v321r0-f1"),
    });
  });

  it("is seen by the next loadReference inside the effective range and not after the deletion date", () => {
    importPtpFile({ file: PTP_TXT, catalog, importedDir, release: "2026 Q1", now: NOW });
    const reference = loadReference({ importedDir });
    const ncci = reference.on("2026-03-10").ncci;
    expect(ncci.ptp("97530", "97116", day("2026-03-10"))?.release).toBe("2026 Q1");
    expect(ncci.ptp("97530", "97116", day("2019-12-31"))).toBeUndefined();
    // 97530/97113 was in force 2010-01-01 .. 2012-12-31
    expect(ncci.ptp("97530", "97113", day("2011-06-15"))?.modifierIndicator).toBe("1");
    expect(ncci.ptp("97530", "97113", day("2013-01-01"))).toBeUndefined();
    expect(ncci.ptpBetween("G0283", "97032", day("2026-03-10"))?.modifierIndicator).toBe("0");
    // the imported 97530/97140 replaces the curated starter row
    expect(ncci.ptp("97530", "97140", day("2026-03-10"))).toMatchObject({ origin: "imported", release: "2026 Q1", source: "NCCI practitioner PTP edits, 2026 Q1" });
    expect(ncci.ptpReleases.map((release) => release.release)).toEqual(["2026 Q1"]);
  });

  it("merges a newer release: same pair and effective date replaced, other rows kept", () => {
    importPtpFile({ file: PTP_TXT, catalog, importedDir, release: "2025 Q4", now: NOW });
    const newer = join(importedDir, "newer.txt");
    writeFileSync(
      newer,
      [
        "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale",
        `97530\t97140\t\t20200101\t20260331\t1\t${MISUSE}`,
        `97530\t97140\t\t20260401\t*\t0\t${MISUSE}`,
      ].join("\n"),
    );
    const summary = importPtpFile({ file: newer, catalog, importedDir, release: "2026 Q2", now: NOW });
    expect([summary.rowsKept, summary.rowsReplaced, summary.editsStored]).toEqual([2, 1, 8]);
    const ncci = loadReference({ importedDir }).on("2026-01-01").ncci;
    expect(ncci.ptp("97530", "97140", day("2026-03-30"))).toMatchObject({ modifierIndicator: "1", release: "2026 Q2", deleted: "2026-03-31" });
    expect(ncci.ptp("97530", "97140", day("2026-04-01"))).toMatchObject({ modifierIndicator: "0", release: "2026 Q2" });
    expect(ncci.ptp("97530", "97116", day("2026-04-01"))?.release).toBe("2025 Q4");
    expect(ncci.ptpReleases.map((release) => [release.release, release.rowsKept])).toEqual([
      ["2025 Q4", 7],
      ["2026 Q2", 2],
    ]);
  });

  it("writes nothing when a line is malformed, and names the file and the line", () => {
    const error = thrown(() => importPtpFile({ file: PTP_MALFORMED, catalog, importedDir, now: NOW }));
    expect(error.located()).toBe(`${PTP_MALFORMED}:8: Effective Date "2021-01-01" is not a date (YYYYMMDD)`);
    expect(existsSync(join(importedDir, "ncci-ptp.json"))).toBe(false);
  });

  it("leaves an earlier import untouched when a later file is malformed", () => {
    importPtpFile({ file: PTP_TXT, catalog, importedDir, now: NOW });
    const before = readFileSync(join(importedDir, "ncci-ptp.json"), "utf8");
    expect(() => importPtpFile({ file: PTP_MALFORMED, catalog, importedDir, now: NOW })).toThrow(InputError);
    expect(readFileSync(join(importedDir, "ncci-ptp.json"), "utf8")).toBe(before);
  });

  it("reports a missing file by name", () => {
    const missing = join(importedDir, "nope.txt");
    const error = thrown(() => importPtpFile({ file: missing, catalog, importedDir }));
    expect([error.code, error.located()]).toEqual(["file_not_found", `${missing}: no such file`]);
  });

  it("refuses to merge into a file that is not an otbill PTP import", () => {
    const stored = join(importedDir, "ncci-ptp.json");
    writeFileSync(stored, '{"kind":"mue","releases":[],"edits":[]}');
    expect(thrown(() => importPtpFile({ file: PTP_TXT, catalog, importedDir })).located()).toBe(`${stored}: not an otbill ncci-ptp import; move it away and import again`);
  });
});

describe("importMueFile", () => {
  it("stores the therapy MUEs with the quarter from the file name, and loadReference uses them", () => {
    const summary = importMueFile({ file: MUE_CSV, catalog, importedDir, now: NOW });
    expect(summary).toEqual({
      kind: "mue",
      release: "MCR_MUE_PractitionerServices_Eff_01-01-2026",
      file: MUE_CSV,
      rowsRead: 8,
      rowsKept: 6,
      rowsReplaced: 0,
      editsStored: 6,
      storedIn: join(importedDir, "mue.json"),
      effective: "2026-01-01",
    });
    const content = JSON.parse(readFileSync(join(importedDir, "mue.json"), "utf8")) as ImportedMueFile;
    expect(content.releases).toEqual([
      { release: "MCR_MUE_PractitionerServices_Eff_01-01-2026", file: "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv", importedAt: "2026-01-15T12:00:00.000Z", rowsRead: 8, rowsKept: 6 },
    ]);
    const ncci = loadReference({ importedDir }).on("2026-03-10").ncci;
    expect(ncci.mue("97530", day("2026-03-10"))).toMatchObject({ value: 6, adjudicationIndicator: "3", origin: "imported" });
    expect(ncci.mue("97530", day("2025-12-31"))).toBeUndefined();
    // codes the file does not list keep the curated starter row
    expect(ncci.mue("97166", day("2026-03-10"))).toMatchObject({ value: 1, origin: "curated" });
  });

  it("keeps each quarter's values: a later table takes over from its effective date", () => {
    importMueFile({ file: MUE_CSV, catalog, importedDir, now: NOW });
    const summary = importMueFile({ file: MUE_NEXT, catalog, importedDir, release: "2026 Q2", effective: "2026-04-01", now: NOW });
    expect([summary.rowsKept, summary.rowsReplaced, summary.editsStored]).toEqual([2, 0, 8]);
    const ncci = loadReference({ importedDir }).on("2026-04-01").ncci;
    expect(ncci.mue("97530", day("2026-03-31"))?.value).toBe(6);
    expect(ncci.mue("97530", day("2026-04-01"))?.value).toBe(5);
  });

  it("rejects an --effective that is not a date", () => {
    expect(thrown(() => importMueFile({ file: MUE_NEXT, catalog, importedDir, effective: "2026-13-01" })).message).toBe(
      '--effective: "2026-13-01" is not a calendar date in YYYY-MM-DD form',
    );
  });
});

describe("what counts as a therapy code", () => {
  it.each([
    ["97530", true], // catalog
    ["97003", true], // deleted code
    ["97799", true], // end of the PM&R range
    ["97010", true],
    ["97009", false],
    ["97800", false],
    ["92526", true],
    ["G0283", true],
    ["0552T", true],
    ["95992", true],
    ["99213", false],
    ["36415", false],
  ])("%s: %s", (code, expected) => {
    expect(isTherapyCode(code, catalog)).toBe(expected);
  });
});

describe("release and effective date from CMS file names", () => {
  it.each([
    ["/downloads/ccipra-v321r0-f1.txt", "ccipra-v321r0-f1"],
    ["MCR_MUE_PractitionerServices_Eff_01-01-2026.csv", "MCR_MUE_PractitionerServices_Eff_01-01-2026"],
  ])("%s is release %s", (file, release) => {
    expect(releaseFromFileName(file)).toBe(release);
  });

  it.each([
    ["MCR_MUE_PractitionerServices_Eff_10-01-2025.csv", "2025-10-01"],
    ["medicare-ncci-2026-q2-practitioner-services-mue-table.csv", "2026-04-01"],
    ["mue_2025Q4.csv", "2025-10-01"],
    ["mue.csv", undefined],
    ["MUE_Eff_02-30-2026.csv", undefined],
  ])("%s takes effect %s", (file, effective) => {
    expect(effectiveFromFileName(file)).toBe(effective);
  });
});

describe("NCCI files that are not a release", () => {
  it("refuses a file with a header and no rows, instead of importing an empty release", () => {
    const csv = readFileSync(PTP_CSV, "utf8").split(/\r?\n/);
    const headerAt = csv.findIndex((line) => /column 1/i.test(line) && /column 2/i.test(line));
    const headerOnly = csv.slice(0, headerAt + 1).join("\n") + "\n";
    const error = thrown(() => parsePtpText(headerOnly, "ptp.csv", catalog, "2026 Q1"));
    expect(error.message).toBe('no data rows under the PTP ("Column 1", "Column 2", "Effective Date", "Deletion Date", "Modifier") header: refusing an empty release');
    const tsv = "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\tPTP Edit Rationale\n";
    expect(thrown(() => parsePtpText(tsv, "ptp.txt", catalog, "v1")).message).toMatch(/^no data rows under the PTP/);
  });

  it("fails fast on a long file of one line", () => {
    const oneLine = "x,".repeat(10 * 1024 * 1024);
    // Refused from its first MiB (the header window) instead of being parsed whole.
    const error = thrown(() => parsePtpText(oneLine, "one-line.csv", catalog, "v1"));
    expect(error.details).toMatchObject({ file: "one-line.csv", line: 1 });
    const tabbed = "a\t".repeat(5 * 1024 * 1024);
    expect(thrown(() => parsePtpText(tabbed, "one-line.txt", catalog, "v1")).message).toBe(`line longer than ${64 * 1024} characters: not a row of this table`);
  });
});
