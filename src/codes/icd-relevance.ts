/**
 * The ICD-10-CM relevance set (test/fixtures/icd-relevance.tsv: queries in therapists'
 * words, each with the code prefixes a right answer starts with) and how the search does
 * on it: top-1 and top-5. Shared by the test that keeps the figures from falling and the
 * benchmark that prints them with the latency (bench/icd-search.ts).
 */
import { readFileSync } from "node:fs";
import type { IcdCodeSet } from "./icd.js";
import { searchIcd } from "./icd-search.js";

export interface RelevanceQuery {
  query: string;
  expected: string[];
}

export const RELEVANCE_FILE = new URL("../../test/fixtures/icd-relevance.tsv", import.meta.url);

export function readRelevanceSet(file: URL | string = RELEVANCE_FILE): RelevanceQuery[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [query = "", expected = ""] = line.split("\t");
      return { query, expected: expected.split(",").map((prefix) => prefix.trim()).filter(Boolean) };
    });
}

export interface RelevanceScore {
  queries: number;
  top1: number;
  top5: number;
  misses: { query: string; expected: string[]; got: string[] }[];
}

export function scoreRelevance(codeSet: IcdCodeSet, set: readonly RelevanceQuery[]): RelevanceScore {
  let top1 = 0;
  let top5 = 0;
  const misses: RelevanceScore["misses"] = [];
  for (const { query, expected } of set) {
    const got = searchIcd(codeSet, query, { limit: 5 }).map((hit) => hit.codeWithoutDot);
    const right = (code: string | undefined): boolean => code !== undefined && expected.some((prefix) => code.startsWith(prefix));
    if (right(got[0])) top1++;
    if (got.some(right)) top5++;
    else misses.push({ query, expected, got });
  }
  return { queries: set.length, top1, top5, misses };
}
