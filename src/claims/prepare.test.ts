import { describe, expect, it } from "vitest";
import { ClaimProblems, prepareClaim, prepareClaims } from "./prepare.js";
import { claimDocument, claimVisit, reference, withField } from "./test-support/claim-fixtures.js";

/** The message of the ClaimProblems the call throws. */
function problemsOf(call: () => unknown): ClaimProblems {
  try {
    call();
  } catch (error) {
    if (error instanceof ClaimProblems) return error;
    throw error;
  }
  throw new Error("expected ClaimProblems");
}

describe("prepareClaim", () => {
  it("prices the scrub's lines from the charge master and numbers them", () => {
    const claim = prepareClaim(claimDocument(), reference);
    expect(claim.scrub.status).toBe("review");
    expect(claim.lines).toEqual([
      { lineId: "C-1001-1", code: "97530", modifiers: ["GO"], units: 2, unitChargeCents: 5500, chargeCents: 11000, diagnosisPointers: [1, 2], dateOfService: "2026-03-10" },
      { lineId: "C-1001-2", code: "97140", modifiers: ["GO", "59"], units: 1, unitChargeCents: 4000, chargeCents: 4000, diagnosisPointers: [2], dateOfService: "2026-03-10" },
    ]);
    expect(claim.totalChargeCents).toBe(15000);
    expect(claim.diagnoses).toEqual(["I69.351", "M62.81"]);
    expect(claim.document.frequency).toBe("1");
  });

  it("splits an assistant's minutes into a CO line, each line charged for its own units", () => {
    // 38 minutes of 97110, 23 of them by the OTA: CMS 8-minute rule gives 3 units, 2 CO (Pub. 100-04 ch. 5 20.2).
    const visit = claimVisit("V-CO", [{ code: "97110", minutes: 38, assistantMinutes: 23, diagnosisPointers: [1] }], { totalTreatmentMinutes: 38 });
    const claim = prepareClaim(claimDocument("C-CO", { visit }), reference);
    expect(claim.lines.map((line) => [line.code, line.modifiers.join(" "), line.units, line.chargeCents])).toEqual(claim.scrub.lines.map((line) => [line.code, line.modifiers.join(" "), line.units, line.units * 4500]));
    expect(claim.lines.some((line) => line.modifiers.includes("CO"))).toBe(true);
    expect(claim.lines.map((line) => line.lineId)).toEqual(claim.lines.map((_, index) => `C-CO-${index + 1}`));
  });

  it("keeps an unlisted code's description for SV101-7", () => {
    const visit = claimVisit("V-U", [{ code: "97139", units: 1, description: "Sensory integration home program setup", diagnosisPointers: [1] }], { totalTreatmentMinutes: undefined });
    const claim = prepareClaim(claimDocument("C-U", { visit }), reference);
    expect(claim.lines[0]).toMatchObject({ code: "97139", description: "Sensory integration home program setup", chargeCents: 6000 });
  });

  it("names the claim, the field and the value for a billing NPI with a wrong check digit", () => {
    const problems = problemsOf(() => prepareClaim(withField(claimDocument(), "billingProvider.npi", "1234567890"), reference));
    expect(problems.code).toBe("unprocessable");
    expect(problems.message).toBe('C-1001: billingProvider.npi: check digit should be 3, not 0 (got "1234567890")');
    expect(problems.details.path).toBe("billingProvider.npi");
  });

  it("refuses a 5-digit billing ZIP and a missing subscriber birth date, both reported", () => {
    const document = withField(withField(claimDocument(), "billingProvider.address.zip", "80202"), "subscriber.birthDate", undefined);
    expect(problemsOf(() => prepareClaim(document, reference)).lines()).toEqual([
      'C-1001: billingProvider.address.zip: must be 9 digits (ZIP+4) for the billing provider (got "80202")',
      "C-1001: subscriber.birthDate: is required",
    ]);
  });

  it("names the billed code that has no charge", () => {
    const problems = problemsOf(() => prepareClaim(withField(claimDocument(), "chargeMaster", { "97530": 55 }), reference));
    expect(problems.message).toBe("C-1001: chargeMaster.97140: no charge for billed code 97140; add the practice's charge per unit");
  });

  it("refuses a visit whose scrub is reject, naming the error findings", () => {
    const visit = claimVisit("V-R", [{ code: "97001" }]);
    const problems = problemsOf(() => prepareClaim(claimDocument("C-9", { visit }), reference));
    expect(problems.message).toBe(
      "C-9: visit: the scrub rejects this visit (status reject): code.deleted (97001 (Physical therapy evaluation) was deleted on 2017-01-01; a claim with it is rejected.)",
    );
  });

  it("refuses an unlisted code without a description", () => {
    const visit = claimVisit("V-U", [{ code: "97139", units: 1, diagnosisPointers: [1] }], { totalTreatmentMinutes: undefined });
    expect(problemsOf(() => prepareClaim(claimDocument("C-U", { visit }), reference)).message).toBe(
      "C-U: visit.services[0].description: 97139 is an unlisted code: describe the service (SV101-7, the shaded line of item 24)",
    );
  });

  it("needs the payer's claim control number for a replacement", () => {
    expect(problemsOf(() => prepareClaim(claimDocument("C-7", { frequency: "7" }), reference)).message).toBe(
      "C-7: payerClaimControlNumber: is required for frequency 7 (replacement or void) (got null)",
    );
  });

  it("refuses more than 12 diagnoses (the scrub's pointer rule) and a visit without a place of service", () => {
    const diagnoses = ["I69.351", "M62.81", "R26.89", "M25.511", "M25.512", "R27.8", "G81.91", "M79.601", "M79.602", "R53.1", "Z74.09", "M62.50", "R29.898"];
    expect(problemsOf(() => prepareClaim(claimDocument("C-D", { visit: claimVisit("V-D", undefined, { diagnoses }) }), reference)).lines()).toEqual([
      "C-D: visit: the scrub rejects this visit (status reject): diagnosis.pointer (13 diagnoses; a claim carries at most 12.)",
    ]);
    expect(problemsOf(() => prepareClaim(claimDocument("C-P", { visit: claimVisit("V-P", undefined, { placeOfService: undefined }) }), reference)).lines()).toEqual([
      "C-P: visit.placeOfService: is required on a claim (CLM05-1, item 24B)",
    ]);
  });

  it("refuses a claim id with an X12 separator and a filing indicator the guide does not list", () => {
    const document = claimDocument("C*1", { payer: { name: "Medicare Part B", payerId: "04112", claimFilingIndicator: "09" } });
    expect(problemsOf(() => prepareClaim(document, reference)).lines()).toEqual([
      'C*1: claimId: cannot contain * : ^ ~ or control characters (got "C*1")',
      'C*1: payer.claimFilingIndicator: is not a 005010X222A1 claim filing indicator code (SBR09) (got "09")',
    ]);
  });

  it("warns of fields it does not know, with the nearest known one, and still prepares the claim", () => {
    const document = { ...claimDocument("C-W"), renderingProvder: { firstName: "Ana" }, visit: { ...claimDocument("C-W").visit, totalTreatmentMinute: 42 } };
    expect(prepareClaim(document, reference).warnings).toEqual([
      "C-W: visit.totalTreatmentMinute: not a field of the claim document; otbill ignored it (did you mean totalTreatmentMinutes?)",
      "C-W: renderingProvder: not a field of the claim document; otbill ignored it (did you mean renderingProvider?)",
    ]);
    expect(prepareClaim(claimDocument("C-OK"), reference).warnings).toBeUndefined();
  });

  it("answers a document that is not an object", () => {
    expect(problemsOf(() => prepareClaim("C-1", reference)).message).toBe("claim: a claim document must be a JSON object");
  });
});

describe("prepareClaims", () => {
  it("collects every claim's problems and returns nothing when any fails", () => {
    const good = claimDocument("C-1");
    const badNpi = withField(claimDocument("C-2"), "billingProvider.npi", "1234567890");
    const problems = problemsOf(() => prepareClaims([good, badNpi, claimDocument("C-1"), [1]], reference));
    expect(problems.lines()).toEqual([
      'C-2: billingProvider.npi: check digit should be 3, not 0 (got "1234567890")',
      "C-1: claimId: is used by claims 1 and 3 of the batch; each claim needs its own",
      "claims[3]: a claim document must be a JSON object",
    ]);
  });

  it("prepares a clean batch in order", () => {
    const claims = prepareClaims([claimDocument("C-1"), claimDocument("C-2")], reference);
    expect(claims.map((claim) => claim.lines.map((line) => line.lineId))).toEqual([
      ["C-1-1", "C-1-2"],
      ["C-2-1", "C-2-2"],
    ]);
  });
});
