import { describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { explainPricedLine } from "./explain.js";
import { priceVisit } from "./price-visit.js";

const day = loadReference({ importedDir: null }).on("2026-03-10");

describe("explainPricedLine", () => {
  it("walks a Medicare line from RVU x GPCI to who pays what", () => {
    const result = priceVisit([{ code: "97530", units: 2, assistant: false }], { day, payerKind: "medicare", deductibleRemainingCents: 4000, participating: true });
    const text = explainPricedLine(result.lines[0]!, result, { date: day.date }).join("\n");
    expect(text).toContain("1.05 x 33.4009 = 35.070945 -> $35.07 a unit in full");
    expect(text).toContain("Allowed: $60.12 (35.07 + 25.05)");
    // 60.12 - 40.00 = 20.12; coinsurance 4.024 -> 4.02; 16.10 less 2% (0.322 -> 0.32) = 15.78
    expect(text).toContain("Patient: deductible $40.00 + 20% coinsurance $4.02 = $44.02");
    expect(text).toContain("Medicare: $16.10 less sequestration 2% $0.32 = $15.78");
  });

  it("shows a payer rate without RVUs", () => {
    const result = priceVisit([{ code: "97530", units: 2, assistant: true }], { day, payerKind: "commercial", payerFeeSchedule: { rates: { "97530": 40 } } });
    const text = explainPricedLine(result.lines[0]!, result, { date: day.date }).join("\n");
    expect(text).toContain("Payer rate: $40.00 a unit (no MPPR on a contract rate)");
    expect(text).toContain("Allowed: $80.00 (40.00 + 40.00)");
    expect(text).not.toContain("RVU x GPCI");
  });
});
