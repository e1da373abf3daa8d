/**
 * The audit entry of a batch export, a correction (replace, void) and a batch download is
 * written in the same transaction as what it records: with the audit table unwritable the
 * change does not happen, and a change that fails leaves no success entry.
 */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { verifyAudit } from "../../audit/log.js";
import { seedClaimsFixture } from "../../claims/test-support/stored-claims.js";
import { loadReference } from "../../reference/reference.js";
import { describeEachDatabase } from "../../store/test-support/databases.js";
import { visitInput } from "../../store/test-support/fixtures.js";
import type { Db } from "../../store/transaction.js";
import { createVisit } from "../../store/visits.js";
import { buildServer } from "../app.js";
import { testToken } from "../test-support/auth.js";

const reference = loadReference();

describeEachDatabase("claim audit entries in the change's transaction", (store) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = buildServer({ store: store(), reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  /** Runs `work` while the audit table cannot be written (renamed away), then puts it back. */
  async function withoutAuditTable<T>(db: Db, work: () => Promise<T>): Promise<T> {
    await sql`alter table audit_log rename to audit_log_away`.execute(db);
    try {
      return await work();
    } finally {
      await sql`alter table audit_log_away rename to audit_log`.execute(db);
    }
  }

  async function claimState(db: Db, id: number) {
    return db.selectFrom("claims").select(["status", "payer_claim_control_number"]).where("id", "=", id).executeTakeFirstOrThrow();
  }

  it("export, download, replace and void roll back when their audit entry cannot be written, and audit exactly what they did", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Audit Trx Clinic");
    const token = await testToken(store(), { role: "biller", practiceId: fixture.practice.id });
    const call = async (method: "GET" | "POST", url: string, payload?: object) => app.inject({ method, url, headers: token.headers, ...(payload ? { payload } : {}) });
    const visit = await createVisit(db, visitInput(fixture, "2026-02-02"));
    const built = (await call("POST", `/api/visits/${visit.id}/claim?claimDate=2026-02-10`, {})).json<{ id: number }>();
    const actor = `token:${token.tokenId}`;
    const lastAudit = () =>
      db.selectFrom("audit_log").select(["actor", "action", "resource", "resource_id", "practice_id", "patient_ids", "outcome"]).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();

    // Export: no audit table, no batch, the claim stays ready and no control number is used.
    const refused = await withoutAuditTable(db, () => call("POST", "/api/claims/batches", { format: "837p" }));
    expect(refused.statusCode).toBe(500);
    expect(await claimState(db, built.id)).toEqual({ status: "ready", payer_claim_control_number: null });
    expect(await db.selectFrom("claim_batches").select("id").where("practice_id", "=", fixture.practice.id).execute()).toEqual([]);

    const exported = await call("POST", "/api/claims/batches", { format: "837p" });
    expect(exported.statusCode).toBe(201);
    const batch = exported.json<{ batches: { id: number; controlNumber: number }[] }>().batches[0]!;
    expect(batch.controlNumber).toBe(1);
    expect(await claimState(db, built.id)).toEqual({ status: "submitted", payer_claim_control_number: null });
    expect(await lastAudit()).toEqual({ actor, action: "export", resource: "claims", resource_id: null, practice_id: fixture.practice.id, patient_ids: JSON.stringify([fixture.patient.id]), outcome: "success" });

    // Download: the file does not leave without its entry.
    const download = await withoutAuditTable(db, () => call("GET", `/api/claims/batches/${batch.id}/file`));
    expect(download.statusCode).toBe(500);
    expect(download.body).not.toContain("ISA*");
    const again = await call("GET", `/api/claims/batches/${batch.id}/file`);
    expect(again.statusCode).toBe(200);
    expect(await lastAudit()).toEqual({ actor, action: "export", resource: "claim-batches", resource_id: String(batch.id), practice_id: fixture.practice.id, patient_ids: JSON.stringify([fixture.patient.id]), outcome: "success" });

    // A correction that fails (no control number) writes its refusal, never a success.
    const unnumbered = await call("POST", `/api/claims/${built.id}/void`, {});
    expect(unnumbered.statusCode).toBe(422);
    expect(await lastAudit()).toEqual({ actor, action: "update", resource: "claims", resource_id: String(built.id), practice_id: fixture.practice.id, patient_ids: "[]", outcome: "unprocessable" });

    // Replace and void: no audit table, the claim stays submitted and no new claim appears.
    const claimsBefore = await db.selectFrom("claims").select("id").where("visit_id", "=", visit.id).execute();
    const replace = await withoutAuditTable(db, () => call("POST", `/api/claims/${built.id}/replace`, { payerClaimControlNumber: "22260123456" }));
    expect(replace.statusCode).toBe(500);
    const voided = await withoutAuditTable(db, () => call("POST", `/api/claims/${built.id}/void`, { payerClaimControlNumber: "22260123456" }));
    expect(voided.statusCode).toBe(500);
    expect(await claimState(db, built.id)).toEqual({ status: "submitted", payer_claim_control_number: null });
    expect(await db.selectFrom("claims").select("id").where("visit_id", "=", visit.id).execute()).toEqual(claimsBefore);
    expect(await db.selectFrom("claim_status_history").select("to_status").where("claim_id", "=", built.id).orderBy("id").execute()).toEqual([{ to_status: "ready" }, { to_status: "submitted" }]);

    const done = await call("POST", `/api/claims/${built.id}/void`, { payerClaimControlNumber: "22260123456" });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ frequency: "8", replacesClaimId: built.id, payerClaimControlNumber: "22260123456" });
    expect(await claimState(db, built.id)).toEqual({ status: "void", payer_claim_control_number: "22260123456" });
    expect(await lastAudit()).toEqual({ actor, action: "update", resource: "claims", resource_id: String(built.id), practice_id: fixture.practice.id, patient_ids: JSON.stringify([fixture.patient.id]), outcome: "success" });
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});
