/**
 * The ICD-10-CM fiscal years of data/icd10cm/releases.csv. Each year's codes file is read
 * on the first lookup (a batch of one fiscal year never parses the other) and kept as its
 * text with the place of each row (IcdTsvCodes): a code's entry is made when it is looked
 * up. The changes file says which codes the year added and which stopped being billable;
 * the replacement table says what to use.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { IcdCodeSet, dotIcd, type IcdChanges, type IcdCode, type IcdCodeList, type IcdRelease, type IcdRemoval } from "../codes/icd.js";
import { InputError } from "../errors.js";
import { readCsv, readTextFile } from "./csv.js";
import { isoField } from "./csv-fields.js";

/** Rows a file may have for codeKey's ordering (2^17); a larger file is ordered by comparing text. */
const ROW_LIMIT = 131_072;

/** A code character's place in JavaScript's string order: 0-9 as 1-10, A-Z as 11-36 (0 is "no character"). */
function characterRank(code: number): number {
  if (code >= 48 && code <= 57) return code - 47;
  if (code >= 65 && code <= 90) return code - 54;
  return -1;
}

/**
 * A code of a letter and up to six digits or letters as a number in the same order as its
 * text (shorter first on a common prefix): at most 26 x 37^6, below 2^36. -1 for any other.
 */
function codeKey(text: string, start: number, end: number): number {
  const length = end - start;
  const first = text.charCodeAt(start);
  if (length < 1 || length > 7 || first < 65 || first > 90) return -1;
  let key = first - 65;
  for (let i = 1; i < 7; i++) {
    const rank = i < length ? characterRank(text.charCodeAt(start + i)) : 0;
    if (rank < 0) return -1;
    key = key * 37 + rank;
  }
  return key;
}

/** Two stretches of text in String order (negative when the first sorts first, 0 when equal), without slicing either. */
function compareText(a: string, startA: number, endA: number, b: string, startB: number, endB: number): number {
  const lengthA = endA - startA;
  const lengthB = endB - startB;
  const shorter = Math.min(lengthA, lengthB);
  for (let i = 0; i < shorter; i++) {
    const difference = a.charCodeAt(startA + i) - b.charCodeAt(startB + i);
    if (difference !== 0) return difference;
  }
  return lengthA - lengthB;
}

/**
 * A CDC/CMS codes TSV (code, code_dotted, description; header row) as a code list: the
 * file's text and where each row's code and description lie, in code order. An entry is
 * made when it is asked for. A plain tab split: the CDC file has no quoting. The file is in
 * tabular order, which is not always code order (M67.A0x after M67.99), so the rows are put
 * in code order when they are not.
 */
export class IcdTsvCodes implements IcdCodeList {
  private readonly text: string;
  /** per row: code start, code end, description start, description end */
  private readonly bounds: Int32Array;
  /** row of each position in code order */
  private readonly order: Int32Array;
  private readonly entries: (IcdCode | undefined)[];
  readonly length: number;

  constructor(text: string, file: string) {
    this.text = text;
    let bounds = new Int32Array(4 * 1024);
    let rows = 0;
    let start = text.indexOf("\n") + 1;
    let line = 1;
    while (start > 0 && start < text.length) {
      line += 1;
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      const tab1 = text.indexOf("\t", start);
      const tab2 = tab1 === -1 ? -1 : text.indexOf("\t", tab1 + 1);
      if (tab1 === -1 || tab2 === -1 || tab2 > end) {
        if (end > start + 1) throw new InputError("malformed_row", "expected code<TAB>dotted<TAB>description", { file, line });
      } else {
        if (4 * rows + 4 > bounds.length) {
          const grown = new Int32Array(bounds.length * 2);
          grown.set(bounds);
          bounds = grown;
        }
        bounds[4 * rows] = start;
        bounds[4 * rows + 1] = tab1;
        bounds[4 * rows + 2] = tab2 + 1;
        bounds[4 * rows + 3] = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
        rows++;
      }
      start = end + 1;
    }
    this.bounds = bounds;
    this.length = rows;
    this.order = this.codeOrder();
    this.entries = new Array<IcdCode | undefined>(rows);
  }

  /**
   * The rows in code order. A code of CDC's shape (a letter, then up to six digits or
   * letters) is a number that sorts as its text does; with the row's index in its low 17
   * bits it stays below 2^53, so the engine's numeric sort of a Float64Array orders 74,000
   * rows in a few milliseconds (building the list took 36-41 ms with a comparison function, 20-22 now).
   * Any other file falls back to comparing the rows' text.
   */
  private codeOrder(): Int32Array {
    const { text, bounds, length } = this;
    const order = new Int32Array(length);
    if (length <= ROW_LIMIT) {
      const keys = new Float64Array(length);
      let shaped = true;
      for (let row = 0; row < length && shaped; row++) {
        const key = codeKey(text, bounds[4 * row]!, bounds[4 * row + 1]!);
        if (key < 0) shaped = false;
        else keys[row] = key * ROW_LIMIT + row;
      }
      if (shaped) {
        keys.sort();
        for (let index = 0; index < length; index++) order[index] = keys[index]! % ROW_LIMIT;
        return order;
      }
    }
    for (let row = 0; row < length; row++) order[row] = row;
    return order.sort((a, b) => this.compareRows(a, b));
  }

  /** Two rows' codes, as their text compares. */
  private compareRows(a: number, b: number): number {
    const { text, bounds } = this;
    return compareText(text, bounds[4 * a]!, bounds[4 * a + 1]!, text, bounds[4 * b]!, bounds[4 * b + 1]!);
  }

  compareCode(index: number, key: string): number {
    const row = this.order[index]!;
    return compareText(this.text, this.bounds[4 * row]!, this.bounds[4 * row + 1]!, key, 0, key.length);
  }

  entryAt(index: number): IcdCode {
    let entry = this.entries[index];
    if (!entry) {
      const row = this.order[index]!;
      const { text, bounds } = this;
      const code = text.slice(bounds[4 * row], bounds[4 * row + 1]);
      entry = { code, dotted: dotIcd(code), description: text.slice(bounds[4 * row + 2], bounds[4 * row + 3]) };
      this.entries[index] = entry;
    }
    return entry;
  }
}

function readTsv(file: string): string[][] {
  return readTextFile(file)
    .split(/\r?\n/)
    .slice(1)
    .filter((row) => row.trim() !== "")
    .map((row) => row.split("\t"));
}

function loadChanges(dir: string, changesFile: string | undefined, replacementFile: string | undefined): IcdChanges {
  const added = new Map<string, string>();
  const removed = new Map<string, IcdRemoval>();
  if (!changesFile) return { added, removed };
  const replacements = new Map<string, string[]>();
  if (replacementFile) {
    for (const [code, codes] of readTsv(join(dir, "icd10cm", replacementFile))) {
      if (code) replacements.set(code, (codes ?? "").split(/\s+/).filter(Boolean));
    }
  }
  const file = join(dir, "icd10cm", changesFile);
  readTsv(file).forEach(([code, change, description], index) => {
    if (!code) return;
    if (change === "added") added.set(code, description ?? "");
    else if (change === "deleted") removed.set(code, { code, description: description ?? "", replacements: replacements.get(code) ?? [] });
    else throw new InputError("malformed_row", `change ${JSON.stringify(change)} is not added or deleted`, { file, line: index + 2 });
  });
  return { added, removed };
}

/** An imported codes file (otbill data import icd10cm): one fiscal year, no changes file. */
export interface ImportedIcdRelease {
  fiscalYear: number;
  start: string;
  end: string;
  file: string;
  source: string;
}

export function loadIcdSets(dir: string, imported: readonly ImportedIcdRelease[] = []): IcdCodeSet[] {
  const manifest = join(dir, "icd10cm/releases.csv");
  const sets: IcdCodeSet[] = [];
  const importedYears = new Set(imported.map((release) => release.fiscalYear));
  readCsv(manifest, ["fiscal_year", "effective_start", "effective_end", "file"]).forEach((entry, index) => {
    const line = index + 2;
    const fiscalYear = Number(entry.fiscal_year);
    if (importedYears.has(fiscalYear)) return; // an imported release replaces the shipped one
    const file = join(dir, "icd10cm", entry.file ?? "");
    // Checked now, read later: a missing file is a load error, a damaged row shows on first use.
    if (!existsSync(file)) throw new InputError("file_not_found", "no such file", { file });
    const release: IcdRelease = {
      fiscalYear,
      start: isoField(entry, "effective_start", manifest, line),
      end: isoField(entry, "effective_end", manifest, line),
      file: `icd10cm/${entry.file}`,
      source: entry.source ?? "",
    };
    sets.push(new IcdCodeSet(release, () => new IcdTsvCodes(readTextFile(file), file), loadChanges(dir, entry.changes || undefined, entry.replacements || undefined)));
  });
  for (const release of imported) {
    sets.push(
      new IcdCodeSet(
        { fiscalYear: release.fiscalYear, start: release.start as IcdRelease["start"], end: release.end as IcdRelease["end"], file: release.file, source: release.source },
        () => new IcdTsvCodes(readTextFile(release.file), release.file),
      ),
    );
  }
  return sets.sort((a, b) => a.release.fiscalYear - b.release.fiscalYear);
}
