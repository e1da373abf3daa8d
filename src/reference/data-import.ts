/**
 * Staying current without a release: `otbill data import pprrvu|gpci|icd10cm FILE` and
 * `otbill data set kx-threshold|deductible|conversion-factor YEAR VALUE --source TEXT`.
 * Each reads the whole input first (one bad line stops it with the file and line, and
 * nothing is written), then writes one JSON file under <otbill home>/reference by
 * writing beside it and renaming (atomic), recording the release and when it was loaded.
 * loadReferenceTables() merges these over data/ (load-imported.ts).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { dotIcd } from "../codes/icd.js";
import type { CodeCatalog } from "../codes/catalog.js";
import { InputError } from "../errors.js";
import { readCmsFile } from "./cms-table.js";
import { csvParser } from "./csv.js";
import { parseScaled } from "./fixed.js";
import { importedEditsDir } from "./home.js";
import type { GpciRow, RvuRow } from "./types.js";

export const IMPORTED_POLICY_FILE = "policy.json";
export const pprrvuFileName = (year: number): string => `pprrvu-${year}.json`;
export const gpciFileName = (year: number): string => `gpci-${year}.json`;
export const icdFileName = (fiscalYear: number): string => `icd10cm-fy${fiscalYear}.tsv`;
export const icdManifestName = (fiscalYear: number): string => `icd10cm-fy${fiscalYear}.json`;

export interface LoadedRelease {
  release: string;
  file: string;
  importedAt: string;
}

export interface ImportedFeeSchedule extends LoadedRelease {
  kind: "pprrvu";
  year: number;
  rows: RvuRow[];
}

export interface ImportedGpci extends LoadedRelease {
  kind: "gpci";
  year: number;
  rows: GpciRow[];
}

export interface ImportedIcd extends LoadedRelease {
  kind: "icd10cm";
  fiscalYear: number;
  codes: number;
}

export type PolicyKind = "kx-threshold" | "deductible" | "conversion-factor";

export interface PolicyValue {
  year: number;
  /** cents for dollar amounts; ten-thousandths of a dollar for the conversion factor */
  value: number;
  source: string;
  setAt: string;
}

export type ImportedPolicy = { kind: "policy" } & Record<PolicyKind, PolicyValue[]>;

interface Common {
  file: string;
  release?: string;
  importedDir?: string;
  now?: Date;
}

function writeAtomically(dir: string, name: string, content: string): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError("file_unreadable", `cannot create the folder (${(error as NodeJS.ErrnoException).code ?? "error"})`, { file: dir });
  }
  const path = join(dir, name);
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, content, "utf8");
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError("file_unreadable", `cannot write (${(error as NodeJS.ErrnoException).code ?? "error"})`, { file: path });
  }
  return path;
}

/** Header cells compared without case, spaces, underscores or line breaks ("NON-FAC PE RVU" = "NON_FAC_PE_RVU"). */
function squash(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

function csvRows(text: string, file: string): string[][] {
  try {
    return csvParser().parse(text.replace(/\r\n?/g, "\n"), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError("malformed_row", `malformed CSV: ${error instanceof Error ? error.message.replace(/^Invalid [^:]*: /, "") : String(error)}`, { file, ...(line !== undefined ? { line } : {}) });
  }
}

/**
 * The header of a CMS table: the row whose first cell is `firstCell`, its cells joined
 * with the title rows right above it that have an empty first cell (CMS splits "WORK" /
 * "RVU" over two rows). Returns the data rows after it and each column's squashed name.
 */
function findHeader(rows: string[][], file: string, test: (cells: string[]) => boolean, what: string): { index: number; names: string[] } {
  for (let index = 0; index < Math.min(rows.length, 500); index++) {
    const cells = rows[index]!;
    if (!test(cells.map(squash))) continue;
    const names = cells.map((cell, column) => {
      let name = cell;
      for (let above = index - 1; above >= 0 && above >= index - 3; above--) {
        const row = rows[above]!;
        if ((row[0] ?? "").trim() !== "" || row.every((value) => value.trim() === "")) break;
        name = `${row[column] ?? ""} ${name}`;
      }
      return squash(name);
    });
    return { index, names };
  }
  throw new InputError("malformed_row", `no ${what} header row found in the first 500 lines: is this the right file?`, { file });
}

function column(names: readonly string[], file: string, what: string, ...patterns: RegExp[]): number {
  const index = names.findIndex((name) => patterns.every((pattern) => pattern.test(name)));
  if (index === -1) throw new InputError("malformed_row", `the header has no ${what} column`, { file });
  return index;
}

function hundredths(text: string | undefined, what: string, file: string, line: number): number {
  const value = parseScaled((text ?? "").trim() === "" ? "0" : (text ?? "").trim(), 2);
  if (value === undefined) throw new InputError("malformed_row", `${what}: ${JSON.stringify(text)} is not a number`, { file, line });
  return value;
}

function thousandths(text: string | undefined, what: string, file: string, line: number): number {
  const value = parseScaled((text ?? "").trim(), 3);
  if (value === undefined) throw new InputError("malformed_row", `${what}: ${JSON.stringify(text)} is not a number`, { file, line });
  return value;
}

/** 2027 from "PPRRVU2027_Jan.csv", "RVU27A", "GPCI2027.csv". */
export function yearFromFileName(file: string): number | undefined {
  const name = basename(file).toUpperCase();
  const four = /(20\d{2})/.exec(name);
  if (four) return Number(four[1]);
  const two = /(?:RVU|PPRRVU|GPCI)(\d{2})(?![0-9])/.exec(name);
  return two ? 2000 + Number(two[1]) : undefined;
}

function yearOption(year: number | undefined, file: string, flag: string): number {
  const found = year ?? yearFromFileName(file);
  if (found === undefined || !Number.isInteger(found) || found < 2000 || found > 2100) {
    throw new InputError("invalid_input", `cannot tell the year from the file name; give ${flag} YYYY`, { file, path: flag });
  }
  return found;
}

export interface PprrvuImport extends Common {
  catalog: CodeCatalog;
  year?: number;
}

export interface ImportResult {
  kind: string;
  year: number;
  release: string;
  rowsRead: number;
  rowsKept: number;
  storedIn: string;
}

/** CMS's PPRRVU CSV as published (title lines, a header split over rows): the catalog's codes are kept. */
export function importPprrvu(options: PprrvuImport): ImportResult {
  const { file } = options;
  const year = yearOption(options.year, file, "--year");
  const rows = csvRows(readCmsFile(file), file);
  const header = findHeader(rows, file, (cells) => cells[0] === "HCPCS", "PPRRVU (HCPCS, MOD, ... RVU)");
  const at = {
    code: 0,
    mod: column(header.names, file, "MOD", /^MOD$/),
    description: header.names.indexOf("DESCRIPTION"),
    status: column(header.names, file, "STATUS CODE", /STATUS/),
    work: column(header.names, file, "WORK RVU", /^WORK/, /RVU/),
    nonFacilityPe: column(header.names, file, "NON-FAC PE RVU", /^NONFAC/, /PE/, /RVU/),
    facilityPe: column(header.names, file, "FACILITY PE RVU", /^FACILITY/, /PE/, /RVU/),
    mp: column(header.names, file, "MP RVU", /^MP/, /RVU/),
    multipleProcedure: column(header.names, file, "MULT PROC", /MULT/),
    globalDays: header.names.findIndex((name) => name.startsWith("GLOB")),
  };
  const kept: RvuRow[] = [];
  let rowsRead = 0;
  for (let index = header.index + 1; index < rows.length; index++) {
    const cells = rows[index]!;
    const line = index + 1;
    const code = (cells[at.code] ?? "").trim();
    if (code === "") continue;
    rowsRead++;
    if (cells.length < header.names.length - 1) throw new InputError("malformed_row", `expected ${header.names.length} fields, found ${cells.length}`, { file, line });
    if ((cells[at.mod] ?? "").trim() !== "" || !options.catalog.get(code)) continue;
    kept.push({
      code,
      description: at.description >= 0 ? (cells[at.description] ?? "").trim() : "",
      status: (cells[at.status] ?? "").trim(),
      workRvu: hundredths(cells[at.work], "WORK RVU", file, line),
      nonFacilityPeRvu: hundredths(cells[at.nonFacilityPe], "NON-FAC PE RVU", file, line),
      facilityPeRvu: hundredths(cells[at.facilityPe], "FACILITY PE RVU", file, line),
      mpRvu: hundredths(cells[at.mp], "MP RVU", file, line),
      multipleProcedure: (cells[at.multipleProcedure] ?? "").trim(),
      globalDays: at.globalDays >= 0 ? (cells[at.globalDays] ?? "").trim() : "",
    });
  }
  if (kept.length === 0) throw new InputError("malformed_row", `no therapy code rows in ${rowsRead} rows: is this the PPRRVU file?`, { file });
  const release = options.release?.trim() || basename(file).replace(/\.[^.]+$/, "");
  const content: ImportedFeeSchedule = { kind: "pprrvu", year, release, file: basename(file), importedAt: (options.now ?? new Date()).toISOString(), rows: kept };
  const storedIn = writeAtomically(options.importedDir ?? importedEditsDir(), pprrvuFileName(year), `${JSON.stringify(content, null, 1)}\n`);
  return { kind: "pprrvu", year, release, rowsRead, rowsKept: kept.length, storedIn };
}

export interface GpciImport extends Common {
  year?: number;
}

/** CMS's GPCI file (Addendum E / GPCIyyyy.csv): every locality, with and without the work floor when both are given. */
export function importGpci(options: GpciImport): ImportResult {
  const { file } = options;
  const year = yearOption(options.year, file, "--year");
  const rows = csvRows(readCmsFile(file), file);
  const header = findHeader(rows, file, (cells) => cells.some((cell) => cell.startsWith("MEDICAREADMINISTRATIVECONTRACTOR")) && cells.some((cell) => cell.includes("PEGPCI")), "GPCI (MAC, locality, PW/PE/MP GPCI)");
  const at = {
    mac: column(header.names, file, "MAC", /^MEDICAREADMINISTRATIVECONTRACTOR/),
    state: column(header.names, file, "State", /^STATE$/),
    locality: column(header.names, file, "Locality Number", /^LOCALITYNUMBER$/),
    name: column(header.names, file, "Locality Name", /^LOCALITYNAME$/),
    withFloor: column(header.names, file, "PW GPCI (with 1.0 Floor)", /PWGPCI/, /WITH10FLOOR/),
    withoutFloor: header.names.findIndex((name) => /PWGPCI/.test(name) && /WITHOUT10FLOOR/.test(name)),
    pe: column(header.names, file, "PE GPCI", /PEGPCI/),
    mp: column(header.names, file, "MP GPCI", /MPGPCI/),
  };
  const kept: GpciRow[] = [];
  for (let index = header.index + 1; index < rows.length; index++) {
    const cells = rows[index]!;
    const line = index + 1;
    const mac = (cells[at.mac] ?? "").trim();
    if (mac === "" || !/^\d{4,5}$/.test(mac)) continue;
    const number = (cells[at.locality] ?? "").trim().padStart(2, "0");
    const macCode = mac.padStart(5, "0");
    const withoutFloor = at.withoutFloor >= 0 ? thousandths(cells[at.withoutFloor], "PW GPCI (without 1.0 Floor)", file, line) : undefined;
    kept.push({
      year,
      locality: `${macCode}-${number}`,
      mac: macCode,
      localityNumber: number,
      state: (cells[at.state] ?? "").trim(),
      name: (cells[at.name] ?? "").trim(),
      counties: "",
      ...(withoutFloor !== undefined ? { workWithoutFloor: withoutFloor } : {}),
      workWithFloor: thousandths(cells[at.withFloor], "PW GPCI (with 1.0 Floor)", file, line),
      pe: thousandths(cells[at.pe], "PE GPCI", file, line),
      mp: thousandths(cells[at.mp], "MP GPCI", file, line),
    });
  }
  if (kept.length === 0) throw new InputError("malformed_row", "no locality rows after the header", { file });
  const release = options.release?.trim() || basename(file).replace(/\.[^.]+$/, "");
  const content: ImportedGpci = { kind: "gpci", year, release, file: basename(file), importedAt: (options.now ?? new Date()).toISOString(), rows: kept };
  const storedIn = writeAtomically(options.importedDir ?? importedEditsDir(), gpciFileName(year), `${JSON.stringify(content, null, 1)}\n`);
  return { kind: "gpci", year, release, rowsRead: kept.length, rowsKept: kept.length, storedIn };
}

export interface IcdImport extends Common {
  fiscalYear: number;
}

/**
 * CMS's ICD-10-CM codes file (icd10cm_codes_YYYY.txt: the code padded to 8 characters, then
 * the description) or otbill's TSV form; stored as the TSV the loader reads.
 */
export function importIcd10cm(options: IcdImport): ImportResult {
  const { file, fiscalYear } = options;
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2016 || fiscalYear > 2100) throw new InputError("invalid_input", "--fiscal-year must be a year such as 2027", { path: "--fiscal-year" });
  const lines = readCmsFile(file).split(/\r?\n/);
  const out: string[] = ["code\tcode_dotted\tdescription"];
  const seen = new Set<string>();
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "" || (index === 0 && raw.startsWith("code\t"))) return;
    const tsv = raw.split("\t");
    const match = tsv.length >= 3 ? [raw, tsv[0]!, tsv[2]!] : /^([A-Z][0-9A-Z]{2,6})\s+(.+)$/.exec(raw);
    if (!match) throw new InputError("malformed_row", "expected an ICD-10-CM code then its description", { file, line });
    const code = match[1]!.trim().toUpperCase().replace(/\./g, "");
    if (!/^[A-Z][0-9A-Z]{2,6}$/.test(code)) throw new InputError("malformed_row", `${JSON.stringify(match[1])} is not an ICD-10-CM code`, { file, line });
    if (seen.has(code)) throw new InputError("malformed_row", `${code} is listed twice`, { file, line });
    seen.add(code);
    out.push(`${code}\t${dotIcd(code)}\t${match[2]!.trim()}`);
  });
  if (seen.size < 1000) throw new InputError("malformed_row", `only ${seen.size} codes: a fiscal year's codes file has about 74,000`, { file });
  const dir = options.importedDir ?? importedEditsDir();
  const release = options.release?.trim() || basename(file).replace(/\.[^.]+$/, "");
  // The codes first, the manifest that makes them visible last.
  writeAtomically(dir, icdFileName(fiscalYear), `${out.join("\n")}\n`);
  const manifest: ImportedIcd = { kind: "icd10cm", fiscalYear, release, file: basename(file), importedAt: (options.now ?? new Date()).toISOString(), codes: seen.size };
  const storedIn = writeAtomically(dir, icdManifestName(fiscalYear), `${JSON.stringify(manifest, null, 1)}\n`);
  return { kind: "icd10cm", year: fiscalYear, release, rowsRead: seen.size, rowsKept: seen.size, storedIn };
}

export function readImportedPolicy(dir: string): ImportedPolicy {
  const path = join(dir, IMPORTED_POLICY_FILE);
  const empty: ImportedPolicy = { kind: "policy", "kx-threshold": [], deductible: [], "conversion-factor": [] };
  if (!existsSync(path)) return empty;
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as ImportedPolicy;
    if (parsed.kind === "policy") return { ...empty, ...parsed };
  } catch {
    // reported below
  }
  throw new InputError("file_unreadable", "not an otbill policy file; move it away and set the values again", { file: path });
}

export interface PolicySet {
  kind: PolicyKind;
  year: string;
  value: string;
  source: string;
  importedDir?: string;
  now?: Date;
}

/** `otbill data set kx-threshold|deductible|conversion-factor YEAR VALUE --source TEXT`. */
export function setPolicyValue(options: PolicySet): { kind: PolicyKind; year: number; value: number; storedIn: string } {
  const year = /^\d{4}$/.test(options.year) ? Number(options.year) : Number.NaN;
  if (!(year >= 2000 && year <= 2100)) throw new InputError("invalid_input", `YEAR: ${JSON.stringify(options.year)} is not a year such as 2027`, { path: "YEAR", value: options.year });
  const text = options.value.trim().replace(/^\$/, "").replace(/,/g, "");
  const decimals = options.kind === "conversion-factor" ? 4 : 2;
  const value = /^\d+(\.\d+)?$/.test(text) ? parseScaled(text, decimals) : undefined;
  const limit = options.kind === "conversion-factor" ? 100 * 10_000 : 100_000 * 100;
  if (value === undefined || value <= 0 || value > limit) {
    throw new InputError("invalid_input", `VALUE: ${JSON.stringify(options.value)} is not ${options.kind === "conversion-factor" ? "a conversion factor in dollars such as 33.4009" : "a dollar amount such as 2480"}`, { path: "VALUE", value: options.value });
  }
  if (options.source.trim() === "") throw new InputError("invalid_input", "--source: say where the number comes from (the CMS notice or rule)", { path: "--source" });
  const dir = options.importedDir ?? importedEditsDir();
  const policy = readImportedPolicy(dir);
  const entry: PolicyValue = { year, value, source: options.source.trim(), setAt: (options.now ?? new Date()).toISOString() };
  policy[options.kind] = [...policy[options.kind].filter((row) => row.year !== year), entry].sort((a, b) => a.year - b.year);
  const storedIn = writeAtomically(dir, IMPORTED_POLICY_FILE, `${JSON.stringify(policy, null, 1)}\n`);
  return { kind: options.kind, year, value, storedIn };
}
