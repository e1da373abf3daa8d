/**
 * Writes the demo practice (generate.ts) into a store in one transaction, then bills it
 * the way a practice would: a claim for every visit older than a week, built from the
 * history-aware scrub in date order (so KX year-to-date grows as it would), sent, and the
 * older ones answered by their payers' 835s, posted as any remittance would be
 * (src/remit/demo-remittances.ts). Claims whose scrub found errors stay drafts to fix.
 */
import type { Reference } from "../../reference/reference.js";
import { postDemoRemittances } from "../../remit/demo-remittances.js";
import { addDays, daysBetween, type IsoDate } from "../../reference/dates.js";
import { createCharge } from "../charge-master.js";
import { advanceClaim, createClaimFromScrub } from "../claims.js";
import { createClearinghouse } from "../clearinghouses.js";
import { createCoverage } from "../coverages.js";
import type { ClaimStatus, Provider } from "../entities.js";
import { scrubStoredVisit } from "../history.js";
import { createPatient } from "../patients.js";
import { createPayer } from "../payers.js";
import { createPhysician } from "../physicians.js";
import { createPlanOfCare } from "../plans-of-care.js";
import { createPractice, listPractices } from "../practices.js";
import { createProvider } from "../providers.js";
import { inTransaction, type Db } from "../transaction.js";
import { createVisit } from "../visits.js";
import { DEMO_BILLING, DEMO_CHARGE_CENTS, DEMO_CLEARINGHOUSE, DEMO_PAYER_PARTIES, DEMO_PHYSICIANS, demoPatientParties, TAXONOMY_OF_ROLE } from "./parties.js";
import { DEMO_PRACTICE_NAME, generateDemoPractice, type DemoOptions, type DemoPayerKey, type DemoVisit } from "./generate.js";

export interface DemoSummary {
  practiceId: number;
  providers: number;
  patients: number;
  visits: number;
  claims: Record<ClaimStatus, number>;
  /** false when the demo practice was already there */
  seeded: boolean;
}

/** The path a claim of this age has travelled before its payer answered. */
function claimPath(ageInDays: number): ClaimStatus[] {
  // Last week's claims: the newest wait in the ready queue for the next batch.
  if (ageInDays < 11) return [];
  if (ageInDays < 14) return ["ready", "submitted"];
  // Older claims were answered: their 835s are posted below (src/remit/demo-remittances.ts).
  return ["ready", "submitted"];
}

/** Who the demo's claim history names. */
const DEMO_ACTOR = { actor: "system:demo" };

export async function findDemoPractice(db: Db): Promise<number | undefined> {
  const page = await listPractices(db, { q: DEMO_PRACTICE_NAME }, { limit: 1 });
  return page.items[0]?.id;
}

export async function seedDemo(db: Db, reference: Reference, options: DemoOptions = {}): Promise<DemoSummary> {
  const demo = generateDemoPractice(options);
  return inTransaction(db, async (trx) => {
    const claims: Record<ClaimStatus, number> = { draft: 0, ready: 0, submitted: 0, paid: 0, partial: 0, denied: 0, appealed: 0, void: 0, replaced: 0 };
    const existing = await findDemoPractice(trx);
    if (existing !== undefined) return { practiceId: existing, providers: 0, patients: 0, visits: 0, claims, seeded: false };

    const practice = await createPractice(trx, { name: demo.name, npi: demo.npi, ...DEMO_BILLING });
    const providers: Provider[] = [];
    for (const person of demo.providers) providers.push(await createProvider(trx, { practiceId: practice.id, discipline: "OT", taxonomy: TAXONOMY_OF_ROLE[person.role], ...person }));
    const payers = {} as Record<DemoPayerKey, number>;
    for (const [key, payer] of Object.entries(demo.payers)) payers[key as DemoPayerKey] = (await createPayer(trx, { practiceId: practice.id, ...payer, ...DEMO_PAYER_PARTIES[key as DemoPayerKey] })).id;
    // What a claim names beyond the visit (claims out): certifiers, charges, the clearinghouse.
    const physicians: number[] = [];
    for (const physician of DEMO_PHYSICIANS) physicians.push((await createPhysician(trx, { practiceId: practice.id, ...physician })).id);
    for (const [code, chargeCents] of Object.entries(DEMO_CHARGE_CENTS)) await createCharge(trx, { practiceId: practice.id, code, chargeCents, effectiveFrom: "2026-01-01", effectiveThrough: "2026-12-31" });
    await createClearinghouse(trx, { practiceId: practice.id, ...DEMO_CLEARINGHOUSE });

    const pending: { visit: DemoVisit; patientId: number; payerId: number; coverageId: number; planOfCareId: number }[] = [];
    for (const [index, patient] of demo.patients.entries()) {
      const parties = demoPatientParties(patient, index);
      const { id: patientId } = await createPatient(trx, {
        practiceId: practice.id,
        externalId: patient.externalId,
        firstName: patient.firstName,
        lastName: patient.lastName,
        birthDate: patient.birthDate,
        sex: parties.sex,
        phone: parties.phone,
        address: parties.address,
      });
      const payerId = payers[patient.payer];
      const coverage = await createCoverage(trx, {
        patientId,
        payerId,
        memberId: patient.memberId,
        priority: 1,
        relationship: parties.relationship,
        subscriber: parties.subscriber,
        groupNumber: parties.groupNumber,
        ...(patient.authorization ? { authorizations: [patient.authorization] } : {}),
      });
      const { therapist, ...plan } = patient.plan;
      const { id: planOfCareId } = await createPlanOfCare(trx, { patientId, providerId: providers[therapist]!.id, discipline: "OT", certifyingPhysicianId: physicians[parties.physician]!, ...plan });
      for (const visit of patient.visits) pending.push({ visit, patientId, payerId, coverageId: coverage.id, planOfCareId });
    }

    // Stored in date order, so ids follow dates as they would in a real practice.
    pending.sort((a, b) => (a.visit.dateOfService < b.visit.dateOfService ? -1 : a.visit.dateOfService > b.visit.dateOfService ? 1 : 0));
    const billUntil = addDays(demo.anchor, -7);
    for (const { visit, patientId, payerId, coverageId, planOfCareId } of pending) {
      const stored = await createVisit(trx, {
        practiceId: practice.id,
        patientId,
        providerId: providers[visit.provider]!.id,
        payerId,
        coverageId,
        planOfCareId,
        externalId: visit.externalId,
        dateOfService: visit.dateOfService,
        placeOfService: "11",
        diagnoses: visit.diagnoses,
        totalTreatmentMinutes: visit.totalTreatmentMinutes,
        services: visit.services.map(({ assistant, ...service }) => ({ ...service, assistantProviderId: assistant === undefined ? null : providers[assistant]!.id })),
      });
      if (visit.dateOfService >= billUntil) continue;
      const { result } = await scrubStoredVisit(trx, reference, stored);
      if (result.lines.length === 0) continue;
      const claim = await createClaimFromScrub(trx, stored, result, DEMO_ACTOR);
      let status = claim.status;
      if (result.status !== "reject") {
        const path = claimPath(daysBetween(visit.dateOfService, demo.anchor as IsoDate)).filter((step, index) => !(index === 0 && step === claim.status));
        status = await advanceClaim(trx, claim, path, DEMO_ACTOR);
      }
      claims[status] += 1;
    }
    // The payers' answers: paid, partial, denied for the planted mistakes, one reversal.
    await postDemoRemittances(trx, { practiceId: practice.id, anchor: demo.anchor as IsoDate });
    for (const status of Object.keys(claims) as ClaimStatus[]) claims[status] = 0;
    for (const row of await trx.selectFrom("claims").select("status").where("practice_id", "=", practice.id).execute()) claims[row.status] += 1;
    return { practiceId: practice.id, providers: providers.length, patients: demo.patients.length, visits: pending.length, claims, seeded: true };
  });
}
