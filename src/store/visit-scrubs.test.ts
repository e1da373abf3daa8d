import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { ScrubResult } from "../contract/result.js";
import { referenceIdentity } from "../reference/identity.js";
import { loadReference, Reference } from "../reference/reference.js";
import { createClaimFromScrub, DEAD_STATUSES } from "./claims.js";
import { CLAIM_STATUSES } from "./entities.js";
import { createPatient } from "./patients.js";
import { updateProvider } from "./providers.js";
import { describeEachDatabase } from "./test-support/databases.js";
import { seedPracticeFixture, visitInput } from "./test-support/fixtures.js";
import type { Db } from "./transaction.js";
import { createVisit, updateVisit } from "./visits.js";
import { storeMigratedWithout } from "./test-support/migrated-without.js";
import { currentScrubs, scrubForKeeping, type KeptScrub } from "./visit-scrubs.js";

const reference = loadReference();

async function stampOf(db: Db, scope: "patient" | "practice", id: number): Promise<number> {
  return (await db.selectFrom("scrub_stamps").select("stamp").where("scope", "=", scope).where("owner_id", "=", id).executeTakeFirst())?.stamp ?? 0;
}

/** A claim whose one OT line Medicare allowed `allowed` dollars: the KX year to date of the patient's later visits. */
function resultWithAllowed(allowed: number): ScrubResult {
  return {
    status: "clean",
    lines: [{ code: "97530", modifiers: ["GO"], units: 2, minutes: 30, diagnosisPointers: [1], service: 0, allowed, payment: 0, patientShare: 0 }],
    totals: { timedMinutes: 30, timedUnits: 2, untimedUnits: 0 },
    findings: [],
  };
}

/** Marks a kept scrub so a test can tell a kept result (still marked) from a new scrub. */
async function markKept(db: Db, visitId: number): Promise<void> {
  await db.updateTable("visit_scrubs").set({ status: "review", findings: '[{"rule":"test.marked"}]' }).where("visit_id", "=", visitId).execute();
}

const isMarked = (scrub: KeptScrub) => scrub.findings.some((finding) => (finding.rule as string) === "test.marked");

describeEachDatabase("kept scrubs", (store) => {
  it("counts each write a scrub reads for the row's patient or practice, and for nobody else", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Stamps Clinic");
    const other = await createPatient(db, { practiceId: fixture.practice.id, externalId: "P-2", firstName: "Sam", lastName: "Roe", birthDate: "1948-02-03" });
    const visit = await createVisit(db, visitInput(fixture, "2026-02-02"));
    const claim = await createClaimFromScrub(db, visit, resultWithAllowed(100));
    const patient = fixture.patient.id;
    const practice = fixture.practice.id;
    const line = await db.selectFrom("claim_lines").select("id").where("claim_id", "=", claim.id).executeTakeFirstOrThrow();
    const service = await db.selectFrom("visit_services").select("id").where("visit_id", "=", visit.id).orderBy("id").executeTakeFirstOrThrow();
    const writes: [string, () => Promise<unknown>, "patient" | "practice"][] = [
      ["patients", () => db.updateTable("patients").set({ first_name: "Patricia" }).where("id", "=", patient).execute(), "patient"],
      ["visits", () => db.updateTable("visits").set({ place_of_service: "22" }).where("id", "=", visit.id).execute(), "patient"],
      ["visit_services", () => db.updateTable("visit_services").set({ minutes: 31 }).where("id", "=", service.id).execute(), "patient"],
      ["claims", () => db.updateTable("claims").set({ status: "denied" }).where("id", "=", claim.id).execute(), "patient"],
      ["claim_lines", () => db.updateTable("claim_lines").set({ units: 3 }).where("id", "=", line.id).execute(), "patient"],
      ["plans_of_care", () => db.updateTable("plans_of_care").set({ certified_through: "2026-04-05" }).where("id", "=", fixture.plan.id).execute(), "patient"],
      ["coverages", () => db.updateTable("coverages").set({ member_id: "1EG4-TE5-MK74" }).where("id", "=", fixture.coverage.id).execute(), "patient"],
      ["authorizations", () => db.insertInto("authorizations").values({ coverage_id: fixture.coverage.id, position: 0, visits_allowed: 12, start_date: "2026-01-01", end_date: "2026-06-30" }).execute(), "patient"],
      ["practices", () => db.updateTable("practices").set({ name: "Stamps Clinic II" }).where("id", "=", practice).execute(), "practice"],
      ["providers", () => db.updateTable("providers").set({ qualifying_apm: 1 }).where("id", "=", fixture.ot.id).execute(), "practice"],
      ["payers", () => db.updateTable("payers").set({ name: "Medicare B" }).where("id", "=", fixture.medicare.id).execute(), "practice"],
      ["physicians", () => db.insertInto("physicians").values({ practice_id: practice, npi: "1760419785", first_name: "Ada", last_name: "Ng" }).execute(), "practice"],
    ];
    for (const [table, write, scope] of writes) {
      const before = { patient: await stampOf(db, "patient", patient), other: await stampOf(db, "patient", other.id), practice: await stampOf(db, "practice", practice) };
      await write();
      const after = { patient: await stampOf(db, "patient", patient), other: await stampOf(db, "patient", other.id), practice: await stampOf(db, "practice", practice) };
      expect({ table, patient: after.patient - before.patient, other: after.other - before.other, practice: after.practice - before.practice }).toEqual({
        table,
        patient: scope === "patient" ? 1 : 0,
        other: 0,
        practice: scope === "practice" ? 1 : 0,
      });
    }
    // A visit moved to another patient changes both patients' scrubs; a deleted row its owner's.
    const moving = { patient: await stampOf(db, "patient", patient), other: await stampOf(db, "patient", other.id) };
    await db.updateTable("claims").set({ patient_id: other.id }).where("id", "=", claim.id).execute();
    expect([await stampOf(db, "patient", patient), await stampOf(db, "patient", other.id)]).toEqual([moving.patient + 1, moving.other + 1]);
    await db.deleteFrom("claim_lines").where("id", "=", line.id).execute();
    expect(await stampOf(db, "patient", other.id)).toBe(moving.other + 2);
  });

  it("does not count an update that changes nothing a scrub reads of a claim: a move between live statuses, a line's status", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Live Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-02"));
    const claim = await createClaimFromScrub(db, visit, resultWithAllowed(100));
    const patient = fixture.patient.id;
    for (const [from, to] of CLAIM_STATUSES.flatMap((from) => CLAIM_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const))) {
      await db.updateTable("claims").set({ status: from }).where("id", "=", claim.id).execute();
      const before = await stampOf(db, "patient", patient);
      await db.updateTable("claims").set({ status: to, payer_claim_control_number: `${from}-${to}` }).where("id", "=", claim.id).execute();
      const counted = DEAD_STATUSES.includes(from) !== DEAD_STATUSES.includes(to) ? 1 : 0;
      expect({ from, to, counted: (await stampOf(db, "patient", patient)) - before }).toEqual({ from, to, counted });
    }
    const before = await stampOf(db, "patient", patient);
    await db.updateTable("claim_lines").set({ status: "paid" }).where("claim_id", "=", claim.id).execute();
    await db.updateTable("claims").set({ version: claim.version + 100 }).where("id", "=", claim.id).execute();
    expect(await stampOf(db, "patient", patient)).toBe(before);
    await db.updateTable("claims").set({ frequency: "7" }).where("id", "=", claim.id).execute();
    expect(await stampOf(db, "patient", patient)).toBe(before + 1);
  });

  it("keeps a visit's scrub until its patient's records, its practice's parties, the visit or the rules change", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Kept Clinic");
    const earlier = await createVisit(db, visitInput(fixture, "2026-02-02"));
    const later = await createVisit(db, visitInput(fixture, "2026-02-16"));
    const second = await createPatient(db, { practiceId: fixture.practice.id, externalId: "P-2", firstName: "Sam", lastName: "Roe", birthDate: "1948-02-03" });
    const bystander = await createVisit(db, { ...visitInput(fixture, "2026-02-16"), patientId: second.id });
    const ids = [earlier.id, later.id, bystander.id];
    const practice = fixture.practice.id;

    const first = await currentScrubs(db, reference, practice, ids);
    expect([...first.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect(first.get(later.id)!.findings.some((finding) => finding.rule === "modifier.kx")).toBe(false);
    expect(await db.selectFrom("visit_scrubs").select("visit_id").orderBy("visit_id").execute()).toEqual(ids.map((visit_id) => ({ visit_id })));

    // Unchanged: the kept rows are read back, not scrubbed again.
    for (const id of ids) await markKept(db, id);
    const kept = await currentScrubs(db, reference, practice, ids);
    expect(ids.map((id) => kept.get(id)!.status)).toEqual(["review", "review", "review"]);
    expect(kept.get(later.id)!.findings).toEqual([{ rule: "test.marked" }]);

    // An earlier claim with $3,000 of Medicare OT allowed puts the later visit over the KX threshold:
    // the patient's visits are scrubbed again without anyone saying so, the other patient's are not.
    await createClaimFromScrub(db, earlier, resultWithAllowed(3000));
    const afterClaim = await currentScrubs(db, reference, practice, ids);
    expect(afterClaim.get(later.id)!.findings.some((finding) => finding.rule === "modifier.kx")).toBe(true);
    expect(afterClaim.get(bystander.id)!.findings).toEqual([{ rule: "test.marked" }]);

    // The visit itself changed.
    await markKept(db, later.id);
    await updateVisit(db, bystander.id, { version: bystander.version, totalTreatmentMinutes: 46 });
    const afterEdit = await currentScrubs(db, reference, practice, ids);
    expect(afterEdit.get(bystander.id)!.findings).not.toEqual([{ rule: "test.marked" }]);
    expect(afterEdit.get(later.id)!.findings).toEqual([{ rule: "test.marked" }]);

    // A provider of the practice changed: every visit of the practice.
    for (const id of ids) await markKept(db, id);
    await updateProvider(db, fixture.ot.id, { version: fixture.ot.version, qualifyingApm: true });
    const afterProvider = await currentScrubs(db, reference, practice, ids);
    expect(ids.filter((id) => isMarked(afterProvider.get(id)!))).toEqual([]);

    // Other code or reference data: every visit.
    for (const id of ids) await markKept(db, id);
    const dataDir = mkdtempSync(join(tmpdir(), "otbill-identity-"));
    try {
      writeFileSync(join(dataDir, "rules.csv"), "a,b\n");
      const otherData = new Reference({ ...reference.tables, dataDir });
      const afterData = await currentScrubs(db, otherData, practice, ids);
      expect(ids.filter((id) => isMarked(afterData.get(id)!))).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

it("is added to a database migrated before it: its triggers count the next write", async () => {
  const { store, dispose } = await storeMigratedWithout("2026-12-01-visit-scrubs");
  try {
    const fixture = await seedPracticeFixture(store.db, "Upgraded Clinic");
    const before = await stampOf(store.db, "patient", fixture.patient.id);
    const visit = await createVisit(store.db, visitInput(fixture, "2026-02-02"));
    expect(await stampOf(store.db, "patient", fixture.patient.id)).toBeGreaterThan(before);
    const scrubs = await currentScrubs(store.db, reference, fixture.practice.id, [visit.id]);
    expect(scrubs.get(visit.id)!.status).toBe((await scrubForKeeping(store.db, reference, visit.id)).status);
    expect(await store.db.selectFrom("visit_scrubs").select("visit_id").execute()).toEqual([{ visit_id: visit.id }]);
  } finally {
    await dispose();
  }
});

it("identifies the reference by the content of its data and imported files, not by the object", () => {
  const root = mkdtempSync(join(tmpdir(), "otbill-identity-"));
  try {
    const dataDir = join(root, "data");
    const importedDir = join(root, "imported");
    for (const dir of [dataDir, importedDir]) mkdirSync(dir);
    const with_ = (tables: Partial<Reference["tables"]>) => referenceIdentity(new Reference({ ...reference.tables, dataDir, importedDir, ...tables }));
    writeFileSync(join(dataDir, "rvu.csv"), "97530,0.44\n");
    const base = with_({});
    expect(with_({})).toBe(base);
    writeFileSync(join(dataDir, "rvu.csv"), "97530,0.45\n");
    const edited = with_({});
    expect(edited).not.toBe(base);
    writeFileSync(join(importedDir, "ncci-ptp.json"), "{}");
    expect(with_({})).not.toBe(edited);
    expect(with_({ importedDir: null })).toBe(edited);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
