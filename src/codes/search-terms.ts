/**
 * How search reads text, the same for the therapy code catalog and ICD-10-CM: words
 * split on spaces and punctuation, stop words dropped, a plural "s" folded, prefix and
 * typo tolerance by word length, and full matches ranked above partial ones.
 */
import type { SearchOptions } from "minisearch";

export const DEFAULT_SEARCH_LIMIT = 10;

// Words that carry no meaning in a code descriptor; dropping them keeps "training for
// caregivers" from matching every label that says "for".
const STOP_WORDS = new Set(["a", "an", "and", "or", "of", "for", "the", "to", "in", "on", "by", "with"]);

/** Lower-cases, drops stop words and a plural "s" (splints = splint, ADLs = ADL), the same way for index and query. */
export function searchTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (lower === "" || STOP_WORDS.has(lower)) return null;
  if (lower.length > 3 && lower.endsWith("s") && !lower.endsWith("ss")) return lower.slice(0, -1);
  return lower;
}

export const TOKEN_SEPARATOR = /[\s\p{P}]+/u;

export function queryTerms(query: string): string[] {
  const terms = query.split(TOKEN_SEPARATOR).map(searchTerm).filter((term): term is string => term !== null);
  return [...new Set(terms)];
}

// Prefix search from 3 letters ("prep" finds preparation); typo tolerance from 5
// letters, 1 edit per 5 letters, so short words such as "us" or "tens" stay exact.
export const WORD_SEARCH: SearchOptions = {
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  weights: { fuzzy: 0.3, prefix: 0.6 },
};

/**
 * MiniSearch ranks by the sum of term scores; a short descriptor matching two rare words
 * can then beat one that matches every word typed. Multiplying by the share of query
 * terms matched (Lucene's "coordination factor") puts full matches first.
 */
export function coordinated(score: number, matched: number, total: number): number {
  return total === 0 ? score : score * (matched / total) ** 2;
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
