/**
 * `otbill data status`: what reference data is loaded for which dates, and what is missing
 * for a date (today) and for the coming calendar year: the fee schedule, GPCIs, conversion
 * factor, KX threshold, Part B deductible and the ICD-10-CM fiscal year.
 */
import { icdFiscalYearOf, type IsoDate } from "./dates.js";
import type { Reference } from "./reference.js";

export interface LoadedItem {
  what: string;
  covers: string;
  source: string;
}

export interface MissingItem {
  what: string;
  for: string;
  consequence: string;
  load: string;
}

export interface DataStatus {
  today: IsoDate;
  loaded: LoadedItem[];
  missing: MissingItem[];
}

function missingFor(reference: Reference, date: IsoDate, label: string): MissingItem[] {
  const day = reference.on(date);
  const year = day.year;
  const missing: MissingItem[] = [];
  if (!day.feeSchedule) missing.push({ what: `${year} Medicare fee schedule (PPRRVU)`, for: label, consequence: `${year} visits cannot be priced`, load: "otbill data import pprrvu FILE" });
  if (!day.conversionFactor()) missing.push({ what: `${year} conversion factor`, for: label, consequence: `${year} visits cannot be priced`, load: `otbill data set conversion-factor ${year} VALUE --source TEXT` });
  if (!day.gpciYearLoaded) missing.push({ what: `${year} GPCIs`, for: label, consequence: `${year} visits with a locality cannot be priced (national rates only)`, load: "otbill data import gpci FILE" });
  if (!day.kxThreshold) missing.push({ what: `${year} KX threshold`, for: label, consequence: `${year} Medicare visits cannot be KX-checked`, load: `otbill data set kx-threshold ${year} VALUE --source TEXT` });
  if (day.deductibleCents === undefined) missing.push({ what: `${year} Part B deductible`, for: label, consequence: `${year} patient shares assume the deductible is met`, load: `otbill data set deductible ${year} VALUE --source TEXT` });
  if (day.icd.fallback) missing.push({ what: `ICD-10-CM FY${icdFiscalYearOf(date)}`, for: label, consequence: `diagnoses are checked against FY${day.icd.fiscalYear}`, load: `otbill data import icd10cm FILE --fiscal-year ${icdFiscalYearOf(date)}` });
  return missing;
}

export function dataStatus(reference: Reference, today: IsoDate): DataStatus {
  const tables = reference.tables;
  const loaded: LoadedItem[] = [];
  for (const schedule of tables.feeSchedules) loaded.push({ what: `fee schedule ${schedule.year} (${schedule.release}, ${schedule.rows.size} codes)`, covers: `${schedule.start}..${schedule.end ?? ""}`, source: schedule.file });
  for (const cf of tables.conversionFactors) loaded.push({ what: `conversion factor ${cf.year}${cf.qualifyingApm ? " (qualifying APM)" : ""}: $${(cf.value / 10_000).toFixed(4)}`, covers: `${cf.start}..${cf.end ?? ""}`, source: cf.source });
  for (const gpci of tables.gpciYears) loaded.push({ what: `GPCIs ${gpci.year} (${gpci.rows.size} localities)`, covers: `${gpci.start}..${gpci.end ?? ""}`, source: gpci.file });
  for (const kx of [...tables.kxThresholds.values()].sort((a, b) => a.year - b.year)) loaded.push({ what: `KX threshold ${kx.year}: $${(kx.ot / 100).toFixed(2)}`, covers: `${kx.year}-01-01..${kx.year}-12-31`, source: kx.source });
  for (const [year, deductible] of [...tables.deductibles.entries()].sort((a, b) => a[0] - b[0])) loaded.push({ what: `Part B deductible ${year}: $${(deductible.cents / 100).toFixed(2)}`, covers: `${year}-01-01..${year}-12-31`, source: deductible.source });
  for (const set of tables.icdSets) loaded.push({ what: `ICD-10-CM FY${set.release.fiscalYear}`, covers: `${set.release.start}..${set.release.end}`, source: set.release.file });
  loaded.push({ what: `NCCI PTP pairs: ${tables.ncci.ptpCount} (${tables.ncci.ptpReleases.length > 0 ? `imported ${tables.ncci.ptpReleases.map((entry) => entry.release).join(", ")}` : "curated starter rows only"})`, covers: "by each edit's dates", source: "data/otbill/, data/ncci/ and imports" });
  loaded.push({ what: `MUE codes: ${tables.ncci.mueCount} (${tables.ncci.mueReleases.length > 0 ? `imported ${tables.ncci.mueReleases.map((entry) => entry.release).join(", ")}` : "curated starter rows only"})`, covers: "by each edit's dates", source: "data/otbill/, data/ncci/ and imports" });
  const comingYear = Number(today.slice(0, 4)) + 1;
  const coming = `${comingYear}-01-01` as IsoDate;
  const missing = [...missingFor(reference, today, `today (${today})`), ...missingFor(reference, coming, `the coming year (${comingYear})`)];
  // The next ICD-10-CM fiscal year starts 1 October.
  const nextFy = icdFiscalYearOf(today) + 1;
  const fyStart = `${nextFy - 1}-10-01` as IsoDate;
  if (!tables.icdSets.some((set) => set.release.fiscalYear === nextFy)) {
    missing.push({ what: `ICD-10-CM FY${nextFy}`, for: `dates from ${fyStart}`, consequence: `diagnoses from ${fyStart} are checked against an older year`, load: `otbill data import icd10cm FILE --fiscal-year ${nextFy}` });
  }
  return { today, loaded, missing };
}

export function formatDataStatus(status: DataStatus): string {
  const lines = [`Reference data loaded (today is ${status.today}):`];
  for (const item of status.loaded) lines.push(`  ${item.what}  [${item.covers}]`);
  if (status.missing.length === 0) lines.push("", "Nothing is missing for today or the coming year.");
  else {
    lines.push("", "Missing:");
    for (const item of status.missing) lines.push(`  ${item.what} for ${item.for}: ${item.consequence}. Load it: ${item.load}`);
  }
  return `${lines.join("\n")}\n`;
}
