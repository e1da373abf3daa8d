/**
 * Loading data/: a damaged copy (a missing file, a corrupt CSV row, a bad value) fails
 * with one InputError naming the file and the line, never a stack trace. Each test
 * works on its own copy of data/ in a temporary folder.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { DEFAULT_DATA_DIR, loadReferenceTables } from "./load.js";
import { loadReference } from "./reference.js";

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "otbill-data-"));
  cpSync(DEFAULT_DATA_DIR, dataDir, { recursive: true });
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function loadError(): InputError {
  try {
    // ICD-10-CM years are read on first use: touch each so a damaged row shows here.
    for (const set of loadReferenceTables({ dataDir, importedDir: null }).icdSets) void set.size;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected the load to fail");
}

/** Replaces one line (1-based) of a data file. */
function replaceLine(relative: string, line: number, text: string): string {
  const file = join(dataDir, relative);
  const lines = readFileSync(file, "utf8").split("\n");
  lines[line - 1] = text;
  writeFileSync(file, lines.join("\n"));
  return file;
}

describe("loading a damaged copy of data/", () => {
  it("loads an intact copy", () => {
    const tables = loadReferenceTables({ dataDir, importedDir: null });
    expect(tables.icdSets.map((set) => set.isLoaded)).toEqual([false, false]);
    expect([tables.dataDir, tables.feeSchedules.length, tables.catalog.all().length, tables.icdSets[0]?.size, tables.icdSets[1]?.size]).toEqual([dataDir, 5, 120, 74719, 74879]);
  });

  it("names a missing policy file", () => {
    const file = join(dataDir, "policy/therapy_kx_thresholds.csv");
    unlinkSync(file);
    const error = loadError();
    expect([error.code, error.located()]).toEqual(["file_not_found", `${file}: no such file`]);
  });

  it("names a missing RVU file that the releases list points to", () => {
    const file = join(dataDir, "pfs/pprrvu_2025_oct_therapy.csv");
    unlinkSync(file);
    expect(loadError().located()).toBe(`${file}: no such file`);
  });

  it("names a missing ICD-10-CM file", () => {
    const file = join(dataDir, "icd10cm/icd10cm_codes_fy2026.tsv");
    unlinkSync(file);
    expect(loadError().located()).toBe(`${file}: no such file`);
  });

  it("names the file and line of a row with an extra field", () => {
    const file = replaceLine("otbill/therapy_codes.csv", 3, "92526,therapy,N,,,N,swallowing,Treatment of swallowing,swallowing,extra");
    const error = loadError();
    expect([error.code, error.located()]).toEqual(["malformed_row", `${file}:3: malformed CSV: columns length is 9, got 10 on line 3`]);
  });

  it("names the file and line of a row with a stray quote", () => {
    const file = replaceLine("otbill/deleted_codes.csv", 4, '97003,2017-01-01,97165 97166 97167,Occupational "therapy" evaluation,x');
    expect(loadError().located()).toBe(`${file}:4: malformed CSV: a quote is found on field "label" at line 4, value is "Occupational "`);
  });

  it("names the file, line and column of a number that is not a number", () => {
    const file = replaceLine("pfs/conversion_factors.csv", 8, "2025,2025-01-01,2025-12-31,32.34x5,single,primary_file,source");
    expect(loadError().located()).toBe(`${file}:8: column conversion_factor: "32.34x5" is not a number`);
  });

  it("names the file and line of a date that is not a date", () => {
    const file = replaceLine("pfs/releases.csv", 6, "2026,2026-02-30,2026-12-31,pprrvu_2026_jan_nonqpp_therapy.csv,RVU26A,January release,pprrvu_2026_jan_nonqpp_extra.csv");
    expect(loadError().located()).toBe(`${file}:6: effective_start: "2026-02-30" is not a calendar date in YYYY-MM-DD form`);
  });

  it("names a required column missing from the header", () => {
    const file = replaceLine("pfs/gpci_2026.csv", 1, "year,mac,state,locality_number,locality_name,pw_gpci_without_floor,pw_gpci_with_floor,pe,mp_gpci");
    expect(loadError().located()).toBe(`${file}:1: missing column(s) pe_gpci in the header`);
  });

  it("names the file and line of an ICD-10-CM row without its tabs", () => {
    const file = replaceLine("icd10cm/icd10cm_codes_fy2026.tsv", 3, "A001 A00.1 Cholera due to Vibrio cholerae 01, biovar eltor");
    expect(loadError().located()).toBe(`${file}:3: expected code<TAB>dotted<TAB>description`);
  });

  it("names the line of an unknown discipline in the code catalog", () => {
    const file = replaceLine("otbill/therapy_codes.csv", 2, "0552T,nursing,N,,,N,modality,Low-level laser therapy,laser");
    expect(loadError().located()).toBe(`${file}:2: discipline "nursing" is not OT, PT, SLP, therapy, sometimes, AT or other`);
  });

  it("names the line of a curated NCCI edit with a bad modifier indicator", () => {
    const file = replaceLine("otbill/ncci_ptp_curated.csv", 2, "97530,97140,20200101,*,2,Misuse,curated");
    expect(loadError().located()).toBe(`${file}:2: modifier_indicator "2" is not 0, 1 or 9`);
  });
});

describe("imported NCCI edits", () => {
  let importedDir: string;

  beforeEach(() => {
    importedDir = mkdtempSync(join(tmpdir(), "otbill-imported-"));
  });

  afterEach(() => {
    rmSync(importedDir, { recursive: true, force: true });
  });

  it("loads without imports when the folder has none", () => {
    expect(loadReferenceTables({ dataDir, importedDir }).ncci.ptpReleases).toEqual([]);
  });

  it("names an imported file that is not JSON", () => {
    const file = join(importedDir, "ncci-ptp.json");
    writeFileSync(file, "{ not json");
    let caught: unknown;
    try {
      loadReferenceTables({ dataDir, importedDir });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).located()).toBe(`${file}: the imported edits file is not valid JSON; import the CMS file again`);
  });

  it("ignores imports when importedDir is null", () => {
    writeFileSync(join(importedDir, "ncci-ptp.json"), "{ not json");
    expect(loadReferenceTables({ dataDir, importedDir: null }).ncci.ptpCount).toBe(62);
  });
});

describe("loadReference", () => {
  it("builds a new Reference for explicit options", () => {
    expect(loadReference({ dataDir, importedDir: null })).not.toBe(loadReference({ dataDir, importedDir: null }));
    expect(loadReference({ dataDir, importedDir: null }).tables.dataDir).toBe(dataDir);
  });

  it("shares one Reference per process without options, reading imports from OTBILL_HOME", () => {
    const home = mkdtempSync(join(tmpdir(), "otbill-home-"));
    const previous = process.env.OTBILL_HOME;
    process.env.OTBILL_HOME = home;
    try {
      const shared = loadReference();
      expect(loadReference()).toBe(shared);
      expect(shared.tables.dataDir).toBe(DEFAULT_DATA_DIR);
    } finally {
      if (previous === undefined) delete process.env.OTBILL_HOME;
      else process.env.OTBILL_HOME = previous;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
