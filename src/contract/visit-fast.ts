/**
 * A hand-written check of the common visit: every field known, every value valid. It
 * gives exactly what `visitSchema` gives (the same values, trimmed and upper-cased where
 * the schema does, keys in the schema's order) in a fraction of zod's time. Anything it
 * is not sure of (an unknown field, an invalid value, an `undefined` value, profile
 * overrides) returns `undefined`, and the caller runs zod, whose issues name the field
 * and the value. It is only ever stricter than the schema, never looser: the test
 * compares the two on generated visits and their mutations.
 */
import { objectList } from "../object-list.js";
import { isIsoDate } from "../reference/dates.js";
import type { Visit } from "./visit.js";

/** Returned by a check for a value it does not accept. */
const FAIL: unique symbol = Symbol("not accepted by the fast check");
type Check = (value: unknown) => unknown;

interface Field {
  check: Check;
  required?: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * An object of known fields: the output has them in this order; any other field, or one set
 * to undefined, fails. The check is generated as straight-line code, a named read and write
 * per field: one loop over the keys for every object shape made each `value[key]` a keyed
 * access V8 could not specialise, and the check cost about a tenth of a scrub.
 */
function object(fields: Record<string, Field | Check>, refine?: (output: Record<string, unknown>) => boolean): Check {
  const keys = Object.keys(fields);
  const checks = keys.map((key) => {
    if (!IDENTIFIER.test(key)) throw new Error(`visit-fast: field ${JSON.stringify(key)} is not an identifier`);
    const spec = fields[key]!;
    return typeof spec === "function" ? spec : spec.check;
  });
  const reads = keys.map((key, index) => {
    const spec = fields[key]!;
    const required = typeof spec !== "function" && spec.required === true;
    return [
      `item = value.${key};`,
      required ? "if (item === undefined) return FAIL;" : "if (item !== undefined) {",
      `checked = checks[${index}](item); if (checked === FAIL) return FAIL; output.${key} = checked; matched++;`,
      required ? "" : "}",
    ].join(" ");
  });
  const body = [
    "return function checkObject(value) {",
    "if (value === null || typeof value !== 'object' || Array.isArray(value)) return FAIL;",
    "const output = {}; let matched = 0; let item; let checked;",
    ...reads,
    // A field the schema does not know (or an inherited one) leaves the counts apart; for-in counts without an array of keys.
    "let present = 0; for (const _key in value) present++;",
    "if (matched !== present) return FAIL;",
    "if (refine !== undefined && !refine(output)) return FAIL;",
    "return output; };",
  ].join("\n");
  // Generated from the constant field lists of this file, never from input.
  return new Function("FAIL", "checks", "refine", body)(FAIL, checks, refine) as Check;
}

function array(element: Check, max: number): Check {
  return (value) => {
    if (!Array.isArray(value) || value.length > max) return FAIL;
    // one element kind for every list, empty or not (src/object-list.ts)
    const output = objectList<unknown>();
    for (let index = 0; index < value.length; index++) {
      const checked = element(value[index]);
      if (checked === FAIL) return FAIL;
      output.push(checked);
    }
    return output;
  };
}

/** A string of at most `max` characters, optionally matching a pattern. */
function text(max = Number.POSITIVE_INFINITY, pattern?: RegExp): Check {
  return (value) => (typeof value === "string" && value.length <= max && (!pattern || pattern.test(value)) ? value : FAIL);
}

function trimmed(min: number, max: number): Check {
  return (value) => {
    if (typeof value !== "string") return FAIL;
    const result = value.trim();
    return result.length >= min && result.length <= max ? result : FAIL;
  };
}

const modifier: Check = (value) => {
  if (typeof value !== "string") return FAIL;
  const result = value.trim().toUpperCase();
  return /^[A-Z0-9]{2}$/.test(result) ? result : FAIL;
};

function integer(min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): Check {
  return (value) => (Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max ? value : FAIL);
}

function decimal(min: number, max: number, exclusiveMin = false): Check {
  return (value) => (typeof value === "number" && Number.isFinite(value) && (exclusiveMin ? value > min : value >= min) && value <= max ? value : FAIL);
}

function oneOf(values: readonly string[]): Check {
  const allowed = new Set(values);
  return (value) => (typeof value === "string" && allowed.has(value) ? value : FAIL);
}

const bool: Check = (value) => (typeof value === "boolean" ? value : FAIL);
const isoDate: Check = (value) => (isIsoDate(value) ? value : FAIL);
const dollars = decimal(0, 10_000_000);
const minutes = integer(0, 1440);
const discipline = oneOf(["OT", "PT", "SLP"]);

/** A payer's rates by code: keys as given, in the input's order. */
const rates: Check = (value) => {
  if (!isPlainObject(value)) return FAIL;
  const output: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // An own "__proto__" key would set the output's prototype instead of a rate.
    if (key === "__proto__") return FAIL;
    const checked = dollars(value[key]);
    if (checked === FAIL) return FAIL;
    output[key] = checked;
  }
  return output;
};

const namedProvider = object({ firstName: text(35), lastName: text(60), npi: text(10, /^\d{10}$/) });

const payer = object({
  kind: { check: oneOf(["medicare", "medicare-advantage", "medicaid", "tricare", "commercial", "workers-comp", "self-pay"]), required: true },
  id: text(),
  name: text(),
  unitRule: oneOf(["cms", "ama"]),
  feeSchedule: object({ percentOfMedicare: decimal(0, 1000, true), rates }),
  profile: text(Number.POSITIVE_INFINITY, /^[a-z0-9][a-z0-9-]{1,62}$/),
  // profileOverrides: left to the schema (src/payers/profile-schema.ts), as any field not listed here
});

const patient = object({
  id: text(),
  otAllowedYearToDate: dollars,
  ptSlpAllowedYearToDate: dollars,
  deductibleRemaining: dollars,
  visitsThisBenefitPeriod: integer(0),
});

const provider = object({ npi: text(), discipline, qualifyingApm: bool, participating: bool });

const planOfCare = object(
  {
    discipline,
    initialEvaluationDate: isoDate,
    certifiedFrom: isoDate,
    certifiedThrough: isoDate,
    signedDate: isoDate,
    treatmentDaysSinceProgressReport: integer(0),
    certifyingProvider: namedProvider,
    orderDate: isoDate,
  },
  (plan) => !(plan.certifiedFrom && plan.certifiedThrough && (plan.certifiedThrough as string) < (plan.certifiedFrom as string)),
);

const service = object(
  {
    code: trimmed(1, 10),
    minutes,
    assistantMinutes: minutes,
    units: integer(0, 99),
    modifiers: array(modifier, 10),
    diagnosisPointers: array(integer(), 12),
    distinct: bool,
    description: text(80),
  },
  (item) => !(item.assistantMinutes !== undefined && item.minutes !== undefined && (item.assistantMinutes as number) > (item.minutes as number)),
);

const visit = object({
  id: text(),
  dateOfService: { check: isoDate, required: true },
  payer: { check: payer, required: true },
  placeOfService: text(Number.POSITIVE_INFINITY, /^\d{2}$/),
  locality: text(Number.POSITIVE_INFINITY, /^\d{5}-\d{2}$/),
  patient,
  provider,
  planOfCare,
  diagnoses: array(trimmed(0, 10), 30),
  services: { check: array(service, 60), required: true },
  totalTreatmentMinutes: minutes,
  referringProvider: namedProvider,
  authorization: object({
    number: text(50),
    visitsAllowed: integer(0),
    visitsUsed: integer(0),
    unitsAllowed: integer(0),
    unitsUsed: integer(0),
    startDate: isoDate,
    endDate: isoDate,
  }),
  coverage: object({ copay: dollars, coinsurancePercent: decimal(0, 100) }),
  claimDate: isoDate,
});

/** The visit when the fast check accepts the input (then it has no unknown field); undefined means: ask the schema. */
export function fastParseVisit(input: unknown): Visit | undefined {
  const result = visit(input);
  return result === FAIL ? undefined : (result as Visit);
}
