/**
 * The store's records at the HTTP boundary: one zod schema per body and query, shared
 * by validation and the OpenAPI document. Record bodies are strict (an unknown field is
 * an error naming it) because a misspelt field in a PATCH would otherwise change nothing
 * silently; visits for POST /api/scrub keep the contract's lenient schema.
 */
import { z } from "zod";
import { disciplineSchema, isoDateSchema, payerKindSchema, serviceSchema, unitRuleSchema, visitSchema } from "../contract/visit.js";
import { profileOverridesSchema } from "../payers/profile-schema.js";
import type {
  CoverageInput,
  PatientInput,
  PayerInput,
  PlanOfCareInput,
  PracticeInput,
  ProviderInput,
  VisitInput,
} from "../store/entities.js";
import { CLAIM_STATUSES } from "../store/entities.js";
import { npiProblem } from "../store/npi.js";
import { planDateProblems } from "../store/plans-of-care.js";
import { FILING_INDICATOR_CODES } from "../x12/837p/codes.js";
import { MAX_PAGE_SIZE } from "../store/paging.js";

export const idSchema = z.number().int().positive();
export const versionSchema = z.number().int().positive().describe("the version you read; a stale one gets 409 and changes nothing");
const name = z.string().trim().min(1, "is empty").max(200);

export const npiSchema = z.string().superRefine((text, context) => {
  const problem = npiProblem(text);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

const wholeNumber = () => z.coerce.number({ error: "must be a number" }).int("must be a whole number");
export const idParamsSchema = z.object({ id: wholeNumber().positive("must be a positive id") });

const pageQuery = {
  limit: wholeNumber().min(1).max(MAX_PAGE_SIZE).optional().describe(`page size, 1-${MAX_PAGE_SIZE} (default 50)`),
  offset: wholeNumber().min(0).optional().describe("rows to skip"),
};
const idQuery = wholeNumber().positive("must be a positive id");

function patchOf<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape).partial().extend({ version: versionSchema });
}

function recordOf<T extends z.ZodRawShape>(shape: T) {
  return z.object({ id: idSchema, ...shape, version: versionSchema });
}

// The parties a claim names (claims out): addresses, phones, taxonomy codes
export const stateSchema = z.string().regex(/^[A-Z]{2}$/, "must be a two-letter state code, e.g. CO");
export const zipSchema = z.string().regex(/^\d{5}(\d{4})?$/, "must be 5 or 9 digits");
export const postalAddressSchema = z.strictObject({
  line1: z.string().trim().min(1, "is empty").max(55),
  line2: z.string().trim().max(55).nullish(),
  city: z.string().trim().min(1, "is empty").max(30),
  state: stateSchema,
  zip: zipSchema,
});
/** The billing address needs ZIP+4 (837P 2010AA N403). */
export const billingAddressSchema = postalAddressSchema.extend({ zip: z.string().regex(/^\d{9}$/, "must be 9 digits (ZIP+4)") });
export const phoneSchema = z.string().regex(/^\d{10}$/, "must be 10 digits");
export const taxonomySchema = z.string().regex(/^[0-9A-Z]{9}X$/, "must be a 10-character provider taxonomy code, e.g. 225X00000X");
export const sexSchema = z.enum(["F", "M", "U"]);

// Practices
const practiceFields = {
  name,
  npi: npiSchema.nullish().describe("the group NPI claims are billed under"),
  taxId: z.string().regex(/^\d{2}-?\d{7}$/, "must be an EIN, e.g. 12-3456789").nullish(),
  billingName: name.nullish().describe("the name on claims; the practice's name when absent"),
  address: billingAddressSchema.nullish().describe("the billing address (9-digit ZIP)"),
  phone: phoneSchema.nullish(),
  taxonomy: taxonomySchema.nullish().describe("billing taxonomy (PRV*BI), 225X00000X for OT"),
  payToAddress: postalAddressSchema.nullish().describe("where payment goes, when not the billing address"),
};
export const practiceCreateSchema = z.strictObject(practiceFields);
export const practicePatchSchema = patchOf(practiceFields);
export const practiceSchema = recordOf(practiceFields);
export const practiceQuerySchema = z.object({ ...pageQuery, q: z.string().optional().describe("part of the name") });

// Providers
const providerFields = {
  npi: npiSchema,
  firstName: name,
  lastName: name,
  discipline: disciplineSchema,
  role: z.enum(["therapist", "assistant"]).describe("assistant = OTA/PTA: their minutes carry CO/CQ"),
  qualifyingApm: z.boolean().optional(),
  taxonomy: taxonomySchema.nullish(),
};
export const providerCreateSchema = z.strictObject({ practiceId: idSchema, ...providerFields });
export const providerPatchSchema = patchOf(providerFields);
export const providerSchema = recordOf({ practiceId: idSchema, ...providerFields });
export const providerQuerySchema = z.object({ ...pageQuery, practiceId: idQuery.optional(), discipline: disciplineSchema.optional(), role: z.enum(["therapist", "assistant"]).optional(), npi: z.string().optional() });

// Payers
const feeScheduleSchema = z.strictObject({
  percentOfMedicare: z.number().positive().max(1000).optional(),
  rateCents: z.record(z.string(), z.number().int().min(0)).optional().describe("cents per unit, by code"),
});
const payerFields = {
  name,
  kind: payerKindSchema,
  unitRule: unitRuleSchema.nullish().describe("overrides the kind's default counting rule"),
  feeSchedule: feeScheduleSchema.nullish(),
  settings: z.record(z.string(), z.unknown()).optional(),
  electronicPayerId: z.string().trim().min(2, "is too short").max(80).nullish().describe("the payer id the clearinghouse routes on (2010BB)"),
  address: postalAddressSchema.nullish(),
  claimFilingIndicator: z
    .string()
    .refine((code) => FILING_INDICATOR_CODES.has(code), "must be a 005010X222A1 claim filing indicator code (SBR09), e.g. MB, 16, MC, CH, CI, WC")
    .nullish()
    .describe("SBR09; derived from the kind when absent"),
  profile: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "must be a payer profile id such as medicaid-colorado").nullish().describe("the payer profile (data/payers/) it is billed by; absent: its kind's"),
  profileOverrides: profileOverridesSchema.nullish().describe("the payer's own rule values on top of its profile, e.g. visitLimit, priorAuthorization, feeSchedule"),
};
export const payerCreateSchema = z.strictObject({ practiceId: idSchema, ...payerFields });
export const payerPatchSchema = patchOf(payerFields);
export const payerSchema = recordOf({ practiceId: idSchema, ...payerFields });
export const payerQuerySchema = z.object({ ...pageQuery, practiceId: idQuery.optional(), kind: payerKindSchema.optional() });

// Patients
const patientFields = {
  externalId: z.string().trim().min(1).max(64).nullish().describe("the practice's chart number"),
  firstName: name,
  lastName: name,
  birthDate: isoDateSchema.nullish(),
  sex: sexSchema.nullish(),
  address: postalAddressSchema.nullish(),
  phone: phoneSchema.nullish(),
};
export const patientCreateSchema = z.strictObject({ practiceId: idSchema, ...patientFields });
export const patientPatchSchema = patchOf(patientFields);
export const patientSchema = recordOf({ practiceId: idSchema, ...patientFields });
export const patientQuerySchema = z.object({ ...pageQuery, practiceId: idQuery.optional(), externalId: z.string().optional(), q: z.string().optional().describe("part of a name") });

// Coverages and their authorizations
export const authorizationSchema = z
  .strictObject({
    number: z.string().max(64).nullish(),
    visitsAllowed: z.number().int().min(0).nullish(),
    unitsAllowed: z.number().int().min(0).nullish(),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
  })
  .refine((auth) => auth.startDate <= auth.endDate, { message: "endDate is before startDate", path: ["endDate"] });
const coverageFields = {
  payerId: idSchema,
  memberId: z.string().trim().min(1).max(64),
  priority: z.number().int().min(1).max(9).optional().describe("1 primary, 2 secondary, ..."),
  startDate: isoDateSchema.nullish(),
  endDate: isoDateSchema.nullish(),
  authorizations: z.array(authorizationSchema).max(50).optional().describe("replaces the whole list on PATCH"),
  relationship: z.enum(["self", "spouse", "child", "other"]).optional().describe("the patient's relationship to the subscriber"),
  subscriber: z
    .strictObject({ firstName: name, lastName: name, birthDate: isoDateSchema, sex: sexSchema, address: postalAddressSchema })
    .nullish()
    .describe("the subscriber's own details, when the patient is not the subscriber"),
  groupNumber: z.string().trim().min(1).max(50).nullish(),
  copayCents: z.number().int().min(0).max(10_000_00).nullish().describe("the plan's copay per visit, in cents"),
  coinsurancePercent: z.number().min(0).max(100).multipleOf(0.01).nullish().describe("the plan's coinsurance percentage after the copay"),
};
// One schema decides create and PATCH: the route checks the record a PATCH would leave with it.
export const coverageCreateSchema = z
  .strictObject({ patientId: idSchema, ...coverageFields })
  .refine((coverage) => !coverage.startDate || !coverage.endDate || coverage.startDate <= coverage.endDate, { message: "endDate is before startDate", path: ["endDate"] });
export const coveragePatchSchema = patchOf(coverageFields);
export const coverageSchema = recordOf({ patientId: idSchema, ...coverageFields });
export const coverageQuerySchema = z.object({ ...pageQuery, patientId: idQuery.optional(), payerId: idQuery.optional() });

// Plans of care
const planFields = {
  providerId: idSchema.nullish(),
  discipline: disciplineSchema,
  initialEvaluationDate: isoDateSchema,
  certifiedFrom: isoDateSchema,
  certifiedThrough: isoDateSchema,
  signedDate: isoDateSchema.nullish(),
  progressReportDates: z.array(isoDateSchema).max(100).optional(),
  certifyingPhysicianId: idSchema.nullish().describe("the physician or NPP who certified the plan (the claim's referring provider)"),
};
export const planOfCareCreateSchema = z
  .strictObject({ patientId: idSchema, ...planFields })
  .superRefine((plan, context) => {
    // The contract's rule (src/contract/visit.ts), asked through the store: one rule for all.
    for (const problem of planDateProblems(plan)) context.addIssue({ code: "custom", path: [problem.path], message: problem.message, input: problem.value });
  });
export const planOfCarePatchSchema = patchOf(planFields);
export const planOfCareSchema = recordOf({ patientId: idSchema, ...planFields });
export const planOfCareQuerySchema = z.object({ ...pageQuery, patientId: idQuery.optional(), discipline: disciplineSchema.optional(), activeOn: isoDateSchema.optional() });

// Visits and their services
const { shape: service } = serviceSchema;
export const storedServiceSchema = z.strictObject({
  code: service.code,
  minutes: service.minutes.nullish(),
  assistantMinutes: service.assistantMinutes.nullish().describe("how many of the minutes the assistant furnished"),
  units: service.units.nullish(),
  modifiers: service.modifiers,
  distinct: service.distinct,
  diagnosisPointers: service.diagnosisPointers,
  description: service.description.nullish(),
  assistantProviderId: idSchema.nullish().describe("the OTA who furnished the assistant minutes"),
}).refine((line) => line.assistantMinutes === null || line.assistantMinutes === undefined || line.minutes === null || line.minutes === undefined || line.assistantMinutes <= line.minutes, {
  message: "assistantMinutes is more than minutes (the assistant's share is part of the service's minutes)",
  path: ["assistantMinutes"],
});
const visitFields = {
  patientId: idSchema,
  providerId: idSchema.describe("the billing therapist"),
  payerId: idSchema,
  coverageId: idSchema.nullish(),
  planOfCareId: idSchema.nullish().describe("absent: the plan covering the date is found from the patient's plans"),
  externalId: z.string().trim().min(1).max(64).nullish(),
  dateOfService: isoDateSchema,
  placeOfService: visitSchema.shape.placeOfService.nullish(),
  locality: visitSchema.shape.locality.nullish(),
  diagnoses: z.array(z.string().trim().min(1).max(10)).max(12).optional(),
  totalTreatmentMinutes: visitSchema.shape.totalTreatmentMinutes.nullish(),
  services: z.array(storedServiceSchema).max(60).describe("replaces them all on PATCH"),
};
export const visitCreateSchema = z.strictObject({ practiceId: idSchema, ...visitFields });
export const visitPatchSchema = patchOf(visitFields);
export const visitRecordSchema = recordOf({ practiceId: idSchema, ...visitFields });
export const visitQuerySchema = z.object({
  ...pageQuery,
  practiceId: idQuery.optional(),
  patientId: idQuery.optional(),
  providerId: idQuery.optional(),
  payerId: idQuery.optional(),
  externalId: z.string().optional(),
  from: isoDateSchema.optional().describe("first date of service"),
  to: isoDateSchema.optional().describe("last date of service"),
});

// Claims
export const claimStatusSchema = z.enum(CLAIM_STATUSES as [string, ...string[]]);
export const claimPatchSchema = z.strictObject({
  version: versionSchema,
  status: claimStatusSchema.optional(),
  payerClaimControlNumber: z.string().trim().min(1).max(50).nullish().describe("the payer's claim control number (835 CLP07)"),
});
const money = z.number().int().nullable().describe("cents");
export const claimSchema = recordOf({
  claimNumber: z.string().describe("CLM01, C-<id>"),
  frequency: z.enum(["1", "7", "8"]).describe("1 original, 7 replacement, 8 void"),
  payerClaimControlNumber: z.string().nullable(),
  replacesClaimId: idSchema.nullable(),
  visitVersion: z.number().int().nullable().describe("the visit version the claim was built from"),
  practiceId: idSchema,
  visitId: idSchema,
  patientId: idSchema,
  payerId: idSchema,
  dateOfService: isoDateSchema,
  status: claimStatusSchema,
  scrubStatus: z.enum(["clean", "review", "reject"]),
  allowedCents: money,
  paymentCents: money,
  patientShareCents: money,
  lines: z.array(
    z.object({
      lineId: z.string().describe("REF*6R, <claimNumber>-<n>"),
      code: z.string(),
      modifiers: z.array(z.string()),
      units: z.number().int(),
      minutes: z.number().int().nullable(),
      diagnosisPointers: z.array(z.number().int()),
      allowedCents: money,
      paymentCents: money,
      patientShareCents: money,
      status: claimStatusSchema,
    }),
  ),
  scrubResult: z.looseObject({}).describe("the scrub result the claim was built from"),
});
export const claimQuerySchema = z.object({
  ...pageQuery,
  practiceId: idQuery.optional(),
  patientId: idQuery.optional(),
  visitId: idQuery.optional(),
  payerId: idQuery.optional(),
  status: claimStatusSchema.optional(),
  claimNumber: z.string().max(20).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});

/** A page of any record. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

// The engine's answers (documentation only: the engine builds them)
const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(["info", "warning", "error"]),
  code: z.string().optional(),
  message: z.string(),
  fix: z.string().optional(),
  source: z.string(),
  path: z.string().optional(),
});
export const scrubResultSchema = z.object({
  id: z.string().optional(),
  dateOfService: z.string().optional(),
  status: z.enum(["clean", "review", "reject", "invalid"]),
  unitRule: unitRuleSchema.optional(),
  lines: z.array(
    z.object({
      code: z.string(),
      modifiers: z.array(z.string()),
      units: z.number().int(),
      minutes: z.number().int().optional(),
      assistantMinutes: z.number().int().optional(),
      diagnosisPointers: z.array(z.number().int()),
      service: z.number().int(),
      allowed: z.number().optional(),
      payment: z.number().optional(),
      patientShare: z.number().optional(),
    }),
  ),
  totals: z.object({
    timedMinutes: z.number(),
    timedUnits: z.number(),
    untimedUnits: z.number(),
    allowed: z.number().optional(),
    payment: z.number().optional(),
    patientShare: z.number().optional(),
  }),
  findings: z.array(findingSchema),
  error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }).optional().describe("present when the visit could not be read"),
});
export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }) });

// Reference look-ups
export const codeQuerySchema = z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), date: isoDateSchema.optional() });
export const icdQuerySchema = z.object({ q: z.string().min(1, "give a code or words").max(200), limit: z.coerce.number().int().min(1).max(500).optional() });
export const priceQuerySchema = z.object({
  code: z.string().trim().min(1).max(10),
  units: z.coerce.number().int().min(1).max(99).optional(),
  date: isoDateSchema.optional().describe("date of service; today by default"),
  locality: z.string().optional().describe("MAC-LOCALITY, e.g. 01112-05; absent = national"),
  assistant: z.enum(["true", "false"]).optional().describe("price a CO/CQ line"),
  apm: z.enum(["true", "false"]).optional().describe("qualifying APM participant"),
});
export const unitsBodySchema = z.strictObject({
  services: z
    .array(z.strictObject({ code: service.code, minutes: z.number().int().min(0).max(1440), assistantMinutes: z.number().int().min(0).max(1440).optional() }))
    .min(1)
    .max(60),
  rule: unitRuleSchema.optional().describe("cms (default) or ama"),
  date: isoDateSchema.optional(),
  discipline: disciplineSchema.optional(),
});
export const scrubBodySchema = z.union([visitSchema, z.array(visitSchema)]).describe("a visit or an array of visits");

// The store's inputs must accept what these schemas produce (checked when compiling).
type Accepts<Store, Schema extends z.ZodType> = z.output<Schema> extends Store ? true : never;
export const SCHEMAS_MATCH_STORE: [
  Accepts<PracticeInput, typeof practiceCreateSchema>,
  Accepts<ProviderInput, typeof providerCreateSchema>,
  Accepts<PayerInput, typeof payerCreateSchema>,
  Accepts<PatientInput, typeof patientCreateSchema>,
  Accepts<CoverageInput, typeof coverageCreateSchema>,
  Accepts<PlanOfCareInput, typeof planOfCareCreateSchema>,
  Accepts<VisitInput, typeof visitCreateSchema>,
] = [true, true, true, true, true, true, true];
