import { expect, it } from "vitest";
import type { ScrubResult } from "../contract/result.js";
import { loadReference } from "../reference/reference.js";
import { createClaimFromScrub, updateClaim } from "./claims.js";
import { createCoverage } from "./coverages.js";
import { historyOf, scrubStoredVisit } from "./history.js";
import { updatePlanOfCare } from "./plans-of-care.js";
import { createProvider } from "./providers.js";
import { describeEachDatabase } from "./test-support/databases.js";
import { seedPracticeFixture, visitInput } from "./test-support/fixtures.js";
import { createVisit, getVisit } from "./visits.js";

const reference = loadReference();

/** A scrub result with chosen allowed amounts, so the year-to-date sum is known exactly. */
function resultWithAllowed(lines: { modifiers: string[]; allowed: number }[]): ScrubResult {
  return {
    status: "clean",
    lines: lines.map((line, service) => ({ code: "97530", modifiers: line.modifiers, units: 2, minutes: 30, diagnosisPointers: [1], service, allowed: line.allowed, payment: 0, patientShare: 0 })),
    totals: { timedMinutes: 30, timedUnits: 2, untimedUnits: 0 },
    findings: [],
  };
}

describeEachDatabase("history-aware scrub", (store) => {
  it("KX: Medicare OT allowed year-to-date comes from the patient's earlier stored claims", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "KX Clinic");
    const claimFor = async (date: string, lines: { modifiers: string[]; allowed: number }[], extra = {}) => {
      const visit = await createVisit(db, visitInput(fixture, date, extra));
      return createClaimFromScrub(db, visit, resultWithAllowed(lines));
    };
    await claimFor("2025-12-30", [{ modifiers: ["GO"], allowed: 900 }]); // last year: not counted
    await claimFor("2026-01-12", [{ modifiers: ["GO"], allowed: 1200 }, { modifiers: ["GP"], allowed: 40.1 }]);
    await claimFor("2026-02-02", [{ modifiers: ["GO", "KX"], allowed: 1300.5 }]);
    const denied = await claimFor("2026-02-09", [{ modifiers: ["GO"], allowed: 500 }]);
    await updateClaim(db, denied.id, { version: 1, status: "submitted" });
    await updateClaim(db, denied.id, { version: 2, status: "denied" });
    await claimFor("2026-02-10", [{ modifiers: ["GO"], allowed: 700 }], { payerId: fixture.commercial.id }); // not Medicare
    await claimFor("2026-03-20", [{ modifiers: ["GO"], allowed: 800 }]); // after the visit

    const visit = await createVisit(db, visitInput(fixture, "2026-03-02"));
    const history = await historyOf(db, reference, visit);
    expect(history.otAllowedYearToDateCents).toBe(250050);
    expect(history.ptSlpAllowedYearToDateCents).toBe(4010);

    // $2,500.50 is past 2026's $2,480 OT threshold: every line of this visit needs KX.
    const { result } = await scrubStoredVisit(db, reference, visit.id);
    expect(result.lines.map((line) => line.modifiers.includes("KX"))).toEqual([true, true]);
    expect(result.findings.filter((item) => item.rule === "modifier.kx").map((item) => item.severity)).toContain("warning");
  });

  it("counts distinct treatment days after the last progress report and before the visit", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Progress Clinic");
    await updatePlanOfCare(db, fixture.plan.id, { version: 1, progressReportDates: ["2026-01-20", "2026-01-12", "2026-02-27"] });
    const pt = await createProvider(db, { practiceId: fixture.practice.id, npi: "1987654328", firstName: "Paul", lastName: "Tee", discipline: "PT", role: "therapist" });
    for (const date of ["2026-01-19", "2026-01-20", "2026-01-21", "2026-01-22", "2026-01-22", "2026-01-23"]) await createVisit(db, visitInput(fixture, date));
    await createVisit(db, visitInput(fixture, "2026-01-26", { providerId: pt.id })); // PT's day: not this plan's
    const visit = await createVisit(db, visitInput(fixture, "2026-01-30"));
    await createVisit(db, visitInput(fixture, "2026-02-02")); // after the visit

    const history = await historyOf(db, reference, visit);
    expect(history.treatmentDaysSinceProgressReport).toBe(3);
    expect(history.planOfCare).toEqual({
      discipline: "OT",
      initialEvaluationDate: "2026-01-05",
      certifiedFrom: "2026-01-05",
      certifiedThrough: "2026-04-04",
      signedDate: "2026-01-09",
      treatmentDaysSinceProgressReport: 3,
    });
  });

  it("the evaluation day is treatment day 1: the warning comes on the 10th treatment day (count 9), not later", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Report Due Clinic");
    // evaluated 2026-01-05 (day 1, its visit not stored); treatment days 2-9 on 01-06 .. 01-13, two visits on 01-08
    for (let day = 6; day <= 13; day += 1) await createVisit(db, visitInput(fixture, `2026-01-${String(day).padStart(2, "0")}`));
    await createVisit(db, visitInput(fixture, "2026-01-08"));
    const ninth = await createVisit(db, visitInput(fixture, "2026-01-13"));
    const early = await scrubStoredVisit(db, reference, ninth.id);
    expect(early.history.treatmentDaysSinceProgressReport).toBe(8);
    expect(early.result.findings.map((item) => item.rule)).not.toContain("poc.progress-report-due");
    const visit = await createVisit(db, visitInput(fixture, "2026-01-14"));
    const { history, result } = await scrubStoredVisit(db, reference, visit.id);
    expect(history.treatmentDaysSinceProgressReport).toBe(9);
    expect(result.findings.find((item) => item.rule === "poc.progress-report-due")?.severity).toBe("warning");
  });

  it("finds the plan that expired before the visit, so the scrub can say so", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Expired Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-04-10"));
    const { history, result } = await scrubStoredVisit(db, reference, visit.id);
    expect(history.planOfCare?.certifiedThrough).toBe("2026-04-04");
    expect(result.status).toBe("reject");
    expect(result.findings.find((item) => item.rule === "poc.expired")?.severity).toBe("error");
  });

  it("authorization: visits and units used by earlier visits inside its dates", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Authorization Clinic");
    const coverage = await createCoverage(db, {
      patientId: fixture.patient.id,
      payerId: fixture.commercial.id,
      memberId: "ACME-77",
      priority: 1,
      authorizations: [{ number: "AUTH-9", visitsAllowed: 2, unitsAllowed: 8, startDate: "2026-02-01", endDate: "2026-02-28" }],
    });
    const commercial = { payerId: fixture.commercial.id, coverageId: coverage.id };
    await createVisit(db, visitInput(fixture, "2026-01-30", commercial)); // before the authorization
    await createVisit(db, visitInput(fixture, "2026-02-02", commercial));
    await createVisit(db, visitInput(fixture, "2026-02-03", commercial));
    await createVisit(db, visitInput(fixture, "2026-02-03")); // Medicare: another payer
    const visit = await createVisit(db, visitInput(fixture, "2026-02-04", commercial));

    const { history, result } = await scrubStoredVisit(db, reference, visit.id);
    // AMA rule: 97530 30 min = 2 units, 97535 15 min = 1 unit, so 3 units a visit.
    expect(history.authorization).toEqual({ start: "2026-02-01", end: "2026-02-28", visitsAllowed: 2, unitsAllowed: 8, visitsUsed: 2, unitsUsed: 6 });
    const exceeded = result.findings.filter((item) => item.rule === "authorization.exceeded").map((item) => item.message);
    expect(exceeded).toEqual(["This is visit 3 of 2 authorized.", "With this visit's 3 unit(s), 9 of 8 authorized units are used."]);
    expect(result.status).toBe("reject");
    expect((await getVisit(db, visit.id)).version).toBe(1);
  });
});
