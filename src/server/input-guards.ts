/**
 * Checks at the HTTP boundary that keep bad input from reaching zod or the database:
 *
 * - JSON bodies: at most 64 levels deep (5,000 levels overflowed the stack in the
 *   validator's error path: a 500), no NUL characters in strings (PostgreSQL text cannot
 *   hold them: a 500 there, a clean answer in SQLite), no integers beyond 32 bits (the
 *   integer columns of both databases), and no `__proto__`/`constructor.prototype` keys
 *   (prototype pollution), each a 400 naming the field.
 * - URL parameters and query strings: ids and counts in canonical decimal only (`0x1`,
 *   `1e3`, ` 7` are not ids), within 32 bits, no NUL, and no parameter the route does not
 *   know (`?patient_id=3` used to be ignored and return every visit).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { formatIssuePath } from "../contract/visit.js";
import { InputError } from "../errors.js";

export const MAX_JSON_DEPTH = 64;
export const MAX_INT = 2_147_483_647;

type Key = string | number;

function located(path: Key[], message: string): InputError {
  const where = formatIssuePath(path);
  return new InputError("invalid_input", `${where || "body"}: ${message}`, where ? { path: where } : {});
}

/** Where a value sits: its key and its parent's place, so a path is made only for an error. */
interface Place {
  key: Key;
  parent: Place | undefined;
  depth: number;
}

function pathOf(place: Place | undefined, ...more: Key[]): Key[] {
  const path: Key[] = [];
  for (let at = place; at !== undefined; at = at.parent) path.push(at.key);
  return path.reverse().concat(more);
}

/** Walks a parsed JSON value without recursion (a deep document cannot overflow the stack). */
export function checkJsonValue(root: unknown): void {
  const values: unknown[] = [root];
  const places: (Place | undefined)[] = [undefined];
  while (values.length > 0) {
    const value = values.pop();
    const place = places.pop();
    if (typeof value === "string") {
      if (value.includes("\u0000")) throw located(pathOf(place), "contains a NUL character (\\u0000), which cannot be stored");
    } else if (typeof value === "number") {
      if (Number.isInteger(value) && Math.abs(value) > MAX_INT) throw located(pathOf(place), `${value} is out of range (at most ${MAX_INT})`);
    } else if (value !== null && typeof value === "object") {
      const depth = place ? place.depth : 0;
      if (depth >= MAX_JSON_DEPTH) throw located(pathOf(place), `nested more than ${MAX_JSON_DEPTH} levels deep`);
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i -= 1) {
          values.push(value[i]);
          places.push({ key: i, parent: place, depth: depth + 1 });
        }
      } else {
        for (const key of Object.keys(value)) {
          if (key === "__proto__") throw located(pathOf(place, key), "is not an allowed field name");
          if (key.includes("\u0000")) throw located(pathOf(place), "a field name contains a NUL character");
          const child = (value as Record<string, unknown>)[key];
          if (key === "constructor" && child !== null && typeof child === "object" && "prototype" in child) throw located(pathOf(place, key, "prototype"), "is not an allowed field name");
          values.push(child);
          places.push({ key, parent: place, depth: depth + 1 });
        }
      }
    }
  }
}

/** Replaces Fastify's JSON parser: the same JSON, with the checks above and our messages. */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(new InputError("invalid_json", "the body is empty; send a JSON document"));
    let value: unknown;
    try {
      // JSON.parse itself is iterative enough for deep documents; it keeps "__proto__" as a plain key.
      value = JSON.parse(text);
    } catch (error) {
      return done(new InputError("invalid_json", `the body is not valid JSON: ${error instanceof Error ? error.message : "parse error"}`));
    }
    try {
      checkJsonValue(value);
    } catch (error) {
      return done(error as Error);
    }
    done(null, value);
  });
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 10; i += 1) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    else break;
  }
  return current;
}

export interface PartGuard {
  known: ReadonlySet<string> | null;
  numeric: ReadonlySet<string>;
}

/** What a route's params or query schema accepts: its keys, and which of them are numbers. */
export function guardOf(schema: z.ZodType | undefined): PartGuard {
  if (!schema) return { known: new Set(), numeric: new Set() };
  if (!(schema instanceof z.ZodObject)) return { known: null, numeric: new Set() };
  const shape = schema.shape as Record<string, z.ZodType>;
  // Integers only: a calibration offset may be "-1.5".
  const numeric = Object.keys(shape).filter((key) => {
    const inner = unwrap(shape[key]!);
    return inner instanceof z.ZodNumber && inner.isInt;
  });
  return { known: new Set(Object.keys(shape)), numeric: new Set(numeric) };
}

const DECIMAL = /^-?(0|[1-9]\d*)$/;

/** 400 for an unknown parameter, a NUL, or a number that is not canonical decimal within 32 bits. */
export function checkPart(values: unknown, guard: PartGuard, where: "query" | "params"): void {
  if (values === null || typeof values !== "object") return;
  const place = where === "query" ? "query parameter" : "URL parameter";
  for (const [key, raw] of Object.entries(values as Record<string, unknown>)) {
    if (guard.known && !guard.known.has(key)) throw new InputError("invalid_input", `${place} ${key}: unknown parameter${guard.known.size ? ` (this route takes ${[...guard.known].join(", ")})` : " (this route takes none)"}`, { path: key });
    const texts = Array.isArray(raw) ? raw : [raw];
    for (const text of texts) {
      if (typeof text !== "string") continue;
      if (text.includes("\u0000")) throw new InputError("invalid_input", `${place} ${key}: contains a NUL character`, { path: key });
      if (!guard.numeric.has(key)) continue;
      if (!DECIMAL.test(text)) throw new InputError("invalid_input", `${place} ${key}: ${JSON.stringify(text)} is not a whole number in decimal digits`, { path: key, value: text });
      if (Math.abs(Number(text)) > MAX_INT) throw new InputError("invalid_input", `${place} ${key}: ${text} is out of range (at most ${MAX_INT})`, { path: key, value: text });
    }
    if (Array.isArray(raw)) throw new InputError("invalid_input", `${place} ${key}: given more than once`, { path: key });
  }
}

/** Malformed HTTP (a broken request line or headers) answered in the error shape. */
export function clientErrorHandler(error: Error & { code?: string }, socket: import("node:net").Socket): void {
  if (!socket.writable) return void socket.destroy();
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const body = JSON.stringify({ error: { code: status === 408 ? "request_timeout" : "invalid_input", message: status === 408 ? "the request took too long to arrive" : status === 431 ? "the request's headers are too large" : "the request is not valid HTTP" } });
  socket.end(`HTTP/1.1 ${status} ${status === 408 ? "Request Timeout" : status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`);
}
