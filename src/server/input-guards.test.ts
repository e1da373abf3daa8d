import { describe, expect, it } from "vitest";
import { checkJsonValue, MAX_JSON_DEPTH } from "./input-guards.js";

function failure(value: unknown): { message: string; path?: string } | undefined {
  try {
    checkJsonValue(value);
    return undefined;
  } catch (error) {
    const { message, details } = error as { message: string; details: { path?: string } };
    return { message, ...(details.path ? { path: details.path } : {}) };
  }
}

describe("checkJsonValue", () => {
  it("names the field of a failing value however deep it sits, past arrays and objects", () => {
    expect(failure({ services: [{ code: "97530" }, { code: "975\u000035" }] })).toEqual({ message: "services[1].code: contains a NUL character (\\u0000), which cannot be stored", path: "services[1].code" });
    expect(failure({ patient: { visits: [[1, 2_147_483_648]] } })).toEqual({ message: "patient.visits[0][1]: 2147483648 is out of range (at most 2147483647)", path: "patient.visits[0][1]" });
    expect(failure({ payer: { constructor: { prototype: {} } } })).toEqual({ message: "payer.constructor.prototype: is not an allowed field name", path: "payer.constructor.prototype" });
    expect(failure(JSON.parse('{"a":[{"__proto__":1}]}'))).toEqual({ message: "a[0].__proto__: is not an allowed field name", path: "a[0].__proto__" });
  });

  it("accepts a value nested exactly to the limit and rejects one level more", () => {
    const nested = (levels: number): unknown => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    expect(failure(nested(MAX_JSON_DEPTH))).toBeUndefined();
    const deeper = failure({ a: nested(MAX_JSON_DEPTH) });
    expect(deeper?.message).toBe(`a${"[0]".repeat(MAX_JSON_DEPTH - 1)}: nested more than ${MAX_JSON_DEPTH} levels deep`);
  });

  it("accepts an ordinary visit", () => {
    expect(failure({ dateOfService: "2026-03-10", services: [{ code: "97530", minutes: 38, diagnosisPointers: [1, 2] }], diagnoses: ["I69.351"] })).toBeUndefined();
  });
});
