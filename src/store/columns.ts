/**
 * How values the API speaks (booleans, arrays, JSON documents) are kept in columns both
 * SQLite and PostgreSQL understand: 0/1 integers and JSON text.
 */
import type { Flag } from "./schema.js";

export function toFlag(value: boolean | undefined | null): Flag {
  return value ? 1 : 0;
}

export function fromFlag(value: number | boolean | null): boolean {
  return value === 1 || value === true;
}

export function toJsonText(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses a JSON column this store wrote; a column that fails to parse is a bug, not user input. */
export function fromJsonText<T>(text: string | null, fallback: T): T {
  if (text === null || text === "") return fallback;
  return JSON.parse(text) as T;
}

/** Drops the keys whose value is undefined, so Kysely's `set()` only touches the columns given. */
export function definedOnly<T extends Record<string, unknown>>(record: T): Partial<T> {
  const result: Partial<T> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}
