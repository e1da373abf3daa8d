/**
 * Shared fixtures for the scrub tests (scrub.test.ts and the scrub-*.test.ts rule families):
 * the default 2026 Medicare OT visit, the bundled reference, and the small readers of a
 * ScrubResult the tests assert on. Test support only: tsconfig.build.json leaves it out of dist.
 */
import { expect } from "vitest";
import type { z } from "zod";
import type { ScrubResult } from "../../contract/result.js";
import type { visitSchema } from "../../contract/visit.js";
import { loadReference, type Reference } from "../../reference/reference.js";
import type { ScrubHistory } from "../context.js";
import type { RuleId } from "../findings.js";
import { scrubInput } from "../scrub.js";

export type VisitInput = z.input<typeof visitSchema>;
export type ServiceInput = VisitInput["services"][number];
export type PlanInput = NonNullable<VisitInput["planOfCare"]>;

/** The bundled reference only (no imported NCCI files), so results do not depend on the machine. */
export const reference = loadReference({ importedDir: null });

/** The default OT plan of care: evaluated 2026-02-02, certified through 2026-05-01, signed in time. */
export const PLAN = {
  discipline: "OT",
  initialEvaluationDate: "2026-02-02",
  certifiedFrom: "2026-02-02",
  certifiedThrough: "2026-05-01",
  signedDate: "2026-02-10",
  treatmentDaysSinceProgressReport: 3,
} as const;

/** A realistic 2026 Medicare OT visit with no services yet. */
export function defaultVisit(id: string): VisitInput {
  return {
    id,
    dateOfService: "2026-03-10",
    payer: { kind: "medicare", name: "Medicare Part B" },
    placeOfService: "11",
    patient: { id: "P-1", otAllowedYearToDate: 500, deductibleRemaining: 0 },
    provider: { npi: "1234567893", discipline: "OT", participating: true },
    planOfCare: { ...PLAN },
    diagnoses: ["I69.351", "M62.81"],
    services: [],
  };
}

export type VisitBuilder = (services: ServiceInput[], over?: Partial<VisitInput>) => VisitInput;

/**
 * A `visit(services, over)` function for one test file: the default visit with that file's id
 * and `defaults`, then the services, then `over` replacing whole blocks.
 */
export function visitBuilder({ id, defaults = {} }: { id: string; defaults?: Partial<VisitInput> }): VisitBuilder {
  return (services, over = {}) => ({ ...defaultVisit(id), ...defaults, services, ...over });
}

/** The visit without `key` at all (absent, not `undefined`). */
export function omitBlock(input: VisitInput, key: "planOfCare" | "diagnoses"): VisitInput {
  const { [key]: _omitted, ...rest } = input;
  return rest;
}

/** The result as `--output codes` must give it: each finding without its message, fix and source. */
export function withoutTexts(result: ScrubResult): unknown {
  return { ...result, findings: result.findings.map(({ rule, severity, code, path }) => ({ rule, severity, code, path })) };
}

/**
 * A `scrub(input, history?)` against `using` that asserts the visit was accepted, and that
 * scrubbing it without texts gives the same result less the texts (so every rule family's
 * tests also check the findings `--output codes` raises).
 */
export function scrubWith(using: Reference): (input: VisitInput, history?: ScrubHistory) => ScrubResult {
  return (input, history) => {
    const result = scrubInput(input, using, history);
    expect(result.error).toBeUndefined();
    expect(JSON.stringify(scrubInput(input, using, history, { texts: false }))).toBe(JSON.stringify(withoutTexts(result)));
    return result;
  };
}

/** Scrubs against the bundled reference and asserts the visit was accepted. */
export const scrub = scrubWith(reference);

/** Every rule with a finding, in order of first appearance. */
export function rules(result: ScrubResult): RuleId[] {
  return [...new Set(result.findings.map((item) => item.rule))];
}

/** The rules with a warning or an error, sorted. */
export function problems(result: ScrubResult): RuleId[] {
  return [...new Set(result.findings.filter((item) => item.severity !== "info").map((item) => item.rule))].sort();
}

/** Each claim line as [code, units, modifiers]. */
export function lines(result: ScrubResult): [string, number, string[]][] {
  return result.lines.map((line) => [line.code, line.units, line.modifiers]);
}

/** The messages and fixes of one rule's findings, joined with " | ". */
export function about(result: ScrubResult, rule: RuleId): string {
  return result.findings
    .filter((item) => item.rule === rule)
    .map((item) => `${item.message} ${item.fix ?? ""}`)
    .join(" | ");
}

/** The severities of one rule's findings, in order. */
export function severities(result: ScrubResult, rule: RuleId): string[] {
  return result.findings.filter((item) => item.rule === rule).map((item) => item.severity);
}
