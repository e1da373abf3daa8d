/**
 * The shape of a payer profile (data/payers/*.json): the billing rules that differ by payer,
 * each with the public source it came from, in dated versions. A rule the maintainers could
 * not find in a public source is written `{ "notFound": "<what was searched>" }`; the loader
 * then takes commercial-default's value for it and every finding it drives says so.
 */
import { z } from "zod";
import { isIsoDate, type IsoDate } from "../reference/dates.js";

const isoDate = z
  .string()
  .refine((text) => isIsoDate(text), { message: "must be a calendar date in YYYY-MM-DD form" })
  .transform((text) => text as IsoDate);

const percent = z.number().min(0).max(1000);
const count = z.number().int().min(0).max(100000);
const dollars = z.number().finite().min(0);

export const PROFILE_KINDS = ["medicare", "medicare-advantage", "medicaid", "tricare", "commercial", "workers-comp", "self-pay"] as const;

/** One value per rule; the names are the keys of a profile's `rules`. */
export const ruleValueSchemas = {
  /** how timed units are counted: CMS total time or the AMA/CPT per-code rule */
  unitRule: z.enum(["cms", "ama"]),
  /** GO/GP/GN on every therapy line */
  disciplineModifiers: z.object({ required: z.boolean() }).strict(),
  /** CO/CQ with the payer's percentage, or assistants billed under the supervising therapist with no modifier */
  assistants: z.discriminatedUnion("policy", [
    z.object({ policy: z.literal("modifier"), percent: percent.nullable() }).strict(),
    z.object({ policy: z.literal("not-recognized") }).strict(),
  ]),
  /** the Medicare therapy threshold and its KX modifier */
  kx: z.object({ applies: z.boolean() }).strict(),
  /** the modifier otbill adds to a documented distinct service of an NCCI indicator-1 pair */
  distinctModifier: z.enum(["59", "XE", "XS", "XP", "XU"]),
  telehealth: z
    .object({
      placesOfService: z.array(z.string().regex(/^\d{2}$/)).min(1),
      modifier: z.string().regex(/^[A-Z0-9]{2}$/),
      /** Medicare's dated periods in which therapists may bill telehealth apply */
      medicarePeriods: z.boolean(),
    })
    .strict(),
  priorAuthorization: z.discriminatedUnion("required", [
    z.object({ required: z.literal("never") }).strict(),
    z.object({ required: z.literal("first-visit") }).strict(),
    /** the plan may require one (Medicare Advantage): a note when none is known, the authorization's limits checked when one is */
    z.object({ required: z.literal("plan-dependent") }).strict(),
    /** the first `afterVisits` visits of the benefit period need none; the next one does */
    z.object({ required: z.literal("after-visits"), afterVisits: count }).strict(),
  ]),
  visitLimit: z.discriminatedUnion("basis", [
    z.object({ basis: z.literal("none") }).strict(),
    /** the visits authorized are the limit (the authorization carries the number) */
    z.object({ basis: z.literal("authorized"), warnAtPercent: percent.default(80) }).strict(),
    z
      .object({
        basis: z.literal("visits"),
        visits: count,
        period: z.enum(["calendar-year", "benefit-year"]),
        /** MM-DD the benefit year starts on (benefit-year only) */
        benefitYearStart: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/).optional(),
        /** one count per discipline, or PT, OT and SLP visits counted together */
        scope: z.enum(["discipline", "combined"]),
        warnAtPercent: percent.default(80),
      })
      .strict(),
  ]),
  unitsPerDay: z.discriminatedUnion("basis", [
    z.object({ basis: z.literal("none") }).strict(),
    z.object({ basis: z.literal("per-code"), units: count, codes: z.record(z.string(), count).optional() }).strict(),
  ]),
  /** the ordering/referring provider (NM1*DN, box 17) on every claim */
  referringProvider: z.object({ required: z.boolean() }).strict(),
  timelyFiling: z.union([z.object({ days: count.min(1) }).strict(), z.object({ months: count.min(1) }).strict()]),
  feeSchedule: z.discriminatedUnion("basis", [
    /** Original Medicare's physician fee schedule, priced by otbill from data/pfs */
    z.object({ basis: z.literal("medicare") }).strict(),
    z.object({ basis: z.literal("none") }).strict(),
    z.object({ basis: z.literal("percent-of-medicare"), percent: percent.positive() }).strict(),
    z
      .object({
        basis: z.literal("rates"),
        tables: z.array(z.object({ effectiveFrom: isoDate, rates: z.record(z.string(), dollars) }).strict()).min(1),
        /** for codes without a rate */
        percentOfMedicare: percent.positive().optional(),
      })
      .strict(),
  ]),
  /** who pays what: Medicare's deductible and coinsurance, the coverage's copay/coinsurance, or nothing for the patient */
  costSharing: z.object({ basis: z.enum(["medicare", "coverage", "none"]) }).strict(),
  /** treatment must start within this many days of the order (null: no such rule) */
  orderWindow: z.object({ days: count.min(1) }).strict().nullable(),
} as const;

export type RuleName = keyof typeof ruleValueSchemas;
export const RULE_NAMES = Object.keys(ruleValueSchemas) as RuleName[];
export type RuleValues = { [K in RuleName]: z.output<(typeof ruleValueSchemas)[K]> };

function ruleEntrySchema<K extends RuleName>(name: K) {
  return z.union([
    z.object({ value: ruleValueSchemas[name], source: z.string().min(5) }).strict(),
    z.object({ notFound: z.string().min(5) }).strict(),
  ]);
}

const rulesShape = Object.fromEntries(RULE_NAMES.map((name) => [name, ruleEntrySchema(name).optional()])) as {
  [K in RuleName]: z.ZodOptional<ReturnType<typeof ruleEntrySchema<K>>>;
};

export const profileVersionSchema = z
  .object({
    effectiveFrom: isoDate,
    /** what changed in this version (each later version lists only the rules that changed) */
    note: z.string().optional(),
    rules: z.object(rulesShape).strict(),
  })
  .strict();

export const profileFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "lower-case letters, digits and dashes"),
    name: z.string().min(1),
    kind: z.enum(PROFILE_KINDS),
    description: z.string().optional(),
    versions: z.array(profileVersionSchema).min(1),
  })
  .strict();

export type ProfileFile = z.output<typeof profileFileSchema>;

/** A stored payer's (or a visit's) own settings on top of its profile: rule values only. */
export const profileOverridesSchema = z
  .object(Object.fromEntries(RULE_NAMES.map((name) => [name, ruleValueSchemas[name].optional()])) as { [K in RuleName]: z.ZodOptional<(typeof ruleValueSchemas)[K]> })
  .strict();

export type ProfileOverrides = z.output<typeof profileOverridesSchema>;

/** Where a resolved rule came from. */
export interface RuleOrigin {
  source: string;
  /** the profile had no public source for this rule and took commercial-default's */
  fallback: boolean;
  /** the payer's own settings replaced the profile's value */
  override: boolean;
}

/** One profile as it applies on one date: every rule with a value and its origin. */
export interface PayerProfile {
  id: string;
  name: string;
  kind: (typeof PROFILE_KINDS)[number];
  /** the version's effectiveFrom */
  version: IsoDate;
  rules: RuleValues;
  origins: Record<RuleName, RuleOrigin>;
}
