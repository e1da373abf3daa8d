import { describe, expect, it } from "vitest";
import { jsonDepth, nearestField, unknownFields } from "./unknown-fields.js";
import { visitSchema } from "./visit.js";

describe("unknown fields of a visit, at every level", () => {
  it("names a misspelt service field and the nearest known one", () => {
    const visit = { dateOfService: "2026-03-10", payer: { kind: "medicare" }, services: [{ code: "97110", minutes: 30 }, { code: "97530", minutes: 30, assistantMinute: 20 }] };
    expect(unknownFields(visit, visitSchema)).toEqual([{ path: "services[1].assistantMinute", field: "assistantMinute", nearest: "assistantMinutes" }]);
  });

  it("top level, payer, patient, provider and plan of care", () => {
    const visit = {
      dateOfServce: "2026-03-10",
      payer: { kind: "medicare", kynd: "x" },
      patient: { otAllowedYTD: 1 },
      provider: { disipline: "OT" },
      planOfCare: { certifiedThru: "2026-05-01" },
      services: [],
    };
    expect(unknownFields(visit, visitSchema).map((item) => [item.path, item.nearest])).toEqual([
      ["dateOfServce", "dateOfService"],
      ["payer.kynd", "kind"],
      ["patient.otAllowedYTD", "otAllowedYearToDate"],
      ["provider.disipline", "discipline"],
      ["planOfCare.certifiedThru", "certifiedThrough"],
    ]);
  });

  it("a known field is never reported, and a record's keys are free (fee schedule rates)", () => {
    const visit = { dateOfService: "2026-03-10", payer: { kind: "commercial", feeSchedule: { rates: { "97110": 30 } } }, services: [{ code: "97110", minutes: 15 }] };
    expect(unknownFields(visit, visitSchema)).toEqual([]);
  });

  it("nearestField folds case", () => {
    expect(nearestField("Minutes", ["minutes", "units"])).toBe("minutes");
  });

  it("depth is measured without recursion: 5,000 levels", () => {
    let deep: unknown = {};
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(jsonDepth(deep)).toBe(33);
    expect(jsonDepth(deep, Number.POSITIVE_INFINITY)).toBe(5001);
    expect(jsonDepth({ services: [{ modifiers: ["GO"] }] })).toBe(4);
  });

  it("depth counts arrays in arrays, the deepest branch, and an own __proto__ key as JSON.parse makes it", () => {
    expect(jsonDepth([[[]], 1, "x", null])).toBe(3);
    expect(jsonDepth({ a: 1, b: { c: [1, 2, { d: {} }] }, e: {} })).toBe(5);
    expect(jsonDepth(JSON.parse('{"__proto__": {"a": {"b": {}}}}'))).toBe(4);
    expect(jsonDepth("text")).toBe(0);
    expect(jsonDepth(null)).toBe(0);
  });
});
