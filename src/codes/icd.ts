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

interface LoadedCodes {
  /**
   * all codes sorted: a code and the codes under a prefix are found by binary search. (A Map
   * of the 74k codes took 35-43 ms to build, more than reading, parsing and sorting them.)
   */
  sorted: readonly IcdCode[];
}

export class IcdCodeSet {
  readonly release: IcdRelease;
  readonly changes: IcdChanges;
  private source: readonly IcdCode[] | (() => readonly IcdCode[]) | undefined;
  private loaded: LoadedCodes | undefined;
  private readonly statuses = new Map<string, IcdStatus>();

  /** `codes` may be a function that reads the file: it runs on the first lookup. */
  constructor(release: IcdRelease, codes: readonly IcdCode[] | (() => readonly IcdCode[]), changes: IcdChanges = NO_CHANGES) {
    this.release = release;
    this.changes = changes;
    this.source = codes;
  }

  /** Whether the file has been read (a set nobody asked about stays unread). */
  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  private get codes(): LoadedCodes {
    if (!this.loaded) {
      const source = this.source;
      const codes = typeof source === "function" ? source() : (source ?? []);
      const sorted = [...codes];
      // The CDC file is in tabular order, which is not always code order (M67.A0x after M67.99).
      sorted.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      this.loaded = { sorted };
      this.source = undefined;
    }
    return this.loaded;
  }

  get size(): number {
    return this.codes.sorted.length;
  }

  get(code: string): IcdCode | undefined {
    return this.exactly(normalizeIcd(code));
  }

  private exactly(normalized: string): IcdCode | undefined {
    const found = this.codes.sorted[this.lowerBound(normalized)];
    return found?.code === normalized ? found : undefined;
  }

  all(): readonly IcdCode[] {
    return this.codes.sorted;
  }

  /** The removal record when the code was billable the year before and is not in this set. */
  removal(code: string): IcdRemoval | undefined {
    return this.changes.removed.get(normalizeIcd(code));
  }

  /** Billable codes that start with the prefix, in code order. */
  withPrefix(prefix: string, limit = Number.POSITIVE_INFINITY): IcdCode[] {
    const normalized = normalizeIcd(prefix);
    const found: IcdCode[] = [];
    const { sorted } = this.codes;
    for (let i = this.lowerBound(normalized); i < sorted.length && found.length < limit; i++) {
      const code = sorted[i]!;
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
    return { kind: "header", prefix: normalized, examples: this.codes.sorted.slice(first, first + Math.min(childCount, 5)), childCount };
  }

  private lowerBound(key: string): number {
    const { sorted } = this.codes;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid]!.code < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
