import { describe, expect, it } from "vitest";
import { lineCostSharing, medicareCostSharing } from "./patient-share.js";

const rates = { coinsurancePercent: 20, sequestrationPercent: 2 };

describe("Medicare cost sharing", () => {
  it("takes the deductible line by line in claim order, skipping lines without an amount", () => {
    // $283.00 left: 100.54 + 29.06 taken in full, 153.40 of the third line's 200.00
    const visit = medicareCostSharing([10054, undefined, 2906, 20000], 28300, rates);
    expect(visit.lines.map((item) => item?.deductibleCents)).toEqual([10054, undefined, 2906, 15340]);
    expect(visit.deductibleLeftCents).toBe(0);
    // third line: rest 46.60; coinsurance 9.32; 37.28 less 2% (0.7456 -> 0.75) = 36.53
    expect(visit.lines[3]).toEqual({ deductibleCents: 15340, coinsuranceCents: 932, sequestrationCents: 75, paymentCents: 3653, patientShareCents: 16272 });
  });

  it("rounds half a cent of sequestration up (the provider's write-off)", () => {
    // allowed 0.32: coinsurance 0.064 -> 0.06; 0.26 x 2% = 0.0052 -> 0.01
    expect(lineCostSharing(32, 0, rates)).toMatchObject({ coinsuranceCents: 6, sequestrationCents: 1, paymentCents: 25 });
    // before sequestration 0.25 x 2% = 0.005 -> 0.01 exactly half a cent
    expect(lineCostSharing(25, 0, { coinsurancePercent: 0, sequestrationPercent: 2 })).toMatchObject({ sequestrationCents: 1, paymentCents: 24 });
  });

  it("with no sequestration Medicare pays allowed less deductible and coinsurance", () => {
    expect(lineCostSharing(2906, 0, { coinsurancePercent: 20, sequestrationPercent: 0 })).toMatchObject({ paymentCents: 2325, patientShareCents: 581 });
  });
});
