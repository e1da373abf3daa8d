/**
 * The CO split (docs/billing-rules.md section 4; CY2022 PFS final rule and the CMS page "Billing
 * Examples Using CQ/CO Modifiers for Services Furnished In Whole or In Part by PTAs and
 * OTAs"): a table of worked cases. Units are the code's units under the payer's rule
 * (CMS here unless said), computed by hand in each row.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exceedsDeMinimis, splitTimedUnits, splitUntimedService } from "./assistant.js";
import { cmsUnitsForTotal } from "./units.js";

const DE_MINIMIS = 10; // data/policy/poc_rules.csv assistant_de_minimis_percent

interface TimedCase {
  name: string;
  units: number;
  ot: number;
  ota: number;
  co: number;
  plain: number;
}

const TIMED: TimedCase[] = [
  { name: "OTA 10 + OT 5 (1 unit): CO", units: 1, ot: 5, ota: 10, co: 1, plain: 0 },
  { name: "OTA 23 + OT 13 (2 units): the OTA's full 15 with CO, then OT 13 beats OTA 8: one without", units: 2, ot: 13, ota: 23, co: 1, plain: 1 },
  { name: "all OTA, 30 minutes (2 units): both CO", units: 2, ot: 0, ota: 30, co: 2, plain: 0 },
  { name: "all OT, 30 minutes (2 units): neither", units: 2, ot: 30, ota: 0, co: 0, plain: 2 },
  { name: "OT 12 + OTA 12 (2 units left, each 9-14): one each", units: 2, ot: 12, ota: 12, co: 1, plain: 1 },
  { name: "OT 9 + OTA 14 (2 units left): one each", units: 2, ot: 9, ota: 14, co: 1, plain: 1 },
  { name: "OT 14 + OTA 9 (2 units left): one each", units: 2, ot: 14, ota: 9, co: 1, plain: 1 },
  { name: "OT 14 + OTA 14 (2 units left): one each", units: 2, ot: 14, ota: 14, co: 1, plain: 1 },
  { name: "OT 10 + OTA 10 (1 unit, an even split of the last unit): CO", units: 1, ot: 10, ota: 10, co: 1, plain: 0 },
  { name: "OT 20 + OTA 20 (3 units): one full each, the last 5 against 5 carries CO", units: 3, ot: 20, ota: 20, co: 2, plain: 1 },
  { name: "OT 15 + OTA 5 (1 unit, the OT's full 15)", units: 1, ot: 15, ota: 5, co: 0, plain: 1 },
  { name: "OT 30 + OTA 8 (3 units): OT 2 full, the third to the OTA's 8", units: 3, ot: 30, ota: 8, co: 1, plain: 2 },
  { name: "OT 8 + OTA 30 (3 units): OTA 2 full with CO, the third to the OT's 8", units: 3, ot: 8, ota: 30, co: 2, plain: 1 },
  { name: "de minimis: OTA 0% of 100 minutes (7 units)", units: 7, ot: 100, ota: 0, co: 0, plain: 7 },
  { name: "de minimis: OTA exactly 10% of 100 minutes (7 units): no CO although 10 beats the OT's 0 left over", units: 7, ot: 90, ota: 10, co: 0, plain: 7 },
  { name: "de minimis: OTA 11% of 100 minutes (7 units): the last unit to the OTA's 11 with CO", units: 7, ot: 89, ota: 11, co: 1, plain: 6 },
  { name: "de minimis: OTA exactly 10% of 70 minutes (5 units): no CO although 7 beats 3", units: 5, ot: 63, ota: 7, co: 0, plain: 5 },
  { name: "OTA 8 of 70 minutes, 11.4% (5 units): the last unit to the OTA's 8 against 2", units: 5, ot: 62, ota: 8, co: 1, plain: 4 },
  { name: "OTA 4 of 36 minutes, 11.1% (2 units): the OT's two full blocks take both", units: 2, ot: 32, ota: 4, co: 0, plain: 2 },
  { name: "no units: nothing to split", units: 0, ot: 5, ota: 2, co: 0, plain: 0 },
];

describe("splitTimedUnits: worked cases", () => {
  it.each(TIMED)("$name", ({ units, ot, ota, co, plain }) => {
    const split = splitTimedUnits(units, ot + ota, ota, DE_MINIMIS);
    expect({ co: split.assistantUnits, plain: split.therapistUnits }).toEqual({ co, plain });
  });

  it("under the de minimis, every unit is the therapist's even past the therapist's own minutes", () => {
    expect(splitTimedUnits(7, 98, 9, DE_MINIMIS)).toMatchObject({ assistantUnits: 0, therapistUnits: 7 });
  });

  it("assistant minutes above the total are capped at the total (all CO)", () => {
    expect(splitTimedUnits(2, 30, 45, DE_MINIMIS)).toMatchObject({ assistantUnits: 2, therapistUnits: 0 });
  });

  it("explains the split in a biller's words", () => {
    expect(splitTimedUnits(2, 36, 23, DE_MINIMIS).reason).toBe(
      "assistant 23 min, therapist 13 min: 1 full 15-minute unit(s) by the assistant (CO); a remaining unit to the therapist (13 min against 8), without CO",
    );
    expect(splitTimedUnits(7, 100, 10, DE_MINIMIS).reason).toContain("10% or less (de minimis): no CO");
    expect(splitTimedUnits(2, 30, 0, DE_MINIMIS).reason).toBe("furnished by the therapist alone");
    expect(splitTimedUnits(2, 30, 30, DE_MINIMIS).reason).toBe("the assistant furnished all 30 minutes");
  });
});

describe("splitUntimedService: worked cases", () => {
  it.each([
    { name: "assistant 10% of 100 minutes: no CO", units: 1, total: 100 as number | undefined, ota: 10, co: 0, plain: 1 },
    { name: "assistant 11% of 100 minutes: CO", units: 1, total: 100, ota: 11, co: 1, plain: 0 },
    { name: "assistant the whole 45 minutes: CO", units: 1, total: 45, ota: 45, co: 1, plain: 0 },
    { name: "no assistant: no CO", units: 1, total: 45, ota: 0, co: 0, plain: 1 },
    { name: "assistant minutes without the service's minutes: CO (furnished at least in part)", units: 1, total: undefined, ota: 20, co: 1, plain: 0 },
  ])("$name", ({ units, total, ota, co, plain }) => {
    const split = splitUntimedService(units, total, ota, DE_MINIMIS);
    expect({ co: split.assistantUnits, plain: split.therapistUnits }).toEqual({ co, plain });
  });
});

describe("exceedsDeMinimis", () => {
  it.each([
    [0, 100, false],
    [10, 100, false],
    [11, 100, true],
    [3, 30, false],
    [4, 30, true],
    [0, 0, false],
    [5, 5, true],
  ])("%i of %i minutes -> %s", (assistant, total, expected) => {
    expect(exceedsDeMinimis(assistant, total, DE_MINIMIS)).toBe(expected);
  });
});

describe("properties", () => {
  const split = fc
    .record({ ot: fc.integer({ min: 0, max: 90 }), ota: fc.integer({ min: 0, max: 90 }) })
    .filter(({ ot, ota }) => ot + ota > 0)
    .map(({ ot, ota }) => ({ ot, ota, total: ot + ota, units: cmsUnitsForTotal(ot + ota) }));

  it("the split always adds up to the code's units, and neither side gets more than its minutes allow", () => {
    fc.assert(
      fc.property(split, ({ ot, ota, total, units }) => {
        const result = splitTimedUnits(units, total, ota, DE_MINIMIS);
        expect(result.assistantUnits + result.therapistUnits).toBe(units);
        expect(result.assistantUnits).toBeLessThanOrEqual(Math.floor(ota / 15) + 1);
        // Under the 10% de minimis the whole service is the therapist's (e.g. OT 89 + OTA 9 min:
        // 7 units, none with CO), so the per-person cap holds only above it.
        if (ota > 0 && ot > 0 && ota * 100 > total * DE_MINIMIS) expect(result.therapistUnits).toBeLessThanOrEqual(Math.floor(ot / 15) + 1);
      }),
      { numRuns: 400 },
    );
  });

  it("no CO at or under 10%; all CO when the assistant furnished everything; a full 15 alone is the assistant's", () => {
    fc.assert(
      fc.property(split, ({ ot, ota, total, units }) => {
        const result = splitTimedUnits(units, total, ota, DE_MINIMIS);
        if (ota * 100 <= total * DE_MINIMIS) expect(result.assistantUnits).toBe(0);
        if (ot === 0) expect(result.assistantUnits).toBe(units);
        if (ota * 100 > total * DE_MINIMIS) expect(result.assistantUnits).toBeGreaterThanOrEqual(Math.min(Math.floor(ota / 15), units));
      }),
      { numRuns: 400 },
    );
  });
});

describe("the wording follows the discipline's assistant modifier", () => {
  it("a PTA's share reads CQ", () => {
    expect(splitTimedUnits(2, 36, 23, DE_MINIMIS, "CQ").reason).toBe(
      "assistant 23 min, therapist 13 min: 1 full 15-minute unit(s) by the assistant (CQ); a remaining unit to the therapist (13 min against 8), without CQ",
    );
  });
});
