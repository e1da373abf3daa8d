/**
 * The claim documents of the 837P tests: each covers one thing a payer checks (patient not the
 * subscriber, rendering = billing, a split CO line, KX and 59, twelve diagnoses, an unlisted
 * code, a replacement and a void, several billing providers and payers in one interchange).
 * Test support only.
 */
import { claimDocument, claimVisit, NPI, type ClaimInput } from "../../claims/test-support/claim-fixtures.js";

export const TWELVE_DIAGNOSES = ["I69.351", "M62.81", "R26.89", "M25.511", "M25.512", "R27.8", "G81.91", "M79.601", "M79.602", "R53.1", "Z74.09", "M62.50"];

const childAddress = { line1: "22 Oak Ave", line2: "Apt 3", city: "Aurora", state: "CO", zip: "800101234" };

const secondPractice: ClaimInput["billingProvider"] = {
  name: "Front Range Hand Therapy",
  npi: NPI.secondBilling,
  taxId: "842222222",
  taxonomy: "225XH1200X",
  phone: "7205550100",
  address: { line1: "9 Pearl St", line2: "Suite 200", city: "Boulder", state: "CO", zip: "803021111" },
  payToAddress: { line1: "PO Box 4410", city: "Boulder", state: "CO", zip: "80306" },
};

export const SCENARIOS: Record<string, ClaimInput> = {
  /** Medicare, the patient is the subscriber, rendered by another therapist: 97530 GO and 97140 GO 59. */
  self: claimDocument("C-SELF"),
  /** Commercial plan, the patient is the subscriber's child, billed by the rendering therapist (no 2310B), prior authorization. */
  child: claimDocument("C-CHILD", {
    visit: claimVisit("V-CHILD", [{ code: "97530", minutes: 45, diagnosisPointers: [1] }], { payer: { kind: "commercial", name: "Aetna" }, totalTreatmentMinutes: 45, diagnoses: ["R27.8"] }),
    payer: { name: "Aetna", payerId: "60054", address: { line1: "PO Box 981106", city: "El Paso", state: "TX", zip: "799981106" } },
    subscriber: { memberId: "W123456789", firstName: "Robert", lastName: "Ruiz", birthDate: "1984-07-14", sex: "M", address: childAddress, groupNumber: "GRP-7781" },
    patient: { firstName: "Lucia", lastName: "Ruiz", birthDate: "2017-02-03", sex: "F", address: childAddress, relationship: "child" },
    renderingProvider: { firstName: "Ana", lastName: "Lopez", npi: NPI.billing, taxonomy: "225X00000X" },
    priorAuthorization: "AUTH-55501",
  }),
  /** The patient is the subscriber's spouse; the rendering provider omitted (the billing provider rendered). */
  spouse: claimDocument("C-SPOUSE", {
    visit: claimVisit("V-SPOUSE", [{ code: "97535", minutes: 30, diagnosisPointers: [1, 2] }], { payer: { kind: "commercial", name: "Cigna" }, totalTreatmentMinutes: 30 }),
    payer: { name: "Cigna", payerId: "62308" },
    patient: { firstName: "Paul", lastName: "Doe", birthDate: "1948-11-30", sex: "M", address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" }, relationship: "spouse" },
    renderingProvider: null,
  }),
  /** An OTA furnished 23 of 38 minutes of 97110: a CO line and a non-CO line. */
  assistant: claimDocument("C-OTA", {
    visit: claimVisit("V-OTA", [{ code: "97110", minutes: 38, assistantMinutes: 23, diagnosisPointers: [1] }], { totalTreatmentMinutes: 38 }),
  }),
  /** Above the KX threshold: KX on every line, 59 on the distinct 97140. */
  kx: claimDocument("C-KX", {
    visit: claimVisit("V-KX", undefined, { patient: { id: "P-9", otAllowedYearToDate: 2900, deductibleRemaining: 0 } }),
  }),
  /** Twelve diagnoses: HI carries ABK and eleven ABF. */
  twelve: claimDocument("C-DX12", {
    visit: claimVisit("V-DX12", [
      { code: "97530", minutes: 30, diagnosisPointers: [1, 2, 3, 4] },
      { code: "97112", minutes: 15, diagnosisPointers: [5, 6, 7, 8] },
      { code: "97535", minutes: 15, diagnosisPointers: [9, 10, 11, 12] },
    ], { diagnoses: TWELVE_DIAGNOSES, totalTreatmentMinutes: 60 }),
  }),
  /** An unlisted code with its description (SV101-7). */
  unlisted: claimDocument("C-UNL", {
    visit: claimVisit("V-UNL", [
      { code: "97530", minutes: 30, diagnosisPointers: [1] },
      { code: "97139", units: 1, description: "Constraint induced therapy home program", diagnosisPointers: [1, 2] },
    ], { totalTreatmentMinutes: 30 }),
  }),
  /** A replacement claim (frequency 7) with the payer's claim control number. */
  replacement: claimDocument("C-REPL", { frequency: "7", payerClaimControlNumber: "22026334112300" }),
  /** A void (frequency 8). */
  void: claimDocument("C-VOID", { frequency: "8", payerClaimControlNumber: "22026334112301" }),
  /** Workers' compensation at a second practice: its own 2000A, pay-to address, service facility, CLM11 EM. */
  workersComp: claimDocument("C-WC", {
    visit: claimVisit("V-WC", [{ code: "97110", minutes: 25, diagnosisPointers: [1] }], { payer: { kind: "workers-comp", name: "Pinnacol Assurance" }, diagnoses: ["M79.601"], totalTreatmentMinutes: 25 }),
    billingProvider: secondPractice,
    renderingProvider: { firstName: "Sam", lastName: "Ortiz", npi: NPI.rendering },
    payer: { name: "Pinnacol Assurance", payerId: "PIN01" },
    serviceFacility: { name: "Boulder Work Rehab Clinic", npi: NPI.facility, address: { line1: "500 Canyon Blvd", city: "Boulder", state: "CO", zip: "803021234" } },
  }),
  /** Medicaid at the second practice, no referring provider. */
  medicaid: claimDocument("C-MCD", {
    visit: claimVisit("V-MCD", [{ code: "97530", minutes: 23, diagnosisPointers: [1] }], { payer: { kind: "medicaid", name: "Health First Colorado" }, totalTreatmentMinutes: 23 }),
    billingProvider: secondPractice,
    payer: { name: "Health First Colorado", payerId: "COMCD" },
    referringProvider: null,
  }),
  /** Medicare Advantage (SBR09 16) with the plan's authorization on the visit: REF*G1 carries its number. */
  advantage: claimDocument("C-MA", {
    visit: claimVisit("V-MA", [{ code: "97530", minutes: 30, diagnosisPointers: [1] }], {
      payer: { kind: "medicare-advantage", name: "Humana Gold" },
      totalTreatmentMinutes: 30,
      authorization: { number: "HUM-448812", visitsAllowed: 12, visitsUsed: 3, startDate: "2026-03-01", endDate: "2026-04-30" },
    }),
    payer: { name: "Humana Gold", payerId: "61101" },
  }),
  /** TRICARE (SBR09 CH). */
  tricare: claimDocument("C-TRI", {
    visit: claimVisit("V-TRI", [{ code: "97530", minutes: 30, diagnosisPointers: [1] }], { payer: { kind: "tricare", name: "TRICARE West" }, totalTreatmentMinutes: 30 }),
    payer: { name: "TRICARE West", payerId: "99726" },
  }),
  /** A self-pay claim: 5010 has no self-pay filing indicator, so SBR09 is ZZ (mutually defined). */
  selfPay: claimDocument("C-SP", {
    visit: claimVisit("V-SP", [{ code: "97530", minutes: 30, diagnosisPointers: [1] }], { payer: { kind: "self-pay", name: "Patient" }, totalTreatmentMinutes: 30 }),
    payer: { name: "Patient pay", payerId: "SELFPAY" },
  }),
  /** A commercial HMO naming its own filing indicator (HM) instead of the kind's CI. */
  hmo: claimDocument("C-HMO", {
    visit: claimVisit("V-HMO", [{ code: "97530", minutes: 30, diagnosisPointers: [1] }], { payer: { kind: "commercial", name: "Kaiser Permanente" }, totalTreatmentMinutes: 30 }),
    payer: { name: "Kaiser Permanente", payerId: "94320", claimFilingIndicator: "HM" },
  }),
};
