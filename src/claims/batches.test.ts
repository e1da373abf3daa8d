import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { isInputError } from "../errors.js";
import { loadReference } from "../reference/reference.js";
import { claimHistory, getClaim, listClaims } from "../store/claims.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { visitInput } from "../store/test-support/fixtures.js";
import { createVisit, updateVisit } from "../store/visits.js";
import { exportClaimBatches, getBatchFile, listBatches } from "./batches.js";
import { buildClaimForVisit, voidClaim } from "./lifecycle.js";
import { seedClaimsFixture, type ClaimsFixture } from "./test-support/stored-claims.js";
import { validateX12 } from "./test-support/x12-validate.js";

const reference = loadReference();
const NOW = new Date("2026-03-02T14:05:09Z");

async function readyClaims(fixture: ClaimsFixture, db: Parameters<typeof createVisit>[0], dates: string[], extra = {}) {
  const claims = [];
  for (const date of dates) {
    const visit = await createVisit(db, visitInput(fixture, date, extra));
    const claim = await buildClaimForVisit(db, reference, visit.id);
    expect(claim.status, JSON.stringify(claim.scrubResult.findings)).toBe("ready");
    claims.push(claim);
  }
  return claims;
}

describeEachDatabase("claim batches", (store) => {
  it("exports the ready claims as one 837P that validates, records the batch and marks the claims submitted", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Batch Clinic");
    const claims = await readyClaims(fixture, db, ["2026-02-02", "2026-02-04"]);
    const [batch, ...more] = await exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW }, { actor: "user:biller@example.test" });
    expect(more).toEqual([]);
    const text = new TextDecoder().decode(batch!.content);
    const check = validateX12(text);
    expect(check.ok, check.report).toBe(true);

    expect(batch).toMatchObject({ format: "837p", controlNumber: 1, receiverId: "04112", claimIds: claims.map((claim) => claim.id), claimCount: 2, actor: "user:biller@example.test", createdAt: "2026-03-02T14:05:09.000Z" });
    expect(batch!.fileHash).toBe(createHash("sha256").update(batch!.content).digest("hex"));
    // 97530 x2 at $55 + 97535 x1 at $52.50, twice.
    expect(batch!.totalChargeCents).toBe(2 * 16250);
    const segments = text.split(/~\n?/).filter(Boolean);
    expect(segments[0]).toBe("ISA*00*          *00*          *ZZ*SUB123         *ZZ*04112          *260302*1405*^*00501*000000001*0*T*:");
    expect(segments.filter((segment) => segment.startsWith("CLM*")).map((segment) => segment.split("*").slice(0, 3).join("*"))).toEqual(claims.map((claim) => `CLM*C-${claim.id}*162.5`));
    expect(segments.filter((segment) => segment.startsWith("REF*6R*")).map((segment) => segment.slice(7))).toEqual(claims.flatMap((claim) => claim.lines.map((line) => line.lineId)));
    expect(segments).toContain("NM1*DN*1*Chen*Mark****XX*1972543114");

    for (const claim of claims) {
      expect((await getClaim(db, claim.id)).status).toBe("submitted");
      expect((await claimHistory(db, claim.id)).at(-1)).toMatchObject({ from: "ready", to: "submitted", actor: "user:biller@example.test", note: `batch ${batch!.id} (interchange 1)` });
    }
    const again = await getBatchFile(db, batch!.id);
    expect(Buffer.from(again.content).equals(Buffer.from(batch!.content))).toBe(true);
    const page = await listBatches(db, { practiceId: fixture.practice.id });
    expect(page.items.map((item) => [item.id, item.controlNumber, item.fileHash])).toEqual([[batch!.id, 1, batch!.fileHash]]);

    // Nothing left to send; the next batch takes the next control number.
    expect(await exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW })).toEqual([]);
    await readyClaims(fixture, db, ["2026-02-06"]);
    const [next] = await exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW });
    expect(next!.controlNumber).toBe(2);
  });

  it("a file that cannot be saved changes nothing: claims stay ready and the control number is not used", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Disk Full Clinic");
    const [claim] = await readyClaims(fixture, db, ["2026-02-02"]);
    const save = () => {
      throw new Error("ENOSPC: no space left on device");
    };
    await expect(exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW, save })).rejects.toThrow("ENOSPC");
    expect((await getClaim(db, claim!.id)).status).toBe("ready");
    expect((await listBatches(db, { practiceId: fixture.practice.id })).total).toBe(0);
    const [batch] = await exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW });
    expect(batch!.controlNumber).toBe(1);
  });

  it("one claim that cannot be written stops the batch, naming the claim and the field", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Missing Charge Clinic");
    const [good] = await readyClaims(fixture, db, ["2026-02-02"]);
    const [bad] = await readyClaims(fixture, db, ["2026-02-03"], { services: [{ code: "97530", minutes: 30, diagnosisPointers: [1] }, { code: "97112", minutes: 15, diagnosisPointers: [1] }] });
    try {
      await exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW });
      throw new Error("expected the export to fail");
    } catch (error) {
      expect(isInputError(error) && error.code).toBe("unprocessable");
      expect((error as Error).message).toBe(`C-${bad!.id}: chargeMaster.97112: no charge in force on 2026-02-03 for billed code 97112; add it to the charge master (POST /api/charge-master)`);
    }
    expect((await listClaims(db, { practiceId: fixture.practice.id, status: "ready" })).items.map((claim) => claim.id)).toEqual([good!.id, bad!.id]);
    // Out of the queue, so later exports of every practice do not meet them.
    for (const claim of [good!, bad!]) await voidClaim(db, claim.id);
  });

  it("a visit changed after its claim was built stops the batch until the claim is built again", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Stale Clinic");
    const [claim] = await readyClaims(fixture, db, ["2026-02-02"]);
    await updateVisit(db, claim!.visitId, { version: 1, diagnoses: ["M62.81"] });
    await expect(exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW })).rejects.toThrow(
      `C-${claim!.id}: visit: visit ${claim!.visitId} changed after the claim was built (version 1, now 2); build the claim again (POST /api/visits/${claim!.visitId}/claim)`,
    );
    const rebuilt = await buildClaimForVisit(db, reference, claim!.visitId);
    const [batch] = await exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW });
    expect(batch!.claimIds).toEqual([rebuilt.id]);
    expect(new TextDecoder().decode(batch!.content)).toContain("HI*ABK:M6281~");
  });

  it("one file per receiver: two practices make two batches, each with its own control number", async () => {
    const { db } = store();
    const north = await seedClaimsFixture(db, "North Clinic");
    const south = await seedClaimsFixture(db, "South Clinic");
    const [a] = await readyClaims(north, db, ["2026-02-02"]);
    const [b] = await readyClaims(south, db, ["2026-02-02"]);
    const batches = await exportClaimBatches(db, reference, { format: "837p", now: NOW });
    const mine = batches.filter((batch) => batch.practiceId === north.practice.id || batch.practiceId === south.practice.id);
    expect(mine.map((batch) => [batch.practiceId, batch.controlNumber, batch.claimIds])).toEqual([
      [north.practice.id, 1, [a!.id]],
      [south.practice.id, 1, [b!.id]],
    ]);
    for (const batch of mine) expect(validateX12(new TextDecoder().decode(batch.content)).ok).toBe(true);
  });

  it("two exports at once: each claim goes out in exactly one batch", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Race Batch Clinic");
    const claims = await readyClaims(fixture, db, ["2026-02-02", "2026-02-04", "2026-02-06"]);
    const outcomes = await Promise.allSettled([1, 2].map(() => exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: NOW })));
    const sent = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? outcome.value.flatMap((batch) => batch.claimIds) : []));
    expect(sent.sort((x, y) => x - y)).toEqual(claims.map((claim) => claim.id));
    for (const outcome of outcomes) if (outcome.status === "rejected") expect(isInputError(outcome.reason) && outcome.reason.code).toBe("conflict");
    const recorded = await listBatches(db, { practiceId: fixture.practice.id });
    expect(recorded.items.flatMap((batch) => batch.claimIds).sort((x, y) => x - y)).toEqual(claims.map((claim) => claim.id));
    expect(recorded.items.map((batch) => batch.controlNumber)).toEqual(recorded.items.map((_, index) => index + 1));
  });

  it("filters by payer, and exports CMS-1500 pages as a PDF batch", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Paper Clinic");
    const [medicare] = await readyClaims(fixture, db, ["2026-02-02"]);
    const other = await exportClaimBatches(db, reference, { format: "1500", practiceId: fixture.practice.id, payerId: fixture.commercial.id, now: NOW });
    expect(other).toEqual([]);
    const [pdf] = await exportClaimBatches(db, reference, { format: "1500", practiceId: fixture.practice.id, payerId: fixture.medicare.id, now: NOW });
    expect(pdf).toMatchObject({ format: "1500", controlNumber: null, contentType: "application/pdf", claimIds: [medicare!.id] });
    expect(new TextDecoder().decode(pdf!.content.slice(0, 5))).toBe("%PDF-");
    expect((await getClaim(db, medicare!.id)).status).toBe("submitted");
  });
});
