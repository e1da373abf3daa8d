/**
 * The therapy code catalog: what the CMS files lack about each code (timed or not,
 * add-on and its primary, discipline, evaluation) from data/otbill/therapy_codes.csv,
 * plus deleted codes with their replacements and known typos.
 */
import type { IsoDate } from "../reference/dates.js";

export type CodeDiscipline = "OT" | "PT" | "SLP" | "therapy" | "sometimes" | "AT" | "other";

export interface TherapyCode {
  code: string;
  /**
   * "therapy" = any of OT, PT, SLP ("always therapy"); "sometimes" = "sometimes therapy"
   * (splints, casts, strapping: therapy when a therapist furnishes it under a plan of care);
   * "AT" athletic training; "other" not a therapy service.
   */
  discipline: CodeDiscipline;
  timed: boolean;
  /** Minutes in one unit for timed codes: 15, or 30/60/120 for the longer time codes. */
  unitMinutes?: number;
  addOnPrimary?: string;
  evaluation: boolean;
  category: string;
  label: string;
  synonyms: readonly string[];
}

export interface DeletedCode {
  code: string;
  deletedOn: IsoDate;
  replacements: readonly string[];
  label: string;
  source: string;
}

/** A code still in CPT whose purpose ended on a date (99072: the public health emergency). */
export interface EndedCode {
  code: string;
  lastDate: IsoDate;
  reason: string;
  source: string;
}

export interface CodeTypo {
  typed: string;
  meant: string;
  reason: string;
}

export class CodeCatalog {
  private readonly byCode: ReadonlyMap<string, TherapyCode>;
  private readonly deletedByCode: ReadonlyMap<string, DeletedCode>;
  private readonly typosByCode: ReadonlyMap<string, CodeTypo>;
  private readonly endedByCode: ReadonlyMap<string, EndedCode>;
  private readonly addOnsByPrimary: ReadonlyMap<string, readonly string[]>;

  constructor(codes: readonly TherapyCode[], deleted: readonly DeletedCode[], typos: readonly CodeTypo[], ended: readonly EndedCode[] = []) {
    this.endedByCode = new Map(ended.map((code) => [code.code, code]));
    this.byCode = new Map(codes.map((code) => [code.code, code]));
    this.deletedByCode = new Map(deleted.map((code) => [code.code, code]));
    this.typosByCode = new Map(typos.map((typo) => [typo.typed, typo]));
    const addOns = new Map<string, string[]>();
    for (const code of codes) {
      if (code.addOnPrimary) addOns.set(code.addOnPrimary, [...(addOns.get(code.addOnPrimary) ?? []), code.code]);
    }
    this.addOnsByPrimary = addOns;
  }

  get(code: string): TherapyCode | undefined {
    return this.byCode.get(code);
  }

  /** The deletion record when the code was deleted on or before the date. */
  deletedOn(code: string, date: IsoDate): DeletedCode | undefined {
    const deleted = this.deletedByCode.get(code);
    return deleted && deleted.deletedOn <= date ? deleted : undefined;
  }

  deleted(code: string): DeletedCode | undefined {
    return this.deletedByCode.get(code);
  }

  /** The end record when the date of service is after the code's last date. */
  endedBefore(code: string, date: IsoDate): EndedCode | undefined {
    const ended = this.endedByCode.get(code);
    return ended && date > ended.lastDate ? ended : undefined;
  }

  typo(code: string): CodeTypo | undefined {
    return this.typosByCode.get(code);
  }

  addOnsOf(primary: string): readonly string[] {
    return this.addOnsByPrimary.get(primary) ?? [];
  }

  all(): readonly TherapyCode[] {
    return [...this.byCode.values()];
  }

  allDeleted(): readonly DeletedCode[] {
    return [...this.deletedByCode.values()];
  }

  allTypos(): readonly CodeTypo[] {
    return [...this.typosByCode.values()];
  }
}

/** Normalizes what a user typed as a code: trims and upper-cases (g0283 -> G0283). */
export function normalizeCode(text: string): string {
  return text.trim().toUpperCase();
}
