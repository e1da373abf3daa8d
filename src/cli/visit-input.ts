/**
 * Reads visits from a file or stdin: NDJSON (one JSON object a line), a JSON array, or
 * one JSON object over several lines. NDJSON is streamed line by line so that millions
 * of visits run in constant memory; a JSON document is read whole. A line that is not
 * JSON is reported with its file and line, and the lines after it still run. A line is
 * assembled from its chunks once (linear however long it is), and an NDJSON visit longer
 * than MAX_VISIT_CHARS is refused with a clear error instead of being parsed.
 */
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import type { ParseError } from "jsonc-parser";
import { MAX_VISIT_DEPTH, jsonDepth } from "../contract/unknown-fields.js";
import { InputError } from "../errors.js";
import { lazyPackage } from "../lazy-package.js";

/** jsonc-parser, for where a document that JSON.parse refused went wrong: loaded only then. */
const tolerantParser = lazyPackage<typeof import("jsonc-parser")>("jsonc-parser");

export type InputItem =
  | { kind: "visit"; value: unknown; line: number }
  /** not JSON (code invalid_json), or JSON otbill will not read as a visit: too deep (invalid_input), too long (visit_too_large) */
  | { kind: "unreadable"; message: string; line: number; code?: string };

/**
 * An NDJSON line read but not yet parsed: `otbill scrub --jobs N` sends the text to a
 * worker, which parses it there (cloning a string costs a fraction of cloning the parsed
 * visit). parseRawItem turns it into the item the main thread would have made.
 */
export type RawInputItem = InputItem | { kind: "line"; text: string; line: number };

/** An NDJSON line's item, as readVisitBatches makes it without rawLines. */
export function parseRawItem(item: RawInputItem): InputItem {
  if (item.kind !== "line") return item;
  try {
    return visitItem(JSON.parse(item.text) as unknown, item.line);
  } catch (error) {
    return { kind: "unreadable", message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, line: item.line };
  }
}

/** The most characters one NDJSON visit may have (a real visit is a few kilobytes). */
export const MAX_VISIT_CHARS = 1_000_000;

/** A parsed line or array item as an input item: too deep a value is refused here, before it reaches a worker or the validator. */
function visitItem(value: unknown, line: number): InputItem {
  if (jsonDepth(value) > MAX_VISIT_DEPTH) return { kind: "unreadable", code: "invalid_input", message: `visit: nested deeper than ${MAX_VISIT_DEPTH} levels`, line };
  return { kind: "visit", value, line };
}

export interface VisitSource {
  name: string;
  stream: Readable;
  /** bytes, when known (files), for a progress bar */
  size?: number;
  /** characters read so far, for the progress bar */
  bytesRead: number;
}

export function openSource(path: string, stdin: Readable): VisitSource {
  if (path === "-") return { name: "stdin", stream: stdin, bytesRead: 0 };
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError("file_unreadable", "is a folder, not a file of visits", { file: path });
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError("file_not_found", "no such file", { file: path });
  }
  return { name: path, stream: createReadStream(path, { encoding: "utf8" }), size, bytesRead: 0 };
}

/** Line and column of a character offset, for JSON.parse errors in a whole document. */
function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where JSON.parse gave up: V8's messages do not always carry a position, jsonc-parser's errors do. */
function firstSyntaxError(text: string): { offset: number; reason: string } | undefined {
  const errors: ParseError[] = [];
  const jsonc = tolerantParser();
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  return first ? { offset: first.offset, reason: jsonc.printParseErrorCode(first.error) } : undefined;
}

function parseDocument(text: string, name: string, firstLine: number): InputItem[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const found = firstSyntaxError(text);
    const where = locate(text, found?.offset ?? 0);
    const reason = found ? found.reason.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() : error instanceof Error ? error.message : String(error);
    throw new InputError("invalid_json", `not valid JSON at column ${where.column}: ${reason}`, { file: name, line: where.line + firstLine - 1 });
  }
  if (Array.isArray(value)) return value.map((item) => visitItem(item, firstLine));
  if (value !== null && typeof value === "object") return [visitItem(value, firstLine)];
  throw new InputError("invalid_input", "expected a visit object, an array of visits, or NDJSON", { file: name, line: firstLine });
}

/** A document that does not parse but whose other lines are whole objects was NDJSON with a broken first line. */
function asNdjson(document: string, firstLine: number): InputItem[] | undefined {
  const lines = document.split("\n");
  const items: InputItem[] = [];
  let whole = 0;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
      if (index > 0) whole++;
      items.push(visitItem(value, firstLine + index));
    } catch (error) {
      items.push({ kind: "unreadable", message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, line: firstLine + index });
    }
  });
  return whole > 0 ? items : undefined;
}

/**
 * Yields the visits of the source in order, a batch per chunk read, so that the caller
 * scrubs synchronously between reads (per-line async iteration costs more than a scrub).
 * Throws a located InputError for an unreadable document.
 */
export function readVisitBatches(source: VisitSource, maxVisitChars?: number): AsyncGenerator<InputItem[]>;
/** rawLines: NDJSON lines after the first come unparsed, as "line" items (for the workers). */
export function readVisitBatches(source: VisitSource, maxVisitChars: number, options: { rawLines: boolean }): AsyncGenerator<RawInputItem[]>;
export async function* readVisitBatches(source: VisitSource, maxVisitChars = MAX_VISIT_CHARS, options: { rawLines?: boolean } = {}): AsyncGenerator<RawInputItem[]> {
  const rawLines = options.rawLines === true;
  let lineNumber = 0;
  const state: { mode: "unknown" | "ndjson" | "document" } = { mode: "unknown" };
  let document = "";
  let documentStart = 0;
  // The line being read, as the chunks it arrived in: joined once when its newline comes.
  let parts: string[] = [];
  let partsLength = 0;
  let oversize = false;

  const takeLine = (raw: string, batch: RawInputItem[]): void => {
    lineNumber++;
    if (state.mode === "document") {
      document += `\n${raw}`;
      return;
    }
    const line = raw.trim();
    if (line === "") return;
    if (state.mode === "unknown") {
      if (line.startsWith("{")) {
        try {
          const value: unknown = JSON.parse(line);
          state.mode = "ndjson";
          batch.push(visitItem(value, lineNumber));
          return;
        } catch (error) {
          // A whole object on one line that does not parse is a broken NDJSON line, not the
          // start of a pretty-printed document (whose first line does not close its brace).
          if (line.endsWith("}")) {
            state.mode = "ndjson";
            batch.push({ kind: "unreadable", message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, line: lineNumber });
            return;
          }
        }
      }
      if (line.startsWith("{") || line.startsWith("[")) {
        state.mode = "document";
        document = raw;
        documentStart = lineNumber;
        return;
      }
      throw new InputError("invalid_json", `expected JSON (a visit, an array of visits or NDJSON), found ${JSON.stringify(line.slice(0, 20))}`, {
        file: source.name,
        line: lineNumber,
      });
    }
    if (rawLines) {
      batch.push({ kind: "line", text: line, line: lineNumber });
      return;
    }
    try {
      batch.push(visitItem(JSON.parse(line) as unknown, lineNumber));
    } catch (error) {
      batch.push({ kind: "unreadable", message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, line: lineNumber });
    }
  };

  /** An NDJSON visit (or a first line that opens an object) may not grow past the cap; a document may. */
  const capped = (next: string): boolean => state.mode === "ndjson" || (state.mode === "unknown" && (parts[0] ?? next).trimStart().startsWith("{"));

  const endLine = (tail: string, batch: RawInputItem[]): void => {
    if (oversize) {
      lineNumber++;
      if (state.mode === "unknown") state.mode = "ndjson";
      batch.push({ kind: "unreadable", code: "visit_too_large", message: `a visit is at most ${maxVisitChars.toLocaleString("en-US")} characters; this line has ${(partsLength + tail.length).toLocaleString("en-US")}`, line: lineNumber });
    } else {
      const whole = parts.length === 0 ? tail : parts.join("") + tail;
      takeLine(whole.charCodeAt(whole.length - 1) === 13 ? whole.slice(0, -1) : whole, batch);
    }
    parts = [];
    partsLength = 0;
    oversize = false;
  };

  const addPart = (text: string): void => {
    if (text === "") return;
    if (!oversize) {
      parts.push(text);
      if (capped(text) && partsLength + text.length > maxVisitChars) {
        oversize = true;
        parts = [];
      }
    }
    partsLength += text.length;
  };

  source.stream.setEncoding("utf8");
  for await (const chunk of source.stream as AsyncIterable<string>) {
    source.bytesRead += chunk.length;
    const batch: RawInputItem[] = [];
    let start = 0;
    for (let end = chunk.indexOf("\n"); end !== -1; end = chunk.indexOf("\n", start)) {
      const piece = chunk.slice(start, end);
      if (oversize) partsLength += piece.length;
      else if (capped(piece) && partsLength + piece.length > maxVisitChars) {
        oversize = true;
        parts = [];
        partsLength += piece.length;
      }
      endLine(oversize ? "" : piece, batch);
      start = end + 1;
    }
    addPart(chunk.slice(start));
    if (batch.length > 0) yield batch;
  }
  const last: RawInputItem[] = [];
  if (parts.length > 0 || oversize) endLine("", last);
  if (state.mode === "document") {
    try {
      last.push(...parseDocument(document, source.name, documentStart));
    } catch (error) {
      const lines = document.trimStart().startsWith("{") ? asNdjson(document, documentStart) : undefined;
      if (!lines) throw error;
      last.push(...lines);
    }
  }
  if (last.length > 0) yield last;
}
