import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClaimForVisit } from "../../claims/lifecycle.js";
import { claimHistory, getClaim, listClaims } from "../../store/claims.js";
import { generateDemoPractice } from "../../store/demo/generate.js";
import { listVisits, updateVisit } from "../../store/visits.js";
import { CSRF, openWebFixture, type WebFixture } from "../test-support.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("the claims pages", () => {
  let fixture: WebFixture;
  beforeAll(async () => {
    fixture = await openWebFixture(8);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("lists claims newest first, filtered by status, with their counts and money right-aligned", async () => {
    const app = await fixture.as("biller");
    const submitted = await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId, status: "submitted" }, { limit: 500 });
    const answer = await app.inject({ method: "GET", url: "/claims?status=submitted" });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain(`Submitted: ${fixture.demo.claims.submitted}`);
    const rows = [...answer.body.matchAll(/<td class="date">(\d{4}-\d{2}-\d{2})<\/td>/g)].map((match) => match[1]!);
    expect(rows.length).toBe(Math.min(50, submitted.total));
    expect(rows).toEqual([...rows].sort().reverse());
    expect(answer.body).not.toContain('badge-paid">Paid</span></td>');
    expect(answer.body).toMatch(/<td class="num" data-sort="\d+">\d+\.\d\d<\/td>/);
    expect(answer.body).toContain(
      '<th class="num"><a class="sort-link" href="/claims?status=submitted&amp;sort=charged&amp;dir=asc">Charged ($)</a></th><th class="num"><a class="sort-link" href="/claims?status=submitted&amp;sort=allowed&amp;dir=asc">Allowed ($)</a></th><th class="num"><a class="sort-link" href="/claims?status=submitted&amp;sort=paid&amp;dir=asc">Paid ($)</a></th><th class="num"><a class="sort-link" href="/claims?status=submitted&amp;sort=owed&amp;dir=asc">Owed by payer ($)</a></th><th class="num"><a class="sort-link" href="/claims?status=submitted&amp;sort=patientOwed&amp;dir=asc">Owed by patient ($)</a></th>',
    );
    // The list names its patients: the access is audited with who looked and whose claims were shown.
    const entry = await fixture.store.db.selectFrom("audit_log").selectAll().where("action", "=", "search").where("resource", "=", "claims").orderBy("id", "desc").executeTakeFirstOrThrow();
    const shownPatients = [...new Set(submitted.items.slice(0, 50).map((claim) => claim.patientId))].sort((a, b) => a - b);
    expect(JSON.parse(entry.patient_ids)).toEqual(shownPatients);
    expect(JSON.parse(entry.detail ?? "{}")).toEqual({ via: "web", results: rows.length });
    expect(entry.actor).toBe("user:biller@example.test");
    const bad = await app.inject({ method: "GET", url: "/claims?status=lost" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("status: &quot;lost&quot; is not a claim status");
  });

  it("shows a claim's lines and history, and voids a submitted claim with a frequency 8 claim", async () => {
    const app = await fixture.as("biller");
    const [claim] = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId, status: "submitted" }, { limit: 1 })).items;
    const answer = await app.inject({ method: "GET", url: `/claims/${claim!.id}` });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain(`<td>${claim!.claimNumber}-1</td>`);
    // Built, made ready, then submitted: every step is in the history, the first from nothing.
    expect(answer.body).toMatch(/<td>—<\/td><td>(Draft|Ready to send)<\/td>/);
    expect(answer.body).toMatch(/<td>Ready to send<\/td><td>Submitted<\/td>/);
    expect(answer.body).toContain("Void (frequency 8)");

    const missing = await app.inject({ method: "POST", url: `/claims/${claim!.id}/correct`, payload: `_csrf=${CSRF}&action=void&payerClaimControlNumber=`, headers: FORM });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain("payerClaimControlNumber");

    const voided = await app.inject({ method: "POST", url: `/claims/${claim!.id}/correct`, payload: `_csrf=${CSRF}&action=void&payerClaimControlNumber=22026334112300&note=billed+in+error`, headers: FORM });
    expect(voided.statusCode).toBe(303);
    const made = Number(/\/claims\/(\d+)\?/.exec(voided.headers.location as string)![1]);
    const [original, voidClaim] = [await getClaim(fixture.store.db, claim!.id), await getClaim(fixture.store.db, made)];
    expect(original.status).toBe("void");
    expect(voidClaim).toMatchObject({ frequency: "8", payerClaimControlNumber: "22026334112300", status: "ready", replacesClaimId: claim!.id });
    expect((await claimHistory(fixture.store.db, claim!.id)).at(-1)).toMatchObject({ to: "void", actor: "user:biller@example.test", note: "billed in error" });
  });

  it("exports the ready claims as an 837P batch (download), and the claims become submitted", async () => {
    const app = await fixture.as("biller");
    const planted = generateDemoPractice({ patients: 8 }).patients.flatMap((patient) => patient.visits).find((visit) => visit.mistakes.includes("header-icd"))!;
    const visit = (await listVisits(fixture.store.db, { externalId: planted.externalId })).items[0]!;
    await updateVisit(fixture.store.db, visit.id, { version: visit.version, diagnoses: ["I69.351", ...visit.diagnoses.slice(1)] });
    const claim = await buildClaimForVisit(fixture.store.db, fixture.reference, visit.id, { actor: "test" });
    expect(claim.status).toBe("ready");
    const page = await app.inject({ method: "GET", url: "/claims" });
    // This claim and the void (frequency 8) made above are ready to go out.
    const ready = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId, status: "ready" })).total;
    expect(page.body).toContain(`Send the ready claims (${ready})`);
    const answer = await app.inject({ method: "POST", url: "/claims/export", payload: `_csrf=${CSRF}&format=837p&payer=`, headers: FORM });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers["content-disposition"]).toMatch(/^attachment; filename="[\w.-]+"$/);
    expect(answer.body.startsWith("ISA*")).toBe(true);
    expect(answer.body).toContain(`CLM*${claim.claimNumber}*`);
    expect((await getClaim(fixture.store.db, claim.id)).status).toBe("submitted");
    const nothing = await app.inject({ method: "POST", url: "/claims/export", payload: `_csrf=${CSRF}&format=837p`, headers: FORM });
    expect(nothing.statusCode).toBe(422);
    expect(nothing.body).toContain("there is no claim ready to send");
    const badFormat = await app.inject({ method: "POST", url: "/claims/export", payload: `_csrf=${CSRF}&format=pdf`, headers: FORM });
    expect(badFormat.statusCode).toBe(400);
  });

  it("exports a ready claim as CMS-1500 pages (a PDF download)", async () => {
    const app = await fixture.as("biller");
    const planted = generateDemoPractice({ patients: 8 }).patients.flatMap((patient) => patient.visits).find((visit) => visit.mistakes.includes("deleted-97003"))!;
    const visit = (await listVisits(fixture.store.db, { externalId: planted.externalId })).items[0]!;
    // The deleted evaluation code leaves the visit; the treatment lines stay.
    await updateVisit(fixture.store.db, visit.id, { version: visit.version, services: visit.services.filter((service) => service.code !== "97003") });
    const claim = await buildClaimForVisit(fixture.store.db, fixture.reference, visit.id, { actor: "test" });
    expect(claim.status).toBe("ready");
    const answer = await app.inject({ method: "POST", url: "/claims/export", payload: `_csrf=${CSRF}&format=1500`, headers: FORM });
    expect(answer.statusCode, answer.body.slice(0, 400)).toBe(200);
    expect(answer.headers["content-type"]).toContain("application/pdf");
    expect(answer.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect((await getClaim(fixture.store.db, claim.id)).status).toBe("submitted");
  });

  it("offers no corrections to an auditor, and keeps claims from a therapist", async () => {
    const [claim] = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId, status: "paid" }, { limit: 1 })).items;
    const auditor = await (await fixture.as("auditor")).inject({ method: "GET", url: `/claims/${claim!.id}` });
    expect(auditor.statusCode).toBe(200);
    expect(auditor.body).not.toContain("Void (frequency 8)");
    expect(auditor.body).not.toContain("Export and download");
    const therapist = await (await fixture.as("therapist")).inject({ method: "GET", url: "/claims" });
    expect(therapist.statusCode).toBe(403);
  });
});
