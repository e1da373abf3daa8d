/**
 * A reference to another practice's record answers exactly as one to a record that does
 * not exist: the caller's field and value, never the other practice's ids.
 */
import { expect, it } from "vitest";
import { createPatient } from "./patients.js";
import { requirePatientOwned, requirePracticeOwned } from "./references.js";
import { describeEachDatabase } from "./test-support/databases.js";
import { seedPracticeFixture } from "./test-support/fixtures.js";

describeEachDatabase("references across practices", (store) => {
  it("another practice's provider, payer or patient is 'no <record> <id>' (422), the same words as a missing one", async () => {
    const { db } = store();
    const mine = await seedPracticeFixture(db, "Ref Mine Clinic");
    const theirs = await seedPracticeFixture(db, "Ref Theirs Clinic");
    const cases = [
      ["providers", theirs.ot.id, "providerId", `providerId: no provider ${theirs.ot.id}`],
      ["payers", theirs.medicare.id, "payerId", `payerId: no payer ${theirs.medicare.id}`],
      ["patients", theirs.patient.id, "patientId", `patientId: no patient ${theirs.patient.id}`],
      ["providers", 987654, "providerId", "providerId: no provider 987654"],
    ] as const;
    for (const [table, id, path, message] of cases) {
      const error = await requirePracticeOwned(db, table, id, mine.practice.id, path).then(() => undefined, (thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: "unprocessable", message, details: { path, value: id } });
      expect((error as Error).message).not.toContain("practice");
    }
    expect(await requirePracticeOwned(db, "providers", mine.ot.id, mine.practice.id, "providerId")).toBe(mine.practice.id);
  });

  it("another patient's coverage or plan of care is 'patient <caller's id> has no <record> <id>'", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Ref Patients Clinic");
    const sibling = await createPatient(db, { practiceId: fixture.practice.id, externalId: "P-2", firstName: "Sam", lastName: "Doe", birthDate: "1952-01-01" });
    await expect(requirePatientOwned(db, "coverages", fixture.coverage.id, sibling.id, "coverageId")).rejects.toMatchObject({
      code: "unprocessable",
      message: `coverageId: patient ${sibling.id} has no coverage ${fixture.coverage.id}`,
      details: { path: "coverageId", value: fixture.coverage.id },
    });
    await expect(requirePatientOwned(db, "plans_of_care", fixture.plan.id, sibling.id, "planOfCareId")).rejects.toMatchObject({
      message: `planOfCareId: patient ${sibling.id} has no plan of care ${fixture.plan.id}`,
    });
    await expect(requirePatientOwned(db, "coverages", fixture.coverage.id, fixture.patient.id, "coverageId")).resolves.toBeUndefined();
  });
});
