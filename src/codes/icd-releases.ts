/**
 * The ICD-10-CM code sets on their own: data/'s fiscal years and the imported ones, and
 * which of them answers a date. `otbill icd` needs nothing else, so it loads these
 * instead of the whole reference (fee schedules, GPCIs, NCCI: about 0.1 s of CPU it
 * would never read); Reference answers a day's code set through icdForDate too.
 */
import { icdFiscalYearOf, isWithin, type IsoDate } from "../reference/dates.js";
import { importedEditsDir } from "../reference/home.js";
import { DEFAULT_DATA_DIR, type LoadOptions } from "../reference/load.js";
import { loadIcdSets } from "../reference/load-icd.js";
import { importedIcdReleases } from "../reference/load-imported.js";
import type { IcdCodeSet } from "./icd.js";

export interface IcdForDay {
  codeSet: IcdCodeSet;
  fiscalYear: number;
  /** true when the date's own fiscal year is not loaded and another year answers */
  fallback: boolean;
}

/** The code sets loadReferenceTables would load with the same options (same data dir and imports). */
export function loadIcdCodeSets(options: LoadOptions = {}): IcdCodeSet[] {
  const importedDir = options.importedDir === undefined ? importedEditsDir() : options.importedDir;
  return loadIcdSets(options.dataDir ?? DEFAULT_DATA_DIR, importedIcdReleases(importedDir));
}

/** The date's own fiscal year, else the nearest loaded year (flagged as a fallback). */
export function icdForDate(sets: readonly IcdCodeSet[], date: IsoDate): IcdForDay {
  const own = sets.find((set) => isWithin(date, set.release.start, set.release.end));
  if (own) return { codeSet: own, fiscalYear: own.release.fiscalYear, fallback: false };
  const wanted = icdFiscalYearOf(date);
  const nearest = [...sets].sort((a, b) => Math.abs(a.release.fiscalYear - wanted) - Math.abs(b.release.fiscalYear - wanted))[0];
  if (!nearest) throw new Error("no ICD-10-CM release is loaded");
  return { codeSet: nearest, fiscalYear: nearest.release.fiscalYear, fallback: true };
}

/** The newest fiscal year loaded (search without a date). */
export function latestIcdSet(sets: readonly IcdCodeSet[]): IcdCodeSet {
  const latest = [...sets].sort((a, b) => b.release.fiscalYear - a.release.fiscalYear)[0];
  if (!latest) throw new Error("no ICD-10-CM release is loaded");
  return latest;
}
