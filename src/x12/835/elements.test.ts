import { describe, expect, it } from "vitest";
import { centsOf, quantity } from "./elements.js";
import type { Segment } from "./reader.js";

const svc = (units: string): Segment => ({ id: "SVC", elements: ["SVC", "HC:97530", "110", "47.14", "", units], ordinal: 7, offset: 120, length: 30 });

describe("835 element values", () => {
  it("reads quantities as X12 decimals and names the element of a bad one", () => {
    expect(quantity(svc("2"), 5, "a.835", "units")).toBe(2);
    expect(quantity(svc("1.5"), 5, "a.835", "units")).toBe(1.5);
    expect(quantity(svc("-1"), 5, "a.835", "units")).toBe(-1);
    expect(quantity(svc(".5"), 5, "a.835", "units")).toBe(0.5);
    expect(quantity(svc("3."), 5, "a.835", "units")).toBe(3);
    expect(quantity(svc(""), 5, "a.835", "units")).toBeUndefined();
    for (const bad of ["-", ".", "1.2.3", "2X", "1e3", " 2"]) expect(() => quantity(svc(bad), 5, "a.835", "units")).toThrow(`SVC05 (units) must be a number, found ${JSON.stringify(bad)}`);
  });

  it("reads amounts as exact cents", () => {
    expect([centsOf("47.14"), centsOf("-12.5"), centsOf("110"), centsOf(".07"), centsOf("1.230"), centsOf("1.234"), centsOf("12A")]).toEqual([4714, -1250, 11000, 7, 123, undefined, undefined]);
  });
});
