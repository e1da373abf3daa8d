/**
 * otbill's own code tables from data/otbill/: the therapy code catalog (with deleted,
 * mistyped and ended codes) and the curated NCCI starter edits.
 */
import { join } from "node:path";
import { CodeCatalog, type CodeDiscipline, type CodeTypo, type DeletedCode, type EndedCode, type TherapyCode } from "../codes/catalog.js";
import { InputError } from "../errors.js";
import { readCsv, requireField } from "./csv.js";
import { isoField } from "./csv-fields.js";
import { fromCompactDate } from "./dates.js";
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
