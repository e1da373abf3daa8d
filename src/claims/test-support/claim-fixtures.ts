/**
 * Claim documents for tests: the contract's example claim (Part 2, "Claim document") around
 * the default 2026 Medicare OT visit, and small builders for the variants the 837P and
 * CMS-1500 tests need. Test support only: tsconfig.build.json leaves it out of dist.
 */
import type { z } from "zod";
import type { claimDocumentSchema } from "../../contract/claim-document.js";
import { defaultVisit, type ServiceInput, type VisitInput } from "../../engine/test-support/scrub-fixtures.js";

export { reference } from "../../engine/test-support/scrub-fixtures.js";

export type ClaimInput = z.input<typeof claimDocumentSchema>;

/** Valid NPIs (Luhn check digit over 80840 + the first nine digits). */
export const NPI = {
  billing: "1234567893",
  rendering: "1245319599",
  referring: "1972543114",
  secondBilling: "1555555550",
  facility: "1666666668",
} as const;

export const CHARGES = { "97530": 55, "97110": 45, "97140": 40, "97112": 50, "97535": 52.5, "97165": 150, "97166": 175, "97139": 60, "97039": 35 } as const;

/** A 2026 Medicare OT visit: 32 minutes of 97530 and 10 of 97140 documented as distinct, GO lines. */
export function claimVisit(id: string, services?: ServiceInput[], over: Partial<VisitInput> = {}): VisitInput {
  return {
    ...defaultVisit(id),
    services: services ?? [
      { code: "97530", minutes: 32, diagnosisPointers: [1, 2] },
      { code: "97140", minutes: 10, distinct: true, diagnosisPointers: [2] },
    ],
    totalTreatmentMinutes: 42,
    ...over,
  };
}

/** The contract's example claim document; `over` replaces whole blocks. */
export function claimDocument(claimId = "C-1001", over: Partial<ClaimInput> = {}): ClaimInput {
  return {
    claimId,
    frequency: "1",
    payerClaimControlNumber: null,
    visit: claimVisit(`V-${claimId}`),
    chargeMaster: { ...CHARGES },
    billingProvider: {
      name: "Sunrise Occupational Therapy",
      npi: NPI.billing,
      taxId: "841234567",
      taxonomy: "225X00000X",
      phone: "3035551212",
      address: { line1: "100 Main St", city: "Denver", state: "CO", zip: "802021234" },
    },
    renderingProvider: { firstName: "Ana", lastName: "Lopez", npi: NPI.rendering, taxonomy: "225X00000X" },
    referringProvider: { firstName: "Mark", lastName: "Chen", npi: NPI.referring },
    subscriber: {
      memberId: "1EG4TE5MK72",
      firstName: "Jane",
      lastName: "Doe",
      birthDate: "1950-01-01",
      sex: "F",
      address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" },
    },
    patient: null,
    payer: { name: "Medicare Part B", payerId: "04112" },
    priorAuthorization: null,
    submitter: { name: "Sunrise Occupational Therapy", id: "SUB123", contactName: "Billing Office", phone: "3035551212" },
    receiver: { name: "MEDICARE JL", id: "04112" },
    ...over,
  };
}

/** A deep copy with one field set by a dotted path, for bad-input tests. */
export function withField(document: ClaimInput, path: string, value: unknown): ClaimInput {
  const copy = structuredClone(document) as Record<string, unknown>;
  const parts = path.split(".");
  let target: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy as ClaimInput;
}
