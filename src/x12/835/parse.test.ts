import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { centsOf, dateOf } from "./elements.js";
import { formatWarning } from "./errors.js";
import { claimJson, providerAdjustmentJson } from "./json.js";
import { parse835 } from "./parse.js";
import { write835, type InterchangeSpec } from "./test-support/write-835.js";

const SAMPLES = join(import.meta.dirname, "../../../../shared/data/x12-samples/keironstoddart-edi-835-parser");
const sample = (name: string): Buffer => readFileSync(join(SAMPLES, name));

const CONTRACT_EXAMPLE: InterchangeSpec = {
  transactions: [
    {
      traceNumber: "EFT88812",
      paymentDate: "2026-11-20",
      claims: [
        {
          claimId: "C-1001",
          payerClaimControlNumber: "22026334112300",
          chargeCents: 15500,
          paidCents: 6455,
          patientResponsibilityCents: 1646,
          lines: [
            {
              code: "97530",
              modifiers: ["GO"],
              units: 2,
              chargeCents: 11000,
              allowedCents: 6012,
              lineId: "C-1001-1",
              serviceDate: "2026-11-02",
              adjustments: [
                { group: "CO", reason: "45", amountCents: 4988 },
                { group: "PR", reason: "2", amountCents: 1202 },
                { group: "CO", reason: "253", amountCents: 96 },
              ],
            },
            {
              code: "97110",
              modifiers: ["GO"],
              chargeCents: 4500,
              allowedCents: 2220,
              lineId: "C-1001-2",
              serviceDate: "2026-11-02",
              adjustments: [
                { group: "CO", reason: "45", amountCents: 2280 },
                { group: "PR", reason: "2", amountCents: 444 },
                { group: "CO", reason: "253", amountCents: 35 },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe("parse835: the contract's claim payment", () => {
  it("reads the contract example exactly", () => {
    const parsed = parse835(write835(CONTRACT_EXAMPLE));
    expect(parsed.claims).toHaveLength(1);
    const json = claimJson(parsed.claims[0]!);
    expect(json).toMatchObject({
      type: "claim",
      claimId: "C-1001",
      payerClaimControlNumber: "22026334112300",
      status: "processed-primary",
      statusCode: "1",
      charge: 155,
      paid: 64.55,
      patientResponsibility: 16.46,
      paymentDate: "2026-11-20",
      checkNumber: "EFT88812",
      payer: { name: "MEDICARE JL", id: "04112" },
      adjustments: [],
      balanced: true,
    });
    expect((json.lines as unknown[])[0]).toEqual({
      lineId: "C-1001-1",
      code: "97530",
      modifiers: ["GO"],
      units: 2,
      charge: 110,
      allowed: 60.12,
      paid: 47.14,
      serviceDate: "2026-11-02",
      adjustments: [
        { group: "CO", reason: "45", amount: 49.88 },
        { group: "PR", reason: "2", amount: 12.02 },
        { group: "CO", reason: "253", amount: 0.96 },
      ],
      remarks: [],
    });
    expect(json).not.toHaveProperty("imbalance");
  });

  it("keeps an unbalanced claim with balanced: false, the difference and a warning", () => {
    const spec = structuredClone(CONTRACT_EXAMPLE);
    spec.transactions[0]!.claims[0]!.paidCents = 6400;
    const parsed = parse835(write835(spec), { file: "u.835" });
    const json = claimJson(parsed.claims[0]!);
    expect(json.balanced).toBe(false);
    expect(json.imbalance).toBe(0.55);
    const text = write835(spec);
    expect(parsed.warnings.map(formatWarning)).toContain(`u.835: segment 15 (CLP), byte ${text.indexOf("CLP*")}: claim C-1001: charge 155.00 less adjustments 90.45 is not the payment 64.00 (off by 0.55)`);
    // BPR02 follows the written claims (64.00), so the payment itself balances.
    expect(parsed.transactions[0]!.balanced).toBe(true);
  });

  it("checks patient responsibility against the PR adjustments", () => {
    const spec = structuredClone(CONTRACT_EXAMPLE);
    spec.transactions[0]!.claims[0]!.patientResponsibilityCents = 1000;
    const claim = parse835(write835(spec)).claims[0]!;
    expect(claim.balanced).toBe(false);
    expect(claim.imbalanceCents).toBe(0);
    expect(claim.problems).toEqual(["patient responsibility 10.00 is not the sum of the PR adjustments 16.46"]);
  });

  it("checks the payment: BPR02 = claims paid - PLB (positive withheld, negative interest added)", () => {
    const spec = structuredClone(CONTRACT_EXAMPLE);
    spec.transactions[0]!.providerAdjustments = [
      { reason: "WO", reference: "OVERPAY1", amountCents: 1000 },
      { reason: "L6", amountCents: -215 },
    ];
    const parsed = parse835(write835(spec));
    expect(parsed.transactions[0]).toMatchObject({ balanced: true, imbalanceCents: 0, providerAdjustmentCents: 785 });
    expect(parsed.transactions[0]!.header.paymentCents).toBe(6455 - 785);
    expect(parsed.providerAdjustments.map(providerAdjustmentJson)).toEqual([
      { type: "provider-adjustment", providerId: "1234567893", fiscalPeriodDate: "2026-12-31", reason: "WO", reference: "OVERPAY1", amount: 10, effect: "reduces-payment", paymentDate: "2026-11-20", checkNumber: "EFT88812", payer: { name: "MEDICARE JL", id: "04112" } },
      { type: "provider-adjustment", providerId: "1234567893", fiscalPeriodDate: "2026-12-31", reason: "L6", reference: null, amount: -2.15, effect: "increases-payment", paymentDate: "2026-11-20", checkNumber: "EFT88812", payer: { name: "MEDICARE JL", id: "04112" } },
    ]);
    spec.transactions[0]!.paymentCents = 6455;
    const off = parse835(write835(spec));
    expect(off.transactions[0]).toMatchObject({ balanced: false, imbalanceCents: 785 });
    expect(off.warnings.map((warning) => warning.message)).toContain("the payment does not balance: BPR02 64.55 but the claims paid 64.55 less provider adjustments 7.85");
  });

  it("reads SVC06 (the code as billed) and several transactions in one interchange", () => {
    const spec: InterchangeSpec = {
      transactions: [
        { traceNumber: "A1", paymentDate: "2026-11-20", claims: [{ claimId: "C-1", lines: [{ code: "97535", modifiers: ["GO"], chargeCents: 5000, serviceDate: "2026-11-01", originalCode: "97537", originalModifiers: ["GO"] }] }] },
        { traceNumber: "A2", paymentDate: "2026-11-21", claims: [{ claimId: "C-2", statusCode: "4", lines: [{ code: "97110", chargeCents: 4500, serviceDate: "2026-11-02", adjustments: [{ group: "CO", reason: "97", amountCents: 4500 }], remarks: ["M80"] }] }] },
      ],
    };
    const parsed = parse835(write835(spec));
    expect(parsed.transactions.map((transaction) => transaction.header.traceNumber)).toEqual(["A1", "A2"]);
    expect(parsed.claims[0]!.lines[0]).toMatchObject({ code: "97535", originalCode: "97537", originalModifiers: ["GO"] });
    expect(claimJson(parsed.claims[1]!)).toMatchObject({ status: "denied", checkNumber: "A2", lines: [{ allowed: 0, paid: 0, remarks: ["M80"] }] });
  });
});

describe("parse835: the public samples", () => {
  it("reads the UnitedHealthcare sample, > components and a CAS with two triples", () => {
    const parsed = parse835(sample("835_united_healthcare_legacy_sample.txt"));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.claims.map((claim) => [claim.claimId, claim.chargeCents, claim.paidCents, claim.patientResponsibilityCents, claim.balanced])).toEqual([
      ["001-18573-358", 34128, 8892, 10526, true],
      ["001-18604-358", 81624, 26107, 11513, true],
    ]);
    const last = parsed.claims[1]!.lines[2]!;
    expect(last).toMatchObject({ code: "B4154", units: 178, chargeCents: 32850, paidCents: 2905, allowedCents: 14418, lineId: "123456789014", serviceDate: "2021-01-01" });
    expect(last.adjustments).toEqual([
      { group: "PR", reason: "2", amountCents: 513 },
      { group: "PR", reason: "1", amountCents: 11000 },
      { group: "CO", reason: "45", amountCents: 18432 },
    ]);
    expect(parsed.transactions[0]).toMatchObject({ balanced: true, claimsPaidCents: 34999 });
    expect(claimJson(parsed.claims[0]!).payer).toEqual({ name: "UNITED HEALTHCARE INSURANCE COMPANY", id: "87726" });
  });

  it("reads the eMedNY sample: three claims, remarks, corrected patient, a balanced payment", () => {
    const parsed = parse835(sample("835_emedny_sample.txt"));
    expect(parsed.claims.map((claim) => [claim.statusCode, claim.paidCents, claim.balanced])).toEqual([
      ["1", 3425, true],
      ["2", 0, true],
      ["2", 1150, true],
    ]);
    expect(parsed.claims[2]!.lines[2]).toMatchObject({ code: "V2700", modifiers: ["RB"], remarks: ["N206"], adjustments: [{ group: "CO", reason: "251", amountCents: 275 }] });
    expect(parsed.claims[0]!.correctedPatient).toEqual({ lastName: "CORRECTED LAST", firstName: "CORRECTED FIRST" });
    expect(parsed.transactions[0]).toMatchObject({ balanced: true, claimCount: 3 });
    expect(parsed.warnings).toEqual([]);
  });

  it("locates the Blue Cross NC sample's faults (no envelope, an SVC without its charge) instead of crashing", () => {
    expect(() => parse835(sample("835_blue_cross_nc_sample.txt"), { file: "bc.835" })).toThrow("bc.835: segment 28 (SVC), byte 623, SVC02: SVC02 (line item charge) is required");
  });
});

describe("parse835: bad input is located and refused", () => {
  const good = write835(CONTRACT_EXAMPLE);
  const at = (needle: string): number => good.indexOf(needle);

  it("a truncated file", () => {
    const cut = good.slice(0, at("SE*"));
    expect(() => parse835(cut, { file: "t.835" })).toThrow(/^t\.835: segment \d+ \(AMT\), byte \d+: the file is truncated: transaction 0001 has no SE$/);
    expect(() => parse835(good.slice(0, at("CAS*PR") + 5), { file: "t.835" })).toThrow(`t.835: segment 20 (CAS), byte ${at("CAS*PR")}: the file is truncated: it ends inside a segment with no terminator "~"`);
  });

  it("a wrong segment terminator", () => {
    const isaEnd = good.indexOf("~") + 1;
    const wrong = good.slice(0, isaEnd) + good.slice(isaEnd).replaceAll("~", "\n");
    expect(() => parse835(wrong, { file: "w.835" })).toThrow(`w.835: segment 2 (GS), byte ${isaEnd}: the segments end with "\\n", not with the terminator "~" the ISA declares`);
  });

  it("an unknown segment", () => {
    const bad = good.replace("NM1*QC", "XYZ*1~NM1*QC");
    expect(() => parse835(bad, { file: "u.835" })).toThrow(`u.835: segment 16 (XYZ), byte ${at("NM1*QC")}: unknown segment XYZ: 005010X221A1 has no such segment`);
  });

  it("a CLP with a non-numeric amount", () => {
    const bad = good.replace("CLP*C-1001*1*155*", "CLP*C-1001*1*15S*");
    expect(() => parse835(bad, { file: "n.835" })).toThrow(`n.835: segment 15 (CLP), byte ${at("CLP*")}, CLP03: CLP03 (total claim charge) must be an amount, found "15S"`);
  });

  it("a CAS group that is not one", () => {
    expect(() => parse835(good.replace("CAS*PR*2*12.02", "CAS*XX*2*12.02"))).toThrow(`CAS01 "XX" is not an adjustment group (CO, PR, OA, PI, CR)`);
  });

  it("a segment out of place", () => {
    expect(() => parse835(good.replace("LX*1~", "LX*1~SVC*HC:97530*1*1~"))).toThrow("SVC is out of place here (after the lx segments)");
  });
});

describe("amounts and dates", () => {
  it.each([
    ["0", 0],
    ["12", 1200],
    ["12.3", 1230],
    ["12.34", 1234],
    ["12.340", 1234],
    [".5", 50],
    ["-7.25", -725],
    ["1922.86", 192286],
  ])("centsOf(%s) = %i", (text, cents) => {
    expect(centsOf(text)).toBe(cents);
  });
  it.each(["", "-", ".", "1.234", "1,00", "15S", "1.2.3", "+1", " 1"])("centsOf(%j) is not an amount", (text) => {
    expect(centsOf(text)).toBeUndefined();
  });
  it.each([
    ["20260228", "2026-02-28"],
    ["20240229", "2024-02-29"],
    ["20260229", undefined],
    ["21000229", undefined],
    ["20000229", "2000-02-29"],
    ["20261301", undefined],
    ["2026011", undefined],
    ["2026-1-1", undefined],
  ])("dateOf(%s)", (text, iso) => {
    expect(dateOf(text)).toBe(iso);
  });
});
