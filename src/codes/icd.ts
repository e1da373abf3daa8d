/**
 * One fiscal year's ICD-10-CM code set. The CDC "codes" file lists only billable (leaf)
 * codes, so a header such as I69.35, or a code missing its 7th character, is recognised
 * as a strict prefix of billable codes; a code that prefixes none is not ICD-10-CM.
 * A set reads its file on first use (most batches need one fiscal year, so the other
 * year's 74k codes are never parsed), and the year's changes (codes added, and codes no
 * longer billable with what to use instead) come from the release's changes file.
 */
import type { Period } from "../reference/types.js";

export interface IcdCode {
  /** without the dot, as CMS writes it: I69351 */
  code: string;
  /** with the dot after the third character: I69.351 */
  dotted: string;
  description: string;
}

export type IcdStatus =
  | { kind: "billable"; code: IcdCode }
  | { kind: "header"; prefix: string; examples: readonly IcdCode[]; childCount: number }
  | { kind: "invalid" };

export interface IcdRelease extends Period {
  fiscalYear: number;
  file: string;
  source: string;
}

/** A code billable the year before and not in this year's set: deleted, or now a header. */
export interface IcdRemoval {
  code: string;
  /** the description it had the year before */
  description: string;
  /** codes (or a category such as S43.6) to use instead, from the release's replacement table */
  replacements: readonly string[];
}

export interface IcdChanges {
  /** codes new in this fiscal year (code without dot -> description) */
  added: ReadonlyMap<string, string>;
  removed: ReadonlyMap<string, IcdRemoval>;
}

const NO_CHANGES: IcdChanges = { added: new Map(), removed: new Map() };

/** I69.351, i69351 and " I69.351 " all become I69351. */
export function normalizeIcd(text: string): string {
  // Most codes arrive already in CMS's form (upper case, dotted or not): only the dot to drop.
  if (/^[A-Z0-9]{3}\.?[A-Z0-9]{0,4}$/.test(text)) return text.length > 3 && text.charCodeAt(3) === 46 ? text.slice(0, 3) + text.slice(4) : text;
  return text.trim().toUpperCase().replace(/\./g, "");
}

export function dotIcd(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** How many code texts a set keeps the status of. */
const STATUS_CACHE_SIZE = 10_000;

/**
 * A fiscal year's billable codes in code order, by position: what a set searches. The
 * shipped files are read into one (src/reference/load-icd.ts) that keeps the file's text
 * and makes a code's entry only when it is asked for: a batch of visits names a few hundred
 * of the 74,000 codes, and 74,000 entries of three strings each cost 70 ms and 7 MB of heap
 * on the first lookup.
 */
export interface IcdCodeList {
  readonly length: number;
  /** the code at a position against a key: negative when the code sorts first, 0 when they are equal */
  compareCode(index: number, key: string): number;
  /** the entry at a position (made once, then the same object) */
  entryAt(index: number): IcdCode;
}

/** Codes given as entries (tests, callers of the library), sorted once. */
class SortedEntries implements IcdCodeList {
  private readonly sorted: readonly IcdCode[];

  constructor(codes: readonly IcdCode[]) {
    this.sorted = [...codes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  get length(): number {
    return this.sorted.length;
  }

  compareCode(index: number, key: string): number {
    const code = this.sorted[index]!.code;
    return code < key ? -1 : code > key ? 1 : 0;
  }

  entryAt(index: number): IcdCode {
    return this.sorted[index]!;
  }
}

type IcdCodesSource = IcdCodeList | readonly IcdCode[];

export class IcdCodeSet {
  readonly release: IcdRelease;
  readonly changes: IcdChanges;
  private source: IcdCodesSource | (() => IcdCodesSource) | undefined;
  private loaded: IcdCodeList | undefined;
  private everyEntry: readonly IcdCode[] | undefined;
  private readonly statuses = new Map<string, IcdStatus>();

  /** `codes` may be a function that reads the file: it runs on the first lookup. */
  constructor(release: IcdRelease, codes: IcdCodesSource | (() => IcdCodesSource), changes: IcdChanges = NO_CHANGES) {
    this.release = release;
    this.changes = changes;
    this.source = codes;
  }

  /** Whether the file has been read (a set nobody asked about stays unread). */
  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  private get codes(): IcdCodeList {
    if (!this.loaded) {
      const source = this.source;
      const codes = typeof source === "function" ? source() : (source ?? []);
      this.loaded = Array.isArray(codes) ? new SortedEntries(codes as readonly IcdCode[]) : (codes as IcdCodeList);
      this.source = undefined;
    }
    return this.loaded;
  }

  get size(): number {
    return this.codes.length;
  }

  get(code: string): IcdCode | undefined {
    return this.exactly(normalizeIcd(code));
  }

  private exactly(normalized: string): IcdCode | undefined {
    const codes = this.codes;
    const index = this.lowerBound(normalized);
    return index < codes.length && codes.compareCode(index, normalized) === 0 ? codes.entryAt(index) : undefined;
  }

  /** Every code in code order (search builds its index from them): made once. */
  all(): readonly IcdCode[] {
    if (!this.everyEntry) {
      const codes = this.codes;
      const entries = new Array<IcdCode>(codes.length);
      for (let index = 0; index < codes.length; index++) entries[index] = codes.entryAt(index);
      this.everyEntry = entries;
    }
    return this.everyEntry;
  }

  /** The removal record when the code was billable the year before and is not in this set. */
  removal(code: string): IcdRemoval | undefined {
    return this.changes.removed.get(normalizeIcd(code));
  }

  /** Billable codes that start with the prefix, in code order. */
  withPrefix(prefix: string, limit = Number.POSITIVE_INFINITY): IcdCode[] {
    const normalized = normalizeIcd(prefix);
    const found: IcdCode[] = [];
    const codes = this.codes;
    for (let i = this.lowerBound(normalized); i < codes.length && found.length < limit; i++) {
      const code = codes.entryAt(i);
      if (!code.code.startsWith(normalized)) break;
      found.push(code);
    }
    return found;
  }

  /**
   * A code's status, kept per text as written: a practice's claims name the same few hundred
   * diagnoses again and again, and a header's status costs two binary searches. Statuses are
   * immutable; the store is emptied when it grows past its bound.
   */
  status(text: string): IcdStatus {
    let found = this.statuses.get(text);
    if (found === undefined) {
      found = this.statusOf(text);
      if (this.statuses.size >= STATUS_CACHE_SIZE) this.statuses.clear();
      this.statuses.set(text, found);
    }
    return found;
  }

  private statusOf(text: string): IcdStatus {
    const normalized = normalizeIcd(text);
    const exact = this.exactly(normalized);
    if (exact) return { kind: "billable", code: exact };
    if (!/^[A-Z][0-9A-Z]{2,6}$/.test(normalized)) return { kind: "invalid" };
    // The codes under a prefix are one run of the sorted list: counted by its two ends, not collected (S52 has thousands).
    const first = this.lowerBound(normalized);
    const childCount = this.lowerBound(`${normalized}\uffff`) - first;
    if (childCount === 0) return { kind: "invalid" };
    const examples: IcdCode[] = [];
    for (let i = first; i < first + Math.min(childCount, 5); i++) examples.push(this.codes.entryAt(i));
    return { kind: "header", prefix: normalized, examples, childCount };
  }

  private lowerBound(key: string): number {
    const codes = this.codes;
    let low = 0;
    let high = codes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (codes.compareCode(mid, key) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
