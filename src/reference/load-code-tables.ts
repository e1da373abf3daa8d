/**
 * otbill's own code tables from data/otbill/: the therapy code catalog (with deleted,
 * mistyped and ended codes) and the curated NCCI starter edits.
 */
import { join } from "node:path";
import { CodeCatalog, type CodeDiscipline, type CodeTypo, type DeletedCode, type EndedCode, type TherapyCode } from "../codes/catalog.js";
import { InputError } from "../errors.js";
import { readCsv, readTextFile, requireField } from "./csv.js";
import { isoField } from "./csv-fields.js";
import { addDays, fromCompactDate, type IsoDate } from "./dates.js";
import type { MueEdit, PtpEdit } from "./types.js";

export function loadCatalog(dir: string): CodeCatalog {
  const codesFile = join(dir, "otbill/therapy_codes.csv");
  const codes: TherapyCode[] = readCsv(codesFile, ["code", "discipline", "timed", "evaluation", "label"]).map((row, index) => {
    const line = index + 2;
    const discipline = requireField(row, "discipline", codesFile, line) as CodeDiscipline;
    if (!["OT", "PT", "SLP", "therapy", "sometimes", "AT", "other"].includes(discipline)) {
      throw new InputError("malformed_row", `discipline ${JSON.stringify(discipline)} is not OT, PT, SLP, therapy, sometimes, AT or other`, { file: codesFile, line });
    }
    const unitMinutes = row.unit_minutes ? Number(row.unit_minutes) : undefined;
    return {
      code: requireField(row, "code", codesFile, line),
      discipline,
      timed: row.timed === "Y",
      ...(unitMinutes ? { unitMinutes } : {}),
      ...(row.addon_primary ? { addOnPrimary: row.addon_primary } : {}),
      evaluation: row.evaluation === "Y",
      category: row.category ?? "",
      label: row.label ?? "",
      synonyms: (row.synonyms ?? "").split(";").map((word) => word.trim()).filter(Boolean),
    };
  });
  const deletedFile = join(dir, "otbill/deleted_codes.csv");
  const deleted: DeletedCode[] = readCsv(deletedFile, ["code", "deleted_on", "replacements"]).map((row, index) => ({
    code: requireField(row, "code", deletedFile, index + 2),
    deletedOn: isoField(row, "deleted_on", deletedFile, index + 2),
    replacements: (row.replacements ?? "").split(/\s+/).filter(Boolean),
    label: row.label ?? "",
    source: row.source ?? "",
  }));
  const typos: CodeTypo[] = readCsv(join(dir, "otbill/code_typos.csv"), ["typed", "meant"]).map((row) => ({
    typed: row.typed ?? "",
    meant: row.meant ?? "",
    reason: row.reason ?? "",
  }));
  const endedFile = join(dir, "otbill/ended_codes.csv");
  const ended: EndedCode[] = readCsv(endedFile, ["code", "last_date", "reason"]).map((row, index) => ({
    code: requireField(row, "code", endedFile, index + 2),
    lastDate: isoField(row, "last_date", endedFile, index + 2),
    reason: row.reason ?? "",
    source: row.source ?? "",
  }));
  return new CodeCatalog(codes, deleted, typos, ended);
}

export function loadCuratedPtp(file: string): PtpEdit[] {
  return readCsv(file, ["column1", "column2", "effective_date", "deletion_date", "modifier_indicator"]).map((row, index) => {
    const line = index + 2;
    const effective = fromCompactDate(requireField(row, "effective_date", file, line));
    if (!effective) throw new InputError("malformed_row", `effective_date ${JSON.stringify(row.effective_date)} is not YYYYMMDD`, { file, line });
    const deleted = fromCompactDate(row.deletion_date ?? "*");
    const indicator = row.modifier_indicator;
    if (indicator !== "0" && indicator !== "1" && indicator !== "9") {
      throw new InputError("malformed_row", `modifier_indicator ${JSON.stringify(indicator)} is not 0, 1 or 9`, { file, line });
    }
    return {
      column1: requireField(row, "column1", file, line),
      column2: requireField(row, "column2", file, line),
      effective,
      ...(deleted ? { deleted } : {}),
      modifierIndicator: indicator,
      rationale: row.rationale ?? "",
      origin: "curated" as const,
      release: "curated",
      source: row.source ?? "",
    };
  });
}

export function loadCuratedMue(file: string): MueEdit[] {
  return readCsv(file, ["code", "mue_value"]).map((row, index) => ({
    code: requireField(row, "code", file, index + 2),
    value: Number(requireField(row, "mue_value", file, index + 2)),
    adjudicationIndicator: row.adjudication_indicator ?? "",
    rationale: row.rationale ?? "",
    origin: "curated" as const,
    release: "curated",
    source: row.source ?? "",
  }));
}

const SINGLE_CODE = /^[0-9A-Z]\d{3}[0-9A-Z]$/;

/** "2018-01-01 to 2021-12-31", "2014-01-01 (Q1 2014 edits)", "2020", "undated": the dates a source states. */
function statedDates(text: string): { effective: IsoDate; deleted?: IsoDate } {
  const range = /^(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(text);
  if (range) return { effective: range[1] as IsoDate, deleted: addDays(range[2] as IsoDate, 1) };
  const day = /^(\d{4}-\d{2}-\d{2})/.exec(text);
  if (day) return { effective: day[1] as IsoDate };
  const year = /^(\d{4})\b/.exec(text);
  if (year) return { effective: `${year[1]}-01-01` as IsoDate };
  return { effective: UNDATED };
}

/** A source that states no date: the row applies to every date otbill prices. */
const UNDATED = "2000-01-01" as IsoDate;

function readTsv(file: string): Record<string, string>[] {
  const [header, ...rows] = readTextFile(file).split(/\r?\n/).filter((line) => line.trim() !== "");
  const columns = (header ?? "").split("\t");
  return rows.map((row) => Object.fromEntries(row.split("\t").map((value, index) => [columns[index] ?? `column${index}`, value.trim()])));
}

/**
 * PTP pairs curated from public web pages (data/ncci/curated_therapy_pairs.tsv). Only rows
 * whose modifier indicator is a plain 0 or 1 are edits; ranges, notes, low-confidence rows
 * and the January 2020 evaluation pairs CMS reversed are not.
 */
export function loadWebCuratedPtp(file: string): PtpEdit[] {
  const edits: PtpEdit[] = [];
  const seen = new Set<string>();
  for (const row of readTsv(file)) {
    const { column1 = "", column2 = "", modifier_indicator: indicator = "", effective: stated = "", source = "" } = row;
    if (!SINGLE_CODE.test(column1) || !SINGLE_CODE.test(column2) || (indicator !== "0" && indicator !== "1")) continue;
    if (/revers|removed/i.test(stated)) continue;
    const key = `${column1}|${column2}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const dates = statedDates(stated);
    edits.push({
      column1,
      column2,
      ...dates,
      modifierIndicator: indicator,
      rationale: stated,
      origin: "curated-web",
      release: "curated from public pages",
      source,
    });
  }
  return edits;
}

/** MUE values curated from public web pages (data/ncci/curated_therapy_mue.tsv): plain whole numbers only. */
export function loadWebCuratedMue(file: string): MueEdit[] {
  const edits: MueEdit[] = [];
  const seen = new Set<string>();
  for (const row of readTsv(file)) {
    const { code = "", mue_value: value = "", mai = "", as_of: asOf = "", source = "" } = row;
    if (!SINGLE_CODE.test(code) || !/^\d+$/.test(value) || seen.has(code)) continue;
    seen.add(code);
    edits.push({
      code,
      value: Number(value),
      adjudicationIndicator: /^\d/.test(mai) ? mai.slice(0, 1) : "",
      rationale: asOf,
      origin: "curated-web",
      release: "curated from public pages",
      source,
    });
  }
  return edits;
}
