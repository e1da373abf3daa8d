/**
 * Reads visits from a file or stdin: NDJSON (one JSON object a line), a JSON array, or
 * one JSON object over several lines. NDJSON is streamed line by line so that millions
 * of visits run in constant memory; a JSON document is read whole. A line that is not
 * JSON is reported with its file and line, and the lines after it still run.
 */
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { parse as parseTolerant, printParseErrorCode, type ParseError } from "jsonc-parser";
import { InputError } from "../errors.js";

export type InputItem =
  | { kind: "visit"; value: unknown; line: number }
  | { kind: "unreadable"; message: string; line: number };

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
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  return first ? { offset: first.offset, reason: printParseErrorCode(first.error) } : undefined;
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
  if (Array.isArray(value)) return value.map((item) => ({ kind: "visit" as const, value: item, line: firstLine }));
  if (value !== null && typeof value === "object") return [{ kind: "visit", value, line: firstLine }];
  throw new InputError("invalid_input", "expected a visit object, an array of visits, or NDJSON", { file: name, line: firstLine });
}

/**
 * Yields the visits of the source in order, a batch per chunk read, so that the caller
 * scrubs synchronously between reads (per-line async iteration costs more than a scrub).
 * Throws a located InputError for an unreadable document.
 */
export async function* readVisitBatches(source: VisitSource): AsyncGenerator<InputItem[]> {
  let lineNumber = 0;
  const state: { mode: "unknown" | "ndjson" | "document" } = { mode: "unknown" };
  let document = "";
  let documentStart = 0;
  let pending = "";

  const takeLine = (raw: string, batch: InputItem[]): void => {
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
          batch.push({ kind: "visit", value, line: lineNumber });
          return;
        } catch {
          // Not a complete object on one line: a pretty-printed document.
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
    try {
      batch.push({ kind: "visit", value: JSON.parse(line) as unknown, line: lineNumber });
    } catch (error) {
      batch.push({ kind: "unreadable", message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, line: lineNumber });
    }
  };

  source.stream.setEncoding("utf8");
  for await (const chunk of source.stream as AsyncIterable<string>) {
    source.bytesRead += chunk.length;
    const text = pending + chunk;
    const batch: InputItem[] = [];
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      takeLine(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end), batch);
      start = end + 1;
    }
    pending = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  const last: InputItem[] = [];
  if (pending !== "") takeLine(pending, last);
  if (state.mode === "document") last.push(...parseDocument(document, source.name, documentStart));
  if (last.length > 0) yield last;
}
