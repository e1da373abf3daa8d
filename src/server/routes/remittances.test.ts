import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadReference } from "../../reference/reference.js";
import { submittedClaim } from "../../remit/test-support/submitted-claims.js";
import { describeEachDatabase } from "../../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../../store/test-support/fixtures.js";
import { write835 } from "../../x12/835/test-support/write-835.js";
import { buildServer } from "../app.js";
import { bearerFor } from "../test-support/auth.js";

const reference = loadReference();

describeEachDatabase("HTTP remittances", (store) => {
  let app: FastifyInstance;
  let fixture: PracticeFixture;
  let biller: { authorization: string };
  beforeAll(async () => {
    app = buildServer({ store: store(), reference });
    await app.ready();
    fixture = await seedPracticeFixture(store().db, "Remittance route clinic");
    biller = await bearerFor(store(), { role: "biller", practiceId: fixture.practice.id });
  });
  afterAll(async () => {
    await app.close();
  });

  it("posts an 835 sent as text/plain, lists it, reads it, and resolves the unmatched payment", async () => {
    const claim = await submittedClaim(store().db, reference, fixture, "2026-02-16");
    const text = write835({
      transactions: [
        {
          traceNumber: "EFT-API-1",
          paymentDate: "2026-03-05",
          claims: [
            { claimId: claim.claimNumber, lines: claim.lines.map((line) => ({ code: line.code, units: line.units, chargeCents: 5000, lineId: line.lineId, serviceDate: "2026-02-16", adjustments: [{ group: "CO" as const, reason: "45", amountCents: 2000 }] })) },
            { claimId: "C-TYPO", lines: [{ code: "97530", units: 2, chargeCents: 5000, serviceDate: "2026-02-16" }] },
          ],
        },
      ],
    });
    const posted = await app.inject({ method: "POST", url: "/api/remittances", headers: { ...biller, "content-type": "text/plain" }, payload: text });
    expect(posted.statusCode, posted.body).toBe(200);
    const summary = posted.json();
    expect(summary).toMatchObject({ claimsPosted: 1, linesPosted: 2, unmatched: ["C-TYPO"], alreadyPosted: false });
    const again = await app.inject({ method: "POST", url: "/api/remittances", headers: { ...biller, "content-type": "text/plain" }, payload: text });
    expect(again.json()).toMatchObject({ alreadyPosted: true, remittanceId: summary.remittanceId });

    const list = (await app.inject({ method: "GET", url: "/api/remittances", headers: biller })).json();
    expect(list.items.map((item: { checkNumber: string; payment: number }) => [item.checkNumber, item.payment])).toEqual([["EFT-API-1", 110]]);
    const one = (await app.inject({ method: "GET", url: `/api/remittances/${summary.remittanceId}`, headers: biller })).json();
    expect(one.claims.map((payment: { claimId: string; storedClaimId: number | null }) => [payment.claimId, payment.storedClaimId])).toEqual([
      [claim.claimNumber, claim.id],
      ["C-TYPO", null],
    ]);

    // Another practice's biller sees neither the remittance nor its claims.
    const stranger = await bearerFor(store(), { role: "biller", practiceId: (await seedPracticeFixture(store().db, "Another clinic")).practice.id });
    expect((await app.inject({ method: "GET", url: `/api/remittances/${summary.remittanceId}`, headers: stranger })).statusCode).toBe(404);
    expect((await app.inject({ method: "GET", url: "/api/remittances", headers: stranger })).json().items).toEqual([]);
    const audited = await store().db.selectFrom("audit_log").select(["action", "resource", "outcome"]).where("resource", "=", "remittances").orderBy("id").execute();
    expect(audited).toEqual([
      { action: "import", resource: "remittances", outcome: "success" },
      { action: "read", resource: "remittances", outcome: "success" },
    ]);
    const queue = (await app.inject({ method: "GET", url: "/api/remittances/unmatched?status=open", headers: biller })).json();
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ claimId: "C-TYPO", status: "open", paid: 50 });
    const other = await submittedClaim(store().db, reference, fixture, "2026-02-16", { externalId: "V-typo" });
    const resolved = await app.inject({ method: "POST", url: `/api/remittances/unmatched/${queue.items[0].id}/resolve`, headers: biller, payload: { action: "post", claimId: other.id, note: "the payer typed the claim number" } });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ id: queue.items[0].id, status: "resolved", resolvedClaimId: other.id, note: "the payer typed the claim number" });
    const stored = (await app.inject({ method: "GET", url: `/api/claims/${claim.id}`, headers: biller })).json();
    expect(stored).toMatchObject({ status: "paid", charge: 100, payments: 60, adjustments: 40, patientResponsibility: 0, balance: 0, patientBalance: 0 });
    const listed = (await app.inject({ method: "GET", url: `/api/claims?patientId=${fixture.patient.id}`, headers: biller })).json();
    expect(listed.items.find((item: { id: number }) => item.id === claim.id)).toMatchObject({ balance: 0, payments: 60 });
    const patient = (await app.inject({ method: "GET", url: `/api/patients/${fixture.patient.id}/balance`, headers: biller })).json();
    expect(patient).toMatchObject({ patientId: fixture.patient.id, claims: 2, payments: 110 });
    const twice = await app.inject({ method: "POST", url: `/api/remittances/unmatched/${queue.items[0].id}/resolve`, headers: biller, payload: { action: "dismiss" } });
    expect(twice.statusCode).toBe(409);
  });

  it("answers a located 400 for an 835 that cannot be read, and posts nothing", async () => {
    const response = await app.inject({ method: "POST", url: "/api/remittances", headers: { ...biller, "content-type": "text/plain" }, payload: "ISA*00*bad" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain("request body: segment 1 (ISA), byte 0: the file is truncated inside the ISA segment");
  });

  it("keeps the rest of the API JSON-only, and therapists out of remittances", async () => {
    const scrub = await app.inject({ method: "POST", url: "/api/scrub", headers: { ...biller, "content-type": "text/plain" }, payload: "{}" });
    expect(scrub.statusCode).toBe(415);
    const openapi = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(Object.keys(openapi.paths["/api/remittances"].post.requestBody.content)).toEqual(["text/plain"]);
    const therapist = await bearerFor(store(), { role: "therapist", practiceId: fixture.practice.id });
    expect((await app.inject({ method: "GET", url: "/api/remittances", headers: therapist })).statusCode).toBe(403);
    expect((await app.inject({ method: "GET", url: "/api/denials", headers: therapist })).statusCode).toBe(403);
    const denials = await app.inject({ method: "GET", url: "/api/denials", headers: biller });
    expect(denials.statusCode).toBe(200);
    expect(denials.json()).toEqual({ items: [] });
    // The first test's claims: 97530 x 2 allowed 30.00 (charge 50.00 less CO-45 20.00), and 50.00 on the claim the
    // unmatched payment went to, where otbill computes 60.12 for Medicare on 2026-02-16.
    const short = (await app.inject({ method: "GET", url: "/api/underpayments?from=2026-01-01", headers: biller })).json();
    expect(short.items.map((item: { code: string; allowed: number; shortBy: number }) => [item.code, item.allowed, item.shortBy])).toEqual([
      ["97530", 30, 30.12],
      ["97530", 50, 10.12],
    ]);
    expect((await app.inject({ method: "POST", url: "/api/denials/1/appeal", headers: biller, payload: { status: "maybe" } })).statusCode).toBe(400);
    const report = (await app.inject({ method: "GET", url: "/api/reports/denials?by=code", headers: biller })).json();
    expect(report).toMatchObject({ by: "code", groups: [], deniedLines: 0, adjudicatedLines: 3, denialRate: 0 });
    const ar = (await app.inject({ method: "GET", url: "/api/reports/ar?asOf=2099-01-01", headers: biller })).json();
    expect(ar.asOf).toBe("2099-01-01");
    // Both claims were settled to a zero balance.
    expect(ar.payers).toEqual([]);
    expect((await app.inject({ method: "GET", url: "/api/reports/denials?by=week", headers: biller })).statusCode).toBe(400);
    expect((await app.inject({ method: "GET", url: "/api/reports/ar", headers: therapist })).statusCode).toBe(403);
    expect((await app.inject({ method: "GET", url: "/api/reports/payments", headers: biller })).json().rows).toHaveLength(1);
    expect((await app.inject({ method: "GET", url: "/api/reports/clean-claims", headers: biller })).json()).toMatchObject({ adjudicatedClaims: 2 });
    const auditor = await bearerFor(store(), { role: "auditor", practiceId: fixture.practice.id });
    expect((await app.inject({ method: "GET", url: "/api/remittances", headers: auditor })).statusCode).toBe(200);
    expect((await app.inject({ method: "POST", url: "/api/remittances", headers: { ...auditor, "content-type": "text/plain" }, payload: "x" })).statusCode).toBe(403);
  });
});
