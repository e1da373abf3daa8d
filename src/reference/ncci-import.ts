/**
 * Imports CMS's official NCCI practitioner files (docs/billing-rules.md section 5): procedure-to-
 * procedure (PTP) edits and medically unlikely edits (MUE). CMS ships them as
 * tab-separated text or CSV/spreadsheet exports that open with copyright and title
 * lines; the column header row is found by its column names. Only edits that touch a
 * therapy code are kept (the full tables are millions of rows), with the release they
 * came from, and merged into the JSON files that loadReference() reads
 * (<otbill home>/reference/ncci-ptp.json and mue.json).
 *
 * The whole file is checked before anything is written: one malformed line (wrong
 * number of fields, a date that is not YYYYMMDD, an unknown indicator) stops the
 * import with the file and line, and the stored edits stay as they were.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { CodeCatalog } from "../codes/catalog.js";
import { InputError } from "../errors.js";
import { readCmsFile, readCmsTable, type CmsRow, type ColumnMatchers } from "./cms-table.js";
import { fromCompactDate, parseIsoDate, type IsoDate } from "./dates.js";
import { importedEditsDir } from "./home.js";
import { IMPORTED_MUE_FILE, IMPORTED_PTP_FILE } from "./load.js";
import type { ImportedMueFile, ImportedPtpFile, ImportedRelease } from "./ncci.js";
import type { MueEdit, PtpEdit } from "./types.js";

export type EditKind = "ncci-ptp" | "mue";

export interface ImportOptions {
  file: string;
  /** what CMS calls the release, e.g. "2026 Q1" or "ccipra-v321r0-f1"; default: the file name */
  release?: string;
  /** to tell therapy codes from the rest */
  catalog: CodeCatalog;
  /** where the imported JSON lives; default <otbill home>/reference */
  importedDir?: string;
  /** MUE files carry no dates: the quarter they take effect (default: read from the file name) */
  effective?: string;
  /** the import's timestamp (tests pass a fixed one) */
  now?: Date;
}

export interface ImportSummary {
  kind: EditKind;
  release: string;
  file: string;
  /** data rows in the file (title, header and blank lines not counted) */
  rowsRead: number;
  /** rows that touch a therapy code */
  rowsKept: number;
  /** rows of earlier imports this release replaced (same pair and effective date, or same code and effective date) */
  rowsReplaced: number;
  /** therapy edits stored after the merge, all releases together */
  editsStored: number;
  storedIn: string;
  effective?: IsoDate;
}

// Codes outside the catalog that are still therapy services: the PM&R section of CPT
// (97010-97799) and the therapy codes outside it (docs/billing-rules.md section 2, data/otbill/therapy_codes.csv).
const THERAPY_RANGE = { first: 97010, last: 97799 };
const THERAPY_CODES_OUTSIDE_RANGE = new Set(["92526", "G0283", "0552T", "95992"]);

export function isTherapyCode(code: string, catalog: CodeCatalog): boolean {
  if (catalog.get(code) || catalog.deleted(code) || THERAPY_CODES_OUTSIDE_RANGE.has(code)) return true;
  if (!/^\d{5}$/.test(code)) return false;
  const value = Number(code);
  return value >= THERAPY_RANGE.first && value <= THERAPY_RANGE.last;
}

/** A HCPCS/CPT code; spreadsheets drop leading zeros of numeric codes (00100 -> 100), so they are put back. */
function codeField(text: string, column: string, record: CmsRow, file: string): string {
  const code = /^\d{1,4}$/.test(text) ? text.padStart(5, "0") : text.toUpperCase();
  if (!/^[0-9A-Z]{5}$/.test(code)) {
    throw new InputError("malformed_row", `${column} ${JSON.stringify(text)} is not a HCPCS/CPT code`, { file, line: record.line });
  }
  return code;
}

function compactDate(text: string, column: string, record: CmsRow, file: string, optional: boolean): IsoDate | undefined {
  if (optional && (text === "*" || text === "")) return undefined;
  const date = fromCompactDate(text);
  if (!date) {
    const expected = optional ? 'YYYYMMDD or "*"' : "YYYYMMDD";
    throw new InputError("malformed_row", `${column} ${JSON.stringify(text)} is not a date (${expected})`, { file, line: record.line });
  }
  return date;
}

export interface ParsedEdits<E> {
  rowsRead: number;
  edits: E[];
}

const PTP_COLUMNS: ColumnMatchers<"column1" | "column2" | "prior1996" | "effective" | "deletion" | "modifier" | "rationale"> = {
  column1: (cell) => cell.replace(/ /g, "") === "column1",
  column2: (cell) => cell.replace(/ /g, "") === "column2",
  prior1996: (cell) => cell.includes("1996"),
  effective: (cell) => cell.startsWith("effective"),
  deletion: (cell) => cell.startsWith("deletion"),
  modifier: (cell) => cell.startsWith("modifier"),
  rationale: (cell) => cell.includes("rationale"),
};

const PTP_TABLE = {
  columns: PTP_COLUMNS,
  required: ["column1", "column2", "effective", "deletion", "modifier"] as const,
  codeColumn: "column1" as const,
  what: 'PTP ("Column 1", "Column 2", "Effective Date", "Deletion Date", "Modifier")',
};

/** Reads a PTP file's text: every data row is checked, and those touching a therapy code are kept. */
export function parsePtpText(text: string, file: string, catalog: CodeCatalog, release: string): ParsedEdits<PtpEdit> {
  const edits: PtpEdit[] = [];
  const rowsRead = readCmsTable(text, file, PTP_TABLE, (record, at) => {
    const field = (column: number | undefined): string => (column === undefined ? "" : (record.fields[column] ?? ""));
    const column1 = codeField(field(at.column1), "Column 1", record, file);
    const column2 = codeField(field(at.column2), "Column 2", record, file);
    const effective = compactDate(field(at.effective), "Effective Date", record, file, false)!;
    const deleted = compactDate(field(at.deletion), "Deletion Date", record, file, true);
    const indicator = field(at.modifier);
    if (indicator !== "0" && indicator !== "1" && indicator !== "9") {
      throw new InputError("malformed_row", `Modifier indicator ${JSON.stringify(indicator)} is not 0, 1 or 9`, { file, line: record.line });
    }
    if (!isTherapyCode(column1, catalog) && !isTherapyCode(column2, catalog)) return;
    edits.push({
      column1,
      column2,
      effective,
      ...(deleted ? { deleted } : {}),
      modifierIndicator: indicator,
      rationale: field(at.rationale),
      origin: "imported",
      release,
      source: `NCCI practitioner PTP edits, ${release}`,
    });
  });
  return { rowsRead, edits };
}

const MUE_TABLE = {
  columns: {
    code: (cell: string) => cell.includes("hcpcs") || cell.includes("cpt code"),
    value: (cell: string) => cell.includes("mue value"),
    indicator: (cell: string) => cell.includes("adjudication indicator"),
    rationale: (cell: string) => cell.includes("rationale"),
  },
  required: ["code", "value", "indicator"] as const,
  codeColumn: "code" as const,
  what: 'MUE ("HCPCS/CPT Code", "... MUE Values", "MUE Adjudication Indicator")',
};

/** Reads an MUE file's text. The adjudication indicator cell is "2 Date of Service Edit: Policy": its digit is the MAI. */
export function parseMueText(text: string, file: string, catalog: CodeCatalog, release: string, effective: IsoDate | undefined): ParsedEdits<MueEdit> {
  const edits: MueEdit[] = [];
  const rowsRead = readCmsTable(text, file, MUE_TABLE, (record, at) => {
    const field = (column: number | undefined): string => (column === undefined ? "" : (record.fields[column] ?? ""));
    const code = codeField(field(at.code), "HCPCS/CPT Code", record, file);
    const valueText = field(at.value);
    if (!/^\d+$/.test(valueText)) {
      throw new InputError("malformed_row", `MUE value ${JSON.stringify(valueText)} is not a whole number`, { file, line: record.line });
    }
    const indicator = /^([123])(?:\D|$)/.exec(field(at.indicator))?.[1];
    if (!indicator) {
      throw new InputError("malformed_row", `MUE Adjudication Indicator ${JSON.stringify(field(at.indicator))} does not start with 1, 2 or 3`, { file, line: record.line });
    }
    if (!isTherapyCode(code, catalog)) return;
    edits.push({
      code,
      value: Number(valueText),
      adjudicationIndicator: indicator,
      rationale: field(at.rationale),
      origin: "imported",
      release,
      ...(effective ? { effective } : {}),
      source: `NCCI practitioner MUE table, ${release}`,
    });
  });
  return { rowsRead, edits };
}

/** The release a file name carries: "ccipra-v321r0-f1.txt" -> "ccipra-v321r0-f1". */
export function releaseFromFileName(file: string): string {
  return basename(file, extname(file));
}

/**
 * The quarter an MUE file takes effect, from CMS's file names:
 * "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv" or "...-2026-q1-...".
 */
export function effectiveFromFileName(file: string): IsoDate | undefined {
  const name = basename(file);
  const monthDayYear = /(\d{2})-(\d{2})-(\d{4})/.exec(name);
  if (monthDayYear) {
    const date = `${monthDayYear[3]}-${monthDayYear[1]}-${monthDayYear[2]}`;
    return fromCompactDate(date.replace(/-/g, ""));
  }
  const quarter = /(\d{4})[-_ ]?q([1-4])/i.exec(name);
  if (quarter) return `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, "0")}-01` as IsoDate;
  return undefined;
}

function readPrevious<T extends { kind: EditKind }>(path: string, kind: EditKind): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const previous = JSON.parse(readFileSync(path, "utf8")) as T;
    if (previous.kind === kind) return previous;
  } catch {
    // fall through: an unreadable earlier import is reported below
  }
  throw new InputError("file_unreadable", `not an otbill ${kind} import; move it away and import again`, { file: path });
}

/** Writes beside the target and renames over it, so a reader never sees half a file. */
function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, content, "utf8");
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError("file_unreadable", `cannot write the imported edits (${(error as NodeJS.ErrnoException).code ?? "error"})`, { file: path });
  }
}

/** The newest import wins: rows with the same key from earlier releases are replaced. */
function merge<E>(previous: readonly E[], incoming: readonly E[], key: (edit: E) => string): { edits: E[]; replaced: number } {
  const incomingKeys = new Set(incoming.map(key));
  const kept = previous.filter((edit) => !incomingKeys.has(key(edit)));
  const byKey = new Map<string, E>();
  for (const edit of incoming) byKey.set(key(edit), edit);
  return { edits: [...kept, ...byKey.values()], replaced: previous.length - kept.length };
}

function releasesAfter(previous: readonly ImportedRelease[], release: ImportedRelease): ImportedRelease[] {
  return [...previous.filter((entry) => entry.release !== release.release), release];
}

function prepare(options: ImportOptions, fileName: string): { text: string; release: string; dir: string; path: string; importedAt: string } {
  const text = readCmsFile(options.file);
  const dir = options.importedDir ?? importedEditsDir();
  return {
    text,
    release: options.release?.trim() || releaseFromFileName(options.file),
    dir,
    path: join(dir, fileName),
    importedAt: (options.now ?? new Date()).toISOString(),
  };
}

function store(dir: string, path: string, content: unknown): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError("file_unreadable", `cannot create the folder (${(error as NodeJS.ErrnoException).code ?? "error"})`, { file: dir });
  }
  writeAtomically(path, `${JSON.stringify(content, null, 1)}\n`);
}

/** `otbill data import ncci-ptp FILE`: reads, filters and merges a PTP file. */
export function importPtpFile(options: ImportOptions): ImportSummary {
  const { text, release, dir, path, importedAt } = prepare(options, IMPORTED_PTP_FILE);
  const parsed = parsePtpText(text, options.file, options.catalog, release);
  const previous = readPrevious<ImportedPtpFile>(path, "ncci-ptp");
  const merged = merge(previous?.edits ?? [], parsed.edits, (edit) => `${edit.column1}|${edit.column2}|${edit.effective}`);
  const entry: ImportedRelease = { release, file: basename(options.file), importedAt, rowsRead: parsed.rowsRead, rowsKept: parsed.edits.length };
  const content: ImportedPtpFile = { kind: "ncci-ptp", releases: releasesAfter(previous?.releases ?? [], entry), edits: merged.edits };
  store(dir, path, content);
  return { kind: "ncci-ptp", release, file: options.file, rowsRead: parsed.rowsRead, rowsKept: parsed.edits.length, rowsReplaced: merged.replaced, editsStored: merged.edits.length, storedIn: path };
}

/** `otbill data import mue FILE`: reads, filters and merges a practitioner MUE table. */
export function importMueFile(options: ImportOptions): ImportSummary {
  const effective = options.effective !== undefined ? parseIsoDate(options.effective, "--effective") : effectiveFromFileName(options.file);
  const { text, release, dir, path, importedAt } = prepare(options, IMPORTED_MUE_FILE);
  const parsed = parseMueText(text, options.file, options.catalog, release, effective);
  const previous = readPrevious<ImportedMueFile>(path, "mue");
  const merged = merge(previous?.edits ?? [], parsed.edits, (edit) => `${edit.code}|${edit.effective ?? ""}`);
  const entry: ImportedRelease = { release, file: basename(options.file), importedAt, rowsRead: parsed.rowsRead, rowsKept: parsed.edits.length };
  const content: ImportedMueFile = { kind: "mue", releases: releasesAfter(previous?.releases ?? [], entry), edits: merged.edits };
  store(dir, path, content);
  return {
    kind: "mue",
    release,
    file: options.file,
    rowsRead: parsed.rowsRead,
    rowsKept: parsed.edits.length,
    rowsReplaced: merged.replaced,
    editsStored: merged.edits.length,
    storedIn: path,
    ...(effective ? { effective } : {}),
  };
}
