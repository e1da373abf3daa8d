/** A small practice for tests: an OT, an OTA, Medicare and a commercial payer, one patient. */
import { createCoverage } from "../coverages.js";
import type { Coverage, Patient, Payer, PlanOfCareRecord, Practice, Provider, StoredService, VisitInput } from "../entities.js";
import { createPatient } from "../patients.js";
import { createPayer } from "../payers.js";
import { createPlanOfCare } from "../plans-of-care.js";
import { createPractice } from "../practices.js";
import { createProvider } from "../providers.js";
import type { Db } from "../transaction.js";

export interface PracticeFixture {
  practice: Practice;
  ot: Provider;
  ota: Provider;
  medicare: Payer;
  commercial: Payer;
  patient: Patient;
  plan: PlanOfCareRecord;
  coverage: Coverage;
}

export const OT_NPI = "1234567893";
export const OTA_NPI = "1245319599";

export async function seedPracticeFixture(db: Db, name = "Fixture OT Clinic"): Promise<PracticeFixture> {
  const practice = await createPractice(db, { name });
  const ot = await createProvider(db, { practiceId: practice.id, npi: OT_NPI, firstName: "Olivia", lastName: "Tran", discipline: "OT", role: "therapist" });
  const ota = await createProvider(db, { practiceId: practice.id, npi: OTA_NPI, firstName: "Omar", lastName: "Ames", discipline: "OT", role: "assistant" });
  const medicare = await createPayer(db, { practiceId: practice.id, name: "Medicare Part B", kind: "medicare" });
  const commercial = await createPayer(db, { practiceId: practice.id, name: "Acme Health", kind: "commercial", unitRule: "ama", feeSchedule: { percentOfMedicare: 110 } });
  const patient = await createPatient(db, { practiceId: practice.id, externalId: "P-1", firstName: "Pat", lastName: "Doe", birthDate: "1950-04-01" });
  const plan = await createPlanOfCare(db, {
    patientId: patient.id,
    providerId: ot.id,
    discipline: "OT",
    initialEvaluationDate: "2026-01-05",
    certifiedFrom: "2026-01-05",
    certifiedThrough: "2026-04-04",
    signedDate: "2026-01-09",
    progressReportDates: [],
  });
  const coverage = await createCoverage(db, { patientId: patient.id, payerId: medicare.id, memberId: "1EG4-TE5-MK73", priority: 1 });
  return { practice, ot, ota, medicare, commercial, patient, plan, coverage };
}

export const THERAPY_SERVICES: StoredService[] = [
  { code: "97530", minutes: 30, diagnosisPointers: [1] },
  { code: "97535", minutes: 15, diagnosisPointers: [1] },
];

export function visitInput(fixture: PracticeFixture, dateOfService: string, extra: Partial<VisitInput> = {}): VisitInput {
  return {
    practiceId: fixture.practice.id,
    patientId: fixture.patient.id,
    providerId: fixture.ot.id,
    payerId: fixture.medicare.id,
    dateOfService,
    placeOfService: "11",
    diagnoses: ["I69.351"],
    totalTreatmentMinutes: 45,
    services: THERAPY_SERVICES,
    ...extra,
  };
}
