/**
 * The relevance set (test/fixtures/icd-relevance.tsv, 197 queries in therapists' words):
 * the figures BENCHMARKS.md reports must not fall. A query counts for top-1 when the first
 * hit starts with one of its expected prefixes, for top-5 when any of the first five does.
 */
import { describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { readRelevanceSet, scoreRelevance } from "./icd-relevance.js";

describe("ICD-10-CM relevance set", () => {
  const set = readRelevanceSet();

  it("has at least 150 queries, each with an expected code prefix", () => {
    expect(set.length).toBeGreaterThanOrEqual(150);
    expect(set.every((query) => query.expected.length > 0)).toBe(true);
  });

  it("FY2027: 186 of 197 right first, 197 of 197 in the first five", () => {
    const score = scoreRelevance(loadReference({ importedDir: null }).latestIcd, set);
    expect([score.queries, score.top1, score.top5]).toEqual([197, 186, 197]);
  });
});
