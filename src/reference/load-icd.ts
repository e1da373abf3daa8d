/**
 * The ICD-10-CM fiscal years of data/icd10cm/releases.csv. Each year's codes file is read
 * on the first lookup (a batch of one fiscal year never parses the other), and a year read
 * after another reuses the other's code objects where code and description are the same,
 * so two loaded years cost little more than one. The changes file says which codes the
 * year added and which stopped being billable; the replacement table says what to use.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { IcdCodeSet, dotIcd, type IcdChanges, type IcdCode, type IcdRelease, type IcdRemoval } from "../codes/icd.js";
import { InputError } from "../errors.js";
import { readCsv, readTextFile } from "./csv.js";
import { isoField } from "./csv-fields.js";

/** Codes of a CDC/CMS codes TSV (code, code_dotted, description; header row). */
export function parseIcdTsv(text: string, file: string, shared?: IcdCodeSet): IcdCode[] {
  // A plain tab split: the CDC file has no quoting, and this is the one large file (74k rows).
  const codes: IcdCode[] = [];
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
      const code = text.slice(start, tab1);
      const description = text.slice(tab2 + 1, text[end - 1] === "\r" ? end - 1 : end);
      const same = shared?.get(code);
      codes.push(same && same.description === description ? same : { code, dotted: dotIcd(code), description });
    }
    start = end + 1;
  }
  return codes;
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
  const sharedWith = (self: () => IcdCodeSet): IcdCodeSet | undefined => sets.find((set) => set !== self() && set.isLoaded);
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
    const set: IcdCodeSet = new IcdCodeSet(release, () => parseIcdTsv(readTextFile(file), file, sharedWith(() => set)), loadChanges(dir, entry.changes || undefined, entry.replacements || undefined));
    sets.push(set);
  });
  for (const release of imported) {
    const set: IcdCodeSet = new IcdCodeSet(
      { fiscalYear: release.fiscalYear, start: release.start as IcdRelease["start"], end: release.end as IcdRelease["end"], file: release.file, source: release.source },
      () => parseIcdTsv(readTextFile(release.file), release.file, sharedWith(() => set)),
    );
    sets.push(set);
  }
  return sets.sort((a, b) => a.release.fiscalYear - b.release.fiscalYear);
}
