/**
 * Reads data/ (and the user's imported NCCI/MUE releases) once into plain tables.
 * Every number the engine uses comes from these files; nothing is typed into code.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CodeCatalog } from "../codes/catalog.js";
import type { IcdCodeSet } from "../codes/icd.js";
import { InputError } from "../errors.js";
import { readCsv, readTextFile, requireField } from "./csv.js";
import { importedEditsDir } from "./home.js";
import { dollarsToCentsField, isoField, optionalIso, scaled } from "./csv-fields.js";
import { loadCatalog, loadCuratedMue, loadCuratedPtp, loadWebCuratedMue, loadWebCuratedPtp } from "./load-code-tables.js";
import { loadIcdSets } from "./load-icd.js";
import { importedIcdReleases, mergeImported } from "./load-imported.js";
import { NcciTables, type ImportedMueFile, type ImportedPtpFile } from "./ncci.js";
import { NONPAR_POLICY_FILE, parseNonParticipatingPolicies, type NonParticipatingPolicy } from "./nonpar.js";
import type {
  ConversionFactor,
  FeeScheduleYear,
  GpciRow,
  GpciYear,
  KxThreshold,
  PayerKind,
  PercentPeriod,
  Period,
  PocRules,
  RvuRow,
  TelehealthPeriod,
  TelehealthPlacePeriod,
  UnitRule,
  UnitRuleDefault,
} from "./types.js";

export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

export interface ReferenceTables {
  dataDir: string;
  /** the folder of imported releases merged in, if any (src/reference/home.ts) */
  importedDir?: string | null;
  /** the work GPCI floor's dates per year (data/policy/gpci_work_floor.csv) */
  workFloors: Map<number, Period & { source: string }>;
  feeSchedules: FeeScheduleYear[];
  conversionFactors: ConversionFactor[];
  gpciYears: GpciYear[];
  kxThresholds: Map<number, KxThreshold>;
  deductibles: Map<number, { cents: number; source: string }>;
  assistantPayment: PercentPeriod[];
  mpprPePaid: PercentPeriod[];
  sequestration: PercentPeriod[];
  coinsurance: PercentPeriod[];
  telehealth: TelehealthPeriod[];
  telehealthPlaces: TelehealthPlacePeriod[];
  nonParticipating: NonParticipatingPolicy[];
  unitRules: Map<PayerKind, UnitRuleDefault>;
  pocRules: PocRules;
  icdSets: IcdCodeSet[];
  catalog: CodeCatalog;
  ncci: NcciTables;
  placesOfService: Map<string, { code: string; description: string; unassigned: boolean }>;
}

export interface LoadOptions {
  dataDir?: string;
  /** Folder of imported NCCI/MUE JSON; `null` to ignore imports (tests). */
  importedDir?: string | null;
}

/** The rows of one PPRRVU CSV (global rows only: therapy codes have no 26/TC split). */
export function readRvuRows(file: string, rows: Map<string, RvuRow> = new Map()): Map<string, RvuRow> {
  readCsv(file, ["HCPCS", "MOD", "STATUS_CODE", "WORK_RVU", "NON_FAC_PE_RVU", "MP_RVU", "MULT_PROC"]).forEach((row, rowIndex) => {
    const line = rowIndex + 2;
    if (row.MOD) return; // therapy codes are global-only; 26/TC rows would not apply
    const code = requireField(row, "HCPCS", file, line);
    rows.set(code, {
      code,
      description: row.DESCRIPTION ?? "",
      status: requireField(row, "STATUS_CODE", file, line),
      workRvu: scaled(row, "WORK_RVU", 2, file, line),
      nonFacilityPeRvu: scaled(row, "NON_FAC_PE_RVU", 2, file, line),
      facilityPeRvu: scaled(row, "FACILITY_PE_RVU", 2, file, line),
      mpRvu: scaled(row, "MP_RVU", 2, file, line),
      multipleProcedure: requireField(row, "MULT_PROC", file, line),
      globalDays: row.GLOB_DAYS ?? "",
    });
  });
  return rows;
}

function loadFeeSchedules(dir: string): FeeScheduleYear[] {
  const manifest = join(dir, "pfs/releases.csv");
  return readCsv(manifest, ["year", "effective_start", "file", "release"]).map((entry, index) => {
    const file = join(dir, "pfs", requireField(entry, "file", manifest, index + 2));
    const rows = readRvuRows(file);
    // The SLP and splint codes come from the same release, extracted to their own file.
    if (entry.extra_file) readRvuRows(join(dir, "pfs", entry.extra_file), rows);
    const end = optionalIso(entry, "effective_end", manifest, index + 2);
    return {
      year: Number(entry.year),
      release: entry.release ?? "",
      file: `pfs/${entry.file}`,
      start: isoField(entry, "effective_start", manifest, index + 2),
      ...(end ? { end } : {}),
      rows,
      hasExtraCodes: Boolean(entry.extra_file),
    };
  });
}

function loadConversionFactors(dir: string): ConversionFactor[] {
  const file = join(dir, "pfs/conversion_factors.csv");
  return readCsv(file, ["year", "effective_start", "conversion_factor", "cf_type"]).map((row, index) => {
    const line = index + 2;
    const end = optionalIso(row, "effective_end", file, line);
    return {
      year: Number(row.year),
      start: isoField(row, "effective_start", file, line),
      ...(end ? { end } : {}),
      value: scaled(row, "conversion_factor", 4, file, line),
      qualifyingApm: row.cf_type === "qualifying_apm",
      source: row.source ?? "",
    };
  });
}

function loadWorkFloors(dir: string): Map<number, Period & { source: string }> {
  return new Map(
    readCsv(join(dir, "policy/gpci_work_floor.csv"), ["year", "floor_start", "floor_end"]).map((row, index) => {
      const file = join(dir, "policy/gpci_work_floor.csv");
      return [
        Number(row.year),
        { start: isoField(row, "floor_start", file, index + 2), end: isoField(row, "floor_end", file, index + 2), source: row.source ?? "" },
      ] as const;
    }),
  );
}

function loadGpciYears(dir: string, floors: Map<number, Period & { source: string }>): GpciYear[] {
  const manifest = join(dir, "pfs/gpci_releases.csv");
  return readCsv(manifest, ["year", "effective_start", "gpci_file", "locality_file"]).map((entry, index) => {
    const year = Number(entry.year);
    const gpciFile = join(dir, "pfs", entry.gpci_file ?? "");
    const countyFile = join(dir, "pfs", entry.locality_file ?? "");
    const counties = new Map<string, string>();
    readCsv(countyFile, ["mac", "locality_number", "counties"]).forEach((row) => {
      counties.set(`${row.mac}-${row.locality_number}`, `${row.fee_schedule_area ?? ""}: ${row.counties ?? ""}`);
    });
    const rows = new Map<string, GpciRow>();
    readCsv(gpciFile, ["mac", "locality_number", "pw_gpci_with_floor", "pe_gpci", "mp_gpci"]).forEach((row, rowIndex) => {
      const line = rowIndex + 2;
      const locality = `${requireField(row, "mac", gpciFile, line)}-${requireField(row, "locality_number", gpciFile, line)}`;
      const withoutFloor = row.pw_gpci_without_floor ? scaled(row, "pw_gpci_without_floor", 3, gpciFile, line) : undefined;
      rows.set(locality, {
        year,
        locality,
        mac: row.mac ?? "",
        localityNumber: row.locality_number ?? "",
        state: row.state ?? "",
        name: row.locality_name ?? "",
        counties: counties.get(locality) ?? "",
        ...(withoutFloor !== undefined ? { workWithoutFloor: withoutFloor } : {}),
        workWithFloor: scaled(row, "pw_gpci_with_floor", 3, gpciFile, line),
        pe: scaled(row, "pe_gpci", 3, gpciFile, line),
        mp: scaled(row, "mp_gpci", 3, gpciFile, line),
      });
    });
    const end = optionalIso(entry, "effective_end", manifest, index + 2);
    const floor = floors.get(year);
    return {
      year,
      file: `pfs/${entry.gpci_file}`,
      start: isoField(entry, "effective_start", manifest, index + 2),
      ...(end ? { end } : {}),
      rows,
      ...(floor ? { workFloor: floor } : {}),
    };
  });
}

function loadPercentPeriods(file: string, column: string): PercentPeriod[] {
  return readCsv(file, ["effective_start", column]).map((row, index) => {
    const line = index + 2;
    const end = optionalIso(row, "effective_end", file, line);
    return {
      start: isoField(row, "effective_start", file, line),
      ...(end ? { end } : {}),
      percent: Number(requireField(row, column, file, line)),
      source: row.source ?? "",
    };
  });
}

function loadTelehealthPlaces(file: string): TelehealthPlacePeriod[] {
  return readCsv(file, ["start", "place_rule"]).map((row, index) => {
    const line = index + 2;
    const rule = row.place_rule;
    if (rule !== "in-person" && rule !== "telehealth") throw new InputError("malformed_row", `place_rule ${JSON.stringify(rule)} is not in-person or telehealth`, { file, line });
    const end = optionalIso(row, "end", file, line);
    return { start: isoField(row, "start", file, line), ...(end ? { end } : {}), placeRule: rule, source: row.source ?? "" };
  });
}

function loadPocRules(file: string): PocRules {
  const rows = readCsv(file, ["rule", "value"]);
  const values = new Map(rows.map((row) => [row.rule ?? "", Number(row.value)]));
  const sources = Object.fromEntries(rows.map((row) => [row.rule ?? "", row.source ?? ""]));
  const need = (rule: string): number => {
    const value = values.get(rule);
    if (value === undefined || Number.isNaN(value)) throw new InputError("malformed_row", `rule ${rule} is missing`, { file });
    return value;
  };
  return {
    initialCertificationDays: need("initial_certification_days"),
    recertificationDays: need("recertification_days"),
    progressReportTreatmentDays: need("progress_report_treatment_days"),
    assistantDeMinimisPercent: need("assistant_de_minimis_percent"),
    maxModifiersPerLine: need("max_modifiers_per_line"),
    maxDiagnosesPerClaim: need("max_diagnoses_per_claim"),
    maxPointersPerLine: need("max_pointers_per_line"),
    sources,
  };
}

function readImported<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    throw new InputError("file_unreadable", "the imported edits file is not valid JSON; import the CMS file again", { file });
  }
}

export const IMPORTED_PTP_FILE = "ncci-ptp.json";
export const IMPORTED_MUE_FILE = "mue.json";

export function loadReferenceTables(options: LoadOptions = {}): ReferenceTables {
  const dir = options.dataDir ?? DEFAULT_DATA_DIR;
  const importedDir = options.importedDir === undefined ? importedEditsDir() : options.importedDir;
  const kxFile = join(dir, "policy/therapy_kx_thresholds.csv");
  const deductibleFile = join(dir, "policy/part_b_deductible.csv");
  const unitRuleFile = join(dir, "policy/unit_rules.csv");
  const telehealthFile = join(dir, "policy/telehealth_therapist_periods.csv");
  const posFile = join(dir, "codesets/place_of_service_codes.csv");
  const ptpImported = importedDir ? readImported<ImportedPtpFile>(join(importedDir, IMPORTED_PTP_FILE)) : undefined;
  const mueImported = importedDir ? readImported<ImportedMueFile>(join(importedDir, IMPORTED_MUE_FILE)) : undefined;

  const workFloors = loadWorkFloors(dir);
  return mergeImported({
    dataDir: dir,
    importedDir,
    workFloors,
    feeSchedules: loadFeeSchedules(dir),
    conversionFactors: loadConversionFactors(dir),
    gpciYears: loadGpciYears(dir, workFloors),
    kxThresholds: new Map(
      readCsv(kxFile, ["year", "kx_threshold_ot", "kx_threshold_pt_slp_combined"]).map((row, index) => [
        Number(row.year),
        {
          year: Number(row.year),
          ot: dollarsToCentsField(row, "kx_threshold_ot", kxFile, index + 2),
          ptSlp: dollarsToCentsField(row, "kx_threshold_pt_slp_combined", kxFile, index + 2),
          reviewOt: dollarsToCentsField(row, "targeted_medical_review_threshold_ot", kxFile, index + 2),
          reviewPtSlp: dollarsToCentsField(row, "targeted_medical_review_threshold_pt_slp", kxFile, index + 2),
          source: row.source ?? "",
        },
      ]),
    ),
    deductibles: new Map(
      readCsv(deductibleFile, ["year", "part_b_annual_deductible"]).map((row, index) => [
        Number(row.year),
        { cents: dollarsToCentsField(row, "part_b_annual_deductible", deductibleFile, index + 2), source: row.source ?? "" },
      ]),
    ),
    assistantPayment: loadPercentPeriods(join(dir, "policy/assistant_reduction.csv"), "percent_paid"),
    mpprPePaid: loadPercentPeriods(join(dir, "policy/mppr.csv"), "pe_percent_paid_for_subsequent_units"),
    sequestration: loadPercentPeriods(join(dir, "policy/sequestration.csv"), "percent"),
    coinsurance: loadPercentPeriods(join(dir, "policy/coinsurance.csv"), "percent"),
    telehealth: readCsv(telehealthFile, ["start", "end", "pays_therapists"]).map((row, index) => ({
      start: isoField(row, "start", telehealthFile, index + 2),
      end: isoField(row, "end", telehealthFile, index + 2),
      paysTherapists: row.pays_therapists === "Y",
      source: row.source ?? "",
    })),
    telehealthPlaces: loadTelehealthPlaces(join(dir, "policy/telehealth_place_of_service.csv")),
    nonParticipating: parseNonParticipatingPolicies(readTextFile(join(dir, NONPAR_POLICY_FILE)), join(dir, NONPAR_POLICY_FILE)),
    unitRules: new Map(
      readCsv(unitRuleFile, ["payer_kind", "unit_rule"]).map((row) => [
        row.payer_kind as PayerKind,
        { payerKind: row.payer_kind as PayerKind, unitRule: row.unit_rule as UnitRule, source: row.source ?? "" },
      ]),
    ),
    pocRules: loadPocRules(join(dir, "policy/poc_rules.csv")),
    icdSets: loadIcdSets(dir, importedIcdReleases(importedDir)),
    catalog: loadCatalog(dir),
    ncci: new NcciTables(
      // otbill's own rows first; rows curated from public pages only where otbill has none
      [...loadCuratedPtp(join(dir, "otbill/ncci_ptp_curated.csv")), ...loadWebCuratedPtp(join(dir, "ncci/curated_therapy_pairs.tsv"))],
      [...loadCuratedMue(join(dir, "otbill/mue_curated.csv")), ...loadWebCuratedMue(join(dir, "ncci/curated_therapy_mue.tsv"))],
      {
      ...(ptpImported ? { ptp: ptpImported } : {}),
      ...(mueImported ? { mue: mueImported } : {}),
      },
    ),
    placesOfService: new Map(
      readCsv(posFile, ["pos_code", "description_cms_ccw"]).map((row) => [
        row.pos_code ?? "",
        { code: row.pos_code ?? "", description: row.description_cms_ccw ?? "", unassigned: row.unassigned === "Y" },
      ]),
    ),
  }, importedDir);
}
