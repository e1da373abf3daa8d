/**
 * Claim document -> PreparedClaim: the one step between what a caller sends (or the store
 * builds) and the claim writers (837P, CMS-1500). It validates the document, scrubs the visit,
 * refuses a visit the scrub rejects, prices each recommended line from the charge master and
 * gives each line its line item control number. Every problem names the claim and the field,
 * so a biller can fix the document without reading code: `C-1001: billingProvider.npi: ...`.
 */
import { claimDocumentSchema, type ClaimDocument } from "../contract/claim-document.js";
import type { ScrubResult } from "../contract/result.js";
import { unknownFields } from "../contract/unknown-fields.js";
import { formatIssuePath, valueAt } from "../contract/visit.js";
import { scrub, type ScrubHistory } from "../engine/scrub.js";
import { InputError, isInputError } from "../errors.js";
import type { IsoDate } from "../reference/dates.js";
import { dollarsToCents } from "../reference/fixed.js";
import type { Reference } from "../reference/reference.js";
import { FILING_INDICATOR_CODES } from "../x12/837p/codes.js";
import { needsEscaping } from "../x12/segments.js";
import type { PreparedClaim, PreparedLine } from "./prepared-claim.js";

/** 837P HI: one principal (ABK) and at most 11 other (ABF) diagnoses; CMS-1500 item 21 A-L. */
export const MAX_CLAIM_DIAGNOSES = 12;
/** 837P loop 2400 repeats at most 50 times a claim. */
export const MAX_CLAIM_LINES = 50;
/** SV101-3..6 / item 24D: four modifiers a line. */
export const MAX_LINE_MODIFIERS = 4;

export interface PrepareOptions {
  /** the patient's stored history (KX year to date, plan of care, authorization) for the scrub */
  history?: ScrubHistory;
}

export interface ClaimProblem {
  /** the claim id, or `claims[i]` when the document has none */
  claim: string;
  /** the field at fault inside the claim document, e.g. billingProvider.npi */
  path: string;
  message: string;
}

function problemText(problem: ClaimProblem): string {
  return `${problem.claim}: ${problem.path ? `${problem.path}: ` : ""}${problem.message}`;
}

/**
 * One or more claims cannot be written. An InputError ("unprocessable": CLI exit 2, HTTP 422)
 * whose message lists every problem; `problems` keeps them apart for a caller that prints
 * one a line.
 */
export class ClaimProblems extends InputError {
  readonly problems: ClaimProblem[];

  constructor(problems: ClaimProblem[]) {
    super("unprocessable", problems.map(problemText).join("; "), problems[0]?.path ? { path: problems[0].path } : {});
    this.problems = problems;
  }

  /** one problem a line, each starting with its claim id */
  lines(): string[] {
    return this.problems.map(problemText);
  }
}

/** The claim's name for messages: its claimId when it has a usable one. */
export function claimLabel(input: unknown, fallback = "claim"): string {
  const id = valueAt(input, ["claimId"]);
  if (typeof id === "string" && id.trim() !== "") return id.trim().slice(0, 40);
  return fallback;
}

function parseDocument(input: unknown, label: string): ClaimDocument {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ClaimProblems([{ claim: label, path: "", message: "a claim document must be a JSON object" }]);
  }
  const parsed = claimDocumentSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ClaimProblems(
    parsed.error.issues.map((issue) => {
      const value = valueAt(input, issue.path);
      // A missing field reads "is required", not zod's "expected string, received undefined".
      const message = issue.code === "invalid_type" && value === undefined ? "is required" : issue.message;
      const got = value === undefined || (typeof value === "object" && value !== null) ? "" : ` (got ${JSON.stringify(value)})`;
      return { claim: label, path: formatIssuePath(issue.path), message: `${message}${got}` };
    }),
  );
}

function refusedByScrub(result: ScrubResult): boolean {
  // `invalid` (contract Part 1, turn 2) and `reject` both mean the claim would not be paid as it stands.
  return result.status !== "clean" && result.status !== "review";
}

/** Validates, scrubs and prices one claim document. Throws ClaimProblems naming the claim and field. */
export function prepareClaim(input: unknown, reference: Reference, options: PrepareOptions = {}): PreparedClaim {
  const label = claimLabel(input);
  const document = parseDocument(input, label);
  const claim = document.claimId;
  const problems: ClaimProblem[] = [];
  const problem = (path: string, message: string): void => void problems.push({ claim, path, message });

  // The claim's referring provider and prior authorization are the visit's for the payer profile's rules (payer.referring-missing, payer.authorization-missing).
  const visit = {
    ...document.visit,
    ...(!document.visit.referringProvider && document.referringProvider ? { referringProvider: document.referringProvider } : {}),
    ...(!document.visit.authorization && document.priorAuthorization ? { authorization: { number: document.priorAuthorization } } : {}),
  };
  // More than 12 diagnoses (MAX_CLAIM_DIAGNOSES) is the scrub's diagnosis.pointer error.
  const diagnoses = visit.diagnoses ?? [];
  if (!visit.placeOfService) problem("visit.placeOfService", "is required on a claim (CLM05-1, item 24B)");
  // CLM01 comes back in the 835 exactly as sent: it cannot carry an X12 separator.
  if (needsEscaping(claim)) problem("claimId", `cannot contain * : ^ ~ or control characters (got ${JSON.stringify(claim)})`);
  const filing = document.payer.claimFilingIndicator;
  if (filing !== undefined && !FILING_INDICATOR_CODES.has(filing)) {
    problem("payer.claimFilingIndicator", `is not a 005010X222A1 claim filing indicator code (SBR09) (got ${JSON.stringify(filing)})`);
  }

  let result: ScrubResult;
  try {
    result = scrub(visit, reference, options.history);
  } catch (error) {
    if (!isInputError(error)) throw error;
    throw new ClaimProblems([...problems, { claim, path: `visit${error.details.path ? `.${error.details.path}` : ""}`, message: error.message }]);
  }
  if (refusedByScrub(result)) {
    const errors = result.findings.filter((finding) => finding.severity === "error");
    const named = errors.map((finding) => `${finding.rule} (${finding.message})`).join(", ");
    problem("visit", `the scrub rejects this visit (status ${result.status})${named ? `: ${named}` : ""}`);
    throw new ClaimProblems(problems);
  }
  if (result.lines.length === 0) problem("visit.services", "no service earned a billable unit, so there is no line to claim");
  if (result.lines.length > MAX_CLAIM_LINES) problem("visit.services", `${result.lines.length} claim lines; a claim holds at most ${MAX_CLAIM_LINES} (837P loop 2400)`);

  const day = reference.on(visit.dateOfService);
  const lines: PreparedLine[] = [];
  let totalChargeCents = 0;
  result.lines.forEach((line, index) => {
    const servicePath = `visit.services[${line.service}]`;
    const charge = document.chargeMaster[line.code];
    if (charge === undefined) {
      problem(`chargeMaster.${line.code}`, `no charge for billed code ${line.code}; add the practice's charge per unit`);
      return;
    }
    if (line.modifiers.length > MAX_LINE_MODIFIERS) {
      problem(`${servicePath}.modifiers`, `${line.code} carries ${line.modifiers.length} modifiers; a claim line holds ${MAX_LINE_MODIFIERS}`);
    }
    const description = visit.services[line.service]?.description?.trim();
    const unlisted = day.catalog.get(line.code)?.category === "unlisted";
    if (unlisted && !description) {
      problem(`${servicePath}.description`, `${line.code} is an unlisted code: describe the service (SV101-7, the shaded line of item 24)`);
    }
    const unitChargeCents = dollarsToCents(charge);
    const chargeCents = unitChargeCents * line.units;
    totalChargeCents += chargeCents;
    lines.push({
      lineId: `${claim}-${index + 1}`,
      code: line.code,
      modifiers: [...line.modifiers],
      units: line.units,
      unitChargeCents,
      chargeCents,
      diagnosisPointers: [...line.diagnosisPointers],
      dateOfService: visit.dateOfService as IsoDate,
      ...(unlisted && description ? { description } : {}),
    });
  });
  if (problems.length > 0) throw new ClaimProblems(problems);
  // A misspelt field is dropped by the schema: say so, or "renderingProvder" bills silently under the group.
  const warnings = unknownFields(input, claimDocumentSchema).map(
    (field) => `${claim}: ${field.path}: not a field of the claim document; otbill ignored it${field.nearest ? ` (did you mean ${field.nearest}?)` : ""}`,
  );
  return { document, scrub: result, lines, totalChargeCents, diagnoses: [...diagnoses], ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * Prepares a batch: every claim is tried and every problem collected, so that a caller writes
 * nothing when any claim fails and the biller sees all the fixes at once. Claim ids must be
 * unique in a batch: the 835 answers by CLM01 and REF*6R.
 */
export function prepareClaims(inputs: Iterable<unknown>, reference: Reference, options: PrepareOptions = {}): PreparedClaim[] {
  const prepared: PreparedClaim[] = [];
  const problems: ClaimProblem[] = [];
  const seen = new Map<string, number>();
  let index = 0;
  for (const input of inputs) {
    const position = index++;
    try {
      const claim = prepareClaim(input, reference, options);
      const first = seen.get(claim.document.claimId);
      if (first !== undefined) {
        problems.push({ claim: claim.document.claimId, path: "claimId", message: `is used by claims ${first + 1} and ${position + 1} of the batch; each claim needs its own` });
      } else {
        seen.set(claim.document.claimId, position);
      }
      prepared.push(claim);
    } catch (error) {
      if (error instanceof ClaimProblems) {
        for (const item of error.problems) problems.push(item.claim === "claim" ? { ...item, claim: `claims[${position}]` } : item);
      } else {
        throw error;
      }
    }
  }
  if (problems.length > 0) throw new ClaimProblems(problems);
  return prepared;
}
