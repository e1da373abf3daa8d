/**
 * Search over the therapy code catalog and ICD-10-CM, in the words billers and
 * therapists use. Full-text ranking is MiniSearch's (BM25+); this module adds what a
 * text index cannot know: a typed code is answered as a code (deleted, mistyped or
 * unknown codes get what to bill instead), and ICD-10-CM code prefixes list the codes
 * under them. Indexes are built on first use and cached per catalog / code set, so
 * loading the reference stays fast.
 */
import MiniSearch, { type SearchOptions } from "minisearch";
import type { Reference } from "../reference/reference.js";
import { parseIsoDate, type IsoDate } from "../reference/dates.js";
import type { RvuRow } from "../reference/types.js";
import type { CodeDiscipline, DeletedCode, TherapyCode } from "./catalog.js";
import { normalizeCode } from "./catalog.js";
import { normalizeIcd, type IcdCode, type IcdCodeSet } from "./icd.js";

export const DEFAULT_SEARCH_LIMIT = 10;

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

// PFS Relative Value File status indicators (CMS RVU file documentation, "Status Code").
const MEDICARE_STATUS_MEANING: Readonly<Record<string, string>> = {
  A: "active: paid separately under the fee schedule",
  B: "bundled: never paid separately",
  C: "carrier priced: the MAC sets the amount",
  D: "deleted code",
  E: "excluded from the fee schedule by regulation",
  I: "not valid for Medicare: bill another code",
  M: "measurement code: reporting only",
  N: "non-covered service",
  P: "bundled or excluded",
  R: "restricted coverage",
  T: "paid only when no other service is billed that day",
  X: "statutory exclusion: not a covered benefit",
};

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

const TOKEN_SEPARATOR = /[\s\p{P}]+/u;

function queryTerms(query: string): string[] {
  const terms = query.split(TOKEN_SEPARATOR).map(searchTerm).filter((term): term is string => term !== null);
  return [...new Set(terms)];
}

// Prefix search from 3 letters ("prep" finds preparation); typo tolerance from 5
// letters, 1 edit per 5 letters, so short words such as "us" or "tens" stay exact.
const WORD_SEARCH: SearchOptions = {
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  weights: { fuzzy: 0.3, prefix: 0.6 },
};

/**
 * MiniSearch ranks by the sum of term scores; a short descriptor matching two rare words
 * can then beat one that matches every word typed. Multiplying by the share of query
 * terms matched (Lucene's "coordination factor") puts full matches first.
 */
function coordinated(score: number, matched: number, total: number): number {
  return total === 0 ? score : score * (matched / total) ** 2;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

// ---------------------------------------------------------------- therapy codes

interface CodeDocument {
  code: string;
  label: string;
  category: string;
  synonyms: string;
  descriptor: string;
  deleted: boolean;
  otherDiscipline: boolean;
  notValidForMedicare: boolean;
}

interface CodeIndex {
  search: MiniSearch<CodeDocument>;
  descriptors: ReadonlyMap<string, RvuRow>;
}

const codeIndexes = new WeakMap<object, CodeIndex>();

/** The newest RVU row of each code, for its CMS short descriptor. */
function newestRvuRows(reference: Reference): Map<string, RvuRow> {
  const rows = new Map<string, RvuRow>();
  const years = [...reference.tables.feeSchedules].sort((a, b) => a.year - b.year);
  for (const year of years) for (const [code, row] of year.rows) rows.set(code, row);
  return rows;
}

function codeIndex(reference: Reference): CodeIndex {
  const cached = codeIndexes.get(reference.tables);
  if (cached) return cached;
  const descriptors = newestRvuRows(reference);
  const search = new MiniSearch<CodeDocument>({
    idField: "code",
    fields: ["label", "category", "synonyms", "descriptor"],
    tokenize: (text) => text.split(TOKEN_SEPARATOR),
    processTerm: searchTerm,
    searchOptions: {
      ...WORD_SEARCH,
      // Synonyms are the billers' and therapists' own words, so they weigh most.
      boost: { synonyms: 3, label: 2, descriptor: 1, category: 0.5 },
      // Deleted codes stay findable (a search for "cognitive skills" should show 97532
      // is gone), non-therapy codes (ABA) and codes Medicare does not accept (97014:
      // bill G0283) rank below the codes an OT would bill.
      boostDocument: (_id, _term, stored) => {
        if (stored?.deleted) return 0.3;
        if (stored?.otherDiscipline) return 0.5;
        if (stored?.notValidForMedicare) return 0.7;
        return 1;
      },
    },
    storeFields: ["deleted", "otherDiscipline", "notValidForMedicare"],
  });
  const documents: CodeDocument[] = reference.catalog.all().map((code) => ({
    code: code.code,
    label: code.label,
    category: code.category.replace(/-/g, " "),
    synonyms: code.synonyms.join("; "),
    descriptor: descriptors.get(code.code)?.description ?? "",
    deleted: false,
    otherDiscipline: code.discipline === "other",
    notValidForMedicare: descriptors.get(code.code)?.status === "I",
  }));
  for (const gone of reference.catalog.allDeleted()) {
    if (reference.catalog.get(gone.code)) continue;
    documents.push({ code: gone.code, label: gone.label, category: "deleted", synonyms: "", descriptor: "", deleted: true, otherDiscipline: false, notValidForMedicare: false });
  }
  search.addAll(documents);
  const index = { search, descriptors };
  codeIndexes.set(reference.tables, index);
  return index;
}

/** Levenshtein distance; codes are 5 characters, so the quadratic table is tiny. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const MAX_NEAR_DISTANCE = 2;

/** Catalog codes nearest an unknown code: fewest edits, then nearest in number, then code order. */
export function nearestCodes(codes: readonly string[], typed: string, limit: number): { code: string; distance: number }[] {
  const numeric = (code: string): number | undefined => (/^\d+$/.test(code) ? Number(code) : undefined);
  const typedNumber = numeric(typed);
  const gap = (code: string): number => {
    const value = numeric(code);
    return typedNumber === undefined || value === undefined ? Number.POSITIVE_INFINITY : Math.abs(value - typedNumber);
  };
  return codes
    .map((code) => ({ code, distance: editDistance(typed, code) }))
    .filter((near) => near.distance <= MAX_NEAR_DISTANCE)
    .sort((a, b) => a.distance - b.distance || gap(a.code) - gap(b.code) || (a.code < b.code ? -1 : 1))
    .slice(0, limit);
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
    answers.add({ code, match: "code", score: 1 });
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
    const terms = queryTerms(query);
    const results = index.search
      .search(query)
      .map((result) => ({ code: String(result.id), score: coordinated(result.score, result.queryTerms.length, terms.length) }))
      .sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : 1));
    const best = results[0]?.score ?? 1;
    for (const result of results) {
      const gone = reference.catalog.get(result.code) ? undefined : reference.catalog.deleted(result.code);
      answers.add({
        code: result.code,
        match: "words",
        score: round3(result.score / best),
        ...(gone ? { label: gone.label, note: answers.deletedNote(gone) } : {}),
      });
    }
  }
  return answers.hits.slice(0, limit);
}

// ---------------------------------------------------------------- ICD-10-CM

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
