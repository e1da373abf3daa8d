/**
 * Plan of care (docs/billing-rules.md section 7; MBPM ch.15 section 220.1-220.3, data/policy/poc_rules.csv),
 * documentation (docs/billing-rules.md section 8) and authorizations known to the store. Dates at the
 * edges: the last certified day, the day after, day 30 and day 31 of the signature, 9 and
 * 10 treatment days, periods that cross a year.
 */
import { describe, expect, it } from "vitest";
import type { ScrubHistory } from "./context.js";
import { about, omitBlock, PLAN, problems, reference, scrub, visitBuilder, type PlanInput, type ServiceInput, type VisitInput } from "./test-support/scrub-fixtures.js";
import { scrubInput } from "./scrub.js";

const TX: ServiceInput[] = [{ code: "97535", minutes: 30 }];

const pocVisit = visitBuilder({ id: "V-poc" });

/** The default visit with this plan of care (undefined: no plan block at all) and TX unless other services are given. */
function visit(plan: PlanInput | undefined, over: Partial<VisitInput> = {}, services: ServiceInput[] = TX): VisitInput {
  return plan ? pocVisit(services, { planOfCare: plan, ...over }) : { ...omitBlock(pocVisit(services), "planOfCare"), ...over };
}

describe("poc.missing", () => {
  it("no plan of care known: a warning, nothing else about the plan", () => {
    const result = scrub(visit(undefined));
    expect(problems(result)).toEqual(["poc.missing"]);
    expect(result.status).toBe("review");
  });

  it("a plan known to the store (history) counts even when the visit has none", () => {
    expect(problems(scrub(visit(undefined), { planOfCare: { ...PLAN } as ScrubHistory["planOfCare"] }))).toEqual([]);
  });
});

describe("poc.certification-length: a certification covers at most 90 calendar days (MBPM ch.15 220.1.3)", () => {
  const YEAR = { ...PLAN, certifiedThrough: "2027-02-01" };

  it("a one-year plan certified from 2026-02-02 covers through 2026-05-02: a warning on every visit", () => {
    const result = scrub(visit(YEAR, { dateOfService: "2026-03-10" }));
    expect(problems(result)).toEqual(["poc.certification-length"]);
    expect(result.status).toBe("review");
    const item = result.findings.find((found) => found.rule === "poc.certification-length");
    expect(item).toMatchObject({ severity: "warning", path: "planOfCare.certifiedThrough" });
    expect(item?.message).toBe("The plan is certified from 2026-02-02 through 2027-02-01 (365 days), but a certification covers at most 90 calendar days: this one covers through 2026-05-02.");
  });

  it("2026-05-02 (day 90) is covered; 2026-05-03 (day 91) is poc.expired", () => {
    expect(problems(scrub(visit(YEAR, { dateOfService: "2026-05-02" })))).toEqual(["poc.certification-length"]);
    expect(problems(scrub(visit(YEAR, { dateOfService: "2026-05-03" })))).toEqual(["poc.certification-length", "poc.expired"]);
  });

  it("exactly 90 days (2026-02-02 through 2026-05-02) gets no warning; 91 days does", () => {
    expect(problems(scrub(visit({ ...PLAN, certifiedThrough: "2026-05-02" }, { dateOfService: "2026-03-10" })))).toEqual([]);
    expect(problems(scrub(visit({ ...PLAN, certifiedThrough: "2026-05-03" }, { dateOfService: "2026-03-10" })))).toEqual(["poc.certification-length"]);
  });

  it("without certifiedFrom the 90 days run from the initial evaluation", () => {
    const { certifiedFrom: _from, ...noFrom } = YEAR;
    expect(problems(scrub(visit(noFrom, { dateOfService: "2026-05-03" })))).toEqual(["poc.certification-length", "poc.expired"]);
  });

  it("a plan that ends before it starts is refused as input (the schema), naming the field", () => {
    const result = scrubInput(visit({ ...PLAN, certifiedThrough: "2026-01-01" }), reference);
    expect(result.error).toMatchObject({ path: "planOfCare.certifiedThrough" });
    expect(result.error?.message).toContain("cannot be before certifiedFrom (2026-02-02)");
  });
});

describe("poc.expired: the certification period", () => {
  it("the date of service on certifiedThrough is covered", () => {
    const result = scrub(visit(PLAN, { dateOfService: "2026-05-01" }));
    expect(problems(result)).toEqual([]);
    expect(result.status).toBe("clean");
  });

  it("the day after certifiedThrough: error", () => {
    const result = scrub(visit(PLAN, { dateOfService: "2026-05-02" }));
    expect(problems(result)).toEqual(["poc.expired"]);
    expect(about(result, "poc.expired")).toContain("after the certification period ended (2026-05-01, 1 day(s) earlier)");
    expect(result.status).toBe("reject");
  });

  it("the day before certifiedFrom: error", () => {
    expect(problems(scrub(visit(PLAN, { dateOfService: "2026-02-01" })))).toEqual(["poc.expired"]);
  });

  it("the first day of the period (the initial evaluation) is covered", () => {
    expect(problems(scrub(visit(PLAN, { dateOfService: "2026-02-02" }, [{ code: "97165" }])))).toEqual([]);
  });

  it("a period longer than 90 days covers day 90 but not day 91 (recertify at least every 90 days)", () => {
    const long = { ...PLAN, certifiedThrough: "2026-06-30" };
    // 2026-02-02 is day 1, so day 90 is 2026-05-02
    expect(problems(scrub(visit(long, { dateOfService: "2026-05-02" })))).toEqual(["poc.certification-length"]);
    const result = scrub(visit(long, { dateOfService: "2026-05-03" }));
    expect(problems(result)).toEqual(["poc.certification-length", "poc.expired"]);
    expect(about(result, "poc.expired")).toContain("day 91");
  });

  it("a period across New Year: covered on 2026-01-02", () => {
    const winter = { discipline: "OT", initialEvaluationDate: "2025-11-15", certifiedFrom: "2025-11-15", certifiedThrough: "2026-02-12", signedDate: "2025-11-20", treatmentDaysSinceProgressReport: 2 } as const;
    const result = scrub(visit(winter, { dateOfService: "2026-01-02", patient: { otAllowedYearToDate: 0, deductibleRemaining: 0 } }));
    expect(problems(result)).toEqual([]);
    expect(about(result, "threshold.kx")).toContain("2026");
  });
});

describe("poc.unsigned: certified within 30 days of the initial evaluation", () => {
  it("signed on day 30 (2026-03-04): timely", () => {
    expect(problems(scrub(visit({ ...PLAN, signedDate: "2026-03-04" })))).toEqual([]);
  });

  it("signed on day 31 (2026-03-05): late, a warning", () => {
    const result = scrub(visit({ ...PLAN, signedDate: "2026-03-05" }));
    expect(problems(result)).toEqual(["poc.unsigned"]);
    expect(about(result, "poc.unsigned")).toContain("31 days after the initial evaluation");
    expect(result.status).toBe("review");
  });

  it("not signed yet, still inside the 30 days: a reminder (warning) with the due date", () => {
    const result = scrub(visit({ ...PLAN, signedDate: undefined }, { dateOfService: "2026-02-20" }));
    expect(problems(result)).toEqual(["poc.unsigned"]);
    expect(about(result, "poc.unsigned")).toContain("2026-03-04");
  });

  it("not signed and past the 30 days: warning", () => {
    const result = scrub(visit({ ...PLAN, signedDate: undefined }));
    expect(problems(result)).toEqual(["poc.unsigned"]);
    expect(about(result, "poc.unsigned")).toContain("more than 30 days");
  });

  it("without an initial evaluation date the 30 days run from certifiedFrom", () => {
    const plan = { ...PLAN, initialEvaluationDate: undefined, signedDate: "2026-03-05" };
    expect(problems(scrub(visit(plan)))).toEqual(["poc.unsigned"]);
  });
});

describe("poc.discipline", () => {
  it.each(["PT", "SLP"] as const)("a %s plan of care for OT services: error", (discipline) => {
    const result = scrub(visit({ ...PLAN, discipline }));
    expect(problems(result)).toEqual(["poc.discipline"]);
    expect(about(result, "poc.discipline")).toContain(`${discipline} plan`);
    expect(result.status).toBe("reject");
  });
});

describe("poc.progress-report-due: on or before the 10th treatment day, the evaluation day being day 1 (MBPM ch.15 220.3)", () => {
  it("8 treatment days before this visit (this is the 9th): not yet", () => {
    expect(problems(scrub(visit({ ...PLAN, treatmentDaysSinceProgressReport: 8 })))).toEqual([]);
  });

  it("9 before this visit: this is the 10th treatment day, the report is due now (warning)", () => {
    const result = scrub(visit({ ...PLAN, treatmentDaysSinceProgressReport: 9 }));
    expect(problems(result)).toEqual(["poc.progress-report-due"]);
    expect(result.status).toBe("review");
    expect(result.findings.find((item) => item.rule === "poc.progress-report-due")?.message).toBe(
      "This visit is treatment day 10 of the progress reporting period; the progress report is due on or before the 10th treatment day, so at this visit.",
    );
  });

  it("12 before this visit: overdue since treatment day 10", () => {
    expect(scrub(visit({ ...PLAN, treatmentDaysSinceProgressReport: 12 })).findings.find((item) => item.rule === "poc.progress-report-due")?.message).toBe(
      "This visit is treatment day 13 of the progress reporting period; the progress report was due by treatment day 10.",
    );
  });

  it("the store's count overrides the visit's", () => {
    expect(problems(scrub(visit({ ...PLAN, treatmentDaysSinceProgressReport: 2 }), { treatmentDaysSinceProgressReport: 9 }))).toEqual(["poc.progress-report-due"]);
    expect(problems(scrub(visit({ ...PLAN, treatmentDaysSinceProgressReport: 9 }), { treatmentDaysSinceProgressReport: 2 }))).toEqual([]);
  });
});

describe("documentation.minutes (MBPM ch.15 section 220.3)", () => {
  it("a timed code without minutes: warning, no line, nothing counted", () => {
    const result = scrub(visit(PLAN, {}, [{ code: "97110", units: 2 }]));
    expect(problems(result)).toEqual(["documentation.minutes"]);
    expect(result.lines).toEqual([]);
    expect(about(result, "documentation.minutes")).toContain("no minutes were given");
    expect(about(result, "documentation.minutes")).toContain("the 2 unit(s) stated cannot be checked");
  });

  it("service minutes that do not add up to totalTreatmentMinutes: warning with the difference", () => {
    const result = scrub(visit(PLAN, { totalTreatmentMinutes: 50 }, [{ code: "97535", minutes: 30 }, { code: "97530", minutes: 25 }]));
    expect(problems(result)).toEqual(["documentation.minutes"]);
    expect(about(result, "documentation.minutes")).toContain("55 minutes");
    expect(about(result, "documentation.minutes")).toContain("over by 5");
  });

  it("minutes that add up (timed and untimed): nothing to say", () => {
    const result = scrub(visit(PLAN, { totalTreatmentMinutes: 85 }, [{ code: "97166", minutes: 45 }, { code: "97535", minutes: 25 }, { code: "97530", minutes: 15 }]));
    expect(problems(result)).toEqual([]);
    expect(result.totals).toMatchObject({ timedMinutes: 40, timedUnits: 3, untimedUnits: 1 });
  });

  it("an untimed code without minutes: the others may not exceed the total", () => {
    expect(problems(scrub(visit(PLAN, { totalTreatmentMinutes: 70 }, [{ code: "97166" }, { code: "97535", minutes: 25 }])))).toEqual([]);
    expect(problems(scrub(visit(PLAN, { totalTreatmentMinutes: 20 }, [{ code: "97166" }, { code: "97535", minutes: 25 }])))).toEqual(["documentation.minutes"]);
  });
});

describe("authorization.exceeded (history from the store)", () => {
  it("visit 13 of 12 authorized: error; visit 12 of 12: fine", () => {
    expect(problems(scrub(visit(PLAN), { authorization: { visitsAllowed: 12, visitsUsed: 12 } }))).toEqual(["authorization.exceeded"]);
    expect(problems(scrub(visit(PLAN), { authorization: { visitsAllowed: 12, visitsUsed: 11 } }))).toEqual([]);
  });

  it("units: 2 more units against 1 left is over", () => {
    expect(problems(scrub(visit(PLAN), { authorization: { unitsAllowed: 40, unitsUsed: 39 } }))).toEqual(["authorization.exceeded"]);
    expect(problems(scrub(visit(PLAN), { authorization: { unitsAllowed: 40, unitsUsed: 38 } }))).toEqual([]);
  });

  it("a visit after the authorization's end date: error", () => {
    expect(problems(scrub(visit(PLAN), { authorization: { start: "2026-02-01", end: "2026-03-09" } }))).toEqual(["authorization.exceeded"]);
    expect(problems(scrub(visit(PLAN), { authorization: { start: "2026-02-01", end: "2026-03-10" } }))).toEqual([]);
  });
});
