/**
 * Worked examples. Every expected amount is computed by hand from the RVUs and GPCIs in
 * data/pfs/ (the arithmetic is in the comment) and written as a literal, so the test
 * checks the code against the data, not against itself.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import type { PayerKind } from "../reference/types.js";
import { nonParticipatingPolicyOn, parseNonParticipatingPolicies } from "../reference/nonpar.js";
import { priceVisit } from "./price-visit.js";
import type { PricingContext, PricingLineInput } from "./types.js";

const reference = loadReference({ importedDir: null });

function line(code: string, units = 1, assistant = false): PricingLineInput {
  return { code, units, assistant };
}

function price(date: string, lines: PricingLineInput[], extra: Partial<Omit<PricingContext, "day">> = {}) {
  return priceVisit(lines, { day: reference.on(date), payerKind: "medicare" as PayerKind, deductibleRemainingCents: 0, participating: true, ...extra });
}

function unitCents(date: string, lines: PricingLineInput[], extra: Partial<Omit<PricingContext, "day">> = {}): (number[] | undefined)[] {
  return price(date, lines, extra).lines.map((priced) => priced?.unitAllowedCents);
}

describe("docs/billing-rules.md section 6 examples (2026 national, CF 33.4009)", () => {
  it("97110 one unit: (0.45 + 0.41 + 0.01) x 33.4009 = 29.058783 -> $29.06", () => {
    const result = price("2026-03-10", [line("97110")]);
    expect(result.priced).toBe(true);
    expect(result.lines[0]?.allowedCents).toBe(2906);
    expect(result.lines[0]?.parts.feeSchedule?.fullUnitExact).toBe("29.058783");
  });

  it("97530 two units: 1.05 x 33.4009 = 35.070945 -> $35.07, then (0.44 + 0.30 + 0.01) x 33.4009 = 25.050675 -> $25.05; $60.12", () => {
    const result = price("2026-03-10", [line("97530", 2)]);
    const priced = result.lines[0];
    expect(priced?.unitAllowedCents).toEqual([3507, 2505]);
    expect(priced?.allowedCents).toBe(6012);
    expect(priced?.mpprReducedUnits).toBe(1);
    expect(priced?.parts.feeSchedule).toMatchObject({ sum: "1.05", reducedSum: "0.75", reducedPeProduct: "0.30", reducedUnitExact: "25.050675", conversionFactor: 334009 });
    expect(result.totals.allowedCents).toBe(6012);
  });

  it("97112 two units: 0.98 x 33.4009 = 32.732882 -> 32.73; 0.745 x 33.4009 = 24.8836705 -> 24.88; $57.61", () => {
    expect(price("2026-03-10", [line("97112", 2)]).lines[0]?.allowedCents).toBe(5761);
  });

  it.each(["97165", "97166", "97167"])("%s: (1.54 + 1.46 + 0.01) x 33.4009 = 100.536709 -> $100.54", (code) => {
    expect(price("2026-03-10", [line(code)]).lines[0]?.allowedCents).toBe(10054);
  });
});

describe("national and San Francisco (01112-05), 97530 two units", () => {
  it.each([
    // 2024-06-01, CF 33.2875, RVUs 0.44 / 0.65 / 0.01:
    //   national 1.10 x 33.2875 = 36.61625 -> 36.62; reduced 0.775 x 33.2875 = 25.7978125 -> 25.80
    ["2024-06-01", undefined, [3662, 2580]],
    //   SF GPCIs 1.088 / 1.419 / 0.445: 0.47872 + 0.92235 + 0.00445 = 1.40552 x 33.2875 = 46.786247 -> 46.79;
    //   reduced 0.47872 + 0.461175 + 0.00445 = 0.944345 x 33.2875 = 31.4348841875 -> 31.43
    ["2024-06-01", "01112-05", [4679, 3143]],
    // 2025, CF 32.3465, RVUs 0.44 / 0.62 / 0.01:
    //   national 1.07 x 32.3465 = 34.610755 -> 34.61; reduced 0.76 x 32.3465 = 24.58334 -> 24.58
    ["2025-06-01", undefined, [3461, 2458]],
    //   SF 1.088 / 1.419 / 0.445: 0.47872 + 0.87978 + 0.00445 = 1.36295 x 32.3465 = 44.086662175 -> 44.09;
    //   reduced 0.47872 + 0.43989 + 0.00445 = 0.92306 x 32.3465 = 29.85776029 -> 29.86
    ["2025-06-01", "01112-05", [4409, 2986]],
    // 2026, CF 33.4009, RVUs 0.44 / 0.60 / 0.01:
    //   national 35.07 + 25.05 (docs/billing-rules.md)
    ["2026-03-10", undefined, [3507, 2505]],
    //   SF 1.095 / 1.410 / 0.425: 0.4818 + 0.846 + 0.00425 = 1.33205 x 33.4009 = 44.491668845 -> 44.49;
    //   reduced 0.4818 + 0.423 + 0.00425 = 0.90905 x 33.4009 = 30.363088145 -> 30.36
    ["2026-03-10", "01112-05", [4449, 3036]],
  ] as const)("%s locality %s", (date, locality, expected) => {
    const result = price(date, [line("97530", 2)], locality ? { locality } : {});
    expect(result.lines[0]?.unitAllowedCents).toEqual(expected);
    expect(result.gpci?.locality).toBe(locality);
  });

  it("shows each RVU x GPCI product for San Francisco 2026", () => {
    const parts = price("2026-03-10", [line("97530")], { locality: "01112-05" }).lines[0]?.parts.feeSchedule;
    expect(parts).toMatchObject({
      work: { rvu: 44, gpci: 1095, product: "0.4818" },
      pe: { rvu: 60, gpci: 1410, product: "0.846" },
      mp: { rvu: 1, gpci: 425, product: "0.00425" },
      sum: "1.33205",
      fullUnitExact: "44.491668845",
    });
  });
});

describe("dated factors", () => {
  it("2024 has two conversion factors: 97110 (0.45 + 0.42 + 0.01 = 0.88)", () => {
    // 0.88 x 32.7442 = 28.814896 -> 28.81 through 2024-03-08; 0.88 x 33.2875 = 29.293 -> 29.29 from 2024-03-09
    expect(price("2024-03-08", [line("97110")]).lines[0]?.allowedCents).toBe(2881);
    expect(price("2024-03-09", [line("97110")]).lines[0]?.allowedCents).toBe(2929);
    expect(price("2024-03-08", [line("97110")]).conversionFactor?.value).toBe(327442);
  });

  it("the 2026 work GPCI floor runs through 2026-12-31 (CAA 2026; Alabama 10112-00 keeps work 1.000, not 0.988)", () => {
    // 97530: PE 0.60 x 0.875 = 0.525, MP 0.01 x 0.566 = 0.00566
    // work 0.44 x 1.000 = 0.44; sum 0.97066 x 33.4009 = 32.420917594 -> 32.42 (0.988 would give 32.24)
    for (const date of ["2026-01-31", "2026-02-01", "2026-12-31"]) {
      const floor = price(date, [line("97530")], { locality: "10112-00" });
      expect(floor.lines[0]?.allowedCents).toBe(3242);
      expect(floor.gpci).toMatchObject({ work: 1000, workFloorApplied: true });
    }
  });

  it("2026 qualifying APM participants get their own CF: 97110 0.87 x 33.5675 = 29.203725 -> $29.20", () => {
    const result = price("2026-03-10", [line("97110")], { qualifyingApm: true });
    expect(result.lines[0]?.allowedCents).toBe(2920);
    expect(result.conversionFactor?.qualifyingApm).toBe(true);
  });

  it("a year without an APM factor uses the single one and says so", () => {
    const result = price("2025-06-01", [line("97110")], { qualifyingApm: true });
    expect(result.conversionFactor?.value).toBe(323465);
    expect(result.findings.some((item) => item.rule === "pricing.assumption" && item.message.includes("APM"))).toBe(true);
  });
});

describe("MPPR", () => {
  it("an evaluation with a timed code: the eval's PE (1.46) beats 97530's (0.60), so the eval is paid in full", () => {
    // 97530 first in the claim, still reduced: 25.05; 97165 100.54
    expect(unitCents("2026-03-10", [line("97530"), line("97165")])).toEqual([[2505], [10054]]);
  });

  it("two timed codes: 97530 (PE 0.60) over 97110 (PE 0.41) whatever the line order", () => {
    // 97110 reduced: (0.45 + 0.205 + 0.01) = 0.665 x 33.4009 = 22.2115985 -> 22.21
    expect(unitCents("2026-03-10", [line("97110", 2), line("97530")])).toEqual([[2221, 2221], [3507]]);
    expect(unitCents("2026-03-10", [line("97530"), line("97110", 2)])).toEqual([[3507], [2221, 2221]]);
    const result = price("2026-03-10", [line("97110", 2), line("97530")]);
    expect(result.lines[0]?.parts.units.map((unit) => unit.mpprRank)).toEqual([2, 3]);
    expect(result.lines[1]?.parts.units[0]?.mpprRank).toBe(1);
  });

  it("MULT_PROC 0 codes are never reduced and never take the full-PE slot", () => {
    // 97550 (PE 0.57) is MULT_PROC 0: 1.58 x 33.4009 = 52.773422 -> 52.77 in full; 97110 (PE 0.41) is then
    // the highest MPPR unit: 29.06. 97129: 0.67 x 33.4009 = 22.378603 -> 22.38, 97130 untouched too.
    const result = price("2026-03-10", [line("97550"), line("97110"), line("97129"), line("97130")]);
    expect(result.lines.map((priced) => priced?.unitAllowedCents)).toEqual([[5277], [2906], [2238], [expect.any(Number)]]);
    expect(result.lines.map((priced) => priced?.mpprReducedUnits)).toEqual([0, 0, 0, 0]);
    expect(result.lines[0]?.parts.units[0]?.mpprRank).toBeUndefined();
    expect(result.lines[0]?.parts.feeSchedule?.multipleProcedure).toBe("0");
  });

  it("ties go to the unit with the higher total: of two 97530 units, the non-CO one is paid in full", () => {
    // non-CO 35.07; CO unit reduced: 25.050675 x 0.85 = 21.29307375 -> 21.29 (not 29.81 + 25.05)
    expect(unitCents("2026-03-10", [line("97530", 1, true), line("97530", 1, false)])).toEqual([[2129], [3507]]);
  });
});

describe("assistants (CO/CQ)", () => {
  it("85% of the amount after MPPR, rounded once per unit", () => {
    // 35.070945 x 0.85 = 29.81030325 -> 29.81; 25.050675 x 0.85 = 21.29307375 -> 21.29
    const result = price("2026-03-10", [line("97530", 2, true)]);
    expect(result.lines[0]?.unitAllowedCents).toEqual([2981, 2129]);
    expect(result.lines[0]?.assistantPercent).toBe(85);
    expect(result.lines[0]?.parts.units.map((unit) => unit.exact)).toEqual(["29.81030325", "21.29307375"]);
  });

  it("no reduction before 2022 data starts it: the 2022 file applies from 2022-01-01", () => {
    // 2022 national 97110: RVUs from pprrvu_2022_jan_therapy.csv x 34.6062, then x 0.85
    const plain = price("2022-03-01", [line("97110")]).lines[0]?.parts.units[0]?.exact;
    const assisted = price("2022-03-01", [line("97110", 1, true)]).lines[0]?.parts.units[0]?.exact;
    expect(plain && assisted && Number(assisted) / Number(plain)).toBeCloseTo(0.85, 10);
  });
});

describe("rounding", () => {
  it("exactly half a cent rounds up: 98981 in 2024 national (0.61 + 0.55 + 0.04) x 33.2875 = 39.945 -> $39.95", () => {
    const result = price("2024-06-01", [line("98981")]);
    expect(result.lines[0]?.parts.units[0]?.exact).toBe("39.945");
    expect(result.lines[0]?.allowedCents).toBe(3995);
  });
});

describe("patient share (Medicare)", () => {
  it("a deductible partly met across two lines, then 20% coinsurance and 2% sequestration", () => {
    // 97165 100.54 (full) + 97530 25.05 (reduced); $120.00 of the deductible left.
    // line 1: deductible 100.54, nothing left for coinsurance; Medicare pays 0.
    // line 2: deductible 19.46, rest 5.59; coinsurance 20% = 1.118 -> 1.12; 4.47 less 2% (0.0894 -> 0.09) = 4.38
    const result = price("2026-03-10", [line("97165"), line("97530")], { deductibleRemainingCents: 12000 });
    expect(result.lines[0]).toMatchObject({ allowedCents: 10054, paymentCents: 0, patientShareCents: 10054, parts: { deductibleCents: 10054, coinsuranceCents: 0 } });
    expect(result.lines[1]).toMatchObject({ allowedCents: 2505, paymentCents: 438, patientShareCents: 2058, parts: { deductibleCents: 1946, coinsuranceCents: 112, sequestrationCents: 9 } });
    expect(result.totals).toEqual({ allowedCents: 12559, paymentCents: 438, patientShareCents: 12112 });
  });

  it("deductible met: 97110 29.06 -> coinsurance 5.812 -> 5.81; 23.25 less 2% (0.465 -> 0.47) = 22.78", () => {
    const result = price("2026-03-10", [line("97110")], { deductibleRemainingCents: 0 });
    expect(result.lines[0]).toMatchObject({ paymentCents: 2278, patientShareCents: 581 });
    expect(result.findings.filter((item) => item.rule === "pricing.assumption")).toEqual([]);
  });

  it("an unknown deductible is assumed met, and an info finding says so", () => {
    const result = priceVisit([line("97110")], { day: reference.on("2026-03-10"), payerKind: "medicare" });
    expect(result.lines[0]?.patientShareCents).toBe(581);
    const rules = result.findings.map((item) => `${item.rule}:${item.severity}:${item.path}`);
    expect(rules).toContain("pricing.assumption:info:patient.deductibleRemaining");
    expect(rules).toContain("pricing.assumption:info:provider.participating");
  });

  it("sequestration follows its dated periods (1% from 2022-04-01 to 2022-06-30)", () => {
    const april = price("2022-05-02", [line("97110")]).lines[0];
    const july = price("2022-07-01", [line("97110")]).lines[0];
    expect(april?.parts.sequestrationPercent).toBe(1);
    expect(july?.parts.sequestrationPercent).toBe(2);
  });
});

describe("non-participating providers", () => {
  const dataFile = fileURLToPath(new URL("../../data/policy/nonpar.csv", import.meta.url));
  const policy = nonParticipatingPolicyOn(parseNonParticipatingPolicies(readFileSync(dataFile, "utf8"), dataFile), reference.on("2026-03-10").date);

  it("95% of the fee schedule, and the 115% limiting charge in the parts", () => {
    // 97110: 29.058783 x 0.95 = 27.60584385 -> 27.61; limiting charge 27.60584385 x 1.15 = 31.7467204275 -> 31.75
    const result = price("2026-03-10", [line("97110")], { participating: false });
    expect(result.lines[0]?.allowedCents).toBe(2761);
    expect(result.lines[0]?.parts.nonParticipating).toMatchObject({ percent: 95, limitingChargePercent: 115, limitingChargeCents: 3175 });
    expect(result.totals.limitingChargeCents).toBe(3175);
    // the day's policy is data/policy/nonpar.csv's row
    expect(reference.on("2026-03-10").nonParticipating).toEqual(policy);
  });

  it("non-par after MPPR and CO, one rounding per unit", () => {
    // 97530 x2 CO: 35.070945 x 0.85 x 0.95 = 28.3197880875 -> 28.32; 25.050675 x 0.85 x 0.95 = 20.2284200625 -> 20.23
    const result = price("2026-03-10", [line("97530", 2, true)], { participating: false });
    expect(result.lines[0]?.unitAllowedCents).toEqual([2832, 2023]);
  });

  it("a policy given in the context wins over the day's", () => {
    const custom = { start: reference.on("2026-01-01").date, feeSchedulePercent: 90, limitingChargePercent: 110, source: "test" };
    // 29.058783 x 0.90 = 26.1529047 -> 26.15
    expect(price("2026-03-10", [line("97110")], { participating: false, nonParticipating: custom }).lines[0]?.allowedCents).toBe(2615);
  });

  it("with no policy in force the visit is not priced, and a finding says why", () => {
    const day = reference.on("2026-03-10");
    const withoutPolicy = Object.assign(Object.create(Object.getPrototypeOf(day) as object) as typeof day, day, { nonParticipating: undefined });
    const result = priceVisit([line("97110")], { day: withoutPolicy, payerKind: "medicare", participating: false });
    expect(result.priced).toBe(false);
    expect(result.findings[0]).toMatchObject({ rule: "pricing.unavailable", severity: "info", path: "provider.participating" });
  });
});

describe("other payers", () => {
  it("a percentage of Medicare, MPPR included: 120% of 35.070945 = 42.085134 -> 42.09, of 25.050675 = 30.06081 -> 30.06", () => {
    const result = price("2026-03-10", [line("97530", 2)], { payerKind: "commercial", payerFeeSchedule: { percentOfMedicare: 120 } });
    expect(result.lines[0]).toMatchObject({ unitAllowedCents: [4209, 3006], allowedCents: 7215, paymentCents: 7215, patientShareCents: 0 });
    expect(result.lines[0]?.parts.payer).toEqual({ percentOfMedicare: 120 });
  });

  it("a rate schedule: rate x units, no MPPR; a code without a rate has no amount", () => {
    const result = price("2026-03-10", [line("97530", 2), line("97110"), line("97140")], {
      payerKind: "workers-comp",
      payerFeeSchedule: { rates: { "97530": 40.5, "97110": 31.255 } },
    });
    expect(result.lines[0]).toMatchObject({ unitAllowedCents: [4050, 4050], allowedCents: 8100, mpprReducedUnits: 0 });
    expect(result.lines[1]?.allowedCents).toBe(3126); // 31.255 rounds half up to 31.26
    expect(result.lines[2]).toBeUndefined();
    expect(result.findings.some((item) => item.rule === "pricing.unavailable" && item.code === "97140")).toBe(true);
    expect(result.totals.allowedCents).toBe(11226);
  });

  it("rates first, then the percentage for codes without a rate", () => {
    const result = price("2026-03-10", [line("97530"), line("97110")], { payerKind: "commercial", payerFeeSchedule: { rates: { "97530": 50 }, percentOfMedicare: 100 } });
    // 97530 at its rate; 97110 is the only MPPR unit priced from Medicare, so in full: 29.06
    expect(result.lines.map((priced) => priced?.allowedCents)).toEqual([5000, 2906]);
  });

  it("no fee schedule: not priced, one info finding", () => {
    const result = price("2026-03-10", [line("97530")], { payerKind: "commercial" });
    expect(result.priced).toBe(false);
    expect(result.lines).toEqual([undefined]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ rule: "pricing.unavailable", severity: "info" });
  });

  it("self-pay: the patient owes the allowed amount", () => {
    const result = price("2026-03-10", [line("97110")], { payerKind: "self-pay", payerFeeSchedule: { rates: { "97110": 80 } } });
    expect(result.lines[0]).toMatchObject({ allowedCents: 8000, paymentCents: 0, patientShareCents: 8000 });
  });

  it("Medicare Advantage follows Medicare's amounts and cost sharing, with an assumption noted", () => {
    const result = price("2026-03-10", [line("97110")], { payerKind: "medicare-advantage" });
    expect(result.lines[0]).toMatchObject({ allowedCents: 2906, paymentCents: 2278, patientShareCents: 581 });
    expect(result.findings.some((item) => item.rule === "pricing.assumption" && item.message.includes("Medicare Advantage"))).toBe(true);
  });

  it("Original Medicare ignores a feeSchedule given for it", () => {
    const result = price("2026-03-10", [line("97110")], { payerFeeSchedule: { rates: { "97110": 1 } } });
    expect(result.lines[0]?.allowedCents).toBe(2906);
  });
});

describe("what cannot be priced", () => {
  it("an unknown locality: not priced, a finding naming it", () => {
    const result = price("2026-03-10", [line("97530")], { locality: "99999-99" });
    expect(result.priced).toBe(false);
    expect(result.lines).toEqual([undefined]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ rule: "pricing.unavailable", severity: "info", path: "locality" });
    expect(result.findings[0]?.message).toContain("99999-99");
  });

  it("status B, I and C lines get no amount; the others are priced as usual", () => {
    // 97010 B, 97014 I, 0552T C; 97110 is the only payable MPPR unit: 29.06
    const result = price("2026-03-10", [line("97010"), line("97014"), line("0552T"), line("97110")]);
    expect(result.priced).toBe(true);
    expect(result.lines.map((priced) => priced?.allowedCents)).toEqual([undefined, undefined, undefined, 2906]);
    expect(result.findings.filter((item) => item.rule === "pricing.unavailable")).toEqual([]);
  });

  it("a code without RVUs gets no amount and an info finding", () => {
    const result = price("2026-03-10", [line("97799X")]);
    expect(result.lines).toEqual([undefined]);
    expect(result.findings[0]).toMatchObject({ rule: "pricing.unavailable", code: "97799X" });
  });

  it("a year without a fee schedule file", () => {
    const result = price("2019-06-01", [line("97110")]);
    expect(result.priced).toBe(false);
    expect(result.findings[0]?.rule).toBe("pricing.unavailable");
  });

  it("zero units price to zero", () => {
    expect(price("2026-03-10", [line("97110", 0)]).lines[0]).toMatchObject({ allowedCents: 0, unitAllowedCents: [] });
  });
});
