import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedClaimsFixture } from "../../claims/test-support/stored-claims.js";
import { validateX12 } from "../../claims/test-support/x12-validate.js";
import { loadReference } from "../../reference/reference.js";
import { describeEachDatabase } from "../../store/test-support/databases.js";
import { visitInput } from "../../store/test-support/fixtures.js";
import { createVisit } from "../../store/visits.js";
import { buildServer } from "../app.js";
import { testToken } from "../test-support/auth.js";

const reference = loadReference();

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are checked field by field
  body: any;
  headers: Record<string, unknown>;
  raw: Buffer;
}

describeEachDatabase("HTTP claims out", (store) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = buildServer({ store: store(), reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  async function call(headers: { authorization: string }, method: "GET" | "POST" | "PATCH", url: string, payload?: unknown): Promise<Answer> {
    const response = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const type = String(response.headers["content-type"] ?? "");
    return { status: response.statusCode, body: type.includes("json") ? response.json() : response.body, headers: response.headers, raw: response.rawPayload };
  }

  it("sets up the parties through the API with one schema for create and PATCH", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "API Parties Clinic");
    const { headers: admin } = await testToken(store(), { role: "admin", practiceId: fixture.practice.id });
    const { headers: therapist } = await testToken(store(), { role: "therapist", practiceId: fixture.practice.id });

    const short = await call(admin, "PATCH", `/api/practices/${fixture.practice.id}`, { version: fixture.practice.version, address: { line1: "1 Main", city: "Denver", state: "CO", zip: "80202" } });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toBe("address.zip: must be 9 digits (ZIP+4)");

    const physician = await call(therapist, "POST", "/api/physicians", { practiceId: fixture.practice.id, firstName: "Rita", lastName: "Moreno", npi: "1972543115" });
    expect(physician.status).toBe(400);
    expect(physician.body.error.message).toBe("npi: check digit should be 4, not 5");
    const created = await call(therapist, "POST", "/api/physicians", { practiceId: fixture.practice.id, firstName: "Rita", lastName: "Moreno", npi: "1245319599" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: created.body.id, practiceId: fixture.practice.id, firstName: "Rita", lastName: "Moreno", npi: "1245319599", version: 1 });

    const charge = await call(admin, "POST", "/api/charge-master", { practiceId: fixture.practice.id, code: "97112", chargeCents: 5000, effectiveFrom: "2026-01-01", effectiveThrough: "2026-06-30" });
    expect(charge.status).toBe(201);
    const overlap = await call(admin, "POST", "/api/charge-master", { practiceId: fixture.practice.id, code: "97112", chargeCents: 5200, effectiveFrom: "2026-06-01" });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.message).toBe(`code 97112: charge ${charge.body.id} is already in force 2026-01-01 through 2026-06-30; end it before 2026-06-01 first`);
    const patched = await call(admin, "PATCH", `/api/charge-master/${charge.body.id}`, { version: 1, chargeCents: 5100, effectiveThrough: "2026-05-31" });
    expect(patched.body).toMatchObject({ chargeCents: 5100, effectiveThrough: "2026-05-31", version: 2 });
    const badPatch = await call(admin, "PATCH", `/api/charge-master/${charge.body.id}`, { version: 2, chargeCents: 0 });
    expect(badPatch.body.error.message).toBe("chargeCents: must be more than 0");
    expect((await call(therapist, "GET", "/api/charge-master")).status).toBe(403);

    const settings = await call(admin, "GET", `/api/clearinghouse-settings?practiceId=${fixture.practice.id}`);
    expect(settings.body.items).toEqual([expect.objectContaining({ submitterId: "SUB123", senderQualifier: "ZZ", usageIndicator: "T" })]);
    const production = await call(admin, "PATCH", `/api/clearinghouse-settings/${fixture.clearinghouse.id}`, { version: 1, usageIndicator: "X" });
    expect(production.body.error.message).toBe('usageIndicator: Invalid option: expected one of "T"|"P"');

    const payer = await call(admin, "PATCH", `/api/payers/${fixture.medicare.id}`, { version: fixture.medicare.version, claimFilingIndicator: "XX" });
    expect(payer.body.error.message).toBe("claimFilingIndicator: must be a 005010X222A1 claim filing indicator code (SBR09), e.g. MB, 16, MC, CH, CI, WC");
    const overridden = await call(admin, "PATCH", `/api/payers/${fixture.medicare.id}`, { version: fixture.medicare.version, claimFilingIndicator: "MA" });
    expect(overridden.body).toMatchObject({ claimFilingIndicator: "MA", electronicPayerId: "04112" });
  });

  it("10 parallel POST /api/visits/:id/claim make one claim: one 201, nine 409", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "API Race Clinic");
    const { headers: biller } = await testToken(store(), { role: "biller", practiceId: fixture.practice.id });
    const visit = await createVisit(db, visitInput(fixture, "2026-02-03"));
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(biller, "POST", `/api/visits/${visit.id}/claim?claimDate=2026-02-10`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const listed = await call(biller, "GET", `/api/claims?visitId=${visit.id}`);
    expect(listed.body.total).toBe(1);
  });

  it("exports a batch, downloads it again, and corrects a sent claim", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "API Batch Clinic");
    const token = await testToken(store(), { role: "biller", practiceId: fixture.practice.id });
    const biller = token.headers;
    const { headers: therapist } = await testToken(store(), { role: "therapist", practiceId: fixture.practice.id });
    const visit = await createVisit(db, visitInput(fixture, "2026-02-02"));

    const built = await call(biller, "POST", `/api/visits/${visit.id}/claim?claimDate=2026-02-10`);
    expect(built.status).toBe(201);
    expect(built.body).toMatchObject({ claimNumber: `C-${built.body.id}`, frequency: "1", status: "ready" });
    expect(built.body.lines.map((line: { lineId: string }) => line.lineId)).toEqual([`C-${built.body.id}-1`, `C-${built.body.id}-2`]);

    expect((await call(therapist, "POST", "/api/claims/batches", { format: "837p" })).status).toBe(403);
    const exported = await call(biller, "POST", "/api/claims/batches", { format: "837p" });
    expect(exported.status).toBe(201);
    const [batch] = exported.body.batches;
    expect(batch).toMatchObject({ practiceId: fixture.practice.id, format: "837p", controlNumber: 1, claimIds: [built.body.id], actor: `token:${token.tokenId}` });

    const file = await call(biller, "GET", `/api/claims/batches/${batch.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(createHash("sha256").update(file.raw).digest("hex")).toBe(batch.fileHash);
    const check = validateX12(file.raw.toString("utf8"));
    expect(check.ok, check.report).toBe(true);
    const audit = await db.selectFrom("audit_log").select(["actor", "action", "resource", "patient_ids", "outcome"]).where("resource", "in", ["claims", "claim-batches"]).where("action", "=", "export").orderBy("id").execute();
    expect(audit.slice(-2)).toEqual([
      { actor: `token:${token.tokenId}`, action: "export", resource: "claims", patient_ids: JSON.stringify([fixture.patient.id]), outcome: "success" },
      { actor: `token:${token.tokenId}`, action: "export", resource: "claim-batches", patient_ids: JSON.stringify([fixture.patient.id]), outcome: "success" },
    ]);
    const listed = await call(biller, "GET", "/api/claims/batches");
    expect(listed.body.items.map((item: { id: number }) => item.id)).toEqual([batch.id]);

    const edit = await call(biller, "PATCH", `/api/visits/${visit.id}`, { version: 1, totalTreatmentMinutes: 50 });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toContain(`visit ${visit.id} is on claim C-${built.body.id}, which is submitted: send the change as a replacement claim with POST /api/claims/${built.body.id}/replace`);

    const replacement = await call(biller, "POST", `/api/claims/${built.body.id}/replace`, {
      payerClaimControlNumber: "22260123456",
      claimDate: "2026-02-20",
      visit: { version: 1, services: [{ code: "97530", minutes: 45, diagnosisPointers: [1] }], totalTreatmentMinutes: 45 },
    });
    expect(replacement.status, JSON.stringify(replacement.body)).toBe(201);
    expect(replacement.body).toMatchObject({ frequency: "7", payerClaimControlNumber: "22260123456", replacesClaimId: built.body.id, status: "ready" });
    const history = await call(biller, "GET", `/api/claims/${built.body.id}/history`);
    expect(history.body.items.map((change: { to: string; actor: string }) => [change.to, change.actor])).toEqual([
      ["ready", `token:${token.tokenId}`],
      ["submitted", `token:${token.tokenId}`],
      ["replaced", `token:${token.tokenId}`],
    ]);

    // The replacement goes out in the next batch with REF*F8 and CLM05-3 = 7.
    const next = await call(biller, "POST", "/api/claims/batches", { format: "837p" });
    expect(next.body.batches[0].controlNumber).toBe(2);
    const text = (await call(biller, "GET", `/api/claims/batches/${next.body.batches[0].id}/file`)).raw.toString("utf8");
    expect(validateX12(text).ok).toBe(true);
    expect(text).toContain("REF*F8*22260123456~");
    expect(text).toMatch(new RegExp(`CLM\\*C-${replacement.body.id}\\*165\\*\\*\\*11:B:7\\*`));

    const voided = await call(biller, "POST", `/api/claims/${replacement.body.id}/void`, {});
    expect(voided.status).toBe(201);
    expect(voided.body).toMatchObject({ frequency: "8", status: "ready", payerClaimControlNumber: "22260123456" });
    const voidBatch = await call(biller, "POST", "/api/claims/batches", { format: "837p" });
    const voidText = (await call(biller, "GET", `/api/claims/batches/${voidBatch.body.batches[0].id}/file`)).raw.toString("utf8");
    const voidCheck = validateX12(voidText);
    expect(voidCheck.ok, voidCheck.report).toBe(true);
    expect(voidText).toMatch(new RegExp(`CLM\\*C-${voided.body.id}\\*165\\*\\*\\*11:B:8\\*`));

    // Another practice's biller sees none of it.
    const { headers: stranger } = await testToken(store(), { role: "biller", practiceId: (await seedClaimsFixture(db, "Other Clinic")).practice.id });
    expect((await call(stranger, "GET", `/api/claims/batches/${batch.id}/file`)).status).toBe(404);
    expect((await call(stranger, "POST", `/api/claims/${built.body.id}/void`, {})).status).toBe(404);
  });
});
