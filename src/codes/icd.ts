/**
 * One fiscal year's ICD-10-CM code set. The CDC "codes" file lists only billable (leaf)
 * codes, so a header such as I69.35, or a code missing its 7th character, is recognised
 * as a strict prefix of billable codes; a code that prefixes none is not ICD-10-CM.
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

/** I69.351, i69351 and " I69.351 " all become I69351. */
export function normalizeIcd(text: string): string {
  return text.trim().toUpperCase().replace(/\./g, "");
}

export function dotIcd(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

export class IcdCodeSet {
  readonly release: IcdRelease;
  private readonly byCode: ReadonlyMap<string, IcdCode>;
  /** all codes sorted, for prefix queries by binary search */
  private readonly sorted: readonly IcdCode[];

  constructor(release: IcdRelease, codes: readonly IcdCode[]) {
    this.release = release;
    this.byCode = new Map(codes.map((code) => [code.code, code]));
    this.sorted = [...codes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  get size(): number {
    return this.sorted.length;
  }

  get(code: string): IcdCode | undefined {
    return this.byCode.get(normalizeIcd(code));
  }

  all(): readonly IcdCode[] {
    return this.sorted;
  }

  /** Billable codes that start with the prefix, in code order. */
  withPrefix(prefix: string, limit = Number.POSITIVE_INFINITY): IcdCode[] {
    const normalized = normalizeIcd(prefix);
    const found: IcdCode[] = [];
    for (let i = this.lowerBound(normalized); i < this.sorted.length && found.length < limit; i++) {
      const code = this.sorted[i]!;
      if (!code.code.startsWith(normalized)) break;
      found.push(code);
    }
    return found;
  }

  status(text: string): IcdStatus {
    const normalized = normalizeIcd(text);
    const exact = this.byCode.get(normalized);
    if (exact) return { kind: "billable", code: exact };
    if (!/^[A-Z][0-9A-Z]{2,6}$/.test(normalized)) return { kind: "invalid" };
    const children = this.withPrefix(normalized);
    if (children.length === 0) return { kind: "invalid" };
    return { kind: "header", prefix: normalized, examples: children.slice(0, 5), childCount: children.length };
  }

  private lowerBound(key: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.sorted[mid]!.code < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
