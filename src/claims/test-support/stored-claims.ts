/**
 * A practice with every party a claim names, on top of the store's small practice fixture:
 * billing address with ZIP+4, EIN, taxonomy, a certifying physician on the plan, patient
 * demographics, payer ids, a charge master and clearinghouse settings. Test support only.
 */
import { createCharge } from "../../store/charge-master.js";
import { createClearinghouse } from "../../store/clearinghouses.js";
import { updateCoverage } from "../../store/coverages.js";
import type { Clearinghouse, Physician } from "../../store/entities.js";
import { updatePatient } from "../../store/patients.js";
import { updatePayer } from "../../store/payers.js";
import { createPhysician } from "../../store/physicians.js";
import { updatePlanOfCare } from "../../store/plans-of-care.js";
import { updatePractice } from "../../store/practices.js";
import { updateProvider } from "../../store/providers.js";
import { seedPracticeFixture, type PracticeFixture } from "../../store/test-support/fixtures.js";
import type { Db } from "../../store/transaction.js";

export const REFERRING_NPI = "1972543114";
/** the group (type 2) NPI; the OT renders under her own */
export const GROUP_NPI = "1555555550";

/** cents per unit, in force from 2026-01-01 */
export const CHARGE_CENTS: Record<string, number> = { "97530": 5500, "97535": 5250, "97110": 4500, "97140": 4000, "97165": 15000 };

export interface ClaimsFixture extends PracticeFixture {
  physician: Physician;
  clearinghouse: Clearinghouse;
}

export async function seedClaimsFixture(db: Db, name = "Claims OT Clinic"): Promise<ClaimsFixture> {
  const base = await seedPracticeFixture(db, name);
  const practice = await updatePractice(db, base.practice.id, {
    version: base.practice.version,
    npi: GROUP_NPI,
    taxId: "84-1234567",
    billingName: "Sunrise Occupational Therapy",
    taxonomy: "225X00000X",
    phone: "3035551212",
    address: { line1: "100 Main St", line2: "Suite 2", city: "Denver", state: "CO", zip: "802021234" },
  });
  const ot = await updateProvider(db, base.ot.id, { version: base.ot.version, taxonomy: "225X00000X" });
  const physician = await createPhysician(db, { practiceId: practice.id, firstName: "Mark", lastName: "Chen", npi: REFERRING_NPI });
  const plan = await updatePlanOfCare(db, base.plan.id, { version: base.plan.version, certifyingPhysicianId: physician.id });
  const patient = await updatePatient(db, base.patient.id, {
    version: base.patient.version,
    sex: "F",
    phone: "3035550100",
    address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" },
  });
  const medicare = await updatePayer(db, base.medicare.id, { version: base.medicare.version, electronicPayerId: "04112" });
  const commercial = await updatePayer(db, base.commercial.id, {
    version: base.commercial.version,
    electronicPayerId: "60054",
    address: { line1: "PO Box 14079", city: "Lexington", state: "KY", zip: "405124079" },
  });
  const coverage = await updateCoverage(db, base.coverage.id, { version: base.coverage.version });
  for (const [code, chargeCents] of Object.entries(CHARGE_CENTS)) await createCharge(db, { practiceId: practice.id, code, chargeCents, effectiveFrom: "2026-01-01" });
  const clearinghouse = await createClearinghouse(db, {
    practiceId: practice.id,
    submitterId: "SUB123",
    submitterName: "Sunrise Occupational Therapy",
    contactName: "Billing Office",
    contactPhone: "3035551212",
    receiverId: "04112",
    receiverName: "MEDICARE JL",
    senderId: "SUB123",
    interchangeReceiverId: "04112",
  });
  return { ...base, practice, ot, physician, plan, patient, medicare, commercial, coverage, clearinghouse };
}
