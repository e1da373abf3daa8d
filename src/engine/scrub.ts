/**
 * scrub(visit, reference) -> result: the pipeline of docs/contract.md. Pure: no I/O and no
 * clock; the date of service is an input. Data flows one way: codes -> units -> assistant
 * split -> modifiers -> edits -> diagnoses / plan of care / documentation -> pricing ->
 * KX -> modifier order -> status.
 */
import type { ClaimLine, CodesFinding, CodesScrubResult, ScrubResult, ScrubStatus, ScrubTotals } from "../contract/result.js";
import { MAX_VISIT_DEPTH, jsonDepth, unknownFields } from "../contract/unknown-fields.js";
import { describeIssue, parseVisitBySchema, visitSchema, type Visit } from "../contract/visit.js";
import { fastParseVisit } from "../contract/visit-fast.js";
import { isInputError } from "../errors.js";
import { objectList } from "../object-list.js";
import { centsToDollars, dollarsToCents } from "../reference/fixed.js";
import type { Reference } from "../reference/reference.js";
import { priceVisit } from "../pricing/index.js";
import type { PricingLineInput } from "../pricing/types.js";
import { checkAuthorization } from "./authorization.js";
import { checkCodes } from "./code-checks.js";
import { ScrubContext, type ScrubHistory, type WorkingLine } from "./context.js";
import { checkDiagnoses } from "./diagnoses.js";
import { checkDocumentedMinutes } from "./documentation.js";
import { checkAddOns, checkEvaluations, checkMue, checkPtpPairs } from "./edits.js";
import { codesFinding, textFinding } from "./findings.js";
import { applyKx } from "./kx.js";
import { applyAssistantModifiers, applyDisciplineModifiers, applyTelehealth, finishModifiers } from "./modifiers.js";
import { applyPayerCostSharing, applyPayerLineRules, applyPayerProfile, checkPayerRules, payerAssistantPercent, payerRequiresAuthorization } from "./payer-rules.js";
import { checkPlanOfCare } from "./plan-of-care.js";
import { buildUnitLines } from "./unit-lines.js";

export type { ScrubHistory } from "./context.js";

export interface ScrubOptions {
  /** false: findings without their message, fix and source, which are then never made (`otbill scrub --output codes`) */
  texts?: boolean;
}

/** Errors first, then warnings, then notes; each kept in the order the rules raised them. */
function inSeverityOrder<T extends CodesFinding>(findings: readonly T[]): T[] {
  let errors = 0;
  let warnings = 0;
  for (const item of findings) {
    if (item.severity === "error") errors++;
    else if (item.severity === "warning") warnings++;
  }
  // One array, each severity written from where its block starts.
  const ordered = new Array<T>(findings.length);
  let error = 0;
  let warning = errors;
  let note = errors + warnings;
  for (const item of findings) {
    if (item.severity === "error") ordered[error++] = item;
    else if (item.severity === "warning") ordered[warning++] = item;
    else ordered[note++] = item;
  }
  return ordered;
}

function statusOf(findings: readonly CodesFinding[]): ScrubStatus {
  if (findings.some((item) => item.severity === "error")) return "reject";
  if (findings.some((item) => item.severity === "warning")) return "review";
  return "clean";
}

function priceLines(context: ScrubContext, assistantPercentPaid: { percent: number; source: string } | undefined): boolean {
  const { visit } = context;
  const remaining = visit.patient?.deductibleRemaining;
  // a loop into a list of one element kind (src/object-list.ts): map over a visit without lines made an array of another
  const lines = objectList<PricingLineInput>();
  for (const line of context.lines) lines.push({ code: line.code, units: line.units, assistant: line.assistant });
  const result = priceVisit(
    lines,
    // One shape, absent parts undefined (pricing reads each with ?? or !== undefined), instead of a spread each.
    {
      day: context.day,
      payerKind: visit.payer.kind,
      explain: false,
      locality: visit.locality || undefined,
      qualifyingApm: visit.provider?.qualifyingApm,
      participating: visit.provider?.participating,
      payerFeeSchedule: visit.payer.feeSchedule || undefined,
      assistantPercentPaid,
      deductibleRemainingCents: remaining !== undefined ? dollarsToCents(remaining) : undefined,
      nonParticipating: context.day.nonParticipating || undefined,
    },
  );
  // Pricing's findings are few and mostly texts made once; without texts only their codes are kept.
  for (const item of result.findings) context.findings.push(context.texts ? item : codesFinding(item));
  result.lines.forEach((priced, index) => {
    const line = context.lines[index];
    if (!line || !priced) return;
    line.allowedCents = priced.allowedCents;
    line.paymentCents = priced.paymentCents;
    line.patientShareCents = priced.patientShareCents;
    line.unitAllowedCents = priced.unitAllowedCents;
    line.mpprReducedUnits = priced.mpprReducedUnits;
    if (priced.assistantPercent !== undefined) line.assistantPercent = priced.assistantPercent;
  });
  return result.priced;
}

function toClaimLine(line: WorkingLine, priced: boolean): ClaimLine {
  // Fields added in the contract's order; optional ones only when set (no spreads on this hot path).
  const claimLine = { code: line.code, modifiers: line.modifiers, units: line.units } as ClaimLine;
  if (line.minutes !== undefined) claimLine.minutes = line.minutes;
  if (line.assistantMinutes !== undefined) claimLine.assistantMinutes = line.assistantMinutes;
  claimLine.diagnosisPointers = line.diagnosisPointers;
  claimLine.service = line.service;
  if (priced && line.allowedCents !== undefined) {
    claimLine.allowed = centsToDollars(line.allowedCents);
    claimLine.payment = centsToDollars(line.paymentCents ?? 0);
    claimLine.patientShare = centsToDollars(line.patientShareCents ?? 0);
  }
  return claimLine;
}

function sumCents(lines: readonly WorkingLine[], pick: (line: WorkingLine) => number | undefined): number {
  return lines.reduce((sum, line) => sum + (pick(line) ?? 0), 0);
}

/** Scrubs one validated visit. */
export function scrub(visit: Visit, reference: Reference, history?: ScrubHistory, options?: ScrubOptions & { texts?: true }): ScrubResult;
export function scrub(visit: Visit, reference: Reference, history: ScrubHistory | undefined, options: ScrubOptions & { texts: false }): CodesScrubResult;
export function scrub(visit: Visit, reference: Reference, history?: ScrubHistory, options?: ScrubOptions): ScrubResult | CodesScrubResult;
export function scrub(visit: Visit, reference: Reference, history: ScrubHistory = {}, options: ScrubOptions = {}): ScrubResult | CodesScrubResult {
  // The payer's profile (src/engine/payer-rules.ts) fills the visit's fee schedule and unit rule, and its authorization.
  const payer = applyPayerProfile(visit, reference, history);
  const context = new ScrubContext(payer.visit, reference.on(visit.dateOfService), payer.history, options.texts !== false);
  checkCodes(context);
  buildUnitLines(context);
  applyDisciplineModifiers(context);
  applyAssistantModifiers(context);
  checkEvaluations(context);
  checkAddOns(context);
  checkMue(context);
  checkPtpPairs(context);
  applyTelehealth(context);
  applyPayerLineRules(context, payer.choice);
  checkDiagnoses(context);
  checkPlanOfCare(context);
  checkDocumentedMinutes(context);
  if (!payerRequiresAuthorization(payer.choice)) checkAuthorization(context);
  checkPayerRules(context, payer.choice);
  const priced = context.lines.length > 0 && priceLines(context, payerAssistantPercent(payer.choice, visit.payer.kind));
  applyPayerCostSharing(context, payer.choice, priced);
  if (payer.choice.profile.rules.kx.applies) applyKx(context, priced);
  finishModifiers(context);

  const lines = context.lines;
  let untimedUnits = 0;
  const claimLines: ClaimLine[] = new Array(lines.length);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!context.day.catalog.get(line.code)?.timed) untimedUnits += line.units;
    claimLines[index] = toClaimLine(line, priced);
  }
  const findings = inSeverityOrder(context.findings);
  const totals: ScrubTotals = priced
    ? {
        timedMinutes: context.timedMinutes,
        timedUnits: context.timedUnits,
        untimedUnits,
        allowed: centsToDollars(sumCents(lines, (line) => line.allowedCents)),
        payment: centsToDollars(sumCents(lines, (line) => line.paymentCents)),
        patientShare: centsToDollars(sumCents(lines, (line) => line.patientShareCents)),
      }
    : { timedMinutes: context.timedMinutes, timedUnits: context.timedUnits, untimedUnits };
  const status = statusOf(findings);
  // Two fixed shapes (with and without the visit's id) instead of a conditional spread.
  return visit.id !== undefined
    ? { id: visit.id, dateOfService: visit.dateOfService, status, unitRule: context.unitRule, lines: claimLines, totals, findings }
    : { dateOfService: visit.dateOfService, status, unitRule: context.unitRule, lines: claimLines, totals, findings };
}

export interface ScrubError {
  code: string;
  message: string;
  path?: string;
  /** in a batch: the file (or stdin) and line the visit came from */
  file?: string;
  line?: number;
}

export type ScrubOutcome = ScrubResult & { error?: ScrubError };
export type CodesScrubOutcome = CodesScrubResult & { error?: ScrubError };

function idOf(input: unknown): string | undefined {
  if (input && typeof input === "object" && "id" in input) {
    const id = (input as { id: unknown }).id;
    if (typeof id === "string" || typeof id === "number") return String(id);
  }
  return undefined;
}

/** A result for a visit that could not be scrubbed: status `invalid`, with the error instead of findings. */
export function rejectedResult(id: string | undefined, error: ScrubError): ScrubOutcome {
  return {
    ...(id !== undefined ? { id } : {}),
    status: "invalid",
    lines: [],
    totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 },
    findings: [],
    error,
  };
}

/** Validates unknown JSON and scrubs it; invalid input gives an `invalid` result with `error`, never a throw. */
export function scrubInput(input: unknown, reference: Reference, history?: ScrubHistory, options?: ScrubOptions & { texts?: true }): ScrubOutcome;
export function scrubInput(input: unknown, reference: Reference, history: ScrubHistory | undefined, options: ScrubOptions & { texts: false }): CodesScrubOutcome;
export function scrubInput(input: unknown, reference: Reference, history?: ScrubHistory, options?: ScrubOptions): ScrubOutcome | CodesScrubOutcome;
export function scrubInput(input: unknown, reference: Reference, history: ScrubHistory = {}, options: ScrubOptions = {}): ScrubOutcome | CodesScrubOutcome {
  // The common visit (every field known and valid) skips the schema and the unknown-field walk.
  const fast = fastParseVisit(input);
  if (fast) return scrubValidated(fast, input, reference, history, options);
  // Depth first, without recursion: a body nested thousands deep must not reach the validator.
  if (jsonDepth(input) > MAX_VISIT_DEPTH) {
    return rejectedResult(idOf(input), { code: "invalid_input", message: `visit: nested deeper than ${MAX_VISIT_DEPTH} levels; a visit is at most a few levels deep` });
  }
  const parsed = parseVisitBySchema(input);
  if (!parsed.ok) {
    const first = parsed.issues[0]!;
    const message = parsed.issues.map(describeIssue).join("; ");
    return rejectedResult(idOf(input), { code: "invalid_input", message, ...(first.path ? { path: first.path } : {}) });
  }
  const result = scrubValidated(parsed.visit, input, reference, history, options);
  const unknown = unknownFields(input, visitSchema);
  if (result.status === "invalid" || unknown.length === 0) return result;
  // A field the contract does not know is reported, never silently dropped.
  const warnings = unknown.map((item) => {
    const raised = { rule: "input.unknown-field", severity: "warning", path: item.path } as const;
    if (options.texts === false) return codesFinding(raised);
    return textFinding(raised, {
      message: `${item.path} is not a field of the visit; otbill ignored it.`,
      fix: item.nearest ? `Did you mean ${item.nearest}? Rename it, or remove it.` : "Remove it.",
    });
  });
  const findings = inSeverityOrder<CodesFinding>([...warnings, ...result.findings]);
  return { ...result, status: statusOf(findings), findings };
}

/** Scrubs a visit the schema accepted; an input error raised by a rule becomes an `invalid` result. */
function scrubValidated(visit: Visit, input: unknown, reference: Reference, history: ScrubHistory, options: ScrubOptions): ScrubOutcome | CodesScrubOutcome {
  try {
    return scrub(visit, reference, history, options);
  } catch (error) {
    if (isInputError(error)) return rejectedResult(idOf(input), { code: error.code, message: error.message, ...(error.details.path ? { path: error.details.path } : {}) });
    throw error;
  }
}
