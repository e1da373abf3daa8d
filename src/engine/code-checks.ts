/**
 * Code checks (docs/billing-rules.md section 2): unknown codes with suggestions, deleted codes with
 * their replacements, another discipline's codes, codes the payer does not pay (the PFS
 * status column), and unlisted codes without a description. Unknown and deleted codes
 * cannot be on a claim at all, and neither can a line that cannot be paid (another
 * discipline's code, Medicare status B, I or N, an ended code): they leave the recommended
 * claim with their finding, so they never take the visit's full-PE MPPR unit nor count
 * toward the KX amount.
 */
import type { CodeCatalog } from "../codes/catalog.js";
import { nearestCodes } from "../codes/near-codes.js";
import type { ScrubContext, WorkingService } from "./context.js";

/** Status codes of the PFS RVU file and what they mean for a claim (PFS RVU file layout, record layout note). */
const STATUS_MEANING: Readonly<Record<string, string>> = {
  B: "bundled: Medicare never pays it separately (payment is included in other services that day)",
  I: "not valid for Medicare: use another code",
  N: "non-covered by Medicare",
  R: "restricted coverage: paid only in special circumstances",
  X: "excluded from the fee schedule by statute",
  E: "excluded from the fee schedule by regulation",
  P: "bundled or excluded (no RVUs)",
  M: "a measurement code, not payable",
  J: "anesthesia services, not payable under this fee schedule",
};

/** Codes Medicare wants instead (the PFS status I note points at these). */
const MEDICARE_REPLACEMENT_SOURCE = "docs/billing-rules.md section 2 (97014 -> G0283)";

/** The catalog codes nearest to what was typed (one or two keystrokes away). */
function nearCatalogCodes(catalog: CodeCatalog, typed: string, limit = 3): string[] {
  return nearestCodes(
    catalog.all().map((entry) => entry.code),
    typed,
    limit,
  ).map((near) => near.code);
}

function describeReplacements(codes: readonly string[]): string {
  if (codes.length >= 3) return `${codes[0]}-${codes[codes.length - 1]}`;
  return codes.join(" or ");
}

function checkUnknown(context: ScrubContext, service: WorkingService): boolean {
  const { catalog } = context.day;
  const deleted = catalog.deletedOn(service.code, context.day.date);
  if (deleted) {
    context.add({ rule: "code.deleted", severity: "error", code: service.code, path: `${service.path}.code` }, () => ({
      message: `${service.code} (${deleted.label.replace(/ \(deleted\)$/, "")}) was deleted on ${deleted.deletedOn}; a claim with it is rejected.`,
      fix: `Bill ${describeReplacements(deleted.replacements)} instead, whichever the note supports.`,
      source: deleted.source,
    }));
    return false;
  }
  const typo = catalog.typo(service.code);
  if (typo) {
    context.add({ rule: "code.unknown", severity: "error", code: service.code, path: `${service.path}.code` }, () => ({
      message: `${service.code} is not a CPT/HCPCS code. ${typo.reason}.`,
      fix: `Did you mean ${typo.meant} (${catalog.get(typo.meant)?.label ?? typo.meant})? Correct the code.`,
    }));
    return false;
  }
  if (!service.entry) {
    const near = nearCatalogCodes(catalog, service.code);
    context.add({ rule: "code.unknown", severity: "error", code: service.code, path: `${service.path}.code` }, () => ({
      message: `${service.code} is not a therapy CPT/HCPCS code in otbill's catalog.`,
      fix: near.length > 0 ? `Check the code; near codes: ${near.join(", ")}.` : "Check the code against the note.",
    }));
    return false;
  }
  const schedule = context.day.feeSchedule;
  // 2022-2023 ship only the therapy extract: an SLP or splint code is then unpriced, not unknown.
  const entry = service.entry;
  const extractLacksIt = schedule?.hasExtraCodes === false && (entry.discipline === "SLP" || entry.discipline === "sometimes");
  if (schedule && !service.rvu && !extractLacksIt) {
    context.add({ rule: "code.unknown", severity: "error", code: service.code, path: `${service.path}.code` }, () => ({
      message: `${service.code} (${entry.label}) is not in the ${schedule.year} fee schedule: it did not exist on ${context.day.date}.`,
      fix: "Use the code that was valid on the date of service.",
      source: `PFS RVU file ${schedule.release} (data/${schedule.file})`,
    }));
    return false;
  }
  return true;
}

/** Statuses whose lines leave the claim: Medicare never pays them (R stays, with a warning). */
const UNPAYABLE_STATUSES: ReadonlySet<string> = new Set(["B", "I", "N", "X", "E", "P", "M", "J"]);

/** False when the code is another discipline's (it leaves the claim). */
function checkDiscipline(context: ScrubContext, service: WorkingService): boolean {
  const entry = service.entry;
  if (!entry) return true;
  const own = entry.discipline;
  if (own === "OT" || own === "PT" || own === "SLP") {
    if (own !== context.discipline) {
      const evaluations = context.day.catalog
        .all()
        .filter((code) => code.discipline === context.discipline && code.evaluation)
        .map((code) => code.code);
      context.add({ rule: "code.discipline", severity: "error", code: service.code, path: `${service.path}.code` }, () => ({
        message: `${service.code} (${entry.label}) is ${article(own)} ${own} code, but this is ${article(context.discipline)} ${context.discipline} visit (from ${context.disciplineSource}); it leaves the claim.`,
        fix: entry.evaluation && evaluations.length > 0
          ? `Bill the ${context.discipline} code instead (${describeReplacements(evaluations)}).`
          : `Remove it, or bill it under ${article(own)} ${own} plan of care by ${article(own)} ${own}.`,
      }));
      return false;
    }
  } else if (own === "AT") {
    context.add({ rule: "code.discipline", severity: "error", code: service.code, path: `${service.path}.code` }, () => ({
      message: `${service.code} (${entry.label}) is an athletic training code, not ${article(context.discipline)} ${context.discipline} service; it leaves the claim.`,
      fix: `Bill the ${context.discipline} evaluation code that the note supports.`,
    }));
    return false;
  }
  return true;
}

/** "an OT", "a PT", "an SLP": the article as the letters are spoken. */
function article(discipline: string): string {
  return /^[AEFHILMNORSX]/.test(discipline) ? "an" : "a";
}

/** False when the line cannot be paid at all (it leaves the claim). */
function checkPayable(context: ScrubContext, service: WorkingService): boolean {
  const ended = context.day.catalog.endedBefore(service.code, context.day.date);
  if (ended) {
    context.add({ rule: "code.not-payable", severity: "error", code: service.code, path: `${service.path}.code` }, () => ({
      message: `${service.code} (${service.entry?.label ?? service.code}) is not payable on ${context.day.date}: ${ended.reason}.`,
      fix: "Leave it off the claim; supplies are part of the therapy codes' payment.",
      source: ended.source,
    }));
    return false;
  }
  const rvu = service.rvu;
  if (!rvu || !context.followsMedicareStatus) return true;
  const meaning = STATUS_MEANING[rvu.status];
  if (!meaning) return true;
  const schedule = context.day.feeSchedule;
  const replacement = service.code === "97014" ? "G0283" : undefined;
  const leaves = UNPAYABLE_STATUSES.has(rvu.status);
  context.add({ rule: "code.not-payable", severity: rvu.status === "R" ? "warning" : "error", code: service.code, path: `${service.path}.code` }, () => ({
    message: `${service.code} (${service.entry?.label ?? rvu.description}) has Medicare status ${rvu.status}: ${meaning}${leaves ? "; it leaves the claim" : ""}.`,
    fix: replacement
      ? `Bill ${replacement} (${context.day.catalog.get(replacement)?.label ?? replacement}) instead.`
      : rvu.status === "I"
        ? "Use the code Medicare accepts for this service instead."
        : rvu.status === "R"
          ? "Bill it only when the MAC's coverage instructions are met, and document them."
          : "Do not expect payment; keep it only for the payer's tracking, off the Medicare claim.",
    source: `PFS RVU file ${schedule?.release ?? ""} status column (data/${schedule?.file ?? "pfs"})${replacement ? `; ${MEDICARE_REPLACEMENT_SOURCE}` : ""}`,
  }));
  return !leaves;
}

function checkUnlisted(context: ScrubContext, service: WorkingService): void {
  if (service.entry?.category === "unlisted" && !service.input.description) {
    context.add({ rule: "code.description-required", severity: "warning", code: service.code, path: `${service.path}.description` }, () => ({
      message: `${service.code} is an unlisted code: the claim must describe the service, and the payer prices it by hand.`,
      fix: "Add a description of the service (up to 80 characters) and attach the note.",
    }));
  }
}

export function checkCodes(context: ScrubContext): void {
  for (const service of context.services) {
    service.billable = checkUnknown(context, service);
    if (!service.billable) continue;
    const ownDiscipline = checkDiscipline(context, service);
    const payable = checkPayable(context, service);
    service.billable = ownDiscipline && payable;
    if (service.billable) checkUnlisted(context, service);
  }
}
