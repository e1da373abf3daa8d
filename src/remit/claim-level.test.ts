import { describe, expect, it } from "vitest";
import { shareCents } from "./claim-level.js";

describe("shareCents", () => {
  it("shares by weight, the last part taking the rounding", () => {
    expect(shareCents(16000, [11000, 5000])).toEqual([11000, 5000]);
    expect(shareCents(10000, [1, 1, 1])).toEqual([3333, 3333, 3334]);
    expect(shareCents(101, [0, 0])).toEqual([51, 50]);
  });
});
