/**
 * ICD-10-CM search: words rank descriptions (MiniSearch, BM25+), code prefixes list the
 * billable codes under them. The word index of a fiscal year's 74,719 codes is built
 * on the first search and cached per code set, so loading the reference stays fast.
 */
import MiniSearch from "minisearch";
import { normalizeIcd, type IcdCode, type IcdCodeSet } from "./icd.js";
import { DEFAULT_SEARCH_LIMIT, TOKEN_SEPARATOR, WORD_SEARCH, coordinated, queryTerms, round3, searchTerm } from "./search-terms.js";

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

const icdIndexes = new WeakMap<IcdCodeSet, MiniSearch<IcdCode>>();

/**
 * The word index of one fiscal year's code set, built on the first search (about a
 * second for 74,719 descriptions) and kept for the life of the code set.
 */
function icdIndex(codeSet: IcdCodeSet): MiniSearch<IcdCode> {
  let index = icdIndexes.get(codeSet);
  if (!index) {
    index = new MiniSearch<IcdCode>({
      idField: "code",
      fields: ["description"],
      tokenize: (text) => text.split(TOKEN_SEPARATOR),
      processTerm: searchTerm,
      searchOptions: WORD_SEARCH,
    });
    index.addAll(codeSet.all());
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
    const wordQuery = words.join(" ");
    const terms = queryTerms(wordQuery);
    const underPrefix = (id: string): boolean => prefixes.length === 0 || prefixes.some((prefix) => id.startsWith(prefix));
    const results = icdIndex(codeSet)
      .search(wordQuery, { filter: (result) => underPrefix(String(result.id)) })
      .map((result) => ({ id: String(result.id), score: coordinated(result.score, result.queryTerms.length, terms.length) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const best = results[0]?.score ?? 1;
    for (const result of results.slice(0, limit)) {
      const code = codeSet.get(result.id);
      if (code) push(icdHit(code, "words", result.score / best));
    }
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
