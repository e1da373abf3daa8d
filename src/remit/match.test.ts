import { describe, expect, it } from "vitest";
import type { ServicePayment } from "../x12/835/types.js";
import { matchLines, type StoredLine } from "./match.js";

const stored: StoredLine[] = [
  { id: 11, lineId: "C-1-1", code: "97530", modifiers: ["GO"] },
  { id: 12, lineId: "C-1-2", code: "97110", modifiers: ["GO", "59"] },
  { id: 13, lineId: "C-1-3", code: "97110", modifiers: ["GO"] },
];

function svc(part: Partial<ServicePayment>): ServicePayment {
  return { qualifier: "HC", code: "97530", modifiers: [], units: 1, chargeCents: 100, paidCents: 100, adjustments: [], remarks: [], imbalanceCents: 0, segment: 1, ...part };
}

describe("matchLines", () => {
  it("matches REF*6R first, whatever the code says", () => {
    expect(matchLines(stored, "2026-11-02", [svc({ lineId: "C-1-3", code: "97110" }), svc({ lineId: "C-1-1" })])).toEqual([13, 11]);
  });

  it("then code + modifiers + date, then code + date when the payer dropped the modifiers", () => {
    const payments = [svc({ code: "97110", modifiers: ["GO"], serviceDate: "2026-11-02" }), svc({ code: "97110", modifiers: [], serviceDate: "2026-11-02" }), svc({ code: "97530", serviceDate: "2026-11-02" })];
    expect(matchLines(stored, "2026-11-02", payments)).toEqual([13, 12, 11]);
  });

  it("uses SVC06 (the code as billed) when the payer changed the code", () => {
    expect(matchLines(stored, "2026-11-02", [svc({ code: "97112", originalCode: "97530", originalModifiers: ["GO"] })])).toEqual([11]);
  });

  it("leaves a payment for another date or code unmatched", () => {
    expect(matchLines(stored, "2026-11-02", [svc({ code: "97530", serviceDate: "2026-11-03" }), svc({ code: "97165" })])).toEqual([null, null]);
  });
});
