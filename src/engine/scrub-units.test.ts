/**
 * Units through the whole scrub (docs/billing-rules.md sections 2, 3 and 5): the payer's unit rule
 * (CMS for Medicare, Medicare Advantage and TRICARE, AMA for the rest, payer.unitRule
 * overriding), untimed codes, the add-on time families (97129+97130, 97550+97551),
 * MUE caps, two evaluations, and the lines left out for too few minutes.
 */
import { describe, expect, it } from "vitest";
import type { ScrubResult } from "../contract/result.js";
import { about, problems, scrub, visitBuilder, type ServiceInput } from "./test-support/scrub-fixtures.js";

const visit = visitBuilder({ id: "V-units" });

function unitsByCode(result: ScrubResult): Record<string, number> {
  const units: Record<string, number> = {};
  for (const line of result.lines) units[line.code] = (units[line.code] ?? 0) + line.units;
  return units;
}

const svc = (code: string, minutes?: number): ServiceInput => (minutes === undefined ? { code } : { code, minutes });

describe("the payer's unit rule", () => {
  const tenAndTen = [svc("97110", 10), svc("97140", 10)];

  it.each(["medicare", "medicare-advantage", "tricare"] as const)("%s: CMS total time, 10 + 10 = 20 min = 1 unit (the tie to the first listed)", (kind) => {
    const result = scrub(visit(tenAndTen, { payer: { kind } }));
    expect(result.unitRule).toBe("cms");
    expect(unitsByCode(result)).toEqual({ "97110": 1 });
    expect(result.totals).toMatchObject({ timedMinutes: 20, timedUnits: 1 });
    expect(problems(result)).toContain("units.insufficient-minutes");
    expect(about(result, "units.insufficient-minutes")).toContain("97140 (10 min) earned no unit");
  });

  it.each(["commercial", "medicaid", "workers-comp", "self-pay"] as const)("%s: AMA per code, 10 + 10 = 2 units", (kind) => {
    const result = scrub(visit(tenAndTen, { payer: { kind } }));
    expect(result.unitRule).toBe("ama");
    expect(unitsByCode(result)).toEqual({ "97110": 1, "97140": 1 });
    expect(result.totals).toMatchObject({ timedMinutes: 20, timedUnits: 2 });
  });

  it("payer.unitRule overrides the default both ways", () => {
    expect(unitsByCode(scrub(visit(tenAndTen, { payer: { kind: "commercial", unitRule: "cms" } })))).toEqual({ "97110": 1 });
    expect(unitsByCode(scrub(visit(tenAndTen, { payer: { kind: "medicare", unitRule: "ama" } })))).toEqual({ "97110": 1, "97140": 1 });
    const allocation = scrub(visit(tenAndTen, { payer: { kind: "medicaid", unitRule: "cms" } })).findings.find((item) => item.rule === "units.allocation");
    expect(allocation?.fix).toContain("the payer's own unitRule setting");
  });

  it("AMA: 7 minutes earn nothing (warning), 38 minutes earn 3 where CMS would pool", () => {
    const result = scrub(visit([svc("97530", 38), svc("97110", 7)], { payer: { kind: "commercial", name: "Acme Health" } }));
    expect(unitsByCode(result)).toEqual({ "97530": 3 });
    expect(problems(result)).toEqual(["units.insufficient-minutes"]);
    // CMS: 45 minutes = 3 units, 97530 2 full + the larger remainder (8 against 7)
    expect(unitsByCode(scrub(visit([svc("97530", 38), svc("97110", 7)])))).toEqual({ "97530": 3 });
  });
});

describe("CMS worked examples through the scrub", () => {
  it("24 + 23 = 47 min: 97112 x2, 97110 x1, with the explanation", () => {
    const result = scrub(visit([svc("97112", 24), svc("97110", 23)]));
    expect(unitsByCode(result)).toEqual({ "97112": 2, "97110": 1 });
    expect(result.status).toBe("clean");
    expect(about(result, "units.allocation")).toContain(
      "47 timed minutes = 3 units: 97112 (24 min) 2 units, 97110 (23 min) 1 unit; the third unit went to 97112, 9 minutes left over against 8.",
    );
    expect(result.findings.find((item) => item.rule === "units.allocation")?.fix).toContain("CMS total-time rule");
  });

  it("18 + 13 + 10 + 8 = 49 min: 97035 gets none, and a warning says why; its line is left out", () => {
    const result = scrub(visit([svc("97110", 18), svc("97140", 13), svc("97116", 10), svc("97035", 8)]));
    expect(unitsByCode(result)).toEqual({ "97110": 1, "97140": 1, "97116": 1 });
    expect(result.lines.map((line) => line.code)).toEqual(["97110", "97140", "97116"]);
    expect(problems(result)).toEqual(["units.insufficient-minutes"]);
    expect(about(result, "units.insufficient-minutes")).toContain("97035 (8 min) earned no unit");
  });

  it("5 + 3 = 8 min: one unit, for the one with more minutes", () => {
    expect(unitsByCode(scrub(visit([svc("97110", 3), svc("97112", 5)])))).toEqual({ "97112": 1 });
  });

  it("4 + 3 = 7 min: no timed unit at all, both lines left out", () => {
    const result = scrub(visit([svc("97112", 4), svc("97110", 3)]));
    expect(result.lines).toEqual([]);
    expect(result.totals).toMatchObject({ timedMinutes: 7, timedUnits: 0 });
    expect(about(result, "units.insufficient-minutes")).toContain("fewer than 8");
  });

  it("zero minutes on a timed code: no line, a warning", () => {
    const result = scrub(visit([svc("97110", 0)]));
    expect(result.lines).toEqual([]);
    expect(problems(result)).toEqual(["units.insufficient-minutes"]);
    expect(result.totals).toMatchObject({ timedMinutes: 0, timedUnits: 0, untimedUnits: 0 });
  });

  it("the same code twice on the day counts as one service: 97110 10 + 10 = 20 min = 1 unit", () => {
    expect(unitsByCode(scrub(visit([svc("97110", 10), svc("97110", 10)])))).toEqual({ "97110": 1 });
  });
});

describe("untimed codes", () => {
  it("one unit whatever the minutes, and their minutes stay out of the timed total", () => {
    const result = scrub(visit([svc("97165", 45), svc("97110", 10)], { totalTreatmentMinutes: 55 }));
    expect(unitsByCode(result)).toEqual({ "97165": 1, "97110": 1 });
    expect(result.totals).toMatchObject({ timedMinutes: 10, timedUnits: 1, untimedUnits: 1 });
    expect(result.status).toBe("clean");
  });

  it("group therapy 97150: 1 unit per session", () => {
    const result = scrub(visit([svc("97150", 45)]));
    expect(unitsByCode(result)).toEqual({ "97150": 1 });
    expect(result.totals).toMatchObject({ timedMinutes: 0, untimedUnits: 1 });
  });
});

describe("add-on time families (docs/billing-rules.md sections 2 and 5)", () => {
  it("97129 with 40 minutes alone under CMS: 97129 x1 + 97130 x2", () => {
    const result = scrub(visit([svc("97129", 40)]));
    expect(result.lines.map((line) => [line.code, line.units])).toEqual([
      ["97129", 1],
      ["97130", 2],
    ]);
    expect(result.totals).toMatchObject({ timedMinutes: 40, timedUnits: 3 });
    expect(problems(result)).toEqual([]);
    // MULT_PROC 0 in 2026: no MPPR. 97129 (0.50 + 0.16 + 0.01) x 33.4009 = 22.378603 -> 22.38;
    // 97130 (0.48 + 0.15 + 0.00) x 33.4009 = 21.042567 -> 21.04 x 2 = 42.08
    expect(result.lines[0]?.allowed).toBe(22.38);
    expect(result.lines[1]?.allowed).toBe(42.08);
  });

  it("97129 20 minutes: 97129 x1 only; 97129 22 + nothing else: still 1", () => {
    expect(unitsByCode(scrub(visit([svc("97129", 20)])))).toEqual({ "97129": 1 });
    expect(unitsByCode(scrub(visit([svc("97129", 22)])))).toEqual({ "97129": 1 });
    expect(unitsByCode(scrub(visit([svc("97129", 23)])))).toEqual({ "97129": 1, "97130": 1 });
  });

  it("97129 15 + 97130 30 given apart: the family counts 45 minutes = 97129 x1 + 97130 x2", () => {
    expect(unitsByCode(scrub(visit([svc("97129", 15), svc("97130", 30)])))).toEqual({ "97129": 1, "97130": 2 });
  });

  it("97129 at most 1 unit even under AMA: 40 minutes = 97129 x1 + 97130 x2", () => {
    expect(unitsByCode(scrub(visit([svc("97129", 40)], { payer: { kind: "commercial" } })))).toEqual({ "97129": 1, "97130": 2 });
  });

  it("97130 without 97129: addon.primary-missing (error)", () => {
    const result = scrub(visit([svc("97130", 15)]));
    expect(problems(result)).toEqual(["addon.primary-missing"]);
    expect(result.status).toBe("reject");
    expect(about(result, "addon.primary-missing")).toContain("97129");
  });

  it("97550 needs 16 minutes (more than half of 30): 16 -> 1 unit, 15 -> none", () => {
    const sixteen = scrub(visit([svc("97550", 16)]));
    expect(unitsByCode(sixteen)).toEqual({ "97550": 1 });
    expect(problems(sixteen)).toEqual([]);
    const fifteen = scrub(visit([svc("97550", 15)]));
    expect(fifteen.lines).toEqual([]);
    expect(problems(fifteen)).toEqual(["units.insufficient-minutes"]);
  });

  it("97551 counts 15-minute blocks past the first 30 (midpoint rule): 37 -> 97550 only, 38 -> +1, 45 -> +1, 60 -> +2", () => {
    expect(unitsByCode(scrub(visit([svc("97550", 37)])))).toEqual({ "97550": 1 });
    expect(unitsByCode(scrub(visit([svc("97550", 38)])))).toEqual({ "97550": 1, "97551": 1 });
    expect(unitsByCode(scrub(visit([svc("97550", 45)])))).toEqual({ "97550": 1, "97551": 1 });
    expect(unitsByCode(scrub(visit([svc("97550", 60)])))).toEqual({ "97550": 1, "97551": 2 });
  });

  it("97550 and 97551 listed with their own minutes count as one 45-minute family, apart from the 15-minute pool", () => {
    const result = scrub(visit([svc("97550", 30), svc("97551", 15), svc("97110", 10)]));
    expect(unitsByCode(result)).toEqual({ "97550": 1, "97551": 1, "97110": 1 });
    expect(result.totals).toMatchObject({ timedMinutes: 55, timedUnits: 3 });
    expect(about(result, "units.allocation")).toContain("97550+97551 (45 min): 97550 1 unit, 97551 1 unit(s)");
    expect(problems(result)).toEqual([]);
  });

  it("97551 without 97550: addon.primary-missing", () => {
    expect(problems(scrub(visit([svc("97551", 15)])))).toEqual(["addon.primary-missing"]);
  });
});

describe("MUE and evaluations", () => {
  it("97165 with units 2: units.mue error, the claim cut to the MUE of 1", () => {
    const result = scrub(visit([{ code: "97165", units: 2 }]));
    expect(unitsByCode(result)).toEqual({ "97165": 1 });
    expect(problems(result)).toEqual(["units.mue"]);
    expect(result.status).toBe("reject");
    expect(about(result, "units.mue")).toContain("2 units of 97165 exceed its medically unlikely edit of 1");
  });

  it("97165 listed twice on one day: two evaluation units, over the MUE of 1 (docs/billing-rules.md section 2: one eval per day)", () => {
    const result = scrub(visit([{ code: "97165" }, { code: "97165" }]));
    expect(unitsByCode(result)).toEqual({ "97165": 1 });
    expect(problems(result).filter((rule) => rule === "units.mue" || rule === "eval.multiple").length).toBeGreaterThan(0);
    expect(result.status).toBe("reject");
  });

  it("two evaluation codes on one day: eval.multiple", () => {
    const result = scrub(visit([{ code: "97165" }, { code: "97166" }]));
    expect(problems(result)).toEqual(["eval.multiple"]);
    expect(about(result, "eval.multiple")).toContain("97165, 97166");
  });

  it("an evaluation and a re-evaluation on one day: eval.multiple", () => {
    expect(problems(scrub(visit([{ code: "97167" }, { code: "97168" }])))).toEqual(["eval.multiple"]);
  });

  it("one evaluation with treatment the same day is fine", () => {
    const result = scrub(visit([{ code: "97166" }, svc("97535", 23), svc("97530", 15)]));
    expect(unitsByCode(result)).toEqual({ "97166": 1, "97535": 2, "97530": 1 });
    expect(result.status).toBe("clean");
  });
});

describe("units stated on a timed code are checked against its minutes", () => {
  it("3 units stated for 30 minutes of 97110: the claim carries 2, with a warning", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, units: 3 }]));
    expect(unitsByCode(result)).toEqual({ "97110": 2 });
    expect(problems(result)).toEqual(["units.insufficient-minutes"]);
    expect(about(result, "units.insufficient-minutes")).toContain("3 unit(s) of 97110 were stated, but its 30 minutes support 2 under the CMS total-time rule; the claim carries 2.");
  });

  it("1 unit stated for 30 minutes: the claim carries 2, with a note and no warning", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, units: 1 }]));
    expect(unitsByCode(result)).toEqual({ "97110": 2 });
    expect(problems(result)).toEqual([]);
    expect(about(result, "units.allocation")).toContain("1 unit(s) of 97110 were stated, but its 30 minutes support 2; the claim carries 2.");
  });

  it("the units that match the minutes say nothing more", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, units: 2 }]));
    expect(result.findings.filter((item) => item.rule === "units.allocation")).toHaveLength(1);
    expect(problems(result)).toEqual([]);
  });
});

describe("an untimed code given 0 units", () => {
  it("leaves the claim with a note saying why", () => {
    const result = scrub(visit([{ code: "97018", units: 0 }, svc("97110", 15)]));
    expect(unitsByCode(result)).toEqual({ "97110": 1 });
    expect(about(result, "units.allocation")).toContain("97018 was given 0 units, so it is left off the claim.");
  });
});
