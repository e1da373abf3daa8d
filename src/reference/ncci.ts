/**
 * NCCI practitioner edits: procedure-to-procedure (PTP) pairs and medically unlikely
 * edits (MUE). The product ships a small curated starter table (data/otbill/) and
 * merges official CMS releases imported with `otbill data import`, which are kept as
 * JSON under the otbill home folder (see home.ts). An imported row replaces a curated
 * row for the same pair.
 */
import type { IsoDate } from "./dates.js";
import type { MueEdit, PtpEdit } from "./types.js";

export interface ImportedRelease {
  release: string;
  file: string;
  importedAt: string;
  rowsRead: number;
  rowsKept: number;
}

export interface ImportedPtpFile {
  kind: "ncci-ptp";
  releases: ImportedRelease[];
  edits: PtpEdit[];
}

export interface ImportedMueFile {
  kind: "mue";
  releases: ImportedRelease[];
  edits: MueEdit[];
}

function earliest(dates: readonly IsoDate[]): IsoDate | undefined {
  let first: IsoDate | undefined;
  for (const date of dates) if (first === undefined || date < first) first = date;
  return first;
}

function pairKey(column1: string, column2: string): string {
  return `${column1}|${column2}`;
}

function isActive(edit: PtpEdit, date: IsoDate): boolean {
  return edit.effective <= date && (edit.deleted === undefined || date < edit.deleted);
}

export class NcciTables {
  /** all edits of a pair, keyed column1|column2 */
  /** all edits of a pair: column1 -> column2 -> edits (two Map lookups, no key string built per lookup) */
  private readonly ptpByPair: ReadonlyMap<string, ReadonlyMap<string, readonly PtpEdit[]>>;
  private readonly mueByCode: ReadonlyMap<string, readonly MueEdit[]>;
  readonly ptpReleases: readonly ImportedRelease[];
  readonly mueReleases: readonly ImportedRelease[];

  constructor(
    curatedPtp: readonly PtpEdit[],
    curatedMue: readonly MueEdit[],
    imported: { ptp?: ImportedPtpFile; mue?: ImportedMueFile } = {},
  ) {
    const ptp = new Map<string, PtpEdit[]>();
    for (const edit of curatedPtp) {
      const key = pairKey(edit.column1, edit.column2);
      // the first curated row of a pair wins (otbill's own before those from public pages)
      if (!ptp.has(key) && !ptp.has(pairKey(edit.column2, edit.column1))) ptp.set(key, [edit]);
    }
    const importedPairs = new Map<string, PtpEdit[]>();
    for (const edit of imported.ptp?.edits ?? []) {
      const key = pairKey(edit.column1, edit.column2);
      importedPairs.set(key, [...(importedPairs.get(key) ?? []), edit]);
    }
    for (const [key, edits] of importedPairs) ptp.set(key, edits);
    const byColumn1 = new Map<string, Map<string, PtpEdit[]>>();
    for (const edits of ptp.values()) {
      const { column1, column2 } = edits[0]!;
      let byColumn2 = byColumn1.get(column1);
      if (!byColumn2) byColumn1.set(column1, (byColumn2 = new Map()));
      byColumn2.set(column2, edits);
    }
    this.ptpByPair = byColumn1;

    const mue = new Map<string, MueEdit[]>();
    for (const edit of curatedMue) if (!mue.has(edit.code)) mue.set(edit.code, [edit]);
    const importedMue = new Map<string, MueEdit[]>();
    for (const edit of imported.mue?.edits ?? []) importedMue.set(edit.code, [...(importedMue.get(edit.code) ?? []), edit]);
    for (const [code, edits] of importedMue) mue.set(code, edits);
    this.mueByCode = mue;
    this.ptpReleases = imported.ptp?.releases ?? [];
    this.mueReleases = imported.mue?.releases ?? [];
    // An official release replaces the rows curated from public pages for the dates it
    // covers: from its earliest effective date on.
    this.importedPtpFrom = earliest((imported.ptp?.edits ?? []).map((edit) => edit.effective));
    this.importedMueFrom = imported.mue && imported.mue.edits.length > 0 ? (earliest(imported.mue.edits.map((edit) => edit.effective ?? ("0000-01-01" as IsoDate))) ?? undefined) : undefined;
  }

  private readonly importedPtpFrom: IsoDate | undefined;
  private readonly importedMueFrom: IsoDate | undefined;

  private webRowReplaced(origin: string, date: IsoDate, from: IsoDate | undefined): boolean {
    return origin === "curated-web" && from !== undefined && date >= from;
  }

  /** The edit in force on the date with `column1` in column one and `column2` in column two. */
  ptp(column1: string, column2: string, date: IsoDate): PtpEdit | undefined {
    const edits = this.ptpByPair.get(column1)?.get(column2);
    if (!edits) return undefined;
    for (const edit of edits) if (isActive(edit, date) && !this.webRowReplaced(edit.origin, date, this.importedPtpFrom)) return edit;
    return undefined;
  }

  /** The edit in force between two codes in either order. */
  ptpBetween(a: string, b: string, date: IsoDate): PtpEdit | undefined {
    return this.ptp(a, b, date) ?? this.ptp(b, a, date);
  }

  /** The MUE in force for the code: the newest effective row on or before the date. */
  mue(code: string, date: IsoDate): MueEdit | undefined {
    const edits = this.mueByCode.get(code);
    if (!edits) return undefined;
    let best: MueEdit | undefined;
    for (const edit of edits) {
      if (edit.effective !== undefined && edit.effective > date) continue;
      if (this.webRowReplaced(edit.origin, date, this.importedMueFrom)) continue;
      if (!best || (edit.effective ?? "") > (best.effective ?? "")) best = edit;
    }
    return best;
  }

  get ptpCount(): number {
    let count = 0;
    for (const byColumn2 of this.ptpByPair.values()) for (const edits of byColumn2.values()) count += edits.length;
    return count;
  }

  get mueCount(): number {
    return this.mueByCode.size;
  }
}
