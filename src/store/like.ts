/**
 * "Part of a name" searches with SQL LIKE, where a person's `%` or `_` is a character to
 * find, not a wildcard (`q=%` used to match every patient). Both databases take the
 * backslash as the escape character named by ESCAPE.
 */
import { sql, type RawBuilder } from "kysely";

/** `%text%` with `\`, `%` and `_` escaped. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** lower(column) LIKE '%text%' ESCAPE '\', for a where() callback. */
export function lowerContains(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${containsPattern(text)} escape '\\'`;
}
