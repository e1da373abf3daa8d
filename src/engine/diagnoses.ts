/**
 * Diagnoses (docs/billing-rules.md section 9): at least one valid, billable ICD-10-CM code of the
 * date's fiscal year; a header or a code missing its 7th character is not billable;
 * at most 12 on a claim; each line points to 1-4 of them (default: the first four).
 */
import { normalizeIcd } from "../codes/icd.js";
import type { ScrubContext } from "./context.js";

function icdSource(context: ScrubContext): string {
  const { codeSet } = context.day.icd;
  return `ICD-10-CM FY${codeSet.release.fiscalYear} (data/${codeSet.release.file})`;
}

export function checkDiagnoses(context: ScrubContext): void {
  const diagnoses = context.visit.diagnoses ?? [];
  const rules = context.day.pocRules;
  const { codeSet, fallback, fiscalYear } = context.day.icd;
  if (diagnoses.length === 0) {
    context.add({ rule: "diagnosis.missing", severity: "error", path: "diagnoses" }, () => ({
      message: "The claim has no diagnosis; every claim needs at least one billable ICD-10-CM code.",
      fix: "Add the treating diagnosis from the plan of care (e.g. the condition treated and the functional deficit).",
    }));
  }
  if (fallback && diagnoses.length > 0) {
    context.add({ rule: "diagnosis.fiscal-year", severity: "info" }, () => ({
      message: `ICD-10-CM for the fiscal year of ${context.day.date} is not loaded; the codes were checked against FY${fiscalYear}.`,
      fix: "Load that fiscal year's code set to check codes added or deleted since.",
    }));
  }
  // The finding's path, and the texts' lookups, only for a code that raises one (most are billable).
  const since = (): string => `FY${fiscalYear} (dates of service from ${codeSet.release.start})`;
  diagnoses.forEach((text, index) => {
    const status = codeSet.status(text);
    if (status.kind === "header") {
      context.add({ rule: "diagnosis.not-billable", severity: "error", code: text, path: `diagnoses[${index}]` }, () => {
        const removal = codeSet.removal(text);
        const examples = status.examples.map((code) => `${code.dotted} ${code.description}`).join("; ");
        const seventh = status.examples.every((code) => code.code.length === 7) && status.prefix.length < 7;
        return {
          message: removal
            ? `${text} was billable through FY${fiscalYear - 1}; ${since()} made it a category header with ${status.childCount} more specific codes.`
            : seventh
              ? `${text} is incomplete: it needs a 7th character (and placeholder X where needed) to be billable.`
              : `${text} is a category header, not a billable code: it has ${status.childCount} more specific codes.`,
          fix: removal
            ? `Use one of the new codes: ${status.examples.map((code) => code.dotted).join(", ")}${status.childCount > status.examples.length ? ", ..." : ""} (${examples}).`
            : `Use the most specific code the documentation supports, e.g. ${examples}.`,
          source: icdSource(context),
        };
      });
    } else if (status.kind === "invalid") {
      context.add({ rule: "diagnosis.invalid", severity: "error", code: text, path: `diagnoses[${index}]` }, () => {
        const removal = codeSet.removal(text);
        const later = context.day.icdAddedLater(text);
        return {
          message: removal
            ? `${text} (${removal.description}) was deleted from ICD-10-CM in ${since()}; it is not valid on ${context.day.date}.`
            : later
              ? `${text} (${later.description}) is new in FY${later.fiscalYear}, valid from ${later.start}; on ${context.day.date} (FY${fiscalYear}) it is not a valid code.`
              : `${text} is not an ICD-10-CM code valid on ${context.day.date} (FY${fiscalYear}).`,
          fix: removal && removal.replacements.length > 0
            ? `Use ${removal.replacements.join(" or ")}, whichever the documentation supports.`
            : later
              ? `Use the FY${fiscalYear} code the documentation supports (search with \`otbill icd <words> --date ${context.day.date}\`).`
              : "Check the code against the documentation; search with `otbill icd <words>`.",
          source: icdSource(context),
        };
      });
    }
  });
  const seen = new Set<string>();
  diagnoses.forEach((text, index) => {
    const normalized = normalizeIcd(text);
    if (seen.has(normalized)) {
      context.add({ rule: "diagnosis.pointer", severity: "error", code: text, path: `diagnoses[${index}]` }, () => ({
        message: `${text} is listed twice; each diagnosis appears once on the claim.`,
        fix: "Remove the duplicate and point the lines to the first one.",
      }));
    }
    seen.add(normalized);
  });
  if (diagnoses.length > rules.maxDiagnosesPerClaim) {
    context.add({ rule: "diagnosis.pointer", severity: "error", path: "diagnoses" }, () => ({
      message: `${diagnoses.length} diagnoses; a claim carries at most ${rules.maxDiagnosesPerClaim}.`,
      fix: `Keep the ${rules.maxDiagnosesPerClaim} most relevant to the services billed.`,
      source: rules.sources.max_diagnoses_per_claim ?? "X12 837P HI segment",
    }));
  }
  assignPointers(context, Math.min(diagnoses.length, rules.maxDiagnosesPerClaim));
}

function assignPointers(context: ScrubContext, available: number): void {
  const rules = context.day.pocRules;
  const defaults: number[] = [];
  for (let pointer = 1; pointer <= Math.min(available, rules.maxPointersPerLine); pointer++) defaults.push(pointer);
  for (const line of context.lines) {
    const given = context.visit.services[line.service]?.diagnosisPointers;
    if (!given || given.length === 0) {
      line.diagnosisPointers = defaults.slice();
      continue;
    }
    const path = `services[${line.service}].diagnosisPointers`;
    const bad = given.filter((pointer) => pointer < 1 || pointer > available);
    if (bad.length > 0) {
      context.add({ rule: "diagnosis.pointer", severity: "error", code: line.code, path }, () => ({
        message: `${line.code} points to diagnosis ${bad.join(", ")}, but the claim has ${available} diagnosis code(s).`,
        fix: `Point to 1-${Math.max(available, 1)} only.`,
      }));
    }
    if (given.length > rules.maxPointersPerLine) {
      context.add({ rule: "diagnosis.pointer", severity: "error", code: line.code, path }, () => ({
        message: `${line.code} has ${given.length} diagnosis pointers; a line carries at most ${rules.maxPointersPerLine}.`,
        fix: `Keep the ${rules.maxPointersPerLine} diagnoses most relevant to ${line.code}, the primary first.`,
        source: rules.sources.max_pointers_per_line ?? "X12 837P SV107",
      }));
    }
    const valid = [...new Set(given.filter((pointer) => pointer >= 1 && pointer <= available))].slice(0, rules.maxPointersPerLine);
    line.diagnosisPointers = valid.length > 0 ? valid : defaults.slice();
  }
}
