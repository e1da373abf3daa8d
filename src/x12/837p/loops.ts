/**
 * The loops of the 837P (005010X222A1), one function a loop, each writing its segments in the
 * guide's order. Which loops appear, and the HL numbers that tie them together, are decided by
 * write.ts; these functions only say what a loop contains. Section numbers are the guide's.
 */
import type { BillingProvider, ClaimAddress, ClaimDocument, PersonProvider } from "../../contract/claim-document.js";
import type { PreparedClaim, PreparedLine } from "../../claims/prepared-claim.js";
import { x12Amount, x12Date, type SegmentWriter } from "../segments.js";
import { claimAssignment, claimFilingIndicator, PATIENT_RELATIONSHIP_CODE, priorAuthorizationNumber, relatedCauses } from "./codes.js";

/** HL03 Hierarchical Level Code of each level (2000A, 2000B, 2000C). */
export const HL_LEVEL = { billingProvider: "20", subscriber: "22", patient: "23" } as const;

/** NM102 Entity Type Qualifier: 1 a person, 2 an organization. */
const PERSON = "1";
const ORGANIZATION = "2";
/** NM108 XX: the NPI (HIPAA national provider identifier); 46 an ETIN; PI a payer id; MI a member id. */
const NPI = "XX";

function address(w: SegmentWriter, where: ClaimAddress): string {
  return w.segment("N3", where.line1, where.line2) + w.segment("N4", where.city, where.state, where.zip);
}

/** Header, 1000A submitter and 1000B receiver (sections 2.3.1.1 and 2.3.1.2). */
export function header(w: SegmentWriter, document: ClaimDocument, reference: string, date: string, time: string): string {
  const { submitter, receiver } = document;
  return (
    // BHT02 00 original; BHT06 CH chargeable (a claim, not an encounter report).
    w.segment("BHT", "0019", "00", reference, x12Date(date), time, "CH") +
    w.segment("NM1", "41", ORGANIZATION, submitter.name, null, null, null, null, "46", submitter.id) +
    w.segment("PER", "IC", submitter.contactName, "TE", submitter.phone) +
    w.segment("NM1", "40", ORGANIZATION, receiver.name, null, null, null, null, "46", receiver.id)
  );
}

/** 2000A billing provider level with 2010AA and, when given, 2010AB pay-to address. */
export function billingProviderLoop(w: SegmentWriter, hl: number, billing: BillingProvider, submitterPhone: string): string {
  let text =
    w.segment("HL", hl, null, HL_LEVEL.billingProvider, "1") +
    // PRV*BI: payers route and price by the billing taxonomy; a missing one is a common rejection.
    w.segment("PRV", "BI", "PXC", billing.taxonomy) +
    w.segment("NM1", "85", ORGANIZATION, billing.name, null, null, null, null, NPI, billing.npi) +
    address(w, billing.address) +
    w.segment("REF", "EI", billing.taxId);
  // 2010AA PER: only when it differs from the submitter's contact (guide note).
  if (billing.phone && billing.phone !== submitterPhone) text += w.segment("PER", "IC", billing.name, "TE", billing.phone);
  if (billing.payToAddress) text += w.segment("NM1", "87", ORGANIZATION) + address(w, billing.payToAddress);
  return text;
}

/** 2000B subscriber level: SBR, 2010BA subscriber, 2010BB payer. */
export function subscriberLoop(w: SegmentWriter, hl: number, parent: number, document: ClaimDocument): string {
  const { subscriber, payer } = document;
  const patientIsSubscriber = document.patient === null;
  let text =
    w.segment("HL", hl, parent, HL_LEVEL.subscriber, patientIsSubscriber ? "0" : "1") +
    // SBR01 P: otbill writes primary claims. SBR02 18 (self) only when the patient is the subscriber.
    w.segment("SBR", "P", patientIsSubscriber ? "18" : null, subscriber.groupNumber, null, null, null, null, null, claimFilingIndicator(document)) +
    w.segment("NM1", "IL", PERSON, subscriber.lastName, subscriber.firstName, null, null, null, "MI", subscriber.memberId);
  // 2010BA N3, N4 and DMG: "Required when the patient is the subscriber or considered to be the
  // subscriber. If not required by this implementation guide, do not send." (X12 RFI 2281);
  // otherwise the patient's address and demographics go in 2010CA.
  if (patientIsSubscriber) text += address(w, subscriber.address) + w.segment("DMG", "D8", x12Date(subscriber.birthDate), subscriber.sex);
  text += w.segment("NM1", "PR", ORGANIZATION, payer.name, null, null, null, null, "PI", payer.payerId);
  if (payer.address) text += address(w, payer.address);
  return text;
}

/** 2000C patient level and 2010CA, when the patient is not the subscriber. */
export function patientLoop(w: SegmentWriter, hl: number, parent: number, patient: NonNullable<ClaimDocument["patient"]>): string {
  return (
    w.segment("HL", hl, parent, HL_LEVEL.patient, "0") +
    w.segment("PAT", PATIENT_RELATIONSHIP_CODE[patient.relationship]) +
    w.segment("NM1", "QC", PERSON, patient.lastName, patient.firstName) +
    address(w, patient.address) +
    w.segment("DMG", "D8", x12Date(patient.birthDate), patient.sex)
  );
}

function sameAddress(a: ClaimAddress, b: ClaimAddress): boolean {
  return a.line1 === b.line1 && (a.line2 ?? "") === (b.line2 ?? "") && a.city === b.city && a.state === b.state && a.zip.slice(0, 5) === b.zip.slice(0, 5);
}

function personProvider(w: SegmentWriter, entity: string, person: PersonProvider): string {
  return w.segment("NM1", entity, PERSON, person.lastName, person.firstName, null, null, null, NPI, person.npi);
}

/** ICD-10-CM codes go on the claim without their dot (guide 2300 HI note). */
function undotted(code: string): string {
  return code.replace(".", "");
}

/** 2300 claim with its 2310 provider loops and one 2400 loop a line. */
export function claimLoop(w: SegmentWriter, claim: PreparedClaim): string {
  const { document } = claim;
  const assignment = claimAssignment(document);
  const yes = (flag: boolean): string => (flag ? "Y" : "N");
  const placeOfService = document.visit.placeOfService ?? "";
  let text = w.segment(
    "CLM",
    document.claimId,
    x12Amount(claim.totalChargeCents),
    null,
    null,
    // CLM05: place of service : B (the POS code set) : claim frequency (1, 7, 8).
    [placeOfService, "B", document.frequency],
    yes(assignment.providerSignatureOnFile),
    assignment.acceptsAssignment ? "A" : "C",
    yes(assignment.benefitsAssigned),
    assignment.releaseOfInformation,
    null,
    relatedCauses(document) ? [relatedCauses(document)] : null,
  );
  const authorization = priorAuthorizationNumber(document);
  if (authorization) text += w.segment("REF", "G1", authorization);
  // REF*F8: a replacement (7) or void (8) names the payer's control number of the claim it corrects.
  if (document.frequency !== "1" && document.payerClaimControlNumber) text += w.segment("REF", "F8", document.payerClaimControlNumber);
  const diagnoses = claim.diagnoses.map((code, index) => [index === 0 ? "ABK" : "ABF", undotted(code)] as const);
  text += w.segment("HI", ...diagnoses);
  if (document.referringProvider) text += personProvider(w, "DN", document.referringProvider);
  const rendering = document.renderingProvider;
  // 2310B only when someone other than the billing provider rendered the service (guide note).
  if (rendering && rendering.npi !== document.billingProvider.npi) {
    text += personProvider(w, "82", rendering);
    if (rendering.taxonomy) text += w.segment("PRV", "PE", "PXC", rendering.taxonomy);
  }
  const facility = document.serviceFacility;
  // 2310C: "Required when the location of health care service is different than that carried
  // in Loop ID-2010AA" (guide note); a facility at the billing address is not repeated.
  if (facility && !sameAddress(facility.address, document.billingProvider.address)) {
    text += w.segment("NM1", "77", ORGANIZATION, facility.name, null, null, null, null, facility.npi ? NPI : null, facility.npi) + address(w, facility.address);
  }
  claim.lines.forEach((line, index) => {
    text += serviceLine(w, index + 1, line);
  });
  return text;
}

/** 2400: LX, SV1, DTP*472, REF*6R. */
export function serviceLine(w: SegmentWriter, number: number, line: PreparedLine): string {
  const modifiers = [line.modifiers[0], line.modifiers[1], line.modifiers[2], line.modifiers[3]];
  return (
    w.segment("LX", number) +
    w.segment(
      "SV1",
      // SV101: HC (HCPCS/CPT) : code : up to four modifiers : description (SV101-7, unlisted codes).
      ["HC", line.code, ...modifiers, line.description],
      x12Amount(line.chargeCents),
      "UN",
      line.units,
      null,
      null,
      // SV107: the pointers, a composite (1:2:3:4).
      line.diagnosisPointers,
    ) +
    w.segment("DTP", "472", "D8", x12Date(line.dateOfService)) +
    w.segment("REF", "6R", line.lineId)
  );
}
