/**
 * The visit as the public contract (docs/contract.md) describes it: one zod schema shared by
 * the CLI, the HTTP API and the OpenAPI document. Unknown fields are kept out of the
 * typed value but never rejected, so callers may add fields freely.
 */
import { z } from "zod";
import { profileOverridesSchema } from "../payers/profile-schema.js";
import { isIsoDate, type IsoDate } from "../reference/dates.js";
import { fastParseVisit } from "./visit-fast.js";

export const isoDateSchema = z
  .string()
  .refine((text) => isIsoDate(text), { message: "must be a calendar date in YYYY-MM-DD form" })
  .transform((text) => text as IsoDate);

export const payerKindSchema = z.enum(["medicare", "medicare-advantage", "medicaid", "tricare", "commercial", "workers-comp", "self-pay"]);
export const unitRuleSchema = z.enum(["cms", "ama"]);
export const disciplineSchema = z.enum(["OT", "PT", "SLP"]);

const minutesSchema = z.number().int("must be a whole number of minutes").min(0, "cannot be negative").max(1440, "cannot exceed a day");
// Bounded so that no amount overflows the cents arithmetic (1e308 once printed "$Infinity.NaN").
const dollarsSchema = z.number().finite().min(0, "cannot be negative").max(10_000_000, "cannot exceed 10,000,000 dollars");

/** A payer's own fee schedule: a rate per code, or a percentage of Medicare's allowed amount. */
export const payerFeeScheduleSchema = z.object({
  percentOfMedicare: z.number().positive().max(1000).optional(),
  rates: z.record(z.string(), dollarsSchema).optional(),
});

export const payerSchema = z.object({
  kind: payerKindSchema,
  id: z.string().optional(),
  name: z.string().optional(),
  unitRule: unitRuleSchema.optional(),
  feeSchedule: payerFeeScheduleSchema.optional(),
  /** payer profile id (data/payers/ or a practice's own); absent: the profile follows `kind` (src/payers/profiles.ts) */
  profile: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "must be a payer profile id such as medicaid-colorado").optional(),
  /** this payer's own rule values on top of its profile (a stored payer's settings) */
  profileOverrides: profileOverridesSchema.optional(),
});

export const patientSchema = z.object({
  id: z.string().optional(),
  /** Medicare OT allowed dollars already incurred this calendar year before this visit */
  otAllowedYearToDate: dollarsSchema.optional(),
  /** Medicare PT and SLP allowed dollars (they share one threshold) */
  ptSlpAllowedYearToDate: dollarsSchema.optional(),
  /** Part B deductible still to meet this year, in dollars */
  deductibleRemaining: dollarsSchema.optional(),
  /** visits billed to this payer earlier in the benefit period (as the payer profile's visit limit counts them: per discipline or PT/OT/SLP combined) */
  visitsThisBenefitPeriod: z.number().int().min(0).optional(),
});

/** A physician or NPP named on the claim (ordering/referring, certifying). */
export const namedProviderSchema = z.object({
  firstName: z.string().max(35).optional(),
  lastName: z.string().max(60).optional(),
  npi: z.string().regex(/^\d{10}$/, "must be a 10-digit NPI").optional(),
});

/** The payer's authorization for this course of treatment, with what earlier visits used of it. */
export const visitAuthorizationSchema = z.object({
  number: z.string().max(50).optional(),
  visitsAllowed: z.number().int().min(0).optional(),
  visitsUsed: z.number().int().min(0).optional(),
  unitsAllowed: z.number().int().min(0).optional(),
  unitsUsed: z.number().int().min(0).optional(),
  startDate: isoDateSchema.optional(),
  endDate: isoDateSchema.optional(),
});

/** The patient's cost sharing under this coverage (non-Medicare payers). */
export const visitCoverageSchema = z.object({
  copay: dollarsSchema.optional(),
  coinsurancePercent: z.number().min(0).max(100).optional(),
});

export const providerSchema = z.object({
  npi: z.string().optional(),
  discipline: disciplineSchema.optional(),
  qualifyingApm: z.boolean().optional(),
  /** false for a non-participating provider (95% fee schedule, 115% limiting charge) */
  participating: z.boolean().optional(),
});

export const planOfCareSchema = z.object({
  discipline: disciplineSchema.optional(),
  initialEvaluationDate: isoDateSchema.optional(),
  certifiedFrom: isoDateSchema.optional(),
  certifiedThrough: isoDateSchema.optional(),
  signedDate: isoDateSchema.optional(),
  treatmentDaysSinceProgressReport: z.number().int().min(0).optional(),
  /** the physician/NPP who certified the plan (the claim's referring provider) */
  certifyingProvider: namedProviderSchema.optional(),
  /** the date of the order or referral (some payers want treatment to start within days of it) */
  orderDate: isoDateSchema.optional(),
}).superRefine((plan, context) => {
  // One rule for the scrub, the store and the API: a plan cannot end before it starts.
  if (plan.certifiedFrom && plan.certifiedThrough && plan.certifiedThrough < plan.certifiedFrom) {
    context.addIssue({ code: "custom", path: ["certifiedThrough"], message: `cannot be before certifiedFrom (${plan.certifiedFrom})` });
  }
});

export const serviceSchema = z.object({
  code: z.string().trim().min(1, "is empty").max(10),
  minutes: minutesSchema.optional(),
  assistantMinutes: minutesSchema.optional(),
  units: z.number().int().min(0).max(99).optional(),
  modifiers: z.array(z.string().trim().toUpperCase().regex(/^[A-Z0-9]{2}$/, "must be two letters or digits")).max(10).optional(),
  diagnosisPointers: z.array(z.number().int()).max(12).optional(),
  distinct: z.boolean().optional(),
  description: z.string().max(80).optional(),
}).superRefine((service, context) => {
  // The assistant's minutes are part of the service's minutes, never more than them.
  if (service.assistantMinutes !== undefined && service.minutes !== undefined && service.assistantMinutes > service.minutes) {
    context.addIssue({ code: "custom", path: ["assistantMinutes"], message: `cannot exceed the service's ${service.minutes} minutes` });
  }
});

export const visitSchema = z.object({
  id: z.string().optional(),
  dateOfService: isoDateSchema,
  payer: payerSchema,
  placeOfService: z.string().regex(/^\d{2}$/, "must be a two-digit place of service code").optional(),
  locality: z.string().regex(/^\d{5}-\d{2}$/, "must be MAC-LOCALITY, e.g. 01112-05").optional(),
  patient: patientSchema.optional(),
  provider: providerSchema.optional(),
  planOfCare: planOfCareSchema.optional(),
  diagnoses: z.array(z.string().trim().max(10)).max(30).optional(),
  services: z.array(serviceSchema).max(60),
  totalTreatmentMinutes: minutesSchema.optional(),
  /** the ordering/referring provider, when not the plan's certifying provider */
  referringProvider: namedProviderSchema.optional(),
  authorization: visitAuthorizationSchema.optional(),
  coverage: visitCoverageSchema.optional(),
  /** the date the claim is built (for timely filing); the shell passes today, the engine never reads a clock */
  claimDate: isoDateSchema.optional(),
});

export type Visit = z.infer<typeof visitSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type PlanOfCare = z.infer<typeof planOfCareSchema>;
export type Payer = z.infer<typeof payerSchema>;
export type PayerFeeSchedule = z.infer<typeof payerFeeScheduleSchema>;

/** "services[1].minutes" from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
  }
  return text;
}

export interface VisitIssue {
  path: string;
  message: string;
  value?: unknown;
}

/** The value at a zod issue's path in the raw input, to name what the caller sent. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

export type VisitParse = { ok: true; visit: Visit } | { ok: false; issues: VisitIssue[] };

/** Validates a visit; each issue names the field and the value it got. */
export function parseVisit(input: unknown): VisitParse {
  const fast = fastParseVisit(input);
  return fast ? { ok: true, visit: fast } : parseVisitBySchema(input);
}

/** parseVisit without the fast check, for a caller that has already run it on the input. */
export function parseVisitBySchema(input: unknown): VisitParse {
  const parsed = visitSchema.safeParse(input);
  if (parsed.success) return { ok: true, visit: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const value = valueAt(input, issue.path);
      return { path: formatIssuePath(issue.path), message: issue.message, ...(value !== undefined ? { value } : {}) };
    }),
  };
}

/** One line a person can read: "services[0].minutes: cannot be negative (got -5)". */
export function describeIssue(issue: VisitIssue): string {
  const got = issue.value === undefined ? "" : ` (got ${JSON.stringify(issue.value)})`;
  return `${issue.path || "visit"}: ${issue.message}${got}`;
}
