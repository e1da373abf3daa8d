import { describe, expect, it } from "vitest";
import { exact } from "./exact.js";
import { mpprKey, mpprRanks, rankMpprUnits, type MpprCandidate } from "./mppr.js";

function candidate(line: number, unit: number, pe: number, total: number): MpprCandidate {
  return { line, unit, pePayment: exact(pe, 2), total: exact(total, 2) };
}

describe("rankMpprUnits", () => {
  it("ranks by PE payment, highest first", () => {
    const ranks = rankMpprUnits([candidate(0, 0, 1369, 2906), candidate(1, 0, 2004, 3507), candidate(1, 1, 2004, 3507)]);
    expect([ranks.get(mpprKey(1, 0)), ranks.get(mpprKey(1, 1)), ranks.get(mpprKey(0, 0))]).toEqual([1, 2, 3]);
  });

  it("breaks a PE tie by the higher total, then by claim order", () => {
    const ranks = rankMpprUnits([candidate(0, 0, 2004, 2981), candidate(1, 0, 2004, 3507), candidate(2, 0, 2004, 3507)]);
    expect(ranks.get(mpprKey(1, 0))).toBe(1);
    expect(ranks.get(mpprKey(2, 0))).toBe(2);
    expect(ranks.get(mpprKey(0, 0))).toBe(3);
  });

  it("gives the ranks in candidate order, comparing amounts of different scales exactly", () => {
    // 20.04 at scale 2 and 20.040000001 at scale 9: the second is higher by a billionth of a dollar
    const ranks = mpprRanks([candidate(0, 0, 2004, 3507), { line: 1, unit: 0, pePayment: exact(20040000001, 9), total: exact(1, 2) }, candidate(1, 1, 1369, 2906)]);
    expect(ranks).toEqual([2, 1, 3]);
  });

  it("has nothing to rank for an empty visit", () => {
    expect(rankMpprUnits([]).size).toBe(0);
  });
});
