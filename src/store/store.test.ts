import { describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { resolveDatabaseTarget } from "./database.js";
import { createCoverage, getCoverage, updateCoverage } from "./coverages.js";
import { createPractice, getPractice, listPractices, updatePractice } from "./practices.js";
import { createProvider } from "./providers.js";
import { describeEachDatabase } from "./test-support/databases.js";
import { OT_NPI, seedPracticeFixture, visitInput } from "./test-support/fixtures.js";
import { createVisit, getVisit, listVisits, updateVisit } from "./visits.js";

async function errorOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("resolveDatabaseTarget", () => {
  it.each([
    [undefined, {}, { dialect: "sqlite", file: "/home/x/.otbill/otbill.sqlite" }],
    [undefined, { DATABASE_URL: "postgres://u@h/db" }, { dialect: "postgres", url: "postgres://u@h/db" }],
    ["postgresql://u@h/db", {}, { dialect: "postgres", url: "postgresql://u@h/db" }],
    ["sqlite:/tmp/a.sqlite", { DATABASE_URL: "postgres://u@h/db" }, { dialect: "sqlite", file: "/tmp/a.sqlite" }],
    ["sqlite::memory:", {}, { dialect: "sqlite", file: ":memory:" }],
    ["data/practice.sqlite", {}, { dialect: "sqlite", file: "data/practice.sqlite" }],
  ])("--db %s with %j", (option, env, expected) => {
    expect(resolveDatabaseTarget(option, { OTBILL_HOME: "/home/x/.otbill", ...env })).toEqual(expected);
  });

  it("refuses a URL scheme it does not know", () => {
    expect(() => resolveDatabaseTarget("mysql://u@h/db", {})).toThrow("use a file path, sqlite:PATH or postgres://...");
  });
});

describeEachDatabase("store", (store) => {
  it("creates, reads, updates and lists practices with versions", async () => {
    const { db } = store();
    const created = await createPractice(db, { name: "Harbor Hand Therapy", npi: "1245319599" });
    expect(created).toEqual({ id: created.id, name: "Harbor Hand Therapy", npi: "1245319599", taxId: null, billingName: null, address: null, phone: null, taxonomy: null, payToAddress: null, version: 1 });
    const updated = await updatePractice(db, created.id, { version: 1, taxId: "12-3456789" });
    expect(updated).toEqual({ ...created, taxId: "12-3456789", version: 2 });
    expect(await getPractice(db, created.id)).toEqual(updated);
    const page = await listPractices(db, { q: "harbor" }, { limit: 10 });
    expect(page.items.map((item) => item.id)).toEqual([created.id]);
    expect(page.total).toBe(1);
  });

  it("a stale version changes nothing and is a conflict", async () => {
    const { db } = store();
    const practice = await createPractice(db, { name: "Stale Clinic" });
    await updatePractice(db, practice.id, { version: 1, name: "First" });
    const error = await errorOf(updatePractice(db, practice.id, { version: 1, name: "Second" }));
    expect(error.code).toBe("conflict");
    expect(error.details.path).toBe("version");
    expect((await getPractice(db, practice.id)).name).toBe("First");
  });

  it("two concurrent updates of one version: exactly one wins", async () => {
    const { db } = store();
    const practice = await createPractice(db, { name: "Race Clinic" });
    const outcomes = await Promise.allSettled([updatePractice(db, practice.id, { version: 1, name: "A" }), updatePractice(db, practice.id, { version: 1, name: "B" })]);
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(((lost[0] as PromiseRejectedResult).reason as InputError).code).toBe("conflict");
    const winner = (won[0] as PromiseFulfilledResult<{ name: string }>).value.name;
    expect(await getPractice(db, practice.id)).toMatchObject({ name: winner, version: 2 });
  });

  it("unknown ids are not found", async () => {
    const { db } = store();
    const error = await errorOf(getPractice(db, 999_999));
    expect([error.code, error.message]).toEqual(["not_found", "practice 999999 does not exist"]);
    expect((await errorOf(updatePractice(db, 999_999, { version: 1, name: "x" }))).code).toBe("not_found");
  });

  it("refuses an NPI with a wrong check digit and a duplicate NPI in one practice", async () => {
    const { db } = store();
    const practice = await createPractice(db, { name: "NPI Clinic" });
    const wrong = await errorOf(createProvider(db, { practiceId: practice.id, npi: "1234567890", firstName: "A", lastName: "B", discipline: "OT", role: "therapist" }));
    expect([wrong.code, wrong.details.path, wrong.message]).toEqual(["invalid_input", "npi", 'npi "1234567890": check digit should be 3, not 0']);
    await createProvider(db, { practiceId: practice.id, npi: OT_NPI, firstName: "A", lastName: "B", discipline: "OT", role: "therapist" });
    const duplicate = await errorOf(createProvider(db, { practiceId: practice.id, npi: OT_NPI, firstName: "C", lastName: "D", discipline: "OT", role: "therapist" }));
    expect(duplicate.code).toBe("conflict");
  });

  it("stores a visit with its services and replaces them under the visit's version", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db);
    const visit = await createVisit(db, visitInput(fixture, "2026-01-12", { externalId: "V-1" }));
    expect(visit.services).toEqual([
      { code: "97530", minutes: 30, assistantMinutes: null, units: null, modifiers: [], distinct: false, diagnosisPointers: [1], description: null, assistantProviderId: null },
      { code: "97535", minutes: 15, assistantMinutes: null, units: null, modifiers: [], distinct: false, diagnosisPointers: [1], description: null, assistantProviderId: null },
    ]);
    const updated = await updateVisit(db, visit.id, { version: 1, services: [{ code: "97110", minutes: 23, assistantMinutes: 23, assistantProviderId: fixture.ota.id, modifiers: ["GO"], distinct: true }] });
    expect(updated.version).toBe(2);
    expect(updated.services).toEqual([{ code: "97110", minutes: 23, assistantMinutes: 23, units: null, modifiers: ["GO"], distinct: true, diagnosisPointers: [], description: null, assistantProviderId: fixture.ota.id }]);
    expect(await getVisit(db, visit.id)).toEqual(updated);
  });

  it("a failing multi-row write leaves nothing behind", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Rollback Clinic");
    const other = await seedPracticeFixture(db, "Other Clinic");
    // The second service names another practice's assistant: the whole visit is refused.
    const error = await errorOf(
      createVisit(db, visitInput(fixture, "2026-01-13", { services: [{ code: "97530", minutes: 30 }, { code: "97110", minutes: 15, assistantProviderId: other.ota.id }] })),
    );
    expect([error.code, error.details.path]).toEqual(["unprocessable", "services[1].assistantProviderId"]);
    expect((await listVisits(db, { practiceId: fixture.practice.id })).total).toBe(0);
    expect(await db.selectFrom("visit_services").select("id").where("assistant_provider_id", "=", other.ota.id).execute()).toEqual([]);

    // A stale update of a visit with new services keeps the old services.
    const visit = await createVisit(db, visitInput(fixture, "2026-01-14"));
    await updateVisit(db, visit.id, { version: 1, totalTreatmentMinutes: 46 });
    expect((await errorOf(updateVisit(db, visit.id, { version: 1, services: [] }))).code).toBe("conflict");
    expect((await getVisit(db, visit.id)).services.map((service) => service.code)).toEqual(["97530", "97535"]);
  });

  it("replaces a coverage's authorizations with the coverage", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Auth Clinic");
    const coverage = await createCoverage(db, {
      patientId: fixture.patient.id,
      payerId: fixture.commercial.id,
      memberId: "ACME-1",
      priority: 2,
      authorizations: [{ number: "A-1", visitsAllowed: 12, startDate: "2026-01-01", endDate: "2026-03-31" }],
    });
    expect(coverage.authorizations).toEqual([{ number: "A-1", visitsAllowed: 12, unitsAllowed: null, startDate: "2026-01-01", endDate: "2026-03-31" }]);
    const updated = await updateCoverage(db, coverage.id, { version: 1, authorizations: [{ unitsAllowed: 40, startDate: "2026-04-01", endDate: "2026-06-30" }] });
    expect(updated.authorizations).toEqual([{ number: null, visitsAllowed: null, unitsAllowed: 40, startDate: "2026-04-01", endDate: "2026-06-30" }]);
    expect(await getCoverage(db, coverage.id)).toEqual(updated);
  });

  it("pages lists by id with a total", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Paging Clinic");
    for (const day of ["05", "06", "07", "08", "09"]) await createVisit(db, visitInput(fixture, `2026-02-${day}`));
    const page = await listVisits(db, { patientId: fixture.patient.id, from: "2026-02-06", to: "2026-02-09" }, { limit: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect([page.limit, page.offset]).toEqual([2, 1]);
    expect(page.items.map((visit) => visit.dateOfService)).toEqual(["2026-02-07", "2026-02-08"]);
  });
});
