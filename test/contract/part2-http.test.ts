/**
 * Contract Part 2 over HTTP: POST /api/claims/837 (text/plain X12) and /api/claims/1500
 * (application/pdf) with 422 errors in the usual shape, POST /api/remittances (835 as
 * text/plain) -> the posting summary, the remittance, denial and report reads, and
 * POST /api/scrub with an invalid visit in a batch.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReference } from "../../src/reference/reference.js";
import { buildServer } from "../../src/server/app.js";
import { bearerFor, ensurePractice } from "../../src/server/test-support/auth.js";
import { openStore, type Store } from "../../src/store/database.js";
import { claimLoops, ROOT, segmentsOf, tempDir, validate, write835 } from "./support.js";

type Json = Record<string, unknown>;
const reference = loadReference();
const example = JSON.parse(readFileSync(join(ROOT, "examples/claim.json"), "utf8")) as Json;
const visit = JSON.parse(readFileSync(join(ROOT, "examples/visit.json"), "utf8")) as Json;

describe("HTTP (contract Part 2)", () => {
  let store: Store;
  let app: FastifyInstance;
  let biller: { authorization: string };
  let therapist: { authorization: string };

  beforeAll(async () => {
    store = await openStore({ dialect: "sqlite", file: join(tempDir(), "http.sqlite") });
    const practiceId = await ensurePractice(store, "Contract HTTP practice");
    biller = await bearerFor(store, { role: "biller", practiceId });
    therapist = await bearerFor(store, { role: "therapist", practiceId });
    app = buildServer({ store, reference });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("POST /api/claims/837: an array of claim documents -> text/plain X12 the validator accepts", async () => {
    const second = { ...structuredClone(example), claimId: "C-1002" };
    const response = await app.inject({ method: "POST", url: "/api/claims/837", headers: biller, payload: [example, second] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain/);
    const checked = validate(response.body, "api.837");
    expect(checked.ok, checked.report).toBe(true);
    expect(claimLoops(segmentsOf(response.body)).map((claim) => claim.clm[1])).toEqual(["C-1001", "C-1002"]);
  });

  it("POST /api/claims/837: 422 in the error shape naming the claim and the field", async () => {
    const bad = { ...structuredClone(example), billingProvider: { ...(example.billingProvider as Json), npi: "1234567890" } };
    const response = await app.inject({ method: "POST", url: "/api/claims/837", headers: biller, payload: [bad] });
    expect(response.statusCode).toBe(422);
    const body = response.json() as { error: { code: string; message: string; path?: string } };
    expect(typeof body.error.code).toBe("string");
    expect(body.error.message).toContain("C-1001: billingProvider.npi: check digit should be 3, not 0");
    expect(response.body).not.toContain("ISA*");
  });

  it("POST /api/claims/1500 -> application/pdf; 422 on a claim that cannot be written", async () => {
    const response = await app.inject({ method: "POST", url: "/api/claims/1500", headers: biller, payload: [example] });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/pdf/);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const bad = { ...structuredClone(example), chargeMaster: {} };
    const refused = await app.inject({ method: "POST", url: "/api/claims/1500", headers: biller, payload: [bad] });
    expect(refused.statusCode).toBe(422);
    expect((refused.json() as { error: { message: string } }).error.message).toContain("C-1001");
  });

  it("claims are not therapist work: 403", async () => {
    expect((await app.inject({ method: "POST", url: "/api/claims/837", headers: therapist, payload: [example] })).statusCode).toBe(403);
  });

  it("POST /api/remittances (text/plain 835) -> the posting summary; GET /api/remittances and /api/remittances/:id read it", async () => {
    const text = write835({
      trace: "EFT-HTTP-1",
      paymentDate: "2026-03-20",
      payer: { name: "MEDICARE JL", id: "04112" },
      payee: { name: "Sunrise Occupational Therapy", npi: "1234567893" },
      claims: [{ claimId: "C-UNKNOWN", status: "1", chargeCents: 11000, filing: "MB", pcn: "PCN1", lines: [{ code: "97530", modifiers: ["GO"], units: 2, chargeCents: 11000, paidCents: 8000, lineId: "C-UNKNOWN-1", serviceDate: "2026-03-10", adjustments: [{ group: "CO", reason: "45", amountCents: 3000 }] }] }],
    });
    const posted = await app.inject({ method: "POST", url: "/api/remittances", headers: { ...biller, "content-type": "text/plain" }, payload: text });
    expect(posted.statusCode, posted.body).toBe(200);
    const summary = posted.json() as Json;
    expect(summary).toMatchObject({ claimsPosted: 0, linesPosted: 0, unmatched: ["C-UNKNOWN"], alreadyPosted: false });
    expect(summary).toHaveProperty("remittanceId");
    const again = await app.inject({ method: "POST", url: "/api/remittances", headers: { ...biller, "content-type": "text/plain" }, payload: text });
    expect(again.json()).toMatchObject({ alreadyPosted: true, remittanceId: summary.remittanceId });
    expect((await app.inject({ method: "GET", url: "/api/remittances", headers: biller })).statusCode).toBe(200);
    const one = await app.inject({ method: "GET", url: `/api/remittances/${String(summary.remittanceId)}`, headers: biller });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.body).toContain("C-UNKNOWN");
    expect((await app.inject({ method: "POST", url: "/api/remittances", headers: { ...therapist, "content-type": "text/plain" }, payload: text })).statusCode).toBe(403);
    // an 835 that cannot be read posts nothing and says why, in the error shape
    const junk = await app.inject({ method: "POST", url: "/api/remittances", headers: { ...biller, "content-type": "text/plain" }, payload: "ISA*00*garbage~" });
    expect([400, 422]).toContain(junk.statusCode);
    expect(typeof (junk.json() as { error: { message: string } }).error.message).toBe("string");
    expect(junk.body).not.toMatch(/\n\s+at /);
  });

  it("GET /api/denials, /api/reports/denials?by=..., /api/reports/ar answer in the contract's shapes", async () => {
    expect((await app.inject({ method: "GET", url: "/api/denials", headers: biller })).statusCode).toBe(200);
    for (const by of ["carc", "payer", "code", "provider", "month"]) {
      const report = await app.inject({ method: "GET", url: `/api/reports/denials?by=${by}`, headers: biller });
      expect(report.statusCode, report.body).toBe(200);
      expect(report.json()).toMatchObject({ by, groups: expect.any(Array), deniedLines: expect.any(Number), deniedDollars: expect.any(Number), adjudicatedLines: expect.any(Number) });
      expect(report.json()).toHaveProperty("denialRate");
    }
    expect((await app.inject({ method: "GET", url: "/api/reports/denials?by=weekday", headers: biller })).statusCode).toBe(400);
    const ar = await app.inject({ method: "GET", url: "/api/reports/ar?asOf=2026-04-01", headers: biller });
    expect(ar.statusCode, ar.body).toBe(200);
    expect(ar.json()).toMatchObject({ payers: expect.any(Array) });
    expect(ar.json()).toHaveProperty("asOf");
  });

  it("POST /api/scrub with an array: an invalid visit is status invalid with error.path; the others are scrubbed", async () => {
    const bad = { ...structuredClone(visit), id: "V-BAD", dateOfService: "2026-02-30" };
    const response = await app.inject({ method: "POST", url: "/api/scrub", headers: biller, payload: [visit, bad] });
    expect(response.statusCode, response.body).toBe(200);
    const [good, invalid] = response.json() as { status: string; error?: { path: string } }[];
    expect(good!.status).not.toBe("invalid");
    expect(invalid!.status).toBe("invalid");
    expect(invalid!.error?.path).toBe("dateOfService");
  });
});
