import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { InputError } from "../errors.js";
import { lazyPackage } from "../lazy-package.js";
import { cachedRows } from "./csv-rows-cache.js";

export type CsvRow = Record<string, string>;

/** csv-parse, loaded by the first CSV that is not one of data/'s own files (those come parsed from the build). */
export const csvParser = lazyPackage<typeof import("csv-parse/sync")>("csv-parse/sync");

/** Reads a whole file as text (UTF-8), turning a missing or unreadable file into a located InputError. */
export function readTextFile(file: string): string {
  try {
    const bytes = readFileSync(file);
    // data/'s files are ASCII, whose bytes read as Latin-1 are the same text, made without decoding
    // (a fiscal year's ICD-10-CM codes file in 7-8 ms against 14-15 as UTF-8).
    return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError("file_not_found", `no such file`, { file });
    throw new InputError("file_unreadable", `cannot read the file (${code ?? "error"})`, { file });
  }
}

/**
 * Parses CSV text with a header row into objects keyed by column name. A malformed
 * record (an unclosed quote, a wrong number of fields) becomes an InputError that names
 * the file and the line.
 */
export function parseCsv(text: string, file: string, requiredColumns: readonly string[] = []): CsvRow[] {
  // data/'s own files come parsed from the build (csv-rows-cache.ts); any other text is parsed here.
  const rows = cachedRows(text) ?? parseCsvText(text, file);
  const first = rows[0];
  if (first) {
    const missing = requiredColumns.filter((column) => !(column in first));
    if (missing.length > 0) {
      throw new InputError("malformed_row", `missing column(s) ${missing.join(", ")} in the header`, { file, line: 1 });
    }
  }
  return rows;
}

/** csv-parse with the reference files' options: a header row, empty lines skipped, fields trimmed. */
export function parseCsvText(text: string, file: string): CsvRow[] {
  try {
    return csvParser().parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as CsvRow[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const reason = error instanceof Error ? error.message.replace(/^Invalid [^:]*: /, "") : String(error);
    throw new InputError("malformed_row", `malformed CSV: ${reason}`, { file, ...(line !== undefined ? { line } : {}) });
  }
}

export function readCsv(file: string, requiredColumns: readonly string[] = []): CsvRow[] {
  return parseCsv(readTextFile(file), file, requiredColumns);
}

/** The value of a column that must be present and non-empty. */
export function requireField(row: CsvRow, column: string, file: string, line: number): string {
  const value = row[column];
  if (value === undefined || value === "") {
    throw new InputError("malformed_row", `column ${column} is empty`, { file, line });
  }
  return value;
}
