/**
 * The code lists of 005010X222A1 that otbill derives from a claim document, each a table so
 * the mapping can be read and checked against the implementation guide in one place.
 */
import type { ClaimDocument } from "../../contract/claim-document.js";
import type { Payer } from "../../contract/visit.js";

/**
 * SBR09 Claim Filing Indicator Code from the payer kind (contract Part 2). Self-pay has no code
 * of its own in 5010 (4010's "09" was withdrawn), so it is ZZ, mutually defined.
 */
export const FILING_INDICATOR_OF_KIND: Record<Payer["kind"], string> = {
  medicare: "MB",
  "medicare-advantage": "16",
  medicaid: "MC",
  tricare: "CH",
  commercial: "CI",
  "workers-comp": "WC",
  "self-pay": "ZZ",
};

/** Every SBR09 code the implementation guide allows (element 1032 as used in 2000B SBR). */
export const FILING_INDICATOR_CODES: ReadonlySet<string> = new Set([
  "11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS", "FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ",
]);

/** SBR09 for a claim: the payer's own indicator when the document gives one, else the kind's. */
export function claimFilingIndicator(document: ClaimDocument): string {
  return document.payer.claimFilingIndicator ?? FILING_INDICATOR_OF_KIND[document.visit.payer.kind];
}

/** PAT01 Individual Relationship Code of the patient to the subscriber (2000C). */
export const PATIENT_RELATIONSHIP_CODE: Record<NonNullable<ClaimDocument["patient"]>["relationship"], string> = {
  spouse: "01",
  child: "19",
  other: "G8",
};

export interface ClaimAssignment {
  /** CLM06: the provider's signature is on file */
  providerSignatureOnFile: boolean;
  /** CLM07: A assigned, C not assigned */
  acceptsAssignment: boolean;
  /** CLM08: the insured authorized payment to the provider (Y) or not (N) */
  benefitsAssigned: boolean;
  /** CLM09: Y signed release on file, I informed consent without a signature */
  releaseOfInformation: "Y" | "I";
}

/**
 * What CLM06-CLM09 (CMS-1500 items 12, 13, 27, 31) say for this claim. A participating
 * provider accepts assignment by agreement (42 CFR 424.55); a non-participating one is taken
 * not to unless the document says it does. The document's `assignment` overrides each flag.
 */
export function claimAssignment(document: ClaimDocument): ClaimAssignment {
  const given = document.assignment ?? {};
  const acceptsAssignment = given.acceptsAssignment ?? document.visit.provider?.participating !== false;
  return {
    providerSignatureOnFile: given.providerSignatureOnFile ?? true,
    acceptsAssignment,
    benefitsAssigned: given.benefitsAssigned ?? acceptsAssignment,
    releaseOfInformation: given.releaseOfInformation ?? "Y",
  };
}

/** CLM11-1 Related Causes Code: a workers' compensation claim is employment related (EM). */
export function relatedCauses(document: ClaimDocument): string | undefined {
  return document.visit.payer.kind === "workers-comp" ? "EM" : undefined;
}

/**
 * REF*G1 (item 23): the claim's prior authorization number, else the one the visit's
 * authorization carries (the store and the payer rules keep it there).
 */
export function priorAuthorizationNumber(document: ClaimDocument): string | undefined {
  return document.priorAuthorization ?? document.visit.authorization?.number ?? undefined;
}
