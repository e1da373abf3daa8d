/**
 * KX and the therapy thresholds (docs/billing-rules.md section 4; data/policy/therapy_kx_thresholds.csv)
 * and the prices they are counted from (docs/billing-rules.md section 6; data/pfs/). Every amount is
 * worked by hand in the comment: one unit = (work RVU x work GPCI + PE RVU x PE GPCI +
 * MP RVU x MP GPCI) x CF, rounded to cents per unit; later MPPR units at half PE; CO at 85%.
 * A line needs KX once year-to-date + this visit's lines so far is MORE than the threshold.
 */
import { describe, expect, it } from "vitest";
import { about, lines, PLAN, problems, rules, scrub, visitBuilder, type ServiceInput, type VisitInput } from "./test-support/scrub-fixtures.js";

const kxVisit = visitBuilder({ id: "V-kx" });

/** The default visit with the patient's OT amount allowed so far this year (undefined: not known). */
function visit(services: ServiceInput[], yearToDate: number | undefined, over: Partial<VisitInput> = {}): VisitInput {
  return kxVisit(services, { patient: { id: "P-1", ...(yearToDate !== undefined ? { otAllowedYearToDate: yearToDate } : {}), deductibleRemaining: 0 }, ...over });
}

// 2026 national: 97110 one unit (0.45 + 0.41 + 0.01) x 33.4009 = 29.058783 -> $29.06. OT threshold 2026: $2,480.
const ONE_97110: ServiceInput[] = [{ code: "97110", minutes: 15 }];

describe("KX at the threshold boundary (2026 OT threshold $2,480.00)", () => {
  it("2,450.94 + 29.06 = 2,480.00: equal to the threshold, not past it: no KX", () => {
    const result = scrub(visit(ONE_97110, 2450.94));
    expect(lines(result)).toEqual([["97110", 1, ["GO"]]]);
    expect(rules(result)).not.toContain("modifier.kx");
    expect(about(result, "threshold.kx")).toContain("$2,480.00 after it");
    expect(result.status).toBe("clean");
  });

  it("2,450.95 + 29.06 = 2,480.01: one cent past: KX (warning)", () => {
    const result = scrub(visit(ONE_97110, 2450.95));
    expect(lines(result)).toEqual([["97110", 1, ["GO", "KX"]]]);
    expect(problems(result)).toEqual(["modifier.kx"]);
    expect(about(result, "modifier.kx")).toContain("medically necessary");
    expect(result.status).toBe("review");
  });

  it("the year to date already past the threshold: KX on every line", () => {
    expect(lines(scrub(visit([{ code: "97110", minutes: 45 }], 2450)))).toEqual([["97110", 3, ["GO", "KX"]]]);
  });

  // 97112 x1 + 97110 x1: 97112 has the higher PE (0.47 against 0.41), so it is paid in full:
  // (0.50 + 0.47 + 0.01) x 33.4009 = 32.732882 -> 32.73; 97110 at half PE (0.45 + 0.205 + 0.01) x 33.4009 = 22.211599 -> 22.21.
  const TWO_LINES: ServiceInput[] = [
    { code: "97112", minutes: 15 },
    { code: "97110", minutes: 15 },
  ];

  it("the first line lands exactly on the threshold (2,447.27 + 32.73 = 2,480.00): KX on the second line only", () => {
    const result = scrub(visit(TWO_LINES, 2447.27));
    expect(result.lines.map((line) => line.allowed)).toEqual([32.73, 22.21]);
    expect(lines(result)).toEqual([
      ["97112", 1, ["GO"]],
      ["97110", 1, ["GO", "KX"]],
    ]);
    expect(about(result, "modifier.kx")).toContain("KX added to 97110");
  });

  it("the first line crosses (2,447.28 + 32.73 = 2,480.01): KX on it and on every later line", () => {
    expect(lines(scrub(visit(TWO_LINES, 2447.28)))).toEqual([
      ["97112", 1, ["GO", "KX"]],
      ["97110", 1, ["GO", "KX"]],
    ]);
  });

  it("a CO line counts at its 85% amount: 29.058783 x 0.85 = 24.699966 -> 24.70; 2,455.30 + 24.70 = 2,480.00 no KX, 2,455.31 KX", () => {
    const co: ServiceInput[] = [{ code: "97110", minutes: 15, assistantMinutes: 15 }];
    expect(lines(scrub(visit(co, 2455.3)))).toEqual([["97110", 1, ["GO", "CO"]]]);
    expect(lines(scrub(visit(co, 2455.31)))).toEqual([["97110", 1, ["GO", "CO", "KX"]]]);
  });

  it("2024 after 9 March (CF 33.2875): 0.88 x 33.2875 = 29.293 -> 29.29 against $2,330: 2,300.71 no KX, 2,300.72 KX", () => {
    const plan = { ...PLAN, initialEvaluationDate: "2024-03-01", certifiedFrom: "2024-03-01", certifiedThrough: "2024-05-29", signedDate: "2024-03-04" };
    expect(lines(scrub(visit(ONE_97110, 2300.71, { dateOfService: "2024-03-09", planOfCare: plan })))).toEqual([["97110", 1, ["GO"]]]);
    expect(lines(scrub(visit(ONE_97110, 2300.72, { dateOfService: "2024-03-09", planOfCare: plan })))).toEqual([["97110", 1, ["GO", "KX"]]]);
  });

  it("PT and SLP count against their own shared amount (ptSlpAllowedYearToDate), with GP", () => {
    const pt: Partial<VisitInput> = {
      provider: { discipline: "PT", participating: true },
      planOfCare: { ...PLAN, discipline: "PT" },
      patient: { otAllowedYearToDate: 0, ptSlpAllowedYearToDate: 2450.95, deductibleRemaining: 0 },
    };
    expect(lines(scrub(visit(ONE_97110, undefined, pt)))).toEqual([["97110", 1, ["GP", "KX"]]]);
  });
});

describe("threshold.kx and modifier.kx info", () => {
  it("where the patient stands, always for Medicare", () => {
    expect(about(scrub(visit(ONE_97110, 500)), "threshold.kx")).toContain("$500.00 before this visit, $529.06 after it; the KX threshold is $2,480.00 ($1,950.94 left)");
  });

  it("year to date unknown: says it could not check, adds no KX", () => {
    const result = scrub(visit(ONE_97110, undefined));
    expect(about(result, "threshold.kx")).toContain("not known");
    expect(lines(result)).toEqual([["97110", 1, ["GO"]]]);
  });

  it("a visit that cannot be priced (unknown locality): no KX check, and it says so", () => {
    const result = scrub(visit(ONE_97110, 2470, { locality: "99999-99" }));
    expect(about(result, "threshold.kx")).toContain("could not be priced");
    expect(rules(result)).toContain("pricing.unavailable");
  });

  it("KX sent while still under the threshold: kept, with an info finding", () => {
    const result = scrub(visit([{ code: "97110", minutes: 15, modifiers: ["KX"] }], 500));
    expect(lines(result)).toEqual([["97110", 1, ["GO", "KX"]]]);
    expect(result.findings.filter((item) => item.rule === "modifier.kx").map((item) => item.severity)).toEqual(["info"]);
  });

  it("not Medicare: no threshold findings and no KX", () => {
    const result = scrub(visit(ONE_97110, 2470, { payer: { kind: "commercial", name: "Acme Health" } }));
    expect(rules(result)).not.toContain("threshold.kx");
    expect(rules(result)).not.toContain("modifier.kx");
  });
});

describe("threshold.review above $3,000 (warn, never block)", () => {
  it("2,970.94 + 29.06 = 3,000.00: not above", () => {
    expect(rules(scrub(visit(ONE_97110, 2970.94)))).not.toContain("threshold.review");
  });

  it("2,970.95 + 29.06 = 3,000.01: a warning, the claim stays in review", () => {
    const result = scrub(visit(ONE_97110, 2970.95));
    expect(problems(result)).toEqual(["modifier.kx", "threshold.review"]);
    expect(about(result, "threshold.review")).toContain("$3,000.01");
    expect(result.status).toBe("review");
  });
});

describe("prices behind the amounts (national unless said)", () => {
  it("leap day 2024-02-29 priced with the 2024 RVUs and the first 2024 CF: 0.88 x 32.7442 = 28.814896 -> $28.81", () => {
    const result = scrub(visit(ONE_97110, 0, { dateOfService: "2024-02-29", planOfCare: undefined }));
    expect(result.lines[0]?.allowed).toBe(28.81);
  });

  it("2024-03-08 (CF 32.7442) -> $28.81; 2024-03-09 (CF 33.2875) -> $29.29", () => {
    expect(scrub(visit(ONE_97110, 0, { dateOfService: "2024-03-08", planOfCare: undefined })).lines[0]?.allowed).toBe(28.81);
    expect(scrub(visit(ONE_97110, 0, { dateOfService: "2024-03-09", planOfCare: undefined })).lines[0]?.allowed).toBe(29.29);
  });

  it("2024-02-29, 97530 x2 + 97535 x1: 1.10 x 32.7442 -> 36.02, then half PE 0.775 x 32.7442 -> 25.38 and 0.72 x 32.7442 -> 23.58", () => {
    const result = scrub(visit([{ code: "97530", minutes: 30 }, { code: "97535", minutes: 15 }], 0, { dateOfService: "2024-02-29", planOfCare: undefined }));
    expect(result.lines.map((line) => line.allowed)).toEqual([61.4, 23.58]);
    expect(result.totals.allowed).toBe(84.98);
  });

  it("2026 OT evaluations are valued the same: 97165, 97166, 97167 = (1.54 + 1.46 + 0.01) x 33.4009 = $100.54", () => {
    for (const code of ["97165", "97166", "97167"]) expect(scrub(visit([{ code }], 0)).lines[0]?.allowed).toBe(100.54);
  });

  it("San Francisco 01112-05 in March 2026: (0.45 x 1.095 + 0.41 x 1.410 + 0.01 x 0.425) x 33.4009 = 35.909308 -> $35.91", () => {
    expect(scrub(visit(ONE_97110, 0, { locality: "01112-05" })).lines[0]?.allowed).toBe(35.91);
  });

  it("Alabama 10112-00: the 1.0 work floor through 2026-12-31 (CAA 2026), so 2026-03-10 is $27.20, not the 0.988 value's $27.02", () => {
    const plan = { ...PLAN, initialEvaluationDate: "2026-01-05", certifiedFrom: "2026-01-05", certifiedThrough: "2026-04-04", signedDate: "2026-01-08" };
    // (0.45 x 1.000 + 0.41 x 0.875 + 0.01 x 0.566) x 33.4009 = 27.202007 -> 27.20
    expect(scrub(visit(ONE_97110, 0, { locality: "10112-00", dateOfService: "2026-01-15", planOfCare: plan })).lines[0]?.allowed).toBe(27.2);
    expect(scrub(visit(ONE_97110, 0, { locality: "10112-00", planOfCare: plan })).lines[0]?.allowed).toBe(27.2);
  });

  it("a commercial payer without a fee schedule: no amounts, pricing.unavailable (info)", () => {
    const result = scrub(visit(ONE_97110, 0, { payer: { kind: "commercial", name: "Acme Health" } }));
    expect(result.lines[0]?.allowed).toBeUndefined();
    expect(result.totals.allowed).toBeUndefined();
    expect(rules(result)).toContain("pricing.unavailable");
  });
});
