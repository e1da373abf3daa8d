/**
 * What the user loaded with `otbill data import|set` (data-import.ts), merged over data/:
 * an imported year's fee schedule or GPCIs replace the shipped year, an imported ICD-10-CM
 * fiscal year replaces the shipped one, and the yearly policy numbers (KX threshold, Part B
 * deductible, conversion factor) are added or replace that year's.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { icdFileName, readImportedPolicy, type ImportedFeeSchedule, type ImportedGpci, type ImportedIcd } from "./data-import.js";
import type { IsoDate } from "./dates.js";
import type { ImportedIcdRelease } from "./load-icd.js";
import type { ReferenceTables } from "./load.js";
import type { FeeScheduleYear, GpciYear } from "./types.js";

function readJson<T extends { kind: string }>(path: string, kind: string): T {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as T;
    if (parsed.kind === kind) return parsed;
  } catch {
    // reported below
  }
  throw new InputError("file_unreadable", `not an otbill ${kind} import; import the CMS file again`, { file: path });
}

function filesMatching(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => pattern.test(name)).sort();
}

/** The imported ICD-10-CM fiscal years, for loadIcdSets. */
export function importedIcdReleases(dir: string | null): ImportedIcdRelease[] {
  if (!dir) return [];
  return filesMatching(dir, /^icd10cm-fy\d{4}\.json$/).map((name) => {
    const manifest = readJson<ImportedIcd>(join(dir, name), "icd10cm");
    const year = manifest.fiscalYear;
    return {
      fiscalYear: year,
      start: `${year - 1}-10-01`,
      end: `${year}-09-30`,
      file: join(dir, icdFileName(year)),
      source: `imported ${manifest.release} (${manifest.file}) on ${manifest.importedAt.slice(0, 10)}`,
    };
  });
}

function replaceYear<T extends { year: number }>(rows: T[], incoming: T): T[] {
  return [...rows.filter((row) => row.year !== incoming.year), incoming].sort((a, b) => a.year - b.year);
}

export function mergeImported(tables: ReferenceTables, dir: string | null): ReferenceTables {
  if (!dir || !existsSync(dir)) return tables;
  for (const name of filesMatching(dir, /^pprrvu-\d{4}\.json$/)) {
    const imported = readJson<ImportedFeeSchedule>(join(dir, name), "pprrvu");
    const year: FeeScheduleYear = {
      year: imported.year,
      release: imported.release,
      file: `imported ${imported.file} (${imported.importedAt.slice(0, 10)})`,
      start: `${imported.year}-01-01` as IsoDate,
      end: `${imported.year}-12-31` as IsoDate,
      rows: new Map(imported.rows.map((row) => [row.code, row])),
      importedAt: imported.importedAt,
    };
    tables.feeSchedules = replaceYear(tables.feeSchedules, year);
  }
  for (const name of filesMatching(dir, /^gpci-\d{4}\.json$/)) {
    const imported = readJson<ImportedGpci>(join(dir, name), "gpci");
    const shipped = tables.gpciYears.find((row) => row.year === imported.year);
    const hasWithout = imported.rows.some((row) => row.workWithoutFloor !== undefined);
    const floor = shipped?.workFloor ?? tables.workFloors.get(imported.year);
    const year: GpciYear = {
      year: imported.year,
      file: `imported ${imported.file} (${imported.importedAt.slice(0, 10)})`,
      start: `${imported.year}-01-01` as IsoDate,
      end: `${imported.year}-12-31` as IsoDate,
      rows: new Map(imported.rows.map((row) => [row.locality, { ...row, counties: shipped?.rows.get(row.locality)?.counties ?? "" }])),
      // No floor dates for the year: the file's without-floor column applies (no extension is known).
      ...(floor ? { workFloor: floor } : hasWithout ? { workFloor: { start: "1900-01-01" as IsoDate, end: "1900-01-01" as IsoDate, source: `no 1.0 work GPCI floor is known for ${imported.year} (data/policy/gpci_work_floor.csv)` } } : {}),
    };
    tables.gpciYears = replaceYear(tables.gpciYears, year);
  }
  const policy = readImportedPolicy(dir);
  for (const row of policy["kx-threshold"]) {
    const earlier = [...tables.kxThresholds.values()].filter((entry) => entry.year < row.year).sort((a, b) => b.year - a.year)[0];
    tables.kxThresholds.set(row.year, {
      year: row.year,
      ot: row.value,
      ptSlp: row.value,
      // the targeted medical review amount ($3,000) is set by law, not yearly
      reviewOt: earlier?.reviewOt ?? 300000,
      reviewPtSlp: earlier?.reviewPtSlp ?? 300000,
      source: `otbill data set kx-threshold ${row.year} on ${row.setAt.slice(0, 10)}: ${row.source}`,
    });
  }
  for (const row of policy.deductible) {
    tables.deductibles.set(row.year, { cents: row.value, source: `otbill data set deductible ${row.year} on ${row.setAt.slice(0, 10)}: ${row.source}` });
  }
  for (const row of policy["conversion-factor"]) {
    tables.conversionFactors = [
      ...tables.conversionFactors.filter((cf) => !(cf.year === row.year && !cf.qualifyingApm)),
      { year: row.year, start: `${row.year}-01-01` as IsoDate, end: `${row.year}-12-31` as IsoDate, value: row.value, qualifyingApm: false, source: `otbill data set conversion-factor ${row.year} on ${row.setAt.slice(0, 10)}: ${row.source}` },
    ];
  }
  return tables;
}
