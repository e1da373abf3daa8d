/**
 * Search over the therapy code catalog in the words billers and therapists use.
 * Full-text ranking is BM25+ as MiniSearch scores it, over a compact index of the catalog's
 * words built here (see CodeIndex); this module adds what a text index cannot
 * know: a typed code is answered as a code, and deleted, mistyped or unknown codes get
 * what to bill instead. The index is built on first use and cached per loaded
 * reference. ICD-10-CM search (icd-search.ts) is offered from here too, so callers
 * import both searches from one place.
 */
import type { Reference } from "../reference/reference.js";
import { parseIsoDate, type IsoDate } from "../reference/dates.js";
import type { RvuRow } from "../reference/types.js";
import type { CodeDiscipline, DeletedCode, TherapyCode } from "./catalog.js";
import { normalizeCode } from "./catalog.js";
import { DEFAULT_SEARCH_LIMIT, TOKEN_SEPARATOR, WORD_SEARCH, coordinated, round3, searchTerm } from "./search-terms.js";
import { nearestCodes } from "./near-codes.js";

export { hasIcdIndex, searchIcd, type IcdMatch, type IcdSearchHit, type IcdSearchOptions } from "./icd-search.js";
export { DEFAULT_SEARCH_LIMIT, searchTerm } from "./search-terms.js";

/** How a hit answers the query. */
export type CodeMatch =
  | "code" // the code typed, found in the catalog
  | "deleted" // the code typed was deleted; see `deleted`
  | "typo" // the code typed is a known typo; see `typo`
  | "unknown" // the code typed is not a code otbill knows
  | "replacement" // a code to bill instead of a deleted one
  | "meant" // the code a known typo stands for
  | "near" // a catalog code a digit or two away from an unknown one
  | "sibling" // same category as the code typed
  | "code-prefix" // starts with the digits typed
  | "words" // found by the words of the query
  | "catalog"; // the whole catalog (empty query)

export interface CodeSearchHit {
  code: string;
  label: string;
  /** CMS's short descriptor from the newest PFS RVU file loaded */
  shortDescriptor?: string;
  category?: string;
  discipline?: CodeDiscipline;
  timed?: boolean;
  unitMinutes?: number;
  addOnPrimary?: string;
  /** whether the code is in the therapy code catalog (false for deleted, typo, unknown) */
  inCatalog: boolean;
  match: CodeMatch;
  /** relevance within this search, 0..1 (1: the code typed) */
  score: number;
  deleted?: { deletedOn: IsoDate; replacements: readonly string[]; source: string; deletedByDate?: boolean };
  typo?: { meant: string; reason: string };
  /** the PFS status indicator on the date asked for (only when a date is given) */
  medicareStatus?: { status: string; meaning: string; year: number };
  /** one sentence for humans: what to bill instead, why it is listed */
  note?: string;
}

export interface CodeSearchOptions {
  /** most hits to return; default 10, or the whole catalog for an empty query */
  limit?: number;
  /** date of service (YYYY-MM-DD): adds that day's Medicare status and deletion state */
  date?: string;
}

// PFS Relative Value File status indicators (CMS RVU file documentation, "Status Code").
/** The code Medicare wants instead of a status-I code (docs/billing-rules.md section 2). */
const MEDICARE_REPLACEMENTS: Readonly<Record<string, string>> = { "97014": "G0283" };

const MEDICARE_STATUS_MEANING: Readonly<Record<string, string>> = {
  A: "active: paid separately under the fee schedule",
  B: "bundled: never paid separately",
  C: "carrier priced: the MAC sets the amount",
  D: "deleted code",
  E: "excluded from the fee schedule by regulation",
  I: "not valid for Medicare: use another code",
  M: "measurement code: reporting only",
  N: "non-covered service",
  P: "bundled or excluded",
  R: "restricted coverage",
  T: "paid only when no other service is billed that day",
  X: "statutory exclusion: not a covered benefit",
};

export interface CodeDocument {
  code: string;
  label: string;
  category: string;
  synonyms: string;
  descriptor: string;
  deleted: boolean;
  otherDiscipline: boolean;
  notValidForMedicare: boolean;
  sometimesTherapy: boolean;
}

/** The fields searched and how much a match in each counts: synonyms are the billers' and therapists' own words. */
export const FIELDS = ["label", "category", "synonyms", "descriptor"] as const;
export const FIELD_BOOST: Readonly<Record<(typeof FIELDS)[number], number>> = { label: 2, category: 0.5, synonyms: 3, descriptor: 1 };
// BM25+ as MiniSearch 7 scores it (k, b, d), and its largest typo distance.
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const MAX_FUZZY = 6;

/** One term in one field: the documents holding it (in index order), each with its BM25+ score. */
interface FieldPostings {
  fieldBoost: number;
  docs: Int32Array;
  bm25: Float64Array;
}

/**
 * The catalog's word index: every term of the four fields with its postings, the terms in
 * sorted order (prefix matches) and by length (typo matches). Scores are MiniSearch's
 * BM25+ with otbill's options (search-terms.ts), summed the same way, so the ranking is
 * the one MiniSearch gives; src/codes/search-index.test.ts checks it on every catalog word.
 */
interface CodeIndex {
  codes: readonly string[];
  /** per document: deleted, non-therapy, status-I and splint codes rank lower */
  docBoost: Float64Array;
  postings: ReadonlyMap<string, readonly FieldPostings[]>;
  sorted: readonly string[];
  byLength: readonly (readonly string[])[];
  descriptors: ReadonlyMap<string, RvuRow>;
  /** per-document sums reused by every search (a search runs to its end before the next starts) */
  scratch: Scratch;
}

interface Scratch {
  total: Float64Array;
  scores: Float64Array;
  final: Float64Array;
  touched: Uint8Array;
  matchedWords: Int32Array;
  /** document x distinct query word: whether the word matched the document (grown for long queries) */
  matchedBy: Uint8Array;
}

function scratchFor(count: number): Scratch {
  return { total: new Float64Array(count), scores: new Float64Array(count), final: new Float64Array(count), touched: new Uint8Array(count), matchedWords: new Int32Array(count), matchedBy: new Uint8Array(count * 8) };
}

const codeIndexes = new WeakMap<object, CodeIndex>();

/** The newest RVU row of each code, for its CMS short descriptor. */
function newestRvuRows(reference: Reference): Map<string, RvuRow> {
  const rows = new Map<string, RvuRow>();
  const years = [...reference.tables.feeSchedules].sort((a, b) => a.year - b.year);
  for (const year of years) for (const [code, row] of year.rows) rows.set(code, row);
  return rows;
}

/**
 * How much a document's matches count: deleted codes stay findable (a search for "cognitive
 * skills" should show 97532 is gone), non-therapy codes (ABA) and codes Medicare does not
 * accept (97014: bill G0283) rank below the codes an OT would bill.
 */
export function documentBoost(document: CodeDocument): number {
  if (document.deleted) return 0.3;
  if (document.otherDiscipline) return 0.5;
  if (document.notValidForMedicare) return 0.7;
  // Splint and cast application (29xxx) is "sometimes therapy": an OT's splint visit is
  // first of all orthotic management (97760/97763).
  if (document.sometimesTherapy) return 0.4;
  return 1;
}

export function catalogDocuments(reference: Reference, descriptors: ReadonlyMap<string, RvuRow> = newestRvuRows(reference)): CodeDocument[] {
  const documents: CodeDocument[] = reference.catalog.all().map((code) => ({
    code: code.code,
    label: code.label,
    category: code.category.replace(/-/g, " "),
    synonyms: code.synonyms.join("; "),
    descriptor: descriptors.get(code.code)?.description ?? "",
    deleted: false,
    otherDiscipline: code.discipline === "other",
    notValidForMedicare: descriptors.get(code.code)?.status === "I",
    sometimesTherapy: code.discipline === "sometimes",
  }));
  for (const gone of reference.catalog.allDeleted()) {
    if (reference.catalog.get(gone.code)) continue;
    documents.push({ code: gone.code, label: gone.label, category: "deleted", synonyms: "", descriptor: "", deleted: true, otherDiscipline: false, notValidForMedicare: false, sometimesTherapy: false });
  }
  return documents;
}

function buildCodeIndex(documents: readonly CodeDocument[], descriptors: ReadonlyMap<string, RvuRow>): CodeIndex {
  // term -> field -> document -> count, fields and documents in index order
  const counts = new Map<string, Map<number, Map<number, number>>>();
  const fieldLengths = documents.map(() => new Float64Array(FIELDS.length));
  const averages = new Float64Array(FIELDS.length);
  documents.forEach((document, doc) => {
    FIELDS.forEach((field, fieldId) => {
      const tokens = document[field].split(TOKEN_SEPARATOR);
      // A field's length is its distinct raw tokens, and the average is kept as MiniSearch keeps it.
      const length = new Set(tokens).size;
      fieldLengths[doc]![fieldId] = length;
      averages[fieldId] = (averages[fieldId]! * doc + length) / (doc + 1);
      for (const token of tokens) {
        const term = searchTerm(token);
        if (!term) continue;
        let byField = counts.get(term);
        if (!byField) counts.set(term, (byField = new Map()));
        let byDoc = byField.get(fieldId);
        if (!byDoc) byField.set(fieldId, (byDoc = new Map()));
        byDoc.set(doc, (byDoc.get(doc) ?? 0) + 1);
      }
    });
  });
  const total = documents.length;
  const postings = new Map<string, FieldPostings[]>();
  for (const [term, byField] of counts) {
    const fields: FieldPostings[] = [];
    FIELDS.forEach((field, fieldId) => {
      const byDoc = byField.get(fieldId);
      if (!byDoc) return;
      const matching = byDoc.size;
      const docs = new Int32Array(matching);
      const bm25 = new Float64Array(matching);
      let i = 0;
      for (const [doc, frequency] of byDoc) {
        const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
        bm25[i] = idf * (BM25.d + (frequency * (BM25.k + 1)) / (frequency + BM25.k * (1 - BM25.b + (BM25.b * fieldLengths[doc]![fieldId]!) / averages[fieldId]!)));
        docs[i++] = doc;
      }
      fields.push({ fieldBoost: FIELD_BOOST[field], docs, bm25 });
    });
    postings.set(term, fields);
  }
  const sorted = [...postings.keys()].sort();
  const byLength: string[][] = [];
  for (const term of sorted) (byLength[term.length] ??= []).push(term);
  for (let length = 0; length < byLength.length; length++) byLength[length] ??= [];
  return { codes: documents.map((document) => document.code), docBoost: Float64Array.from(documents, documentBoost), postings, sorted, byLength, descriptors, scratch: scratchFor(documents.length) };
}

function codeIndex(reference: Reference): CodeIndex {
  const cached = codeIndexes.get(reference.tables);
  if (cached) return cached;
  const descriptors = newestRvuRows(reference);
  const index = buildCodeIndex(catalogDocuments(reference, descriptors), descriptors);
  codeIndexes.set(reference.tables, index);
  return index;
}

/** Levenshtein distance of a and b when it is at most max (else max + 1), in a band of rows reused across calls. */
let editRows = new Int32Array(64);
function boundedDistance(a: string, b: string, max: number): number {
  const n = a.length;
  if (editRows.length < 2 * (n + 1)) editRows = new Int32Array(4 * (n + 1));
  const rows = editRows;
  let previous = 0;
  let current = n + 1;
  for (let j = 0; j <= n; j++) rows[j] = j;
  for (let i = 1; i <= b.length; i++) {
    rows[current] = i;
    let rowMin = i;
    const char = b.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const substitution = rows[previous + j - 1]! + (a.charCodeAt(j - 1) === char ? 0 : 1);
      const deletion = rows[previous + j]! + 1;
      const insertion = rows[current + j - 1]! + 1;
      const distance = substitution < deletion ? (substitution < insertion ? substitution : insertion) : deletion < insertion ? deletion : insertion;
      rows[current + j] = distance;
      if (distance < rowMin) rowMin = distance;
    }
    if (rowMin > max) return max + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  const distance = rows[previous + n]!;
  return distance > max ? max + 1 : distance;
}

/** Index of the first sorted term not below `term`. */
function lowerBound(sorted: readonly string[], term: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < term) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Adds one index term's matches, weighted, to each document's score for the query word. */
function addPostings(index: CodeIndex, term: string, weight: number, scores: Float64Array, touched: Uint8Array): void {
  const fields = index.postings.get(term);
  if (!fields) return;
  for (const { fieldBoost, docs, bm25 } of fields) {
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      scores[doc] = scores[doc]! + weight * fieldBoost * index.docBoost[doc]! * bm25[i]!;
      touched[doc] = 1;
    }
  }
}

/**
 * The catalog's documents matching the words of the query, best first (ties in code order),
 * scored as MiniSearch scores them with WORD_SEARCH: each word exactly, by prefix and with
 * typos, the sum over words times the number of words matched, then the coordination factor.
 */
function wordMatches(index: CodeIndex, query: string, limit: number): { code: string; score: number }[] {
  const words = query
    .split(TOKEN_SEPARATOR)
    .map(searchTerm)
    .filter((term): term is string => term !== null);
  const distinct = [...new Set(words)];
  const count = index.codes.length;
  const scratch = index.scratch;
  if (scratch.matchedBy.length < count * distinct.length) scratch.matchedBy = new Uint8Array(count * distinct.length);
  const { total, scores, final, touched, matchedWords, matchedBy } = scratch;
  total.fill(0);
  matchedWords.fill(0);
  matchedBy.fill(0, 0, count * distinct.length);
  const weights = WORD_SEARCH.weights!;
  for (let position = 0; position < words.length; position++) {
    const word = words[position]!;
    scores.fill(0);
    touched.fill(0);
    addPostings(index, word, 1, scores, touched);
    const prefix = typeof WORD_SEARCH.prefix === "function" ? WORD_SEARCH.prefix(word, position, words) : WORD_SEARCH.prefix === true;
    const fuzzy = typeof WORD_SEARCH.fuzzy === "function" ? WORD_SEARCH.fuzzy(word, position, words) : (WORD_SEARCH.fuzzy ?? false);
    if (prefix) {
      for (let i = lowerBound(index.sorted, word); i < index.sorted.length && index.sorted[i]!.startsWith(word); i++) {
        const term = index.sorted[i]!;
        const distance = term.length - word.length;
        if (distance > 0) addPostings(index, term, (weights.prefix! * term.length) / (term.length + 0.3 * distance), scores, touched);
      }
    }
    const fraction = fuzzy === true ? 0.2 : fuzzy;
    const maxDistance = fraction === false ? 0 : fraction < 1 ? Math.min(MAX_FUZZY, Math.round(word.length * fraction)) : fraction;
    if (maxDistance > 0) {
      const shortest = Math.max(1, word.length - maxDistance);
      const longest = Math.min(index.byLength.length - 1, word.length + maxDistance);
      for (let length = shortest; length <= longest; length++) {
        for (const term of index.byLength[length]!) {
          if (prefix && term.startsWith(word)) continue; // scored as a prefix match
          const distance = boundedDistance(word, term, maxDistance);
          if (distance > 0 && distance <= maxDistance) addPostings(index, term, (weights.fuzzy! * term.length) / (term.length + distance), scores, touched);
        }
      }
    }
    const wordId = distinct.indexOf(word);
    for (let doc = 0; doc < count; doc++) {
      if (!touched[doc]) continue;
      total[doc] = total[doc]! + scores[doc]!;
      if (!matchedBy[doc * distinct.length + wordId]) {
        matchedBy[doc * distinct.length + wordId] = 1;
        matchedWords[doc] = matchedWords[doc]! + 1;
      }
    }
  }
  const found: number[] = [];
  for (let doc = 0; doc < count; doc++) {
    if (matchedWords[doc] === 0) continue;
    final[doc] = coordinated(total[doc]! * matchedWords[doc]!, matchedWords[doc]!, distinct.length);
    found.push(doc);
  }
  found.sort((a, b) => final[b]! - final[a]! || (index.codes[a]! < index.codes[b]! ? -1 : 1));
  const best = found.length > 0 ? final[found[0]!]! : 1;
  return found.slice(0, limit).map((doc) => ({ code: index.codes[doc]!, score: round3(final[doc]! / best) }));
}

const FULL_CODE = /^[0-9A-Z]\d{3}[0-9A-Z]$/;
const PARTIAL_CODE = /^(?=.*\d)[0-9A-Z]{1,4}$/;

class CodeAnswers {
  readonly hits: CodeSearchHit[] = [];
  private readonly seen = new Set<string>();
  private readonly reference: Reference;
  private readonly index: CodeIndex;
  private readonly date: IsoDate | undefined;

  constructor(reference: Reference, index: CodeIndex, date: IsoDate | undefined) {
    this.reference = reference;
    this.index = index;
    this.date = date;
  }

  add(hit: Omit<CodeSearchHit, "inCatalog" | "label"> & { label?: string }): void {
    if (this.seen.has(hit.code)) return;
    this.seen.add(hit.code);
    const known = this.reference.catalog.get(hit.code);
    this.hits.push({ ...this.describe(hit.code, known), ...hit, label: hit.label ?? known?.label ?? "" });
  }

  addCatalogCode(code: string, match: CodeMatch, score: number, note?: string): void {
    if (!this.reference.catalog.get(code)) return;
    this.add({ code, match, score, ...(note ? { note } : {}) });
  }

  /** What the catalog and the RVU file say about a code, and its status on the date. */
  private describe(code: string, known: TherapyCode | undefined): Omit<CodeSearchHit, "match" | "score"> {
    const rvu = this.index.descriptors.get(code);
    const hit: Omit<CodeSearchHit, "match" | "score"> = { code, label: known?.label ?? "", inCatalog: known !== undefined };
    if (rvu?.description) hit.shortDescriptor = rvu.description;
    if (known) {
      hit.category = known.category;
      hit.discipline = known.discipline;
      hit.timed = known.timed;
      if (known.unitMinutes !== undefined) hit.unitMinutes = known.unitMinutes;
      if (known.addOnPrimary !== undefined) hit.addOnPrimary = known.addOnPrimary;
    }
    const deleted = this.reference.catalog.deleted(code);
    if (deleted) hit.deleted = this.deletion(deleted);
    if (this.date) {
      const day = this.reference.on(this.date);
      const row = day.feeSchedule?.rows.get(code);
      if (row && day.feeSchedule) {
        hit.medicareStatus = { status: row.status, meaning: MEDICARE_STATUS_MEANING[row.status] ?? "see the PFS status indicators", year: day.feeSchedule.year };
      }
    }
    return hit;
  }

  private deletion(deleted: DeletedCode): NonNullable<CodeSearchHit["deleted"]> {
    return {
      deletedOn: deleted.deletedOn,
      replacements: deleted.replacements,
      source: deleted.source,
      ...(this.date ? { deletedByDate: deleted.deletedOn <= this.date } : {}),
    };
  }

  deletedNote(deleted: DeletedCode): string {
    const instead = `bill ${orList(deleted.replacements)} instead`;
    if (this.date && this.date < deleted.deletedOn) {
      return `Still valid on ${this.date}; deleted on ${deleted.deletedOn}, from then on ${instead}.`;
    }
    return `Deleted on ${deleted.deletedOn}: ${instead}.`;
  }
}

function orList(codes: readonly string[]): string {
  if (codes.length <= 1) return codes.join("");
  return `${codes.slice(0, -1).join(", ")} or ${codes[codes.length - 1]}`;
}

/** One typed code: found, deleted, a known typo, or unknown with the nearest codes. */
function answerCode(answers: CodeAnswers, reference: Reference, code: string, limit: number): void {
  const catalog = reference.catalog;
  const deleted = catalog.deleted(code);
  if (catalog.get(code)) {
    const instead = MEDICARE_REPLACEMENTS[code];
    answers.add({ code, match: "code", score: 1, ...(instead ? { note: `Medicare status I (not valid for Medicare: use another code): bill ${instead} for Medicare.` } : {}) });
    if (instead) answers.addCatalogCode(instead, "replacement", 0.95, `What Medicare wants instead of ${code}.`);
    return;
  }
  if (deleted) {
    answers.add({ code, label: deleted.label, match: "deleted", score: 1, note: answers.deletedNote(deleted) });
    deleted.replacements.forEach((replacement, i) =>
      answers.addCatalogCode(replacement, "replacement", round3(0.9 - i * 0.01), `Replaces ${code} (deleted ${deleted.deletedOn}).`),
    );
    return;
  }
  const typo = catalog.typo(code);
  if (typo) {
    const meant = catalog.get(typo.meant);
    answers.add({
      code,
      label: "(not a CPT/HCPCS code)",
      match: "typo",
      score: 1,
      typo: { meant: typo.meant, reason: typo.reason },
      note: `Not a code: did you mean ${typo.meant}${meant ? ` (${meant.label})` : ""}?`,
    });
    answers.addCatalogCode(typo.meant, "meant", 0.9, `What ${code} usually stands for.`);
    return;
  }
  const near = nearestCodes(
    catalog.all().map((entry) => entry.code),
    code,
    Math.max(1, limit - 1),
  );
  answers.add({
    code,
    label: "(not in the therapy code catalog)",
    match: "unknown",
    score: 0,
    note: near.length > 0 ? `Not a code otbill knows; nearest: ${near.map((n) => n.code).join(", ")}.` : "Not a code otbill knows, and no catalog code is near it.",
  });
  for (const { code: nearCode, distance } of near) {
    answers.addCatalogCode(nearCode, "near", round3(1 - distance / 5), `${distance} character${distance === 1 ? "" : "s"} from ${code}.`);
  }
}

/**
 * Searches the therapy code catalog. A query of codes ("97003", "97530 97140") answers
 * each code; a few digits ("975") list the codes starting with them; anything else is
 * searched as words over labels, synonyms, categories and CMS short descriptors.
 * An empty query lists the whole catalog in code order.
 */
export function searchCodes(reference: Reference, query: string, options: CodeSearchOptions = {}): CodeSearchHit[] {
  const date = options.date === undefined ? undefined : parseIsoDate(options.date, "date");
  const index = codeIndex(reference);
  const answers = new CodeAnswers(reference, index, date);
  const tokens = query.split(/[\s,;]+/).map(normalizeCode).filter(Boolean);
  const limit = options.limit ?? (tokens.length === 0 ? Number.POSITIVE_INFINITY : DEFAULT_SEARCH_LIMIT);

  if (tokens.length === 0) {
    for (const code of [...reference.catalog.all()].sort((a, b) => (a.code < b.code ? -1 : 1))) answers.addCatalogCode(code.code, "catalog", 1);
  } else if (tokens.every((token) => FULL_CODE.test(token))) {
    for (const token of tokens) answerCode(answers, reference, token, limit);
    const known = tokens.length === 1 ? reference.catalog.get(tokens[0]!) : undefined;
    if (known) {
      // One code typed: the rest of its family follows (97165 brings 97166-97168,
      // 97129 its add-on 97130), so the biller sees the choice around it.
      const family = reference.catalog
        .all()
        .filter((other) => other.category === known.category && other.discipline === known.discipline && other.code !== known.code);
      family.forEach((other, i) => answers.addCatalogCode(other.code, "sibling", round3(0.5 - i * 0.01)));
    }
  } else if (tokens.length === 1 && PARTIAL_CODE.test(tokens[0]!)) {
    const prefix = tokens[0]!;
    const codes = reference.catalog.all().map((entry) => entry.code).filter((code) => code.startsWith(prefix)).sort();
    for (const code of codes) answers.addCatalogCode(code, "code-prefix", 1);
  } else {
    for (const { code, score } of wordMatches(index, query, limit)) {
      const gone = reference.catalog.get(code) ? undefined : reference.catalog.deleted(code);
      answers.add({ code, match: "words", score, ...(gone ? { label: gone.label, note: answers.deletedNote(gone) } : {}) });
    }
  }
  return answers.hits.slice(0, limit);
}

