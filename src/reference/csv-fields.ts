/** Typed fields of a data/ CSV row: each bad value becomes an InputError naming the file, line and column. */
import { InputError } from "../errors.js";
import { requireField, type CsvRow } from "./csv.js";
import { parseIsoDate, type IsoDate } from "./dates.js";
import { parseScaled } from "./fixed.js";

export function scaled(row: CsvRow, column: string, decimals: number, file: string, line: number): number {
  const value = parseScaled(requireField(row, column, file, line), decimals);
  if (value === undefined) {
    throw new InputError("malformed_row", `column ${column}: ${JSON.stringify(row[column])} is not a number`, { file, line });
  }
  return value;
}

export function isoField(row: CsvRow, column: string, file: string, line: number): IsoDate {
  try {
    return parseIsoDate(requireField(row, column, file, line), column);
  } catch (error) {
    if (error instanceof InputError) throw new InputError("malformed_row", error.message, { file, line });
    throw error;
  }
}

export function optionalIso(row: CsvRow, column: string, file: string, line: number): IsoDate | undefined {
  return row[column] ? isoField(row, column, file, line) : undefined;
}

export function dollarsToCentsField(row: CsvRow, column: string, file: string, line: number): number {
  return scaled(row, column, 2, file, line);
}
