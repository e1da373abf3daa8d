/**
 * The word index of one ICD-10-CM fiscal year, built for therapists' words and for speed:
 * an inverted index (term -> the codes whose description has it) over a sorted vocabulary
 * for prefix and one-typo matches, scored with idf and the share of query words matched,
 * and kept as a bounded top-k (never a sort of every match). Priors put what therapy bills
 * first: subsequent-encounter injury codes (7th character D) before initial and sequela,
 * family and personal history codes last, the common therapy diagnoses of
 * data/otbill/icd_therapy_terms.csv ahead, and a therapist's phrase ("stroke", "distal
 * radius fracture", "CRPS") read as the words ICD-10-CM uses, preferring its codes.
 */
import type { IcdCode } from "./icd.js";
import { TOKEN_SEPARATOR, searchTerm } from "./search-terms.js";

export interface TherapyTerm {
  /** what a therapist types, each alternative lower case */
  phrases: readonly string[];
  /** the ICD-10-CM words to search instead */
  means: string;
  /** code prefixes (no dot) to rank first, the first most */
  prefer: readonly string[];
}

export interface RankedCode {
  code: IcdCode;
  score: number;
}

const EXACT = 1;
const PREFIX = 0.7;
const FUZZY = 0.35;
/** the boost of the first preferred prefix of a therapist's phrase */
const MAX_PREFER = 3;
/** a word in more descriptions than this only adds to codes rarer words found (once there are enough) */
const COMMON_WORD_DOCUMENTS = 4000;

function tokens(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split(TOKEN_SEPARATOR)) {
    const term = searchTerm(raw);
    if (term !== null) found.push(term);
  }
  return found;
}

/** Whether a and b are at most one edit apart (insert, delete or replace). */
function oneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** A code's standing before any query: what therapy bills ranks ahead (see the file comment). */
function prior(code: IcdCode, common: readonly string[]): number {
  let value = 1;
  const id = code.code;
  if ((id.startsWith("S") || id.startsWith("T")) && id.length === 7) {
    const seventh = id[6];
    value *= seventh === "D" ? 1.12 : seventh === "A" ? 1 : seventh === "S" ? 0.95 : 0.9;
  }
  if (/^Z8[0-4]/.test(id) || /^Z8[67]/.test(id)) value *= 0.6; // family and personal history
  if (code.description.includes("physeal")) value *= 0.85; // growth-plate injuries: rare in adult therapy
  if (common.some((prefix) => id.startsWith(prefix))) value *= 1.15;
  return value;
}

/** What a search reads: the sorted vocabulary, each word's codes (ascending positions in the code set's sorted list), and per code its word count and prior. */
export interface IcdIndexData {
  vocabulary: string[];
  postings: Int32Array[];
  lengths: Uint8Array;
  priors: Float32Array;
}

/** Tokenizes every description once (about 0.25 s for a fiscal year's 74k codes: why icd-index-cache.ts keeps the result). */
export function buildIcdIndexData(codes: readonly IcdCode[], terms: readonly TherapyTerm[]): IcdIndexData {
  const common = [...new Set(terms.flatMap((term) => term.prefer))];
  const byTerm = new Map<string, number[]>();
  const lengths = new Uint8Array(codes.length);
  const priors = new Float32Array(codes.length);
  codes.forEach((code, doc) => {
    const words = tokens(code.description);
    lengths[doc] = Math.min(words.length, 255);
    priors[doc] = prior(code, common);
    for (const word of new Set(words)) {
      let list = byTerm.get(word);
      if (!list) byTerm.set(word, (list = []));
      list.push(doc);
    }
  });
  const vocabulary = [...byTerm.keys()].sort();
  return { vocabulary, postings: vocabulary.map((word) => Int32Array.from(byTerm.get(word)!)), lengths, priors };
}

export class IcdWordIndex {
  private readonly codes: readonly IcdCode[];
  private readonly vocabulary: readonly string[];
  private readonly postings: readonly Int32Array[];
  private readonly lengths: Uint8Array;
  private readonly priors: Float32Array;
  /** every phrase of every term, longest first, so "rheumatoid arthritis" is read before "arthritis" */
  private readonly phrases: readonly { phrase: string; term: TherapyTerm }[];
  // scratch arrays reused by every search (one search at a time: JavaScript is single-threaded)
  private readonly scores: Float32Array;
  private readonly matched: Uint8Array;
  private readonly best: Float32Array;
  private readonly stamp: Int32Array;
  private readonly touched: Int32Array;
  private generation = 0;

  /** The index of a code set from its data, built by buildIcdIndexData or read back from the cache (icd-index-cache.ts). */
  constructor(codes: readonly IcdCode[], data: IcdIndexData, terms: readonly TherapyTerm[]) {
    if (data.lengths.length !== codes.length || data.priors.length !== codes.length || data.postings.length !== data.vocabulary.length) {
      throw new Error(`ICD word index: data for ${data.lengths.length} codes and ${data.vocabulary.length} words does not fit ${codes.length} codes`);
    }
    this.codes = codes;
    this.phrases = terms.flatMap((term) => term.phrases.map((phrase) => ({ phrase, term }))).sort((a, b) => b.phrase.length - a.phrase.length);
    this.vocabulary = data.vocabulary;
    this.postings = data.postings;
    this.lengths = data.lengths;
    this.priors = data.priors;
    this.scores = new Float32Array(this.codes.length);
    this.matched = new Uint8Array(this.codes.length);
    this.best = new Float32Array(this.codes.length);
    this.stamp = new Int32Array(this.codes.length);
    this.touched = new Int32Array(this.codes.length);
  }

  /** The therapist's phrases of the query read as ICD-10-CM words, and the codes to prefer. */
  rewrite(query: string): { words: string; prefer: string[] } {
    let text = ` ${query.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").replace(/\s+/g, " ").trim()} `;
    const prefer: string[] = [];
    const used = new Set<TherapyTerm>();
    for (const { phrase, term } of this.phrases) {
      if (used.has(term)) continue;
      const at = text.indexOf(` ${phrase} `);
      if (at === -1) continue;
      used.add(term);
      // the ICD words stand in for the phrase; a placeholder keeps shorter phrases from matching inside them
      text = `${text.slice(0, at)} §${used.size} ${text.slice(at + phrase.length + 1)}`;
      for (const prefix of term.prefer) if (!prefer.includes(prefix)) prefer.push(prefix);
    }
    const replaced = [...used];
    text = text.replace(/§(\d+)/g, (_, index: string) => replaced[Number(index) - 1]!.means);
    return { words: text.trim(), prefer };
  }

  private lowerBound(key: string): number {
    let low = 0;
    let high = this.vocabulary.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.vocabulary[mid]! < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Vocabulary entries a query word matches, with the weight of the match. */
  private matches(word: string): [number, number][] {
    const found: [number, number][] = [];
    const start = this.lowerBound(word);
    if (this.vocabulary[start] === word) found.push([start, EXACT]);
    if (word.length >= 3) {
      for (let i = this.vocabulary[start] === word ? start + 1 : start; i < this.vocabulary.length && this.vocabulary[i]!.startsWith(word); i++) found.push([i, PREFIX]);
    }
    if (found.length === 0 && word.length >= 5) {
      for (let i = 0; i < this.vocabulary.length; i++) if (oneEdit(word, this.vocabulary[i]!)) found.push([i, FUZZY]);
    }
    return found;
  }

  /** The best `limit` codes for the words, those under `within` only when it is given. */
  search(query: string, limit: number, within: readonly string[] = []): RankedCode[] {
    const { words, prefer } = this.rewrite(query);
    const queryWords = [...new Set(tokens(words))];
    if (queryWords.length === 0 || limit <= 0) return [];
    const total = this.codes.length;
    let touchedCount = 0;
    const touched = this.touched;
    this.generation += 2;
    const docSeen = this.generation; // stamp: the doc has a score this search
    // Rare words first. A very common word ("right", "fracture", "encounter") then only adds
    // to the codes the rarer words found, once there are enough of them: a code with only
    // the common word cannot outrank one with every word (the share matched is squared).
    const expanded = queryWords.map((word) => {
      const matches = this.matches(word);
      let documents = 0;
      for (const [term] of matches) documents += this.postings[term]!.length;
      return { matches, documents };
    });
    expanded.sort((a, b) => a.documents - b.documents);
    for (const { matches, documents } of expanded) {
      const wordSeen = ++this.generation; // stamp: the doc matched this word
      const addNew = touchedCount < limit || documents <= COMMON_WORD_DOCUMENTS;
      for (const [term, weight] of matches) {
        const list = this.postings[term]!;
        const value = weight * Math.log(1 + total / list.length);
        for (let k = 0; k < list.length; k++) {
          const doc = list[k]!;
          const stamp = this.stamp[doc]!;
          if (stamp < docSeen) {
            if (!addNew) continue;
            this.stamp[doc] = wordSeen;
            this.scores[doc] = value;
            this.matched[doc] = 1;
            this.best[doc] = value;
            touched[touchedCount++] = doc;
          } else if (stamp !== wordSeen) {
            // first match of this word: count it, remember its value
            this.matched[doc] = this.matched[doc]! + 1;
            this.best[doc] = value;
            this.scores[doc] = this.scores[doc]! + value;
            this.stamp[doc] = wordSeen;
          } else if (value > this.best[doc]!) {
            this.scores[doc] = this.scores[doc]! + value - this.best[doc]!;
            this.best[doc] = value;
          }
        }
      }
    }
    const top: RankedCode[] = [];
    let floor = -1;
    const wordCount = queryWords.length;
    for (let t = 0; t < touchedCount; t++) {
      const doc = touched[t]!;
      const share = this.matched[doc]! / wordCount;
      let score = (this.scores[doc]! * share * share * this.priors[doc]!) / (1 + 0.03 * this.lengths[doc]!);
      if (top.length >= limit && score * MAX_PREFER < floor) continue; // cannot enter even if preferred
      const code = this.codes[doc]!;
      if (within.length > 0 && !within.some((prefix) => code.code.startsWith(prefix))) continue;
      if (prefer.length > 0) {
        const preferred = prefer.findIndex((prefix) => code.code.startsWith(prefix));
        if (preferred !== -1) score *= MAX_PREFER - 0.4 * Math.min(preferred, 4);
      }
      if (top.length >= limit && score <= floor && !(score === floor && code.code < top[top.length - 1]!.code.code)) continue;
      // bounded top-k: insert in place, drop the last
      let at = top.length;
      while (at > 0 && (top[at - 1]!.score < score || (top[at - 1]!.score === score && top[at - 1]!.code.code > code.code))) at--;
      top.splice(at, 0, { code, score });
      if (top.length > limit) top.pop();
      floor = top.length >= limit ? top[top.length - 1]!.score : -1;
    }
    return top;
  }
}
