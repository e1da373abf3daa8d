/**
 * Search over the therapy code catalog in the words billers and therapists use.
 * Full-text ranking is MiniSearch's (BM25+); this module adds what a text index cannot
 * know: a typed code is answered as a code, and deleted, mistyped or unknown codes get
 * what to bill instead. The index is built on first use and cached per loaded
 * reference. ICD-10-CM search (icd-search.ts) is offered from here too, so callers
 * import both searches from one place.
 */
import MiniSearch from "minisearch";
import type { Reference } from "../reference/reference.js";
import { parseIsoDate, type IsoDate } from "../reference/dates.js";
import type { RvuRow } from "../reference/types.js";
import type { CodeDiscipline, DeletedCode, TherapyCode } from "./catalog.js";
import { normalizeCode } from "./catalog.js";
import { DEFAULT_SEARCH_LIMIT, TOKEN_SEPARATOR, WORD_SEARCH, coordinated, queryTerms, round3, searchTerm } from "./search-terms.js";
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

interface CodeDocument {
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
        // Splint and cast application (29xxx) is "sometimes therapy": an OT's splint
        // visit is first of all orthotic management (97760/97763).
        if (stored?.sometimesTherapy) return 0.4;
        return 1;
      },
    },
    storeFields: ["deleted", "otherDiscipline", "notValidForMedicare", "sometimesTherapy"],
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
    sometimesTherapy: code.discipline === "sometimes",
  }));
  for (const gone of reference.catalog.allDeleted()) {
    if (reference.catalog.get(gone.code)) continue;
    documents.push({ code: gone.code, label: gone.label, category: "deleted", synonyms: "", descriptor: "", deleted: true, otherDiscipline: false, notValidForMedicare: false, sometimesTherapy: false });
  }
  search.addAll(documents);
  const index = { search, descriptors };
  codeIndexes.set(reference.tables, index);
  return index;
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

