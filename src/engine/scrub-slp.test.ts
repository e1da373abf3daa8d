/**
 * SLP and splint codes (RULES "SLP and splint codes"; RVUs from data/pfs/pprrvu_*_extra.csv):
 * 92xxx, 96105 and 96125 are SLP codes that carry GN; 92507, 92508, 92526 and 92610 are
 * untimed (one unit a session), 96105 and 96125 are per hour; the splint, cast and strapping
 * codes 29xxx are "sometimes therapy": with the discipline modifier under a plan of care,
 * priced and counted toward the KX threshold.
 */
import { describe, expect, it } from "vitest";
import { PLAN, lines, problems, rules, scrub, visitBuilder, type ServiceInput } from "./test-support/scrub-fixtures.js";

const SLP = { provider: { npi: "1234567893", discipline: "SLP" as const, participating: true }, planOfCare: { ...PLAN, discipline: "SLP" as const }, patient: { id: "P-1", ptSlpAllowedYearToDate: 500, deductibleRemaining: 0 } };
const slpVisit = visitBuilder({ id: "V-slp", defaults: SLP });
const otVisit = visitBuilder({ id: "V-splint" });

function allowed(services: ServiceInput[], build = slpVisit): Record<string, number | undefined> {
  return Object.fromEntries(scrub(build(services)).lines.map((line) => [line.code, line.allowed]));
}

describe("SLP codes", () => {
  it("92507 is known, untimed, one unit with GN: (1.30 + 0.97 + 0.01) x 33.4009 = 76.154 -> $76.15", () => {
    const result = scrub(slpVisit([{ code: "92507", minutes: 45 }]));
    expect(problems(result)).toEqual([]);
    expect(lines(result)).toEqual([["92507", 1, ["GN"]]]);
    expect(result.lines[0]?.allowed).toBe(76.15);
    expect(result.totals).toMatchObject({ timedMinutes: 0, timedUnits: 0, untimedUnits: 1 });
  });

  it.each(["92507", "92508", "92526", "92610"])("%s is untimed: 40 minutes is one unit", (code) => {
    expect(lines(scrub(slpVisit([{ code, minutes: 40 }])))).toEqual([[code, 1, ["GN"]]]);
  });

  it("96125 is per hour: 60 minutes one unit, 31 one unit, 30 none", () => {
    expect(lines(scrub(slpVisit([{ code: "96125", minutes: 60 }])))).toEqual([["96125", 1, ["GN"]]]);
    expect(lines(scrub(slpVisit([{ code: "96125", minutes: 31 }])))).toEqual([["96125", 1, ["GN"]]]);
    expect(rules(scrub(slpVisit([{ code: "96125", minutes: 30 }])))).toContain("units.insufficient-minutes");
  });

  it("three SLP codes: 96125 takes the full PE unit (PE 1.34), 92507 is reduced, 92610 (MULT_PROC 0) is not", () => {
    // 96125 (1.70 + 1.34 + 0.04) x 33.4009 = 102.8748 -> 102.87
    // 92507 (1.30 + 0.97/2 + 0.01) x 33.4009 = 59.9546 -> 59.95
    // 92610 (1.30 + 1.23 + 0.01) x 33.4009 = 84.8383 -> 84.84
    expect(allowed([{ code: "92507", minutes: 45 }, { code: "92610", minutes: 30 }, { code: "96125", minutes: 60 }])).toEqual({ "92507": 59.95, "92610": 84.84, "96125": 102.87 });
  });

  it("92507 on an OT visit is another discipline's code", () => {
    const result = scrub(otVisit([{ code: "92507", minutes: 30 }]));
    expect(problems(result)).toEqual(["code.discipline"]);
  });

  it("92630 has Medicare status I; 92605 status B", () => {
    expect(problems(scrub(slpVisit([{ code: "92630", minutes: 30 }])))).toEqual(["code.not-payable"]);
    expect(problems(scrub(slpVisit([{ code: "92605", minutes: 60 }])))).toEqual(["code.not-payable"]);
  });

  it("the 2024 and 2025 files have the codes too: 92507 in 2025 is (1.30 + 0.99 + 0.03) x 32.3465 = 75.0439 -> $75.04", () => {
    const plan = { ...PLAN, discipline: "SLP" as const, initialEvaluationDate: "2025-03-03", certifiedFrom: "2025-03-03", certifiedThrough: "2025-05-30", signedDate: "2025-03-05" };
    const result = scrub(slpVisit([{ code: "92507", minutes: 45 }], { dateOfService: "2025-03-10", planOfCare: plan }));
    expect(problems(result)).toEqual([]);
    expect(result.lines[0]?.allowed).toBe(75.04);
  });
});

describe("years shipped without the SLP and splint rows (2022, 2023)", () => {
  it("92507 in 2023 stays on the claim unpriced, with pricing.unavailable, not code.unknown", () => {
    const plan = { ...PLAN, discipline: "SLP" as const, initialEvaluationDate: "2023-03-01", certifiedFrom: "2023-03-01", certifiedThrough: "2023-05-29", signedDate: "2023-03-02" };
    const result = scrub(slpVisit([{ code: "92507", minutes: 30 }], { dateOfService: "2023-03-10", planOfCare: plan }));
    expect(rules(result)).not.toContain("code.unknown");
    expect(lines(result)).toEqual([["92507", 1, ["GN"]]]);
    expect(result.lines[0]?.allowed).toBeUndefined();
    expect(result.findings.find((item) => item.rule === "pricing.unavailable")?.message).toBe("92507 has no RVUs in the RVU23A Medicare fee schedule, so it has no amount.");
  });
});

describe("splint, cast and strapping codes (sometimes therapy)", () => {
  it("29125 on an OT plan gets GO, is priced (0.49 + 1.79 + 0.09) x 33.4009 = 79.16, and counts toward the KX threshold", () => {
    const result = scrub(otVisit([{ code: "29125" }, { code: "97110", minutes: 30 }]));
    expect(problems(result)).toEqual([]);
    expect(lines(result)).toEqual([
      ["29125", 1, ["GO"]],
      ["97110", 2, ["GO"]],
    ]);
    expect(result.lines[0]?.allowed).toBe(79.16);
    expect(result.totals.allowed).toBe(130.43);
    expect(result.findings.find((item) => item.rule === "threshold.kx")?.message).toContain("$500.00 before this visit, $630.43 after it");
  });

  it("29125 with no plan of care and no therapist discipline carries no discipline modifier", () => {
    const result = scrub(otVisit([{ code: "29125" }], { planOfCare: undefined, provider: { npi: "1234567893" } }));
    expect(lines(result)).toEqual([["29125", 1, []]]);
  });

  it("29260 on a PT plan gets GP", () => {
    const result = scrub(otVisit([{ code: "29260" }], { provider: { npi: "1234567893", discipline: "PT" }, planOfCare: { ...PLAN, discipline: "PT" } }));
    expect(lines(result)).toEqual([["29260", 1, ["GP"]]]);
  });
});
