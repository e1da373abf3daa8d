import { expect, it } from "vitest";
import { isInputError } from "../errors.js";
import { loadReference } from "../reference/reference.js";
import { claimHistory, getClaim, listClaims, updateClaim } from "../store/claims.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture, visitInput } from "../store/test-support/fixtures.js";
import { createVisit, getVisit, updateVisit } from "../store/visits.js";
import { buildClaimForVisit, replaceClaim, voidClaim } from "./lifecycle.js";

const reference = loadReference();
const BILLER = { actor: "user:biller@example.test" };

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isInputError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an InputError");
}

describeEachDatabase("claim lifecycle", (store) => {
  it("numbers the claim C-<id> and its lines <claim>-<n>, and records who built it", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Numbering Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-02"));
    const claim = await buildClaimForVisit(db, reference, visit.id, BILLER);
    expect(claim.claimNumber).toBe(`C-${claim.id}`);
    expect(claim.frequency).toBe("1");
    expect(claim.lines.map((line) => line.lineId)).toEqual([`C-${claim.id}-1`, `C-${claim.id}-2`]);
    expect(claim.visitVersion).toBe(1);
    const history = await claimHistory(db, claim.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from: null, to: claim.status, actor: "user:biller@example.test", note: null });
    expect(history[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("10 parallel builds for one visit make exactly one claim", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Race Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-03"));
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => buildClaimForVisit(db, reference, visit.id, BILLER)));
    const built = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    expect(built).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const outcome of refused) expect(isInputError(outcome.reason) && outcome.reason.code).toBe("conflict");
    const page = await listClaims(db, { visitId: visit.id });
    expect(page.total).toBe(1);
  });

  it("rebuilding an unchanged visit is a conflict; after the visit changed it replaces the draft or ready claim", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Rebuild Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-04"));
    const first = await buildClaimForVisit(db, reference, visit.id, BILLER);
    const again = await errorOf(buildClaimForVisit(db, reference, visit.id, BILLER));
    expect(again.code).toBe("conflict");
    expect(again.message).toBe(`visit ${visit.id} already has claim ${first.claimNumber} (${first.status}) built from this version of the visit; change the visit, then build again`);

    await updateVisit(db, visit.id, { version: 1, services: [{ code: "97530", minutes: 45, diagnosisPointers: [1] }], totalTreatmentMinutes: 45 });
    const second = await buildClaimForVisit(db, reference, visit.id, BILLER);
    expect(second.id).not.toBe(first.id);
    expect(second.replacesClaimId).toBe(first.id);
    expect(second.frequency).toBe("1");
    expect(second.lines.map((line) => [line.code, line.units])).toEqual([["97530", 3]]);
    const old = await getClaim(db, first.id);
    expect(old.status).toBe("replaced");
    expect(old.lines.every((line) => line.status === "replaced")).toBe(true);
    expect((await claimHistory(db, first.id)).map((change) => [change.from, change.to])).toEqual([
      [null, first.status],
      [first.status, "replaced"],
    ]);
  });

  it("a visit on a submitted claim cannot be edited: 409 naming the claim and both corrections", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Locked Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-05"));
    const claim = await buildClaimForVisit(db, reference, visit.id, BILLER);
    await updateClaim(db, claim.id, { version: claim.version, status: claim.status === "draft" ? "ready" : "submitted" }, BILLER);
    const ready = await getClaim(db, claim.id);
    if (ready.status === "ready") await updateClaim(db, claim.id, { version: ready.version, status: "submitted" }, BILLER);
    const refused = await errorOf(updateVisit(db, visit.id, { version: 1, totalTreatmentMinutes: 50 }));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toBe(
      `visit ${visit.id} is on claim C-${claim.id}, which is submitted: send the change as a replacement claim with POST /api/claims/${claim.id}/replace (frequency 7, with the visit's changes in the body), or take the claim back with POST /api/claims/${claim.id}/void (frequency 8)`,
    );
    expect((await getVisit(db, visit.id)).version).toBe(1);
    const rebuild = await errorOf(buildClaimForVisit(db, reference, visit.id));
    expect(rebuild.message).toContain(`POST /api/claims/${claim.id}/replace (frequency 7)`);
  });

  it("replaces a paid claim with a frequency 7 claim carrying the payer's control number, applying the visit's changes", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Replace Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-06"));
    const claim = await buildClaimForVisit(db, reference, visit.id, BILLER);
    const submitted = await updateClaim(db, claim.id, { version: claim.version, status: "submitted" }, BILLER);
    const paid = await updateClaim(db, claim.id, { version: submitted.version, status: "paid", payerClaimControlNumber: "2226012345678" }, { actor: "remit:835" });

    const replacement = await replaceClaim(db, reference, paid.id, { visit: { version: 1, services: [{ code: "97530", minutes: 38, diagnosisPointers: [1] }], totalTreatmentMinutes: 38 }, note: "units corrected" }, BILLER);
    expect(replacement).toMatchObject({ frequency: "7", payerClaimControlNumber: "2226012345678", replacesClaimId: claim.id, visitVersion: 2 });
    expect(replacement.lines.map((line) => [line.lineId, line.code, line.units])).toEqual([[`C-${replacement.id}-1`, "97530", 3]]);
    expect((await getClaim(db, claim.id)).status).toBe("replaced");
    const history = await claimHistory(db, claim.id);
    expect(history.map((change) => [change.from, change.to, change.actor])).toEqual([
      [null, "ready", BILLER.actor],
      ["ready", "submitted", BILLER.actor],
      ["submitted", "paid", "remit:835"],
      ["paid", "replaced", BILLER.actor],
    ]);
    expect(history[3]!.note).toBe("units corrected");
  });

  it("a replacement needs the payer's control number", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "No ICN Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-09"));
    const claim = await buildClaimForVisit(db, reference, visit.id);
    await updateClaim(db, claim.id, { version: claim.version, status: "submitted" });
    const refused = await errorOf(replaceClaim(db, reference, claim.id, {}));
    expect(refused).toEqual({
      code: "unprocessable",
      message: `claim C-${claim.id}: payerClaimControlNumber: the payer's claim control number (835 CLP07) is needed to replace a sent claim; send it in the body`,
    });
    expect((await getClaim(db, claim.id)).status).toBe("submitted");
  });

  it("voids a submitted claim with a frequency 8 claim of the same lines; a ready claim is just voided", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Void Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-10"));
    const claim = await buildClaimForVisit(db, reference, visit.id);
    await updateClaim(db, claim.id, { version: claim.version, status: "submitted" });
    const voiding = await voidClaim(db, claim.id, { payerClaimControlNumber: "ICN-77" }, BILLER);
    expect(voiding).toMatchObject({ frequency: "8", status: "ready", payerClaimControlNumber: "ICN-77", replacesClaimId: claim.id });
    expect(voiding.lines.map((line) => [line.code, line.units, line.modifiers])).toEqual(claim.lines.map((line) => [line.code, line.units, line.modifiers]));
    expect((await getClaim(db, claim.id)).status).toBe("void");
    // The visit is free again: it can be edited and billed anew.
    await updateVisit(db, visit.id, { version: 1, totalTreatmentMinutes: 45 });
    const fresh = await buildClaimForVisit(db, reference, visit.id);
    expect(fresh.frequency).toBe("1");

    const unsent = await voidClaim(db, fresh.id, {}, BILLER);
    expect(unsent.status).toBe("void");
    expect(unsent.frequency).toBe("1");
    const twice = await errorOf(voidClaim(db, fresh.id));
    expect(twice.message).toBe(`claim C-${fresh.id} is void, so it cannot be voided (it is final)`);
  });

  it("PATCH refuses moves outside the lifecycle and points to replace/void", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Moves Clinic");
    const visit = await createVisit(db, visitInput(fixture, "2026-02-11"));
    const claim = await buildClaimForVisit(db, reference, visit.id);
    const refused = await errorOf(updateClaim(db, claim.id, { version: claim.version, status: "void" }));
    expect(refused.message).toBe(`a ready claim cannot become void (it can become draft or submitted); use POST /api/claims/${claim.id}/void`);
    const submitted = await updateClaim(db, claim.id, { version: claim.version, status: "submitted" });
    const partial = await updateClaim(db, claim.id, { version: submitted.version, status: "partial" });
    expect(partial.lines.every((line) => line.status === "partial")).toBe(true);
    const stale = await errorOf(updateClaim(db, claim.id, { version: submitted.version, status: "paid" }));
    expect(stale.code).toBe("conflict");
  });
});
