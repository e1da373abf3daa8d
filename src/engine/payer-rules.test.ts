/**
 * Payer profiles in the scrub (payer-rules.ts, data/payers/*.json): every rule of every
 * shipped profile at its boundaries: the 20th and 21st visit of a 20-visit limit, the last
 * authorized visit and the one after, the last day of the authorization, the 80% day and
 * the last day of the filing window, 28 and 29 days from the order.
 */
import { describe, expect, it } from "vitest";
import { scrubInput } from "./scrub.js";
import { about, PLAN, reference, rules, scrub, visitBuilder, type VisitInput } from "./test-support/scrub-fixtures.js";

const visit = visitBuilder({ id: "V-payer" });
const COLORADO = { kind: "medicaid", name: "Health First Colorado", profile: "medicaid-colorado" } as const;
const ORDERED = { ...PLAN, certifyingProvider: { firstName: "Mark", lastName: "Chen", npi: "1972543114" } };
const TX = [{ code: "97110", minutes: 30 }];

function colorado(over: Partial<VisitInput> = {}, services: VisitInput["services"] = TX): VisitInput {
  return visit(services, { payer: COLORADO, planOfCare: ORDERED, authorization: { number: "PAR-1", visitsAllowed: 12, visitsUsed: 3, startDate: "2026-02-02", endDate: "2026-05-01" }, ...over });
}

const ACME_OVERRIDES = {
  visitLimit: { basis: "visits", visits: 20, period: "calendar-year", scope: "combined", warnAtPercent: 80 },
  priorAuthorization: { required: "after-visits", afterVisits: 12 },
  feeSchedule: { basis: "percent-of-medicare", percent: 110 },
} as const;
const ACME = { kind: "commercial", name: "Acme Health", profileOverrides: ACME_OVERRIDES } as const;

function acme(visitsBefore: number | undefined, over: Partial<VisitInput> = {}): VisitInput {
  return visit(TX, { payer: ACME, patient: { id: "P-1", ...(visitsBefore !== undefined ? { visitsThisBenefitPeriod: visitsBefore } : {}) }, ...over });
}

function severities(result: ReturnType<typeof scrub>, rule: string): string[] {
  return result.findings.filter((item) => item.rule === rule).map((item) => item.severity);
}

describe("medicare: today's behaviour, plus timely filing when a claim date is given", () => {
  it("no payer.* finding on an ordinary Medicare visit; KX threshold still reported", () => {
    const result = scrub(visit(TX));
    expect(rules(result).filter((rule) => rule.startsWith("payer."))).toEqual([]);
    expect(rules(result)).toContain("threshold.kx");
    expect(result.status).toBe("clean");
  });

  it("12 months from 2026-03-10 ends 2027-03-10 (365 days); the warning starts on day 292 (2026-12-27)", () => {
    expect(severities(scrub(visit(TX, { claimDate: "2026-12-26" })), "payer.timely-filing")).toEqual([]);
    const warned = scrub(visit(TX, { claimDate: "2026-12-27" }));
    expect(severities(warned, "payer.timely-filing")).toEqual(["warning"]);
    expect(about(warned, "payer.timely-filing")).toContain("Day 292 of 365");
    expect(about(warned, "payer.timely-filing")).toContain("ends 2027-03-10 (73 day(s) left)");
  });

  it("the last day (2027-03-10) is still timely; the day after is an error", () => {
    const last = scrub(visit(TX, { claimDate: "2027-03-10" }));
    expect(severities(last, "payer.timely-filing")).toEqual(["warning"]);
    expect(about(last, "payer.timely-filing")).toContain("(0 day(s) left)");
    const late = scrub(visit(TX, { claimDate: "2027-03-11" }));
    expect(severities(late, "payer.timely-filing")).toEqual(["error"]);
    expect(about(late, "payer.timely-filing")).toContain("366 days after the 2026-03-10 service");
    expect(late.status).toBe("reject");
    expect(late.findings.find((item) => item.rule === "payer.timely-filing")?.source).toContain("42 CFR 424.44");
  });

  it("a February 29 service is due February 28 of the next year", () => {
    const base = { planOfCare: undefined, patient: { id: "P-1", otAllowedYearToDate: 0, deductibleRemaining: 0 } };
    expect(severities(scrub(visit(TX, { ...base, dateOfService: "2028-02-29", claimDate: "2029-02-28" })), "payer.timely-filing")).toEqual(["warning"]);
    expect(severities(scrub(visit(TX, { ...base, dateOfService: "2028-02-29", claimDate: "2029-03-01" })), "payer.timely-filing")).toEqual(["error"]);
  });

  it("the ordering provider is not checked for Medicare (the claim writer takes it from the plan)", () => {
    expect(rules(scrub(visit(TX)))).not.toContain("payer.referring-missing");
  });
});

describe("medicaid-colorado (Health First Colorado)", () => {
  it("a complete visit is clean: ordering NPI, authorization, within its dates", () => {
    const result = scrub(colorado());
    expect(result.findings.filter((item) => item.severity !== "info").map((item) => item.rule)).toEqual([]);
    expect(rules(result)).not.toContain("threshold.kx");
    expect(result.lines.map((line) => [line.code, line.units, line.modifiers])).toEqual([["97110", 2, ["GO"]]]);
  });

  it("ordering NPI required on every claim: none is an error; the certifying provider or referringProvider satisfies it", () => {
    const missing = scrub(colorado({ planOfCare: { ...PLAN } }));
    expect(severities(missing, "payer.referring-missing")).toEqual(["error"]);
    expect(about(missing, "payer.referring-missing")).toContain("837P loop 2310A, CMS-1500 box 17b");
    expect(missing.findings.find((item) => item.rule === "payer.referring-missing")?.source).toContain("hcpf.colorado.gov/outpatient-ptot-benefits");
    expect(rules(scrub(colorado({ planOfCare: { ...PLAN }, referringProvider: { npi: "1972543114" } })))).not.toContain("payer.referring-missing");
  });

  it("assistants are not recognized: no CO, one line of 2 units, a note", () => {
    const result = scrub(colorado({}, [{ code: "97110", minutes: 30, assistantMinutes: 30 }]));
    expect(result.lines.map((line) => [line.code, line.units, line.modifiers])).toEqual([["97110", 2, ["GO"]]]);
    expect(severities(result, "payer.assistant-not-recognized")).toEqual(["info"]);
    expect(about(result, "payer.assistant-not-recognized")).toContain("billed under the supervising therapist");
    expect(rules(result)).not.toContain("modifier.assistant");
  });

  it("a service split into CO and non-CO units under Medicare is one line here", () => {
    const services = [{ code: "97110", minutes: 38, assistantMinutes: 20 }];
    expect(scrub(visit(services)).lines.length).toBe(2);
    const result = scrub(colorado({}, services));
    expect(result.lines.map((line) => [line.code, line.units, line.modifiers])).toEqual([["97110", 3, ["GO"]]]);
  });

  it("at a percentage of Medicare, an assistant's units are paid in full (no 85% reduction)", () => {
    const payer = { ...COLORADO, profileOverrides: { feeSchedule: { basis: "percent-of-medicare", percent: 100 } } } as const;
    const byTherapist = scrub(colorado({ payer }, TX));
    const byAssistant = scrub(colorado({ payer }, [{ code: "97110", minutes: 30, assistantMinutes: 30 }]));
    expect(byAssistant.lines[0]?.allowed).toBe(byTherapist.lines[0]?.allowed);
    expect(byAssistant.lines[0]?.allowed).toBeGreaterThan(50);
  });

  it("prior authorization from the first visit: none known is an error", () => {
    const result = scrub(colorado({ authorization: undefined }));
    expect(severities(result, "payer.authorization-missing")).toEqual(["error"]);
    expect(about(result, "payer.authorization-missing")).toContain("from the first visit");
    expect(rules(result)).not.toContain("authorization.exceeded");
  });

  it("the authorization's last day is covered; the day after is not", () => {
    const auth = { number: "PAR-1", visitsAllowed: 12, visitsUsed: 3, startDate: "2026-02-02", endDate: "2026-03-10" };
    expect(rules(scrub(colorado({ authorization: auth })))).not.toContain("payer.authorization-missing");
    const after = scrub(colorado({ authorization: { ...auth, endDate: "2026-03-09" } }));
    expect(severities(after, "payer.authorization-missing")).toEqual(["error"]);
    expect(about(after, "payer.authorization-missing")).toContain("authorization PAR-1 covers 2026-02-02 to 2026-03-09, not 2026-03-10");
  });

  it("the authorized visits are the limit: visit 12 of 12 is the last (a warning), visit 13 is exhausted (an error)", () => {
    const auth = (used: number) => ({ authorization: { number: "PAR-1", visitsAllowed: 12, visitsUsed: used, startDate: "2026-02-02", endDate: "2026-05-01" } });
    const last = scrub(colorado(auth(11)));
    expect(severities(last, "payer.authorization-exhausted")).toEqual([]);
    expect(severities(last, "payer.visit-limit")).toEqual(["warning"]);
    expect(about(last, "payer.visit-limit")).toContain("Visit 12 of the 12 authorized: the last one");
    const over = scrub(colorado(auth(12)));
    expect(severities(over, "payer.authorization-exhausted")).toEqual(["error"]);
    expect(about(over, "payer.authorization-exhausted")).toContain("visit 13 under authorization PAR-1, which allows 12");
    expect(severities(over, "payer.visit-limit")).toEqual([]);
  });

  it("the warning starts at 80% of the authorized visits: visit 10 of 12 (ceil 9.6), not visit 9", () => {
    const auth = (used: number) => ({ authorization: { visitsAllowed: 12, visitsUsed: used } });
    expect(severities(scrub(colorado(auth(8))), "payer.visit-limit")).toEqual([]);
    expect(about(scrub(colorado(auth(9))), "payer.visit-limit")).toContain("Visit 10 of the 12 authorized: 2 left after this one");
  });

  it("authorized units: 38 used + 2 = 40 of 40 passes; 39 + 2 is exhausted", () => {
    const auth = (used: number) => ({ authorization: { unitsAllowed: 40, unitsUsed: used } });
    expect(rules(scrub(colorado(auth(38))))).not.toContain("payer.authorization-exhausted");
    const over = scrub(colorado(auth(39)));
    expect(about(over, "payer.authorization-exhausted")).toContain("41 units would be billed under the authorization, which allows 40");
  });

  it("treatment within 28 days of the order: 28 days (2026-01-05 to 2026-02-02) passes, 29 warns", () => {
    expect(rules(scrub(colorado({ planOfCare: { ...ORDERED, orderDate: "2026-01-05" } })))).not.toContain("payer.order-window");
    const late = scrub(colorado({ planOfCare: { ...ORDERED, orderDate: "2026-01-04" } }));
    expect(severities(late, "payer.order-window")).toEqual(["warning"]);
    expect(about(late, "payer.order-window")).toContain("29 days after the 2026-01-04 order");
  });

  it("365 days to file: 2027-03-10 is the last day, 2027-03-11 is late", () => {
    expect(severities(scrub(colorado({ claimDate: "2027-03-10" })), "payer.timely-filing")).toEqual(["warning"]);
    expect(severities(scrub(colorado({ claimDate: "2027-03-11" })), "payer.timely-filing")).toEqual(["error"]);
    expect(severities(scrub(colorado({ claimDate: "2026-12-26" })), "payer.timely-filing")).toEqual([]);
  });

  it("rules not found fall back: no units-per-day limit, AMA units (8 units of 97110 pass)", () => {
    const result = scrub(colorado({ authorization: { visitsAllowed: 12, visitsUsed: 0 } }, [{ code: "97110", minutes: 120 }]));
    expect(rules(result)).not.toContain("payer.units-per-day");
    expect(result.unitRule).toBe("ama");
    expect(result.lines[0]?.units).toBe(8);
  });

  it("not priced without a rate table (the fee schedule was not found): pricing.unavailable", () => {
    const result = scrub(colorado());
    expect(result.lines[0]?.allowed).toBeUndefined();
    expect(rules(result)).toContain("pricing.unavailable");
  });
});

describe("commercial-default and a stored payer's own settings (Acme Health)", () => {
  it("AMA units, no KX, no limits or authorization by default", () => {
    const result = scrub(visit([{ code: "97110", minutes: 10 }, { code: "97140", minutes: 10 }], { payer: { kind: "commercial", name: "Acme Health" } }));
    expect(result.lines.map((line) => [line.code, line.units])).toEqual([["97110", 1], ["97140", 1]]);
    expect(rules(result).filter((rule) => rule.startsWith("payer.") || rule.startsWith("threshold."))).toEqual([]);
  });

  it("20 visits a year, PT/OT combined: visit 15 is quiet, 16 (80%) warns, 20 is the last covered, 21 is an error", () => {
    expect(severities(scrub(acme(14)), "payer.visit-limit")).toEqual([]);
    expect(about(scrub(acme(15)), "payer.visit-limit")).toContain("Visit 16 of the 20 PT, OT and SLP visits together Acme Health covers this calendar year: 4 left after this one");
    const twentieth = scrub(acme(19, { authorization: { visitsAllowed: 20, visitsUsed: 7 } }));
    expect(severities(twentieth, "payer.visit-limit")).toEqual(["warning"]);
    expect(about(twentieth, "payer.visit-limit")).toContain("Visit 20 of the 20");
    expect(about(twentieth, "payer.visit-limit")).toContain("the last covered visit");
    const over = scrub(acme(20, { authorization: { visitsAllowed: 20, visitsUsed: 8 } }));
    expect(severities(over, "payer.visit-limit")).toEqual(["error"]);
    expect(about(over, "payer.visit-limit")).toContain("This is visit 21 this calendar year; Acme Health covers 20 PT, OT and SLP visits together");
    expect(over.status).toBe("reject");
  });

  it("the visits before unknown: the limit is not checked (info)", () => {
    expect(severities(scrub(acme(undefined)), "payer.visit-limit")).toEqual(["info"]);
  });

  it("authorization after visit 12: visit 12 needs none, visit 13 does", () => {
    expect(rules(scrub(acme(11)))).not.toContain("payer.authorization-missing");
    const thirteenth = scrub(acme(12));
    expect(severities(thirteenth, "payer.authorization-missing")).toEqual(["error"]);
    expect(about(thirteenth, "payer.authorization-missing")).toContain("after visit 12 (this is visit 13)");
    expect(rules(scrub(acme(12, { authorization: { visitsAllowed: 8, visitsUsed: 0 } })))).not.toContain("payer.authorization-missing");
    expect(severities(scrub(acme(undefined)), "payer.authorization-missing")).toEqual(["info"]);
  });

  it("110% of Medicare: one unit of 97110 is 110% of Medicare's exact amount, rounded once", () => {
    // 2026 national: (0.45 + 0.41 + 0.01) x 33.4009 = 29.058783 -> $29.06; x 110% = 31.9646613 -> $31.96
    const medicare = scrub(visit([{ code: "97110", minutes: 15 }]));
    const commercial = scrub(acme(0, { services: [{ code: "97110", minutes: 15 }] }));
    const medicareAllowed = medicare.lines[0]?.allowed ?? 0;
    expect(medicareAllowed).toBe(29.06);
    expect(commercial.lines[0]?.allowed).toBe(31.96);
    expect(commercial.lines[0]?.payment).toBe(31.96);
    expect(commercial.lines[0]?.patientShare).toBe(0);
  });

  it("the coverage's copay and coinsurance: $20 copay, then 10% of the rest", () => {
    const result = scrub(acme(0, { services: [{ code: "97110", minutes: 15 }], coverage: { copay: 20, coinsurancePercent: 10 } }));
    // 31.96 allowed: 20.00 copay, 10% of 11.96 = 1.196 -> 1.20
    expect(result.lines[0]).toMatchObject({ allowed: 31.96, patientShare: 21.2, payment: 10.76 });
    expect(result.totals).toMatchObject({ allowed: 31.96, patientShare: 21.2, payment: 10.76 });
  });

  it("units per day (a payer setting): 3 units of 97110 when 2 are allowed is an error; 2 pass; a per-code limit wins", () => {
    const payer = (unitsPerDay: object) => ({ payer: { kind: "commercial", name: "Acme Health", profileOverrides: { unitsPerDay } } as VisitInput["payer"] });
    const over = scrub(visit([{ code: "97110", minutes: 45 }], payer({ basis: "per-code", units: 2 })));
    expect(severities(over, "payer.units-per-day")).toEqual(["error"]);
    expect(about(over, "payer.units-per-day")).toContain("3 units of 97110 on 2026-03-10; Acme Health pays at most 2 a day");
    expect(rules(scrub(visit([{ code: "97110", minutes: 30 }], payer({ basis: "per-code", units: 2 }))))).not.toContain("payer.units-per-day");
    expect(rules(scrub(visit([{ code: "97110", minutes: 45 }], payer({ basis: "per-code", units: 2, codes: { "97110": 3 } }))))).not.toContain("payer.units-per-day");
  });

  it("90 days to file: day 72 warns (80%), day 90 is the last, day 91 is late", () => {
    const commercial = { payer: { kind: "commercial", name: "Acme Health" } as VisitInput["payer"] };
    expect(severities(scrub(visit(TX, { ...commercial, claimDate: "2026-05-20" })), "payer.timely-filing")).toEqual([]);
    expect(severities(scrub(visit(TX, { ...commercial, claimDate: "2026-05-21" })), "payer.timely-filing")).toEqual(["warning"]);
    expect(severities(scrub(visit(TX, { ...commercial, claimDate: "2026-06-08" })), "payer.timely-filing")).toEqual(["warning"]);
    expect(severities(scrub(visit(TX, { ...commercial, claimDate: "2026-06-09" })), "payer.timely-filing")).toEqual(["error"]);
  });

  it("a payer that prefers X modifiers gets XU where otbill would add 59", () => {
    const services = [{ code: "97530", minutes: 30 }, { code: "97140", minutes: 15, distinct: true }];
    const result = scrub(visit(services, { payer: { kind: "commercial", name: "Acme Health", profileOverrides: { distinctModifier: "XU" } } }));
    expect(result.lines.find((line) => line.code === "97140")?.modifiers).toContain("XU");
    expect(result.lines.find((line) => line.code === "97140")?.modifiers).not.toContain("59");
  });
});

describe("line rules a payer's settings can change", () => {
  it("discipline modifiers not required: GO is not added (a GO the caller sent stays)", () => {
    const payer = { kind: "commercial", name: "Acme Health", profileOverrides: { disciplineModifiers: { required: false } } } as const;
    expect(scrub(visit(TX, { payer })).lines[0]?.modifiers).toEqual([]);
    expect(scrub(visit([{ code: "97110", minutes: 30, modifiers: ["GO"] }], { payer })).lines[0]?.modifiers).toEqual(["GO"]);
    expect(rules(scrub(visit(TX, { payer })))).not.toContain("modifier.discipline");
  });

  it("a telehealth modifier other than 95: GT on a POS 10 visit, and a warning saying so", () => {
    const payer: VisitInput["payer"] = { kind: "commercial", name: "Acme Health", profileOverrides: { telehealth: { placesOfService: ["02", "10"], modifier: "GT", medicarePeriods: false } } };
    const result = scrub(visit(TX, { payer, placeOfService: "10" }));
    expect(result.lines[0]?.modifiers).toEqual(["GO", "GT"]);
    expect(about(result, "modifier.telehealth")).toContain("Acme Health wants GT where otbill would use 95");
  });
});

describe("a payer's own CO/CQ percentage", () => {
  const OTA = [{ code: "97110", minutes: 15, assistantMinutes: 15 }];
  const payer = (profileOverrides: object): VisitInput["payer"] => ({ kind: "commercial", name: "Acme Health", profileOverrides } as VisitInput["payer"]);

  it("at 100% of Medicare the CO unit takes Medicare's dated 85% unless the payer sets its own", () => {
    // 2026 national 97110: 0.87 x 33.4009 = 29.058783; x 85% = 24.69996555 -> $24.70; x 90% = 26.1529047 -> $26.15
    const medicareShare = scrub(visit(OTA, { payer: payer({ feeSchedule: { basis: "percent-of-medicare", percent: 100 } }) }));
    expect(medicareShare.lines[0]).toMatchObject({ modifiers: ["GO", "CO"], allowed: 24.7 });
    const own = scrub(visit(OTA, { payer: payer({ feeSchedule: { basis: "percent-of-medicare", percent: 100 }, assistants: { policy: "modifier", percent: 90 } }) }));
    expect(own.lines[0]).toMatchObject({ modifiers: ["GO", "CO"], allowed: 26.15 });
  });

  it("a contract rate is paid as it stands, or at the payer's own percentage: $40.00 x 90% = $36.00", () => {
    const rates = { basis: "rates", tables: [{ effectiveFrom: "2026-01-01", rates: { "97110": 40 } }] };
    expect(scrub(visit(OTA, { payer: payer({ feeSchedule: rates }) })).lines[0]?.allowed).toBe(40);
    expect(scrub(visit(OTA, { payer: payer({ feeSchedule: rates, assistants: { policy: "modifier", percent: 90 } }) })).lines[0]?.allowed).toBe(36);
    // a therapist's own unit is not reduced
    expect(scrub(visit([{ code: "97110", minutes: 15 }], { payer: payer({ feeSchedule: rates, assistants: { policy: "modifier", percent: 90 } }) })).lines[0]?.allowed).toBe(40);
  });

  it("Original Medicare is always priced by its dated data, whatever the profile records", () => {
    expect(scrub(visit(OTA)).lines[0]?.allowed).toBe(24.7);
  });
});

describe("medicare-advantage", () => {
  const MA = { kind: "medicare-advantage", name: "Sunshine MA", profile: "medicare-advantage" } as const;

  it("an authorization is often required: a note when none is known, no error", () => {
    const result = scrub(visit(TX, { payer: MA }));
    expect(severities(result, "payer.authorization-missing")).toEqual(["info"]);
    expect(result.status).toBe("clean");
    expect(rules(result)).not.toContain("threshold.kx");
  });

  it("with an authorization, its visits are checked: 12 of 12 warns, 13 is exhausted", () => {
    expect(severities(scrub(visit(TX, { payer: MA, authorization: { visitsAllowed: 12, visitsUsed: 11 } })), "payer.visit-limit")).toEqual(["warning"]);
    expect(severities(scrub(visit(TX, { payer: MA, authorization: { visitsAllowed: 12, visitsUsed: 12 } })), "payer.authorization-exhausted")).toEqual(["error"]);
  });

  it("priced as Medicare (CMS units, Medicare's amounts)", () => {
    const result = scrub(visit([{ code: "97110", minutes: 15 }], { payer: MA }));
    expect(result.unitRule).toBe("cms");
    expect(result.lines[0]?.allowed).toBe(29.06);
  });
});

describe("workers-comp-default", () => {
  const WC = { kind: "workers-comp", name: "Pinnacle Comp" } as const;

  it("the injured worker owes nothing, whatever the coverage says", () => {
    const payer = { ...WC, profileOverrides: { feeSchedule: { basis: "percent-of-medicare", percent: 100 } } } as const;
    const result = scrub(visit([{ code: "97110", minutes: 15 }], { payer, coverage: { copay: 20 } }));
    expect(result.lines[0]).toMatchObject({ allowed: 29.06, payment: 29.06, patientShare: 0 });
  });

  it("a rule with no public source says it came from commercial-default (90-day filing)", () => {
    const result = scrub(visit(TX, { payer: WC, claimDate: "2026-06-09" }));
    expect(severities(result, "payer.timely-filing")).toEqual(["error"]);
    expect(about(result, "payer.timely-filing")).toContain("has no public source for this rule: otbill used commercial-default's");
    expect(result.findings.find((item) => item.rule === "payer.timely-filing")?.source).toContain("not found (state-specific billing deadlines; none confirmed); commercial-default:");
  });
});

describe("choosing the profile", () => {
  it("a medicaid payer without payer.profile: commercial-default and a note", () => {
    const result = scrub(visit(TX, { payer: { kind: "medicaid", name: "Some State Medicaid" } }));
    expect(severities(result, "payer.profile")).toEqual(["info"]);
    expect(rules(result)).not.toContain("payer.referring-missing");
  });

  it("an unknown profile id is invalid input naming payer.profile", () => {
    const result = scrubInput(visit(TX, { payer: { kind: "commercial", profile: "acme-gold" } }), reference);
    expect(result.error?.path).toBe("payer.profile");
    expect(result.error?.message).toContain('no payer profile "acme-gold"');
  });

  it("a malformed override names its field", () => {
    const result = scrubInput(visit(TX, { payer: { kind: "commercial", profileOverrides: { timelyFiling: { days: 0 } } } as unknown as VisitInput["payer"] }), reference);
    expect(result.error?.path).toBe("payer.profileOverrides.timelyFiling.days");
  });
});
