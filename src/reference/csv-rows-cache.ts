/**
 * The reference CSVs of data/ parsed at build time. csv-parse over data/'s ~150 KB of CSV
 * costs about 45 ms at every start (its loop runs cold, before the JIT), a third of what
 * `otbill scrub` spends before its first visit. `npm run build` writes the rows of every
 * CSV under data/ to dist/reference/csv-rows.json, keyed by the SHA-1 of the file's text;
 * a file read later with the same text takes its rows from there with one JSON.parse. Any
 * other text (an edited file, an imported release, a file the cache does not know) is
 * parsed as before, so the cache can only ever give the rows csv-parse would.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export type CsvRows = Record<string, string>[];

/** Bumped when the rows' shape changes (e.g. other csv-parse options): an older cache is then ignored. */
const CACHE_FORMAT = 1;

interface CacheFile {
  format: number;
  /** SHA-1 of a file's text -> its rows as JSON (parsed on each use, so no two reads share row objects) */
  rows: Record<string, string>;
}

/** Next to the built module: dist/reference/csv-rows.json (absent under the TypeScript sources). */
export const CSV_ROWS_CACHE = fileURLToPath(new URL("./csv-rows.json", import.meta.url));

let loaded: Map<string, string> | undefined;

function cacheOf(file: string): Map<string, string> {
  if (!existsSync(file)) return new Map();
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as CacheFile;
    return parsed.format === CACHE_FORMAT && parsed.rows !== null && typeof parsed.rows === "object" ? new Map(Object.entries(parsed.rows)) : new Map();
  } catch {
    // A damaged cache is no cache: every file is parsed.
    return new Map();
  }
}

function textDigest(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** The rows built for this exact text, or undefined when the cache does not hold it. */
export function cachedRows(text: string, cacheFile = CSV_ROWS_CACHE): CsvRows | undefined {
  const cache = cacheFile === CSV_ROWS_CACHE ? (loaded ??= cacheOf(cacheFile)) : cacheOf(cacheFile);
  if (cache.size === 0) return undefined;
  const json = cache.get(textDigest(text));
  return json === undefined ? undefined : (JSON.parse(json) as CsvRows);
}

function csvFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...csvFiles(path));
    else if (name.endsWith(".csv")) files.push(path);
  }
  return files;
}

/** Parses every CSV under `dataDir` with `parse` and writes the cache; returns how many files it holds. */
export function writeCsvRowsCache(dataDir: string, parse: (text: string, file: string) => CsvRows, cacheFile = CSV_ROWS_CACHE): number {
  const rows: Record<string, string> = {};
  for (const file of csvFiles(dataDir)) {
    const text = readFileSync(file, "utf8");
    rows[textDigest(text)] = JSON.stringify(parse(text, file));
  }
  const cache: CacheFile = { format: CACHE_FORMAT, rows };
  writeFileSync(cacheFile, JSON.stringify(cache));
  if (cacheFile === CSV_ROWS_CACHE) loaded = undefined;
  return Object.keys(rows).length;
}
