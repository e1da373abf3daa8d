/**
 * Payer profiles in the store: a payer's profile and own settings (migration
 * 2026-12-01-payer-profiles), the visits it counts per benefit period, the authorization's
 * use, the certifying physician as the referring provider, and the stateless and the stored
 * scrub giving the same findings for the same facts.
 */
import { expect, it } from "vitest";
import type { Finding } from "../contract/result.js";
import { scrubInput } from "../engine/scrub.js";
import type { IsoDate } from "../reference/dates.js";
import { loadReference } from "../reference/reference.js";
import { createCoverage } from "./coverages.js";
import { scrubStoredVisit } from "./history.js";
import { createPayer, getPayer, listPayers, updatePayer } from "./payers.js";
import { createPhysician } from "./physicians.js";
import { updatePlanOfCare } from "./plans-of-care.js";
import { createProvider } from "./providers.js";
import { describeEachDatabase } from "./test-support/databases.js";
import { seedPracticeFixture, visitInput, type PracticeFixture } from "./test-support/fixtures.js";
import { createVisit } from "./visits.js";

const reference = loadReference({ importedDir: null });

const ACME_SETTINGS = {
  visitLimit: { basis: "visits", visits: 20, period: "calendar-year", scope: "combined", warnAtPercent: 80 },
  priorAuthorization: { required: "after-visits", afterVisits: 12 },
  feeSchedule: { basis: "percent-of-medicare", percent: 110 },
} as const;

const brief = (findings: Finding[]) => findings.map((item) => `${item.severity} ${item.rule}: ${item.message}`);

async function coloradoPractice(db: Parameters<typeof seedPracticeFixture>[0], name: string) {
  const fixture = await seedPracticeFixture(db, name);
  const payer = await createPayer(db, { practiceId: fixture.practice.id, name: "Health First Colorado", kind: "medicaid", profile: "medicaid-colorado" });
  const physician = await createPhysician(db, { practiceId: fixture.practice.id, firstName: "Mark", lastName: "Chen", npi: "1972543114" });
  const coverage = await createCoverage(db, {
    patientId: fixture.patient.id,
    payerId: payer.id,
    memberId: "CO-123",
    priority: 2,
    authorizations: [{ number: "PAR-7", visitsAllowed: 3, startDate: "2026-01-05", endDate: "2026-03-31" }],
  });
  return { fixture, payer, physician, coverage };
}

describeEachDatabase("payer profiles in the store", (store) => {
  it("a payer keeps its profile and its own settings; an unknown profile is refused naming the field", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Profile Clinic");
    const acme = await createPayer(db, { practiceId: fixture.practice.id, name: "Acme Gold", kind: "commercial", profile: "commercial-default", profileOverrides: ACME_SETTINGS });
    expect(await getPayer(db, acme.id)).toMatchObject({ profile: "commercial-default", profileOverrides: ACME_SETTINGS });
    expect(fixture.medicare).toMatchObject({ profile: null, profileOverrides: null });
    const updated = await updatePayer(db, acme.id, { version: acme.version, profileOverrides: { ...ACME_SETTINGS, priorAuthorization: { required: "never" } } });
    expect(updated.profileOverrides?.priorAuthorization).toEqual({ required: "never" });
    expect((await listPayers(db, { practiceId: fixture.practice.id })).items.find((payer) => payer.id === acme.id)?.profile).toBe("commercial-default");
    await expect(createPayer(db, { practiceId: fixture.practice.id, name: "X", kind: "commercial", profile: "acme-gold" })).rejects.toMatchObject({ details: { path: "profile" } });
    await expect(updatePayer(db, acme.id, { version: updated.version, profile: "nope" })).rejects.toThrow(/profile: no payer profile "nope"/);
  });

  it("Acme: 20 visits a year, PT/OT combined; the 20th warns, the 21st is an error; last year's and other payers' visits do not count", async () => {
    const { db } = store();
    const fixture: PracticeFixture = await seedPracticeFixture(db, "Acme Clinic");
    const acme = await createPayer(db, { practiceId: fixture.practice.id, name: "Acme Gold", kind: "commercial", profileOverrides: ACME_SETTINGS });
    await createCoverage(db, { patientId: fixture.patient.id, payerId: acme.id, memberId: "AC-1", priority: 2, authorizations: [{ number: "AUTH-1", visitsAllowed: 30, startDate: "2026-01-01", endDate: "2026-12-31" }] });
    const pt = await createProvider(db, { practiceId: fixture.practice.id, npi: "1987654328", firstName: "Paul", lastName: "Tee", discipline: "PT", role: "therapist" });
    await createVisit(db, visitInput(fixture, "2025-12-30", { payerId: acme.id })); // last year
    await createVisit(db, visitInput(fixture, "2026-01-06")); // Medicare
    for (let day = 0; day < 19; day += 1) {
      const date = `2026-01-${String(7 + day).padStart(2, "0")}`;
      await createVisit(db, visitInput(fixture, date, { payerId: acme.id, ...(day % 2 === 0 ? { providerId: pt.id } : {}) }));
    }
    const twentieth = await createVisit(db, visitInput(fixture, "2026-02-02", { payerId: acme.id }));
    const atLimit = await scrubStoredVisit(db, reference, twentieth.id);
    expect(atLimit.contractVisit.patient?.visitsThisBenefitPeriod).toBe(19);
    expect(atLimit.result.findings.filter((item) => item.rule === "payer.visit-limit").map((item) => item.severity)).toEqual(["warning"]);
    const twentyFirst = await createVisit(db, visitInput(fixture, "2026-02-03", { payerId: acme.id }));
    const over = await scrubStoredVisit(db, reference, twentyFirst.id);
    expect(over.contractVisit.patient?.visitsThisBenefitPeriod).toBe(20);
    const limit = over.result.findings.find((item) => item.rule === "payer.visit-limit");
    expect(limit?.severity).toBe("error");
    expect(limit?.message).toContain("This is visit 21 this calendar year; Acme Gold covers 20 PT, OT and SLP visits together");
    // after visit 12 an authorization is needed: the coverage has one, with its number
    expect(over.contractVisit.authorization).toMatchObject({ number: "AUTH-1", visitsAllowed: 30, visitsUsed: 20 });
    expect(over.result.findings.map((item) => item.rule)).not.toContain("payer.authorization-missing");
    // 110% of Medicare
    expect(over.result.lines[0]?.allowed).toBeGreaterThan(0);
  });

  it("a per-discipline limit in a plan year from July 1 counts only this discipline's visits since then", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Plan Year Clinic");
    const visitLimit = { basis: "visits", visits: 10, period: "benefit-year", benefitYearStart: "07-01", scope: "discipline", warnAtPercent: 80 } as const;
    const payer = await createPayer(db, { practiceId: fixture.practice.id, name: "Summit Plan", kind: "commercial", profileOverrides: { visitLimit } });
    const pt = await createProvider(db, { practiceId: fixture.practice.id, npi: "1987654328", firstName: "Paul", lastName: "Tee", discipline: "PT", role: "therapist" });
    await createVisit(db, visitInput(fixture, "2026-06-30", { payerId: payer.id })); // the plan year before
    await createVisit(db, visitInput(fixture, "2026-07-02", { payerId: payer.id, providerId: pt.id })); // PT
    await createVisit(db, visitInput(fixture, "2026-07-03", { payerId: payer.id }));
    await createVisit(db, visitInput(fixture, "2026-07-06", { payerId: payer.id }));
    await createVisit(db, visitInput(fixture, "2026-07-07")); // Medicare
    const visit = await createVisit(db, visitInput(fixture, "2026-07-08", { payerId: payer.id }));
    const { contractVisit } = await scrubStoredVisit(db, reference, visit.id);
    expect(contractVisit.patient?.visitsThisBenefitPeriod).toBe(2);
  });

  it("the coverage's copay and coinsurance reach the visit and split the allowed amount", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Copay Clinic");
    const acme = await createPayer(db, { practiceId: fixture.practice.id, name: "Acme Gold", kind: "commercial", profileOverrides: { feeSchedule: { basis: "percent-of-medicare", percent: 110 } } });
    const coverage = await createCoverage(db, { patientId: fixture.patient.id, payerId: acme.id, memberId: "AC-2", priority: 2, copayCents: 2000, coinsurancePercent: 12.5 });
    expect(coverage).toMatchObject({ copayCents: 2000, coinsurancePercent: 12.5 });
    const visit = await createVisit(db, visitInput(fixture, "2026-03-10", { payerId: acme.id, services: [{ code: "97110", minutes: 15, diagnosisPointers: [1] }], totalTreatmentMinutes: 15 }));
    const { contractVisit, result } = await scrubStoredVisit(db, reference, visit.id);
    expect(contractVisit.coverage).toEqual({ copay: 20, coinsurancePercent: 12.5 });
    // 2026 national 97110: 0.87 x 33.4009 x 110% = 31.9646613 -> $31.96; $20 copay, 12.5% of 11.96 = 1.495 -> 1.50
    expect(result.lines[0]).toMatchObject({ allowed: 31.96, patientShare: 21.5, payment: 10.46 });
  });

  it("Colorado: the last authorized visit, then exhausted; the certifying physician is the referring provider; stateless gives the same findings", async () => {
    const { db } = store();
    const { fixture, payer, physician } = await coloradoPractice(db, "Colorado Clinic");
    await updatePlanOfCare(db, fixture.plan.id, { version: fixture.plan.version, certifyingPhysicianId: physician.id });
    for (const date of ["2026-01-12", "2026-01-14"]) await createVisit(db, visitInput(fixture, date, { payerId: payer.id }));
    const third = await createVisit(db, visitInput(fixture, "2026-01-16", { payerId: payer.id }));
    const last = await scrubStoredVisit(db, reference, third.id, { claimDate: "2026-02-01" as IsoDate });
    expect(last.contractVisit.authorization).toEqual({ number: "PAR-7", visitsAllowed: 3, visitsUsed: 2, startDate: "2026-01-05", endDate: "2026-03-31" });
    expect(last.result.findings.map((item) => item.rule)).not.toContain("payer.referring-missing");
    expect(last.result.findings.filter((item) => item.rule.startsWith("payer.")).map((item) => `${item.severity} ${item.rule}`)).toEqual(["warning payer.visit-limit"]);

    const fourth = await createVisit(db, visitInput(fixture, "2026-01-19", { payerId: payer.id }));
    const stored = await scrubStoredVisit(db, reference, fourth.id, { claimDate: "2026-02-01" as IsoDate });
    expect(brief(stored.result.findings).filter((text) => text.includes("payer."))).toEqual([
      "error payer.authorization-exhausted: This would be visit 4 under authorization PAR-7, which allows 3: the authorized visits are used up.",
    ]);

    // The same facts sent as JSON by a caller without the store.
    const stateless = scrubInput(
      {
        id: String(fourth.id),
        dateOfService: "2026-01-19",
        payer: { kind: "medicaid", id: String(payer.id), name: "Health First Colorado", profile: "medicaid-colorado" },
        placeOfService: "11",
        patient: { id: "P-1" },
        provider: { npi: fixture.ot.npi, discipline: "OT", qualifyingApm: false },
        planOfCare: {
          discipline: "OT",
          initialEvaluationDate: "2026-01-05",
          certifiedFrom: "2026-01-05",
          certifiedThrough: "2026-04-04",
          signedDate: "2026-01-09",
          treatmentDaysSinceProgressReport: 3,
          certifyingProvider: { firstName: "Mark", lastName: "Chen", npi: "1972543114" },
        },
        diagnoses: ["I69.351"],
        services: [
          { code: "97530", minutes: 30, modifiers: [], diagnosisPointers: [1] },
          { code: "97535", minutes: 15, modifiers: [], diagnosisPointers: [1] },
        ],
        totalTreatmentMinutes: 45,
        authorization: { number: "PAR-7", visitsAllowed: 3, visitsUsed: 3, startDate: "2026-01-05", endDate: "2026-03-31" },
        claimDate: "2026-02-01",
      },
      reference,
    );
    expect(stateless.error).toBeUndefined();
    expect(brief(stateless.findings)).toEqual(brief(stored.result.findings));
    expect(stateless.lines).toEqual(stored.result.lines);
    expect(stateless.status).toBe("reject");
  });

  it("Colorado without a certifying physician or an authorization: the same errors on both paths", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Colorado Bare Clinic");
    const payer = await createPayer(db, { practiceId: fixture.practice.id, name: "Health First Colorado", kind: "medicaid", profile: "medicaid-colorado" });
    const visit = await createVisit(db, visitInput(fixture, "2026-01-12", { payerId: payer.id }));
    const stored = await scrubStoredVisit(db, reference, visit.id);
    const rules = stored.result.findings.filter((item) => item.severity === "error").map((item) => item.rule);
    expect(rules).toEqual(["payer.authorization-missing", "payer.referring-missing"]);
    const stateless = scrubInput({ ...stored.contractVisit, planOfCare: stored.history.planOfCare }, reference);
    expect(brief(stateless.findings)).toEqual(brief(stored.result.findings));
  });
});
