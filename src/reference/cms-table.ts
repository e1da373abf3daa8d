/**
 * Reads CMS's tabular downloads (NCCI PTP and MUE files): tab-separated text or CSV
 * exports of CMS's spreadsheets, opening with copyright and title lines before the
 * column header. The header row is found by its column names, every data row is
 * handed over with its line number (1-based, as an editor shows it), and a row with the
 * wrong number of fields stops the read with the file and the line.
 *
 * Rows are visited one at a time rather than collected: a practitioner PTP file is
 * hundreds of thousands of rows, and only the few that touch therapy codes are kept.
 */
import { readFileSync } from "node:fs";
import { InputError } from "../errors.js";
import { csvParser } from "./csv.js";

export interface CmsRow {
  line: number;
  fields: string[];
}

export type ColumnMatchers<K extends string> = Record<K, (headerCell: string) => boolean>;

export interface CmsTableSpec<K extends string, R extends K> {
  /** how to recognise each column's header cell (lower-cased, whitespace collapsed) */
  columns: ColumnMatchers<K>;
  /** the columns a header row must have */
  required: readonly R[];
  /** the column whose emptiness marks a header continuation row */
  codeColumn: R;
  /** names the table in the "no header" message */
  what: string;
}

export type ColumnIndexes<K extends string, R extends K> = Partial<Record<K, number>> & Record<R, number>;

// The header sits below a few title lines; a file whose header is not in its first
// lines is not a CMS table.
const HEADER_SEARCH_LINES = 500;
// ...nor one whose header is not in its first MiB: a 300 MB file on one line used to be
// parsed whole (72 s) before it was refused.
const HEADER_SEARCH_CHARS = 1024 * 1024;
// A CMS row is a few hundred characters; one of 64 KiB is not a row of these tables.
const MAX_ROW_CHARS = 64 * 1024;

/** CMS's files are Windows-1252 (the CPT (R) mark in the copyright line); UTF-8 exports also exist. */
export function readCmsFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError("file_not_found", "no such file", { file });
    throw new InputError("file_unreadable", `cannot read the file (${code ?? "error"})`, { file });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}

/** Header cells compared without case or line breaks ("HCPCS/\nCPT Code" = "hcpcs/ cpt code"). */
function headerCell(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

function matchHeader<K extends string, R extends K>(fields: readonly string[], spec: CmsTableSpec<K, R>): ColumnIndexes<K, R> | undefined {
  const cells = fields.map(headerCell);
  const columns: Partial<Record<K, number>> = {};
  const taken = new Set<number>();
  for (const key of Object.keys(spec.columns) as K[]) {
    const at = cells.findIndex((cell, i) => !taken.has(i) && spec.columns[key](cell));
    if (at !== -1) {
      columns[key] = at;
      taken.add(at);
    }
  }
  return spec.required.every((key) => columns[key] !== undefined) ? (columns as ColumnIndexes<K, R>) : undefined;
}

/** Tab-separated text has no quoting; a quoted cell is only a header that kept its quotes. */
function tabRecords(text: string, visit: (row: CmsRow) => boolean | void): void {
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (end - start > MAX_ROW_CHARS) throw new InputError("malformed_row", `line longer than ${MAX_ROW_CHARS} characters: not a row of this table`, { line });
    if (end > start || end < text.length) {
      const fields = text.slice(start, end).split("\t").map((field) => field.trim().replace(/^"(.*)"$/s, "$1"));
      if (visit({ line, fields }) === false) return;
    }
    start = end + 1;
  }
}

/**
 * CSV through csv-parse. The title lines are parsed on their own: csv-parse builds an
 * error object for every record whose width differs from the first record's, which
 * made a 500,000-row file take half a minute when a one-cell title line came first.
 */
function csvRecords(text: string, file: string, visit: (row: CmsRow) => boolean | void, fromLine = 0, toLine = -1): void {
  let lastLine = fromLine;
  let stopped = false;
  try {
    csvParser().parse(text, {
      bom: fromLine === 0,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_ROW_CHARS,
      to_line: toLine,
      on_record: (record, context) => {
        lastLine = fromLine + context.lines;
        if (!stopped && visit({ line: lastLine, fields: record.map((field) => field.trim()) }) === false) stopped = true;
        return null;
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    // csv-parse's message ends with where parsing stopped (the end of the file for an
    // unclosed quote); the line that matters is where the bad record starts.
    const reason = error instanceof Error ? (error.message.split(":")[0] ?? error.message) : String(error);
    throw new InputError("malformed_row", `not a readable CSV record: ${reason}`, { file, line: lastLine + 1 });
  }
}

/** Character offset of the start of a 1-based line. */
function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

/**
 * Finds the header, then visits each data row. Blank rows are skipped; so are rows
 * before the first data row whose code cell is empty (spreadsheet exports spread the
 * header over several rows). A row missing a field, or with a value past the header's
 * last column, throws; extra empty cells (spreadsheet padding) are fine.
 * Returns the number of data rows.
 */
export function readCmsTable<K extends string, R extends K>(
  text: string,
  file: string,
  spec: CmsTableSpec<K, R>,
  visit: (row: CmsRow, columns: ColumnIndexes<K, R>) => void,
): number {
  // csv-parse miscounts lines when CR LF ends sit inside quoted cells; LF alone keeps line numbers true.
  const normalized = text.replace(/\r\n?/g, "\n");
  const tabSeparated = normalized.slice(0, 20_000).split("\n", 60).some((line) => line.includes("\t"));
  let header: { line: number; columns: ColumnIndexes<K, R>; width: number } | undefined;
  const findHeader = (row: CmsRow): boolean => {
    const columns = matchHeader(row.fields, spec);
    if (!columns) return true;
    const width = row.fields.length - [...row.fields].reverse().findIndex((field) => field !== "");
    header = { line: row.line, columns, width };
    return false;
  };

  let rowsRead = 0;
  const visitData = (row: CmsRow): void => {
    if (!header || row.line <= header.line || row.fields.every((field) => field === "")) return;
    if (rowsRead === 0 && (row.fields[header.columns[spec.codeColumn]] ?? "") === "") return;
    const extra = row.fields.slice(header.width);
    if (row.fields.length < header.width || extra.some((field) => field !== "")) {
      throw new InputError("malformed_row", `expected ${header.width} fields, found ${row.fields.length}`, { file, line: row.line });
    }
    rowsRead++;
    visit(row, header.columns);
  };

  if (tabSeparated) {
    try {
      tabRecords(normalized, (row) => {
        if (header) visitData(row);
        else if (row.line > HEADER_SEARCH_LINES) return false;
        else findHeader(row);
      });
    } catch (error) {
      if (error instanceof InputError && error.details.file === undefined) throw new InputError(error.code, error.message, { ...error.details, file });
      throw error;
    }
  } else {
    const window = normalized.slice(0, HEADER_SEARCH_CHARS);
    csvRecords(window.slice(0, window.lastIndexOf("\n") + 1 || window.length), file, findHeader, 0, HEADER_SEARCH_LINES);
    if (header) csvRecords(normalized.slice(offsetOfLine(normalized, header.line + 1)), file, visitData, header.line);
  }
  if (!header) throw new InputError("malformed_row", `no ${spec.what} header row found: is this the right file?`, { file });
  // A header alone is not an empty release: it is a cut-off download or the wrong file.
  if (rowsRead === 0) throw new InputError("malformed_row", `no data rows under the ${spec.what} header: refusing an empty release`, { file, line: header.line });
  return rowsRead;
}
