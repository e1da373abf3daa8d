/**
 * A claim document for a payer whose profile wants the ordering provider and a prior
 * authorization (Health First Colorado): the claim's own referringProvider and
 * priorAuthorization count for the scrub, so a complete claim is not refused.
 */
import { describe, expect, it } from "vitest";
import { ClaimProblems, prepareClaim } from "./prepare.js";
import { claimDocument, claimVisit, reference } from "./test-support/claim-fixtures.js";

const COLORADO = { kind: "medicaid", name: "Health First Colorado", profile: "medicaid-colorado" } as const;
const services = [{ code: "97530", minutes: 32, diagnosisPointers: [1] }];

function refusal(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof ClaimProblems) return error.message;
    throw error;
  }
  return "";
}

describe("prepareClaim with a payer profile", () => {
  it("the claim's referring provider and PAR number satisfy Health First Colorado's rules", () => {
    const visit = claimVisit("V-CO", services, { payer: COLORADO, totalTreatmentMinutes: 32 });
    const claim = prepareClaim(claimDocument("C-CO", { visit, priorAuthorization: "PAR-9" }), reference);
    expect(claim.scrub.findings.map((item) => item.rule)).not.toContain("payer.referring-missing");
    expect(claim.scrub.findings.map((item) => item.rule)).not.toContain("payer.authorization-missing");
    expect(claim.lines.map((line) => [line.code, line.units])).toEqual([["97530", 2]]);
    // the document itself is kept as given
    expect(claim.document.visit.authorization).toBeUndefined();
  });

  it("without the PAR number the claim is refused, naming the rule", () => {
    const visit = claimVisit("V-CO2", services, { payer: COLORADO, totalTreatmentMinutes: 32 });
    expect(refusal(() => prepareClaim(claimDocument("C-CO2", { visit }), reference))).toContain("payer.authorization-missing");
  });

  it("without a referring provider on the claim or the visit the claim is refused", () => {
    const visit = claimVisit("V-CO3", services, { payer: COLORADO, totalTreatmentMinutes: 32 });
    expect(refusal(() => prepareClaim(claimDocument("C-CO3", { visit, priorAuthorization: "PAR-9", referringProvider: null }), reference))).toContain("payer.referring-missing");
  });
});
