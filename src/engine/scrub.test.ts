/**
 * The scrub pipeline as a whole: for every rule id a scrub can raise (findings.ts) a visit
 * that triggers it and a close visit that does not (the table is typed by ScrubRuleId, so a
 * new rule without a pair does not compile), the docs/contract.md example visit, the status
 * ladder, and a property test that `scrubInput` never throws for a visit the schema
 * accepts. The rule families have their own files: scrub-codes, scrub-units,
 * scrub-modifiers, scrub-kx, scrub-diagnoses, scrub-poc.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseVisit } from "../contract/visit.js";
import type { ScrubHistory } from "./context.js";
import { RULE_IDS, RULES, SCRUB_RULE_IDS, type ScrubRuleId } from "./findings.js";
import { scrubInput } from "./scrub.js";
import { lines, PLAN, problems, reference, rules, scrub, visitBuilder, type VisitInput } from "./test-support/scrub-fixtures.js";

/** A realistic 2026 Medicare OT visit; `over` replaces whole blocks. */
const visit = visitBuilder({ id: "V-1" });

interface Pair {
  hit: VisitInput;
  miss: VisitInput;
  history?: { hit?: ScrubHistory; miss?: ScrubHistory };
}

const PLAN_PT = { ...PLAN, discipline: "PT" } as const;
const commercial = { kind: "commercial", name: "Acme Health" } as const;

/** One triggering visit and one close visit that must not trigger, per rule id. */
const PAIRS = {
  "input.unknown-field": {
    hit: { ...visit([{ code: "97110", minutes: 15 }]), assistantMinute: 20 } as VisitInput,
    miss: visit([{ code: "97110", minutes: 15 }]),
  },
  "code.unknown": { hit: visit([{ code: "97633", minutes: 30 }]), miss: visit([{ code: "97533", minutes: 30 }]) },
  "code.deleted": { hit: visit([{ code: "97003" }]), miss: visit([{ code: "97165" }]) },
  "code.discipline": { hit: visit([{ code: "97161" }]), miss: visit([{ code: "97165" }]) },
  "code.not-payable": { hit: visit([{ code: "97014" }]), miss: visit([{ code: "G0283" }]) },
  "code.description-required": {
    hit: visit([{ code: "97139", minutes: 20 }]),
    miss: visit([{ code: "97139", minutes: 20, description: "Mirror therapy for phantom limb pain" }]),
  },
  "units.allocation": { hit: visit([{ code: "97110", minutes: 15 }]), miss: visit([{ code: "97165" }]) },
  "units.insufficient-minutes": { hit: visit([{ code: "97110", minutes: 7 }]), miss: visit([{ code: "97110", minutes: 8 }]) },
  "units.mue": { hit: visit([{ code: "97165", units: 2 }]), miss: visit([{ code: "97165", units: 1 }]) },
  "addon.primary-missing": {
    hit: visit([{ code: "97130", minutes: 15 }]),
    miss: visit([
      { code: "97129", minutes: 15 },
      { code: "97130", minutes: 15 },
    ]),
  },
  "eval.multiple": { hit: visit([{ code: "97165" }, { code: "97168" }]), miss: visit([{ code: "97165" }, { code: "97530", minutes: 15 }]) },
  "assistant.evaluation": { hit: visit([{ code: "97166", minutes: 50, assistantMinutes: 10 }]), miss: visit([{ code: "97166", minutes: 50 }]) },
  "modifier.discipline": {
    hit: visit([{ code: "97110", minutes: 30, modifiers: ["GP"] }]),
    miss: visit([{ code: "97110", minutes: 30, modifiers: ["GO"] }]),
  },
  "modifier.assistant": {
    hit: visit([{ code: "97110", minutes: 30, assistantMinutes: 30 }]),
    miss: visit([{ code: "97110", minutes: 30, assistantMinutes: 0 }]),
  },
  "modifier.kx": {
    hit: visit([{ code: "97110", minutes: 15 }], { patient: { otAllowedYearToDate: 2450.95, deductibleRemaining: 0 } }),
    miss: visit([{ code: "97110", minutes: 15 }], { patient: { otAllowedYearToDate: 2450.94, deductibleRemaining: 0 } }),
  },
  "modifier.distinct": {
    hit: visit([
      { code: "97530", minutes: 30 },
      { code: "97140", minutes: 15, distinct: true },
    ]),
    miss: visit([
      { code: "97530", minutes: 30 },
      { code: "97110", minutes: 15, distinct: true },
    ]),
  },
  "modifier.telehealth": {
    hit: visit([{ code: "97110", minutes: 30 }], { dateOfService: "2025-09-30", placeOfService: "02", planOfCare: undefined }),
    miss: visit([{ code: "97110", minutes: 30 }], { dateOfService: "2025-09-30", placeOfService: "11", planOfCare: undefined }),
  },
  "modifier.too-many": {
    hit: visit([{ code: "97110", minutes: 30, modifiers: ["GO", "KX", "GA", "AT", "76"] }]),
    miss: visit([{ code: "97110", minutes: 30, modifiers: ["GO", "KX", "GA", "AT"] }]),
  },
  "modifier.invalid": {
    // 59 on a code that is in no NCCI pair that day: nothing to bypass (findings.ts: "59 without an edit")
    hit: visit([{ code: "97110", minutes: 30, modifiers: ["59"] }]),
    miss: visit([
      { code: "97530", minutes: 30 },
      { code: "97140", minutes: 15, modifiers: ["59"] },
    ]),
  },
  "ncci.ptp": {
    hit: visit([
      { code: "97530", minutes: 30 },
      { code: "97140", minutes: 15 },
    ]),
    miss: visit([
      { code: "97530", minutes: 30 },
      { code: "97140", minutes: 15, distinct: true },
    ]),
  },
  "diagnosis.missing": { hit: visit([{ code: "97110", minutes: 15 }], { diagnoses: [] }), miss: visit([{ code: "97110", minutes: 15 }], { diagnoses: ["M62.81"] }) },
  "diagnosis.invalid": { hit: visit([{ code: "97110", minutes: 15 }], { diagnoses: ["M62.810"] }), miss: visit([{ code: "97110", minutes: 15 }], { diagnoses: ["M62.81"] }) },
  "diagnosis.not-billable": { hit: visit([{ code: "97110", minutes: 15 }], { diagnoses: ["I69.35"] }), miss: visit([{ code: "97110", minutes: 15 }], { diagnoses: ["I69.351"] }) },
  "diagnosis.pointer": {
    hit: visit([{ code: "97110", minutes: 15, diagnosisPointers: [3] }]),
    miss: visit([{ code: "97110", minutes: 15, diagnosisPointers: [2] }]),
  },
  "diagnosis.fiscal-year": {
    // FY2026 (the earliest ICD-10-CM year loaded) starts 2025-10-01
    hit: visit([{ code: "97110", minutes: 15 }], { dateOfService: "2025-09-30", planOfCare: undefined }),
    miss: visit([{ code: "97110", minutes: 15 }], { dateOfService: "2025-10-01", planOfCare: undefined }),
  },
  "poc.missing": { hit: visit([{ code: "97110", minutes: 15 }], { planOfCare: undefined }), miss: visit([{ code: "97110", minutes: 15 }]) },
  "poc.expired": { hit: visit([{ code: "97110", minutes: 15 }], { dateOfService: "2026-05-02" }), miss: visit([{ code: "97110", minutes: 15 }], { dateOfService: "2026-05-01" }) },
  "poc.certification-length": {
    hit: visit([{ code: "97110", minutes: 15 }], { planOfCare: { ...PLAN, certifiedThrough: "2027-02-01" } }),
    miss: visit([{ code: "97110", minutes: 15 }]),
  },
  "poc.unsigned": {
    hit: visit([{ code: "97110", minutes: 15 }], { planOfCare: { ...PLAN, signedDate: "2026-03-05" } }),
    miss: visit([{ code: "97110", minutes: 15 }], { planOfCare: { ...PLAN, signedDate: "2026-03-04" } }),
  },
  "poc.discipline": { hit: visit([{ code: "97110", minutes: 15 }], { planOfCare: { ...PLAN_PT } }), miss: visit([{ code: "97110", minutes: 15 }]) },
  "poc.progress-report-due": {
    hit: visit([{ code: "97110", minutes: 15 }], { planOfCare: { ...PLAN, treatmentDaysSinceProgressReport: 9 } }),
    miss: visit([{ code: "97110", minutes: 15 }], { planOfCare: { ...PLAN, treatmentDaysSinceProgressReport: 8 } }),
  },
  "threshold.kx": { hit: visit([{ code: "97110", minutes: 15 }]), miss: visit([{ code: "97110", minutes: 15 }], { payer: commercial }) },
  "threshold.review": {
    hit: visit([{ code: "97110", minutes: 15 }], { patient: { otAllowedYearToDate: 2970.95, deductibleRemaining: 0 } }),
    miss: visit([{ code: "97110", minutes: 15 }], { patient: { otAllowedYearToDate: 2970.94, deductibleRemaining: 0 } }),
  },
  "documentation.minutes": {
    hit: visit([{ code: "97110", minutes: 30 }, { code: "97165", minutes: 30 }], { totalTreatmentMinutes: 50 }),
    miss: visit([{ code: "97110", minutes: 30 }, { code: "97165", minutes: 30 }], { totalTreatmentMinutes: 60 }),
  },
  "pricing.unavailable": {
    hit: visit([{ code: "97110", minutes: 15 }], { payer: commercial }),
    miss: visit([{ code: "97110", minutes: 15 }], { payer: { ...commercial, feeSchedule: { rates: { "97110": 31.5 } } } }),
  },
  "pricing.assumption": {
    hit: visit([{ code: "97110", minutes: 15 }], { patient: { otAllowedYearToDate: 500 } }),
    miss: visit([{ code: "97110", minutes: 15 }]),
  },
  "authorization.exceeded": {
    hit: visit([{ code: "97110", minutes: 15 }]),
    miss: visit([{ code: "97110", minutes: 15 }]),
    history: { hit: { authorization: { visitsAllowed: 12, visitsUsed: 12 } }, miss: { authorization: { visitsAllowed: 12, visitsUsed: 11 } } },
  },
  // Payer profiles (payer-rules.test.ts has the boundaries)
  "payer.profile": { hit: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid" } }), miss: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" } }) },
  "payer.authorization-missing": {
    hit: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" } }),
    miss: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" }, authorization: { visitsAllowed: 12, visitsUsed: 0 } }),
  },
  "payer.authorization-exhausted": {
    hit: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" }, authorization: { visitsAllowed: 12, visitsUsed: 12 } }),
    miss: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" }, authorization: { visitsAllowed: 12, visitsUsed: 11 } }),
  },
  "payer.visit-limit": {
    hit: visit([{ code: "97110", minutes: 15 }], { payer: { ...commercial, profileOverrides: { visitLimit: { basis: "visits", visits: 20, period: "calendar-year", scope: "combined" } } }, patient: { visitsThisBenefitPeriod: 20 } }),
    miss: visit([{ code: "97110", minutes: 15 }], { payer: { ...commercial, profileOverrides: { visitLimit: { basis: "visits", visits: 20, period: "calendar-year", scope: "combined" } } }, patient: { visitsThisBenefitPeriod: 14 } }),
  },
  "payer.units-per-day": {
    hit: visit([{ code: "97110", minutes: 45 }], { payer: { ...commercial, profileOverrides: { unitsPerDay: { basis: "per-code", units: 2 } } } }),
    miss: visit([{ code: "97110", minutes: 30 }], { payer: { ...commercial, profileOverrides: { unitsPerDay: { basis: "per-code", units: 2 } } } }),
  },
  "payer.referring-missing": {
    hit: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" } }),
    miss: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" }, referringProvider: { npi: "1972543114" } }),
  },
  "payer.timely-filing": { hit: visit([{ code: "97110", minutes: 15 }], { claimDate: "2026-12-27" }), miss: visit([{ code: "97110", minutes: 15 }], { claimDate: "2026-12-26" }) },
  "payer.assistant-not-recognized": {
    hit: visit([{ code: "97110", minutes: 30, assistantMinutes: 30 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" } }),
    miss: visit([{ code: "97110", minutes: 30 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" } }),
  },
  "payer.order-window": {
    hit: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" }, planOfCare: { ...PLAN, orderDate: "2026-01-04" } }),
    miss: visit([{ code: "97110", minutes: 15 }], { payer: { kind: "medicaid", profile: "medicaid-colorado" }, planOfCare: { ...PLAN, orderDate: "2026-01-05" } }),
  },
} satisfies Record<ScrubRuleId, Pair>;

describe("every rule id: a visit that triggers it and a close one that does not", () => {
  it.each(SCRUB_RULE_IDS)("%s", (rule) => {
    const pair: Pair = PAIRS[rule];
    const hit = scrub(pair.hit, pair.history?.hit);
    const miss = scrub(pair.miss, pair.history?.miss);
    expect(rules(hit)).toContain(rule);
    expect(rules(miss)).not.toContain(rule);
    for (const item of hit.findings.filter((entry) => entry.rule === rule)) {
      expect(RULES[rule].severities as readonly string[]).toContain(item.severity);
      expect(item.message.length).toBeGreaterThan(10);
      expect(item.source.length).toBeGreaterThan(3);
    }
  });
});

describe("the docs/contract.md example visit (V-1001)", () => {
  const contractVisit: VisitInput = {
    id: "V-1001",
    dateOfService: "2026-03-10",
    payer: { kind: "medicare", name: "Medicare Part B", unitRule: "cms" },
    placeOfService: "11",
    locality: "01112-05",
    patient: { id: "P-7", otAllowedYearToDate: 1850.25 },
    provider: { npi: "1234567893", discipline: "OT" },
    planOfCare: {
      discipline: "OT",
      initialEvaluationDate: "2026-02-02",
      certifiedFrom: "2026-02-02",
      certifiedThrough: "2026-05-02",
      signedDate: "2026-02-10",
      treatmentDaysSinceProgressReport: 4,
    },
    diagnoses: ["I69.351", "M62.81"],
    services: [
      { code: "97530", minutes: 32, assistantMinutes: 0, modifiers: [], diagnosisPointers: [1, 2] },
      { code: "97140", minutes: 10, distinct: true },
      { code: "97165" },
    ],
    totalTreatmentMinutes: 50,
  };

  it("42 timed minutes = 3 units: 97530 x2 (2 left over), 97140 x1 (10 left over) with 59 for the documented distinct service", () => {
    const result = scrub(contractVisit);
    expect(result.id).toBe("V-1001");
    expect(lines(result)).toEqual([
      ["97530", 2, ["GO"]],
      ["97140", 1, ["GO", "59"]],
      ["97165", 1, ["GO"]],
    ]);
    expect(result.totals).toMatchObject({ timedMinutes: 42, timedUnits: 3, untimedUnits: 1 });
    expect(result.lines[0]?.diagnosisPointers).toEqual([1, 2]);
    expect(problems(result)).toEqual(["modifier.distinct"]);
    expect(rules(result)).not.toContain("ncci.ptp");
    expect(result.status).toBe("review");
    expect(result.totals.allowed).toBeGreaterThan(0);
  });
});

describe("status", () => {
  it("clean: only info findings", () => {
    const result = scrub(visit([{ code: "97112", minutes: 23 }, { code: "97110", minutes: 15 }]));
    expect(result.status).toBe("clean");
    expect(result.findings.every((item) => item.severity === "info")).toBe(true);
  });

  it("review: a warning and no error", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30 }], { planOfCare: undefined }));
    expect(problems(result)).toEqual(["poc.missing"]);
    expect(result.status).toBe("review");
  });

  it("reject: any error, whatever the warnings", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30 }], { planOfCare: undefined, diagnoses: [] }));
    expect(problems(result)).toEqual(["diagnosis.missing", "poc.missing"]);
    expect(result.status).toBe("reject");
  });

  it("findings come errors first, then warnings, then info", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30 }], { planOfCare: undefined, diagnoses: [] }));
    const order = { error: 0, warning: 1, info: 2 };
    const ranks = result.findings.map((item) => order[item.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("a visit the schema refuses gives an invalid result with a located error, not a throw", () => {
    const result = scrubInput({ id: "BAD", dateOfService: "2026-02-30", payer: { kind: "medicare" }, services: [] }, reference);
    expect(result.status).toBe("invalid");
    expect(result.id).toBe("BAD");
    expect(result.error?.code).toBe("invalid_input");
    expect(result.error?.path).toBe("dateOfService");
  });

  it("is deterministic: the same visit gives the same result", () => {
    const input = visit([{ code: "97530", minutes: 24, assistantMinutes: 12 }, { code: "97140", minutes: 10 }]);
    expect(scrub(structuredClone(input))).toEqual(scrub(structuredClone(input)));
  });
});

describe("property: scrub never throws for a visit the schema accepts", () => {
  const catalog = reference.catalog.all().map((entry) => entry.code);
  const oddCodes = ["97001", "97002", "97003", "97004", "97127", "97532", "97762", "G0515", "97633", "99999", "A", "99072"];
  const codeArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...catalog, ...oddCodes) }, { weight: 1, arbitrary: fc.stringMatching(/^[0-9A-Z]{1,7}$/) });
  const modifierArb = fc.oneof(
    fc.constantFrom("GO", "GP", "GN", "CO", "CQ", "KX", "59", "XE", "XS", "XP", "XU", "95", "GA", "AT", "76", "go"),
    fc.stringMatching(/^[A-Z0-9]{2}$/),
  );
  const minutesArb = fc.integer({ min: 0, max: 120 });
  const day0 = Date.UTC(2022, 0, 1);
  const dateArb = fc.integer({ min: 0, max: 365 * 5 }).map((offset) => new Date(day0 + offset * 86_400_000).toISOString().slice(0, 10));
  const dxArb = fc.oneof(
    fc.constantFrom("I69.351", "M62.81", "R26.89", "R27.8", "F82", "G89.11", "S52.501D", "I69.35", "S52.501", "M62.810", "Z99.999", "m6281"),
    fc.stringMatching(/^[A-Z0-9.]{0,8}$/),
  );
  const serviceArb = fc
    .record(
      {
        code: codeArb,
        minutes: minutesArb,
        assistantMinutes: minutesArb,
        units: fc.integer({ min: 0, max: 5 }),
        modifiers: fc.array(modifierArb, { maxLength: 6 }),
        diagnosisPointers: fc.array(fc.integer({ min: -1, max: 14 }), { maxLength: 6 }),
        distinct: fc.boolean(),
        description: fc.string({ maxLength: 30 }),
      },
      { requiredKeys: ["code"] },
    )
    // The schema refuses an assistant's share larger than the service (tested in contract/visit.test.ts).
    .filter((service) => service.assistantMinutes === undefined || service.minutes === undefined || service.assistantMinutes <= service.minutes);
  const dollarsArb = fc.integer({ min: 0, max: 500_000 }).map((cents) => cents / 100);
  const visitArb = fc.record(
    {
      id: fc.string({ maxLength: 8 }),
      dateOfService: dateArb,
      payer: fc.record(
        {
          kind: fc.constantFrom("medicare", "medicare-advantage", "medicaid", "tricare", "commercial", "workers-comp", "self-pay"),
          unitRule: fc.constantFrom("cms", "ama"),
          feeSchedule: fc.oneof(fc.constant({ percentOfMedicare: 110 }), fc.constant({ rates: { "97110": 30, "97530": 35.5 } })),
        },
        { requiredKeys: ["kind"] },
      ),
      placeOfService: fc.constantFrom("11", "02", "10", "12", "22"),
      locality: fc.constantFrom("01112-05", "10112-00", "99999-99"),
      patient: fc.record({ otAllowedYearToDate: dollarsArb, ptSlpAllowedYearToDate: dollarsArb, deductibleRemaining: fc.integer({ min: 0, max: 400 }) }, { requiredKeys: [] }),
      provider: fc.record({ discipline: fc.constantFrom("OT", "PT", "SLP"), participating: fc.boolean(), qualifyingApm: fc.boolean() }, { requiredKeys: [] }),
      planOfCare: fc.record(
        {
          discipline: fc.constantFrom("OT", "PT", "SLP"),
          initialEvaluationDate: dateArb,
          certifiedFrom: dateArb,
          certifiedThrough: dateArb,
          signedDate: dateArb,
          treatmentDaysSinceProgressReport: fc.integer({ min: 0, max: 20 }),
        },
        { requiredKeys: [] },
      ),
      diagnoses: fc.array(dxArb, { maxLength: 14 }),
      services: fc.array(serviceArb, { maxLength: 8 }),
      totalTreatmentMinutes: fc.integer({ min: 0, max: 300 }),
    },
    { requiredKeys: ["dateOfService", "payer", "services"] },
    // a plan that ends before it starts is invalid input, tested on its own
  ).filter((input) => !(input.planOfCare?.certifiedFrom && input.planOfCare.certifiedThrough && input.planOfCare.certifiedThrough < input.planOfCare.certifiedFrom));
  const historyArb = fc.option(
    fc.record(
      {
        otAllowedYearToDateCents: fc.integer({ min: 0, max: 400_000 }),
        treatmentDaysSinceProgressReport: fc.integer({ min: 0, max: 20 }),
        authorization: fc.record({ visitsAllowed: fc.integer({ min: 0, max: 20 }), visitsUsed: fc.integer({ min: 0, max: 20 }), unitsAllowed: fc.integer({ min: 0, max: 60 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  );

  it("returns clean/review/reject, consistent with its findings, and no timed line with more units than its minutes allow", () => {
    fc.assert(
      fc.property(visitArb, historyArb, (input, history) => {
        expect(parseVisit(input).ok).toBe(true);
        const result = scrubInput(input, reference, history);
        expect(result.error).toBeUndefined();
        expect(["clean", "review", "reject"]).toContain(result.status);
        const worst = result.findings.some((item) => item.severity === "error") ? "reject" : result.findings.some((item) => item.severity === "warning") ? "review" : "clean";
        expect(result.status).toBe(worst);
        for (const item of result.findings) {
          expect(RULE_IDS).toContain(item.rule);
          expect(RULES[item.rule].severities as readonly string[]).toContain(item.severity);
        }
        for (const line of result.lines) {
          expect(line.units).toBeGreaterThan(0);
          if (reference.catalog.get(line.code)?.timed) {
            expect(line.minutes).toBeDefined();
            expect(line.units).toBeLessThanOrEqual(Math.floor((line.minutes ?? 0) / 15) + 1);
          }
          if (line.allowed !== undefined) expect(Math.round(line.allowed * 100)).toBeCloseTo(line.allowed * 100, 6);
        }
      }),
      { numRuns: Number(process.env.OTBILL_FC_RUNS ?? 300) },
    );
  });
});
