import { expect, it } from "vitest";
import { isInputError } from "../errors.js";
import { loadReference } from "../reference/reference.js";
import { createCoverage } from "../store/coverages.js";
import { createPatient } from "../store/patients.js";
import { updatePatient } from "../store/patients.js";
import { createPlanOfCare } from "../store/plans-of-care.js";
import { updatePractice } from "../store/practices.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { visitInput } from "../store/test-support/fixtures.js";
import { createVisit } from "../store/visits.js";
import { buildClaimDocument } from "./claim-document.js";
import { buildClaimForVisit } from "./lifecycle.js";
import { prepareClaim } from "./prepare.js";
import { GROUP_NPI, REFERRING_NPI, seedClaimsFixture } from "./test-support/stored-claims.js";

const reference = loadReference();

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isInputError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected an InputError");
}

describeEachDatabase("stored claim -> claim document", (store) => {
  it("names every party from the store: patient = subscriber on Medicare", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Document Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-02"));
    const claim = await buildClaimForVisit(db, reference, visit.id);
    const { document, history } = await buildClaimDocument(db, reference, claim.id);
    const { visit: documentVisit, ...parties } = document;
    expect(parties).toEqual({
      claimId: `C-${claim.id}`,
      frequency: "1",
      payerClaimControlNumber: null,
      chargeMaster: { "97530": 55, "97535": 52.5 },
      billingProvider: {
        name: "Sunrise Occupational Therapy",
        npi: GROUP_NPI,
        taxId: "841234567",
        taxonomy: "225X00000X",
        phone: "3035551212",
        address: { line1: "100 Main St", line2: "Suite 2", city: "Denver", state: "CO", zip: "802021234" },
      },
      renderingProvider: { firstName: "Olivia", lastName: "Tran", npi: "1234567893", taxonomy: "225X00000X" },
      referringProvider: { firstName: "Mark", lastName: "Chen", npi: REFERRING_NPI },
      subscriber: { memberId: "1EG4TE5MK73", firstName: "Pat", lastName: "Doe", birthDate: "1950-04-01", sex: "F", address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" } },
      patient: null,
      payer: { name: "Medicare Part B", payerId: "04112", claimFilingIndicator: "MB" },
      priorAuthorization: null,
      submitter: { name: "Sunrise Occupational Therapy", id: "SUB123", contactName: "Billing Office", phone: "3035551212" },
      receiver: { name: "MEDICARE JL", id: "04112" },
    });
    expect(documentVisit).toMatchObject({ id: String(visit.id), dateOfService: "2026-02-02", placeOfService: "11", diagnoses: ["I69.351"], payer: { kind: "medicare" } });
    expect(documentVisit.patient?.otAllowedYearToDate).toBe(0);
    expect(documentVisit.planOfCare).toMatchObject({ certifiedFrom: "2026-01-05", certifiedThrough: "2026-04-04" });
    expect(documentVisit.planOfCare).toEqual(history.planOfCare);

    // The same lines the stored claim has, priced from the charge master.
    const prepared = prepareClaim(document, reference, { history });
    expect(prepared.lines.map((line) => [line.lineId, line.code, line.units, line.chargeCents])).toEqual(
      claim.lines.map((line) => [line.lineId, line.code, line.units, line.code === "97530" ? 5500 * line.units : 5250 * line.units]),
    );
    expect(prepared.lines.map((line) => line.modifiers)).toEqual(claim.lines.map((line) => line.modifiers));
    expect(prepared.totalChargeCents).toBe(2 * 5500 + 5250);
  });

  it("a child on a parent's commercial plan: the subscriber's own details and the patient block", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Family Clinic");
    const child = await createPatient(db, {
      practiceId: fixture.practice.id,
      externalId: "P-2",
      firstName: "Sam",
      lastName: "Doe",
      birthDate: "2016-05-04",
      sex: "M",
      address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" },
    });
    const coverage = await createCoverage(db, {
      patientId: child.id,
      payerId: fixture.commercial.id,
      memberId: "XJH123456701",
      relationship: "child",
      groupNumber: "GRP-7",
      subscriber: { firstName: "Jane", lastName: "Doe", birthDate: "1984-02-03", sex: "F", address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "802021111" } },
      authorizations: [{ number: "AUTH-55", visitsAllowed: 12, startDate: "2026-02-01", endDate: "2026-04-30" }],
    });
    const plan = await createPlanOfCare(db, {
      patientId: child.id,
      providerId: fixture.ot.id,
      discipline: "OT",
      initialEvaluationDate: "2026-02-02",
      certifiedFrom: "2026-02-02",
      certifiedThrough: "2026-05-01",
      certifyingPhysicianId: fixture.physician.id,
    });
    const visit = await createVisit(db, visitInput(fixture, "2026-02-10", { patientId: child.id, payerId: fixture.commercial.id, coverageId: coverage.id, planOfCareId: plan.id }));
    const claim = await buildClaimForVisit(db, reference, visit.id);
    const { document } = await buildClaimDocument(db, reference, claim);
    expect(document.subscriber).toEqual({
      memberId: "XJH123456701",
      firstName: "Jane",
      lastName: "Doe",
      birthDate: "1984-02-03",
      sex: "F",
      address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "802021111" },
      groupNumber: "GRP-7",
    });
    expect(document.patient).toEqual({ firstName: "Sam", lastName: "Doe", birthDate: "2016-05-04", sex: "M", address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" }, relationship: "child" });
    expect(document.payer).toEqual({ name: "Acme Health", payerId: "60054", address: { line1: "PO Box 14079", city: "Lexington", state: "KY", zip: "405124079" }, claimFilingIndicator: "CI" });
    expect(document.priorAuthorization).toBe("AUTH-55");
  });

  it("a missing or invalid party names the claim and the field", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Broken Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-03", { services: [{ code: "97530", minutes: 30, diagnosisPointers: [1] }, { code: "97112", minutes: 15, diagnosisPointers: [1] }] }));
    const claim = await buildClaimForVisit(db, reference, visit.id);
    expect(await messageOf(buildClaimDocument(db, reference, claim.id))).toBe(
      `unprocessable: C-${claim.id}: chargeMaster.97112: no charge in force on 2026-02-03 for billed code 97112; add it to the charge master (POST /api/charge-master)`,
    );

    const practice = await updatePractice(db, fixture.practice.id, { version: fixture.practice.version, address: { line1: "100 Main St", city: "Denver", state: "CO", zip: "80202" } });
    const second = await buildClaimForVisit(db, reference, (await createVisit(db, visitInput(fixture, "2026-02-04"))).id);
    expect(await messageOf(buildClaimDocument(db, reference, second.id))).toBe(`unprocessable: C-${second.id}: billingProvider.address.zip: must be 9 digits (ZIP+4) for the billing provider`);

    const typo = await updatePractice(db, practice.id, { version: practice.version, npi: "1555555551", address: { line1: "100 Main St", city: "Denver", state: "CO", zip: "802021234" } });
    expect(await messageOf(buildClaimDocument(db, reference, second.id))).toBe(`unprocessable: C-${second.id}: billingProvider.npi: check digit should be 0, not 1`);
    await updatePractice(db, practice.id, { version: typo.version, npi: GROUP_NPI, address: null, taxonomy: null });
    await updatePatient(db, fixture.patient.id, { version: fixture.patient.version, birthDate: null });
    expect(await messageOf(buildClaimDocument(db, reference, second.id))).toBe(
      `unprocessable: C-${second.id}: billingProvider.taxonomy: is missing (225X00000X for OT); set it on practice ${practice.id} (PATCH /api/practices/${practice.id}); ` +
        `C-${second.id}: billingProvider.address: is missing; set it on practice ${practice.id} (PATCH /api/practices/${practice.id}); ` +
        `C-${second.id}: subscriber.birthDate: is missing; set it on patient ${fixture.patient.id} (PATCH /api/patients/${fixture.patient.id})`,
    );
  });
});
