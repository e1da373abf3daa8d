import { describe, expect, it } from "vitest";
import { parse835 } from "../parse.js";
import { validate835 } from "./validate-835.js";
import { write835, type InterchangeSpec } from "./write-835.js";

export const EVERYTHING: InterchangeSpec = {
  controlNumber: 7,
  transactions: [
    {
      traceNumber: "EFT88812",
      paymentDate: "2026-11-20",
      claims: [
        {
          claimId: "C-1001",
          lines: [
            {
              code: "97530",
              modifiers: ["GO"],
              units: 2,
              chargeCents: 11000,
              lineId: "C-1001-1",
              serviceDate: "2026-11-02",
              allowedCents: 6012,
              adjustments: [
                { group: "CO", reason: "45", amountCents: 4988 },
                { group: "PR", reason: "2", amountCents: 1202 },
                { group: "CO", reason: "253", amountCents: 96 },
              ],
            },
            { code: "97110", modifiers: ["GO", "59"], chargeCents: 4500, serviceDate: "2026-11-02", adjustments: [{ group: "CO", reason: "97", amountCents: 4500 }], remarks: ["M15"] },
          ],
          remarks: ["MA01"],
        },
        { claimId: "C-1000", statusCode: "22", lines: [{ code: "97165", modifiers: ["GO"], chargeCents: -15000, paidCents: -9000, serviceDate: "2026-10-01", adjustments: [{ group: "CO", reason: "45", amountCents: -6000 }] }] },
      ],
      providerAdjustments: [{ reason: "L6", reference: "INTEREST", amountCents: -125 }],
    },
    { traceNumber: "CHK2", paymentDate: "2026-11-21", claims: [{ claimId: "C-1002", statusCode: "4", lines: [{ code: "97535", chargeCents: 5000, serviceDate: "2026-11-03", adjustments: [{ group: "CO", reason: "236", amountCents: 5000 }], originalCode: "97537" }] }] },
  ],
};

describe("write835", () => {
  it("writes an interchange the independent validator accepts, and that reads back balanced", () => {
    const text = write835(EVERYTHING);
    const result = validate835(text);
    expect(result.output).toContain(": OK");
    expect(result.ok).toBe(true);
    const parsed = parse835(text);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.claims.map((claim) => [claim.claimId, claim.paidCents, claim.balanced])).toEqual([
      ["C-1001", 4714, true],
      ["C-1000", -9000, true],
      ["C-1002", 0, true],
    ]);
    expect(parsed.transactions.map((transaction) => [transaction.header.paymentCents, transaction.balanced])).toEqual([
      [4714 - 9000 + 125, true],
      [0, true],
    ]);
  });

  it("writes with newlines and other delimiters, still valid", () => {
    const text = write835({ ...EVERYTHING, newlines: true, delimiters: { element: "|", component: ">", segment: "~" } });
    expect(validate835(text).ok).toBe(true);
    expect(parse835(text).claims).toHaveLength(3);
  });
});
