/**
 * ICD-10-CM search: code prefixes list the billable codes under them; words go through
 * the word index of icd-index.ts (therapists' words, therapy priors, bounded top-k). The
 * index of a fiscal year's 74k codes is read on the first search (from OTBILL_HOME/cache,
 * built and stored there once: icd-index-cache.ts) and kept per code set, so loading the
 * reference stays fast.
 */
import { join } from "node:path";
import { readCsv } from "../reference/csv.js";
import { DEFAULT_DATA_DIR } from "../reference/load.js";
import { normalizeIcd, type IcdCode, type IcdCodeSet } from "./icd.js";
import { IcdWordIndex, type TherapyTerm } from "./icd-index.js";
import { cachedIcdIndexData } from "./icd-index-cache.js";
import { DEFAULT_SEARCH_LIMIT, round3 } from "./search-terms.js";

export type IcdMatch = "code" | "code-prefix" | "nearest-prefix" | "words";

export interface IcdSearchHit {
  /** with the dot: I69.351 */
  code: string;
  /** as CMS files write it: I69351 */
  codeWithoutDot: string;
  description: string;
  /** the CDC codes file lists only billable (leaf) codes, so every hit is billable */
  billable: true;
  match: IcdMatch;
  /** relevance within this search, 0..1 */
  score: number;
}

export interface IcdSearchOptions {
  limit?: number;
}

const icdIndexes = new WeakMap<IcdCodeSet, IcdWordIndex>();
let therapyTerms: TherapyTerm[] | undefined;

/** data/otbill/icd_therapy_terms.csv: what therapists type, what ICD-10-CM calls it, the codes to prefer. */
export function loadTherapyTerms(file = join(DEFAULT_DATA_DIR, "otbill/icd_therapy_terms.csv")): TherapyTerm[] {
  return readCsv(file, ["words", "means", "prefer"]).map((row) => ({
    phrases: (row.words ?? "").split(";").map((word) => word.trim().toLowerCase().replace(/[^a-z0-9' ]+/g, " ").replace(/\s+/g, " ").trim()).filter(Boolean),
    means: row.means ?? "",
    prefer: (row.prefer ?? "").split(";").map((prefix) => prefix.trim()).filter(Boolean),
  }));
}

/** The word index of one fiscal year's code set, read (or built) on the first search and kept for the life of the code set. */
function icdIndex(codeSet: IcdCodeSet): IcdWordIndex {
  let index = icdIndexes.get(codeSet);
  if (!index) {
    therapyTerms ??= loadTherapyTerms();
    index = new IcdWordIndex(codeSet.all(), cachedIcdIndexData(codeSet.all(), therapyTerms).data, therapyTerms);
    icdIndexes.set(codeSet, index);
  }
  return index;
}

/** Whether the code set's word index has been built (it is built by the first word search). */
export function hasIcdIndex(codeSet: IcdCodeSet): boolean {
  return icdIndexes.has(codeSet);
}

// A letter, a digit, then up to five more characters, with or without the dot: I69,
// i69.35, I6935, S52.521A. A word such as "b12" is tried as a code first and kept as a
// word when no code starts with it.
const ICD_CODE_LIKE = /^[A-Z]\d[0-9A-Z]{0,5}$/;

function icdHit(code: IcdCode, match: IcdMatch, score: number): IcdSearchHit {
  return { code: code.dotted, codeWithoutDot: code.code, description: code.description, billable: true, match, score: round3(score) };
}

/**
 * Searches one ICD-10-CM code set. Codes and code prefixes ("I69.35", "i6935") list the
 * billable codes under them first, in code order; words rank descriptions; both
 * together ("I69 right dominant") rank the codes under the prefix by the words.
 */
export function searchIcd(codeSet: IcdCodeSet, query: string, options: IcdSearchOptions = {}): IcdSearchHit[] {
  const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
  const prefixes: string[] = [];
  const words: string[] = [];
  for (const token of query.split(/[\s,;]+/).filter(Boolean)) {
    const normalized = normalizeIcd(token);
    if (ICD_CODE_LIKE.test(normalized) && codeSet.withPrefix(normalized, 1).length > 0) prefixes.push(normalized);
    else words.push(token);
  }

  const hits: IcdSearchHit[] = [];
  const seen = new Set<string>();
  const push = (hit: IcdSearchHit): void => {
    if (seen.has(hit.codeWithoutDot) || hits.length >= limit) return;
    seen.add(hit.codeWithoutDot);
    hits.push(hit);
  };

  if (words.length > 0) {
    const ranked = icdIndex(codeSet).search(words.join(" "), limit, prefixes);
    const best = ranked[0]?.score ?? 1;
    for (const result of ranked) push(icdHit(result.code, "words", result.score / best));
  }
  for (const prefix of prefixes) {
    const exact = codeSet.get(prefix);
    if (exact) push(icdHit(exact, "code", 1));
    for (const code of codeSet.withPrefix(prefix, limit + 1)) push(icdHit(code, "code-prefix", 1));
  }
  if (hits.length === 0 && words.length === 1 && prefixes.length === 0) {
    // A code with a wrong last character (I693519) shows the nearest existing branch.
    const typed = normalizeIcd(words[0]!);
    for (let length = typed.length - 1; ICD_CODE_LIKE.test(typed) && length >= 3; length--) {
      const branch = codeSet.withPrefix(typed.slice(0, length), limit);
      if (branch.length > 0) {
        for (const code of branch) push(icdHit(code, "nearest-prefix", length / typed.length));
        break;
      }
    }
  }
  return hits;
}
