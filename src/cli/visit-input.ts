/**
 * Reads visits from a file or stdin: NDJSON (one JSON object a line), a JSON array, or
 * one JSON object over several lines. NDJSON is streamed line by line so that millions
 * of visits run in constant memory; a JSON document is read whole. A line that is not
 * JSON is reported with its file and line, and the lines after it still run.
 */
import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { InputError } from "../errors.js";

export type InputItem =
  | { kind: "visit"; value: unknown; line: number }
  | { kind: "unreadable"; message: string; line: number };

export interface VisitSource {
  name: string;
  stream: Readable;
  /** bytes, when known (files), for a progress bar */
  size?: number;
}

export function openSource(path: string, stdin: Readable): VisitSource {
  if (path === "-") return { name: "stdin", stream: stdin };
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError("file_unreadable", "is a folder, not a file of visits", { file: path });
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError("file_not_found", "no such file", { file: path });
  }
  return { name: path, stream: createReadStream(path, { encoding: "utf8" }), size };
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

function parseDocument(text: string, name: string, firstLine: number): InputItem[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const where = position ? locate(text, Number(position[1])) : { line: 1, column: 1 };
    throw new InputError("invalid_json", `not valid JSON at line ${where.line + firstLine - 1}, column ${where.column}: ${message.replace(/ in JSON at position \d+.*$/, "")}`, {
      file: name,
      line: where.line + firstLine - 1,
    });
  }
  if (Array.isArray(value)) return value.map((item) => ({ kind: "visit" as const, value: item, line: firstLine }));
  if (value !== null && typeof value === "object") return [{ kind: "visit", value, line: firstLine }];
  throw new InputError("invalid_input", "expected a visit object, an array of visits, or NDJSON", { file: name, line: firstLine });
}

/** Yields each visit of the source in order; throws a located InputError for an unreadable document. */
export async function* readVisits(source: VisitSource): AsyncGenerator<InputItem> {
  const lines = createInterface({ input: source.stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  let mode: "unknown" | "ndjson" | "document" = "unknown";
  let document = "";
  let documentStart = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (mode === "document") {
      document += `\n${raw}`;
      continue;
    }
    const line = raw.trim();
    if (line === "") continue;
    if (mode === "unknown") {
      if (line.startsWith("{")) {
        try {
          const value: unknown = JSON.parse(line);
          mode = "ndjson";
          yield { kind: "visit", value, line: lineNumber };
          continue;
        } catch {
          // Not a complete object on one line: a pretty-printed document.
        }
      }
      if (line.startsWith("{") || line.startsWith("[")) {
        mode = "document";
        document = raw;
        documentStart = lineNumber;
        continue;
      }
      throw new InputError("invalid_json", `expected JSON (a visit, an array of visits or NDJSON), found ${JSON.stringify(line.slice(0, 20))}`, {
        file: source.name,
        line: lineNumber,
      });
    }
    try {
      yield { kind: "visit", value: JSON.parse(line) as unknown, line: lineNumber };
    } catch (error) {
      yield { kind: "unreadable", message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, line: lineNumber };
    }
  }
  if (mode === "document") yield* parseDocument(document, source.name, documentStart);
}
