/**
 * Timed units (docs/billing-rules.md section 3; MCPM Pub. 100-04 ch.5 section 20.2 and the CPT time
 * rule): every worked example, the table boundaries, the documented tie-break (larger
 * total minutes, then the service listed first) and property tests against an oracle
 * written straight from the docs/billing-rules.md table.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { UnitRule } from "../reference/types.js";
import { allocateUnits, amaUnitsForMinutes, cmsUnitsForTotal, explainAllocation, type TimedService } from "./units.js";

/** "97112:24 97110:23" -> services */
function services(spec: string): TimedService[] {
  return spec.split(/\s+/).map((part) => {
    const [key, minutes] = part.split(":");
    return { key: key!, minutes: Number(minutes) };
  });
}

/** units per code, in listing order */
function unitsOf(spec: string, rule: UnitRule): Record<string, number> {
  return Object.fromEntries(allocateUnits(services(spec), rule).shares.map((share) => [share.key, share.units]));
}

/** docs/billing-rules.md's CMS table read literally: 8-22 = 1, 23-37 = 2, ... each further 15 minutes adds one; under 8 none. */
function tableUnits(totalMinutes: number): number {
  return totalMinutes < 8 ? 0 : 1 + Math.floor((totalMinutes - 8) / 15);
}

/** docs/billing-rules.md's AMA formula: floor(m / 15) + (m mod 15 >= 8 ? 1 : 0). */
function amaFormula(minutes: number): number {
  return Math.floor(minutes / 15) + (minutes % 15 >= 8 ? 1 : 0);
}

const BOUNDARIES: [number, number][] = [
  [0, 0],
  [1, 0],
  [7, 0],
  [8, 1],
  [15, 1],
  [22, 1],
  [23, 2],
  [37, 2],
  [38, 3],
  [52, 3],
  [53, 4],
  [67, 4],
  [68, 5],
  [82, 5],
  [83, 6],
  [97, 6],
  [98, 7],
  [112, 7],
  [113, 8],
];

describe("CMS total-time table (docs/billing-rules.md section 3)", () => {
  it.each(BOUNDARIES)("%i timed minutes -> %i units (cmsUnitsForTotal)", (minutes, units) => {
    expect(cmsUnitsForTotal(minutes)).toBe(units);
  });

  it.each(BOUNDARIES)("one code of %i minutes -> %i units (allocateUnits, CMS)", (minutes, units) => {
    const allocation = allocateUnits([{ key: "97110", minutes }], "cms");
    expect(allocation.totalMinutes).toBe(minutes);
    expect(allocation.totalUnits).toBe(units);
    expect(allocation.shares[0]?.units).toBe(units);
  });

  it.each(BOUNDARIES)("one code of %i minutes -> %i units (allocateUnits, AMA: one code alone counts the same)", (minutes, units) => {
    expect(amaUnitsForMinutes(minutes)).toBe(units);
    expect(allocateUnits([{ key: "97110", minutes }], "ama").shares[0]?.units).toBe(units);
  });

  it("no services at all: 0 minutes, 0 units, no shares", () => {
    expect(allocateUnits([], "cms")).toMatchObject({ totalMinutes: 0, totalUnits: 0, shares: [], leftoverAwards: [] });
    expect(allocateUnits([], "ama")).toMatchObject({ totalMinutes: 0, totalUnits: 0, shares: [] });
  });
});

describe("CMS worked examples (docs/billing-rules.md section 3, from the manual)", () => {
  it("24 min 97112 + 23 min 97110 = 47 min = 3 units: 97112 x2, 97110 x1", () => {
    expect(unitsOf("97112:24 97110:23", "cms")).toEqual({ "97112": 2, "97110": 1 });
    expect(allocateUnits(services("97112:24 97110:23"), "cms").totalUnits).toBe(3);
  });

  it("33 min 97110 + 7 min 97140 = 40 min = 3 units: 97110 x2, 97140 x1 (3 minutes left over lose to 7)", () => {
    expect(unitsOf("97110:33 97140:7", "cms")).toEqual({ "97110": 2, "97140": 1 });
  });

  it("20 min 97112 + 20 min 97110 = 40 min = 3 units: one x2, the other x1, never 3 of one", () => {
    const units = unitsOf("97112:20 97110:20", "cms");
    expect(Object.values(units).sort()).toEqual([1, 2]);
    // the documented tie-break: equal totals, so the service listed first takes the third unit
    expect(units).toEqual({ "97112": 2, "97110": 1 });
    expect(unitsOf("97110:20 97112:20", "cms")).toEqual({ "97110": 2, "97112": 1 });
  });

  it("18 min 97110 + 13 min 97140 + 10 min 97116 + 8 min 97035 = 49 min = 3 units: 97110, 97140, 97116 x1; 97035 none", () => {
    expect(unitsOf("97110:18 97140:13 97116:10 97035:8", "cms")).toEqual({ "97110": 1, "97140": 1, "97116": 1, "97035": 0 });
  });

  it("7 + 7 + 7 minutes = 21 min = 1 unit: one of them (otbill: the one listed first)", () => {
    const allocation = allocateUnits(services("97112:7 97110:7 97140:7"), "cms");
    expect(allocation.totalUnits).toBe(1);
    expect(unitsOf("97112:7 97110:7 97140:7", "cms")).toEqual({ "97112": 1, "97110": 0, "97140": 0 });
    expect(unitsOf("97140:7 97112:7 97110:7", "cms")).toEqual({ "97140": 1, "97112": 0, "97110": 0 });
    expect(allocation.leftoverAwards).toEqual([{ key: "97112", remainderMinutes: 7, tieBrokenAgainst: ["97110", "97140"] }]);
  });

  it("a remainder tie goes to the code with more total minutes before the one listed first", () => {
    // 22 + 7 = 29 min = 2 units; 97110 has one full unit, then remainders 7 and 7 tie: 97110 has more minutes
    expect(unitsOf("97110:22 97112:7", "cms")).toEqual({ "97110": 2, "97112": 0 });
    expect(unitsOf("97112:7 97110:22", "cms")).toEqual({ "97112": 0, "97110": 2 });
  });

  it("two services of 7 minutes or less that reach 8 minutes earn one unit, for the one with more minutes", () => {
    expect(unitsOf("97112:5 97110:3", "cms")).toEqual({ "97112": 1, "97110": 0 });
    expect(unitsOf("97110:3 97112:5", "cms")).toEqual({ "97110": 0, "97112": 1 });
    expect(unitsOf("97530:7 97535:1", "cms")).toEqual({ "97530": 1, "97535": 0 });
    // 4 + 4: a tie on equal totals, the first listed
    expect(unitsOf("97112:4 97110:4", "cms")).toEqual({ "97112": 1, "97110": 0 });
    // 4 + 3 = 7: fewer than 8 in total, nothing
    expect(unitsOf("97112:4 97110:3", "cms")).toEqual({ "97112": 0, "97110": 0 });
  });

  it("any service of 15 minutes or more gets at least one unit", () => {
    // 15 + 7 = 22 min = 1 unit: 97110's full 15 minutes take it, although 97112 has 7 minutes left over against 0
    expect(unitsOf("97110:15 97112:7", "cms")).toEqual({ "97110": 1, "97112": 0 });
    // 15 + 14 + 14 = 43 min = 3 units: 97110 x1 for its full 15, the two 14s take the two left over
    expect(unitsOf("97110:15 97140:14 97112:14", "cms")).toEqual({ "97110": 1, "97140": 1, "97112": 1 });
    expect(unitsOf("97112:14 97140:14 97110:15", "cms")).toEqual({ "97112": 1, "97140": 1, "97110": 1 });
  });

  it("more codes than units: the largest remainders win, ties by total minutes then order", () => {
    // 10 x 4 = 40 min = 3 units: the first three listed
    expect(unitsOf("97110:10 97112:10 97140:10 97530:10", "cms")).toEqual({ "97110": 1, "97112": 1, "97140": 1, "97530": 0 });
    // 12 + 9 + 11 + 8 = 40 min = 3 units: 12, 11 and 9 minutes win, 8 loses
    expect(unitsOf("97110:12 97112:9 97140:11 97530:8", "cms")).toEqual({ "97110": 1, "97112": 1, "97140": 1, "97530": 0 });
  });
});

describe("AMA/CPT per-code rule (docs/billing-rules.md section 3)", () => {
  it("10 min 97110 + 10 min 97140 = 2 units under AMA, 1 unit under CMS", () => {
    expect(unitsOf("97110:10 97140:10", "ama")).toEqual({ "97110": 1, "97140": 1 });
    expect(allocateUnits(services("97110:10 97140:10"), "cms").totalUnits).toBe(1);
  });

  it("each code on its own: 7 minutes earn nothing, 8 earn a unit, 23 earn 2", () => {
    expect(unitsOf("97110:7 97140:8 97530:23 97535:22", "ama")).toEqual({ "97110": 0, "97140": 1, "97530": 2, "97535": 1 });
  });

  it("7 + 7 + 7 under AMA: no unit at all (each code under 8 minutes)", () => {
    const allocation = allocateUnits(services("97112:7 97110:7 97140:7"), "ama");
    expect(allocation.totalUnits).toBe(0);
    expect(explainAllocation(allocation)).toContain("under 8 minutes earn no unit");
  });
});

describe("explainAllocation", () => {
  it("states the manual's first example exactly", () => {
    expect(explainAllocation(allocateUnits(services("97112:24 97110:23"), "cms"))).toBe(
      "47 timed minutes = 3 units: 97112 (24 min) 2 units, 97110 (23 min) 1 unit; the third unit went to 97112, 9 minutes left over against 8.",
    );
  });

  it("says which rule broke a tie", () => {
    const text = explainAllocation(allocateUnits(services("97112:20 97110:20"), "cms"));
    expect(text).toContain("40 timed minutes = 3 units");
    expect(text).toContain("the third unit went to 97112");
    expect(text).toBe(
      "40 timed minutes = 3 units: 97112 (20 min) 2 units, 97110 (20 min) 1 unit; the third unit went to 97112, 5 minutes left over against 5 (a tie with 97110 on the minutes left over: either is correct; otbill gave it to 97112 because 97112 is listed before 97110, which has as many minutes).",
    );
  });

  it("a tie broken by the larger total says so", () => {
    const text = explainAllocation(allocateUnits(services("97112:35 97110:20"), "cms"));
    expect(text).toContain("otbill gave it to 97112 because 97112 has more minutes in all (35 against 20 for 97110)");
  });

  it("explains fewer than 8 minutes", () => {
    expect(explainAllocation(allocateUnits(services("97110:4 97140:3"), "cms"))).toBe(
      "7 timed minutes = 0 units: fewer than 8 timed minutes in total earn no timed unit (CMS total-time rule).",
    );
  });

  it("explains the per-code rule", () => {
    expect(explainAllocation(allocateUnits(services("97110:10 97140:10"), "ama"))).toBe(
      "Per-code rule (AMA/CPT): each code counted on its own, a unit once 8 of 15 minutes are passed: 97110 (10 min) 1 unit, 97140 (10 min) 1 unit.",
    );
  });
});

const minutesArb = fc.integer({ min: 0, max: 120 });
const CODES = ["97110", "97112", "97140", "97530", "97535", "97116", "97035", "97760"];
const servicesArb = fc
  .array(minutesArb, { minLength: 1, maxLength: 6 })
  .map((minutes) => minutes.map((m, index) => ({ key: CODES[index]!, minutes: m })));
const ruleArb = fc.constantFrom<UnitRule>("cms", "ama");
const RUNS = { numRuns: 400 };

describe("properties", () => {
  it("CMS: total units always equal the table value of the total timed minutes", () => {
    fc.assert(
      fc.property(servicesArb, (list) => {
        const total = list.reduce((sum, service) => sum + service.minutes, 0);
        const allocation = allocateUnits(list, "cms");
        expect(allocation.totalMinutes).toBe(total);
        expect(allocation.totalUnits).toBe(tableUnits(total));
        expect(cmsUnitsForTotal(total)).toBe(tableUnits(total));
      }),
      RUNS,
    );
  });

  it("the shares add up to the total (both rules)", () => {
    fc.assert(
      fc.property(servicesArb, ruleArb, (list, rule) => {
        const allocation = allocateUnits(list, rule);
        expect(allocation.shares.reduce((sum, share) => sum + share.units, 0)).toBe(allocation.totalUnits);
        expect(allocation.shares.map((share) => share.key)).toEqual(list.map((service) => service.key));
      }),
      RUNS,
    );
  });

  it("AMA: a code with fewer than 8 minutes never gets a unit; each code follows the formula", () => {
    fc.assert(
      fc.property(servicesArb, (list) => {
        for (const share of allocateUnits(list, "ama").shares) {
          if (share.minutes < 8) expect(share.units).toBe(0);
          expect(share.units).toBe(amaFormula(share.minutes));
        }
      }),
      RUNS,
    );
  });

  it("no code ever gets more than floor(m/15)+1 units, and CMS never fewer than its full 15-minute blocks", () => {
    fc.assert(
      fc.property(servicesArb, ruleArb, (list, rule) => {
        for (const share of allocateUnits(list, rule).shares) {
          expect(share.units).toBeLessThanOrEqual(Math.floor(share.minutes / 15) + 1);
          if (rule === "cms") expect(share.units).toBeGreaterThanOrEqual(Math.floor(share.minutes / 15));
          if (share.minutes >= 15) expect(share.units).toBeGreaterThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it("CMS: a left-over unit never goes to a smaller remainder while a larger one goes without", () => {
    fc.assert(
      fc.property(servicesArb, (list) => {
        const shares = allocateUnits(list, "cms").shares;
        for (const winner of shares.filter((share) => share.extraUnits > 0)) {
          for (const loser of shares.filter((share) => share.extraUnits === 0 && share.remainderMinutes > 0)) {
            expect(winner.remainderMinutes).toBeGreaterThanOrEqual(loser.remainderMinutes);
          }
        }
      }),
      RUNS,
    );
  });

  it("is deterministic: the same input gives the same allocation and explanation", () => {
    fc.assert(
      fc.property(servicesArb, ruleArb, (list, rule) => {
        const first = allocateUnits(list, rule);
        const second = allocateUnits(list.map((service) => ({ ...service })), rule);
        expect(second).toEqual(first);
        expect(explainAllocation(second)).toBe(explainAllocation(first));
      }),
      RUNS,
    );
  });
});
