import { fc, test as property } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { fastParseVisit } from "./visit-fast.js";
import { visitSchema } from "./visit.js";

/** What the schema makes of the input, as text: values, and keys in order. */
function bySchema(input: unknown): string | undefined {
  const parsed = visitSchema.safeParse(input);
  return parsed.success ? JSON.stringify(parsed.data) : undefined;
}

const FULL_VISIT = {
  id: "v-1",
  dateOfService: "2026-03-10",
  payer: { kind: "commercial", id: "P1", name: "Acme Health", unitRule: "ama", feeSchedule: { percentOfMedicare: 110, rates: { "97110": 31.5, "97530": 40 } }, profile: "commercial-default" },
  placeOfService: "11",
  locality: "01112-05",
  patient: { id: "p-1", otAllowedYearToDate: 1200.5, ptSlpAllowedYearToDate: 0, deductibleRemaining: 0, visitsThisBenefitPeriod: 4 },
  provider: { npi: "1234567893", discipline: "OT", qualifyingApm: false, participating: true },
  planOfCare: {
    discipline: "OT",
    initialEvaluationDate: "2026-02-01",
    certifiedFrom: "2026-02-01",
    certifiedThrough: "2026-04-30",
    signedDate: "2026-02-03",
    treatmentDaysSinceProgressReport: 3,
    certifyingProvider: { firstName: "Ada", lastName: "Lovelace", npi: "1234567893" },
    orderDate: "2026-01-28",
  },
  diagnoses: [" M62.81 ", "R26.89"],
  services: [
    { code: " 97110 ", minutes: 23, assistantMinutes: 10, units: 2, modifiers: [" go", "kx "], diagnosisPointers: [1, 2], distinct: false, description: "exercise" },
    { code: "97530", minutes: 15 },
  ],
  totalTreatmentMinutes: 38,
  referringProvider: { firstName: "Grace", lastName: "Hopper", npi: "1234567893" },
  authorization: { number: "A-1", visitsAllowed: 12, visitsUsed: 3, unitsAllowed: 48, unitsUsed: 10, startDate: "2026-02-01", endDate: "2026-05-01" },
  coverage: { copay: 25, coinsurancePercent: 20 },
  claimDate: "2026-03-11",
};

describe("fastParseVisit", () => {
  it("accepts a visit that uses every field, and gives exactly what the schema gives", () => {
    const fast = fastParseVisit(FULL_VISIT);
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast)).toBe(bySchema(FULL_VISIT));
    // trimmed and upper-cased as the schema does
    expect(fast!.services[0]!.code).toBe("97110");
    expect(fast!.services[0]!.modifiers).toEqual(["GO", "KX"]);
    expect(fast!.diagnoses).toEqual(["M62.81", "R26.89"]);
  });

  it("puts the keys in the schema's order, whatever the input's order", () => {
    const input = { services: [{ minutes: 8, code: "97110" }], payer: { name: "x", kind: "medicare" }, dateOfService: "2026-01-02", id: "a" };
    expect(JSON.stringify(fastParseVisit(input))).toBe('{"id":"a","dateOfService":"2026-01-02","payer":{"kind":"medicare","name":"x"},"services":[{"code":"97110","minutes":8}]}');
  });

  it.each([
    ["an unknown field", { ...FULL_VISIT, assistantMinute: 20 }],
    ["a field named by the empty string", { ...FULL_VISIT, "": 1 }],
    ["an inherited field", Object.assign(Object.create({ inherited: 1 }) as object, FULL_VISIT)],
    ["an unknown nested field", { ...FULL_VISIT, services: [{ code: "97110", minutes: 8, assistantMinute: 8 }] }],
    ["a field set to undefined", { ...FULL_VISIT, patient: { id: undefined } }],
    ["profile overrides (left to the schema)", { ...FULL_VISIT, payer: { kind: "commercial", profileOverrides: {} } }],
    ["a rate keyed __proto__", { ...FULL_VISIT, payer: { kind: "commercial", feeSchedule: { rates: JSON.parse('{"__proto__": 5}') as Record<string, number> } } }],
    ["no services", { dateOfService: "2026-03-10", payer: { kind: "medicare" } }],
    ["a date that is not a calendar date", { ...FULL_VISIT, dateOfService: "2025-02-29" }],
    ["a plan that ends before it starts", { ...FULL_VISIT, planOfCare: { certifiedFrom: "2026-03-01", certifiedThrough: "2026-02-28" } }],
    ["assistant minutes over the service's", { ...FULL_VISIT, services: [{ code: "97110", minutes: 8, assistantMinutes: 9 }] }],
    ["a blank code", { ...FULL_VISIT, services: [{ code: "   " }] }],
    ["a three-letter modifier", { ...FULL_VISIT, services: [{ code: "97110", modifiers: ["GOX"] }] }],
    ["fractional minutes", { ...FULL_VISIT, services: [{ code: "97110", minutes: 7.5 }] }],
    ["a percent of Medicare of 0", { ...FULL_VISIT, payer: { kind: "commercial", feeSchedule: { percentOfMedicare: 0 } } }],
    ["an NPI of 9 digits", { ...FULL_VISIT, referringProvider: { npi: "123456789" } }],
    ["an array instead of a visit", [FULL_VISIT]],
    ["null", null],
  ])("leaves %s to the schema", (_name, input) => {
    expect(fastParseVisit(input)).toBeUndefined();
  });

  // Any value the generator can make: the fast check either declines it or agrees with the schema exactly.
  // Mostly valid values (so that most visits validate), with the invalid ones mixed in.
  const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: invalid, weight: 1 });
  const date = mostly(fc.constantFrom("2026-02-28", "2024-02-29", "2026-12-31", "2026-03-10"), fc.oneof(fc.constantFrom("2025-02-29", "2026-13-01", "2026-1-01", ""), fc.string()));
  const oddNumber = fc.oneof(fc.double(), fc.constantFrom(-1, -0, 1441, 10_000_001, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY), fc.string({ maxLength: 2 }));
  const count = (max: number) => mostly(fc.integer({ min: 0, max }), oddNumber);
  const amount = mostly(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 10_000_000, noNaN: true })), oddNumber);
  const service = fc.record(
    {
      code: mostly(fc.constantFrom("97110", " 97530 ", "97165", "G0283"), fc.oneof(fc.constantFrom("", "   ", "12345678901"), fc.string())),
      minutes: count(1440),
      assistantMinutes: count(60),
      units: count(99),
      modifiers: fc.array(mostly(fc.constantFrom("go", " KX", "59", "CO"), fc.constantFrom("GOX", "g", "", "é1")), { maxLength: 11 }),
      diagnosisPointers: fc.array(mostly(fc.integer({ min: -2, max: 14 }), oddNumber), { maxLength: 13 }),
      distinct: mostly(fc.boolean(), fc.constant("yes")),
      description: fc.string({ maxLength: 90 }),
    },
    { requiredKeys: ["code"] },
  );
  const visit = fc.record(
    {
      id: mostly(fc.string({ maxLength: 8 }), fc.integer()),
      dateOfService: date,
      payer: fc.record(
        {
          kind: mostly(fc.constantFrom("medicare", "medicaid", "commercial", "self-pay"), fc.constant("other")),
          unitRule: mostly(fc.constantFrom("cms", "ama"), fc.constant("CMS")),
          feeSchedule: fc.record({ percentOfMedicare: mostly(fc.integer({ min: 1, max: 1000 }), oddNumber), rates: fc.dictionary(fc.constantFrom("97110", "97530", "x"), amount, { maxKeys: 3 }) }, { requiredKeys: [] }),
          profile: mostly(fc.constantFrom("medicaid-colorado", "commercial-default"), fc.constantFrom("Medicaid", "a")),
        },
        { requiredKeys: ["kind"] },
      ),
      placeOfService: mostly(fc.constantFrom("11", "02"), fc.constantFrom("1", "AB")),
      locality: mostly(fc.constantFrom("01112-05", "99999-99"), fc.constant("0111205")),
      patient: fc.record({ otAllowedYearToDate: amount, deductibleRemaining: amount, visitsThisBenefitPeriod: count(40) }, { requiredKeys: [] }),
      provider: fc.record({ discipline: mostly(fc.constantFrom("OT", "PT", "SLP"), fc.constant("ot")), participating: mostly(fc.boolean(), fc.constant(1)) }, { requiredKeys: [] }),
      planOfCare: fc.record({ certifiedFrom: date, certifiedThrough: date, treatmentDaysSinceProgressReport: count(30) }, { requiredKeys: [] }),
      diagnoses: fc.array(mostly(fc.constantFrom(" M62.81 ", "R26.89"), fc.oneof(fc.constant("S52.501A12345"), fc.string())), { maxLength: 31 }),
      services: fc.array(service, { maxLength: 3 }),
      totalTreatmentMinutes: count(1440),
      coverage: fc.record({ copay: amount, coinsurancePercent: mostly(fc.integer({ min: 0, max: 100 }), oddNumber) }, { requiredKeys: [] }),
      // a field the contract does not know, now and then
      assistantMinute: fc.integer(),
    },
    { requiredKeys: ["dateOfService", "payer", "services"] },
  );

  property.prop([visit], { numRuns: 4000 })("never accepts what the schema refuses, and never gives a different value", (input) => {
    const fast = fastParseVisit(input);
    if (fast === undefined) return;
    expect(JSON.stringify(fast)).toBe(bySchema(input));
  });

  it("accepts every generated visit the schema accepts that has no unknown field (the fast path is really taken)", () => {
    const sample = fc.sample(visit, { numRuns: 3000, seed: 7 });
    const known = sample.filter((input) => bySchema(input) !== undefined && !("assistantMinute" in input));
    expect(known.length).toBeGreaterThan(100);
    expect(known.filter((input) => fastParseVisit(input) === undefined)).toEqual([]);
    expect(sample.filter((input) => "assistantMinute" in input).every((input) => fastParseVisit(input) === undefined)).toBe(true);
  });
});
