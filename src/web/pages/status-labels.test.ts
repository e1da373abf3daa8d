import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replaceClaim, voidClaim } from "../../claims/lifecycle.js";
import { getClaim, listClaims, setClaimStatus } from "../../store/claims.js";
import { inTransaction } from "../../store/transaction.js";
import { APP_CSS } from "../assets/app-css.js";
import { statusBadge, statusWord } from "../format.js";
import { openWebFixture, type WebFixture } from "../test-support.js";
import { worklistPage } from "../worklist-data.js";

describe("claim statuses partial, void and replaced, and scrub status invalid, in words", () => {
  let fixture: WebFixture;
  beforeAll(async () => {
    fixture = await openWebFixture(8);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("has a word and a coloured badge for each", () => {
    expect(statusBadge("partial").text).toBe('<span class="badge badge-partial">Partly paid</span>');
    expect(statusBadge("void").text).toBe('<span class="badge badge-void">Void</span>');
    expect(statusBadge("replaced").text).toBe('<span class="badge badge-replaced">Replaced</span>');
    expect(statusBadge("invalid").text).toBe('<span class="badge badge-invalid">Not a valid visit</span>');
    for (const status of ["partial", "void", "replaced", "invalid"]) expect(APP_CSS).toMatch(new RegExp(`\\.badge-${status}[ ,]`));
    expect(statusWord("denied")).toBe("Denied");
  });

  it("shows them on the claims list, its counts and filter, the claim page with its history, and the patient page", async () => {
    const { db } = fixture.store;
    const countOf = async (status: "partial" | "void" | "replaced") => (await listClaims(db, { practiceId: fixture.demo.practiceId, status }, { limit: 1 })).total;
    const before = { partial: await countOf("partial"), void: await countOf("void"), replaced: await countOf("replaced") };
    const submitted = (await listClaims(db, { practiceId: fixture.demo.practiceId, status: "submitted" }, { limit: 3 })).items;
    expect(submitted.length).toBe(3);
    const [partial, voided, replaced] = submitted as [(typeof submitted)[0], (typeof submitted)[0], (typeof submitted)[0]];
    await inTransaction(db, (trx) => setClaimStatus(trx, partial, "partial", { actor: "user:biller@example.test", note: "835 paid part" }));
    await voidClaim(db, voided.id, { payerClaimControlNumber: "PCN-VOID" }, { actor: "user:biller@example.test" });
    await replaceClaim(db, fixture.reference, replaced.id, { payerClaimControlNumber: "PCN-REPL" }, { actor: "user:biller@example.test" });
    expect((await getClaim(db, replaced.id)).status).toBe("replaced");

    const app = await fixture.as("biller");
    const list = await app.inject({ method: "GET", url: "/claims" });
    expect(list.body).toContain(`<a href="/claims?status=partial">Partly paid: ${before.partial + 1}</a>`);
    expect(list.body).toContain(`<a href="/claims?status=void">Void: ${before.void + 1}</a>`);
    expect(list.body).toContain(`<a href="/claims?status=replaced">Replaced: ${before.replaced + 1}</a>`);
    expect(list.body).toContain('<option value="partial">Partly paid</option><option value="denied">Denied</option><option value="appealed">Appealed</option><option value="void">Void</option><option value="replaced">Replaced</option>');
    const onlyVoid = await app.inject({ method: "GET", url: "/claims?status=void" });
    expect(onlyVoid.body).toContain(`<td><a href="/claims/${voided.id}">${voided.claimNumber}</a></td>`);
    expect(onlyVoid.body).toContain('<td><span class="badge badge-void">Void</span></td>');
    expect(onlyVoid.body).toContain('<option value="void" selected>Void</option>');

    const page = await app.inject({ method: "GET", url: `/claims/${partial.id}` });
    expect(page.body).toContain(`<h1>Claim ${partial.claimNumber} <span class="badge badge-partial">Partly paid</span></h1>`);
    expect(page.body).toMatch(/<td>Submitted<\/td><td>Partly paid<\/td><td>user:biller@example.test<\/td><td>835 paid part<\/td>/);
    const replacedPage = await app.inject({ method: "GET", url: `/claims/${replaced.id}` });
    expect(replacedPage.body).toContain(`<h1>Claim ${replaced.claimNumber} <span class="badge badge-replaced">Replaced</span></h1>`);
    expect(replacedPage.body).toContain("<td>Submitted</td><td>Replaced</td>");

    const patient = await app.inject({ method: "GET", url: `/patients/${voided.patientId}` });
    expect(patient.body).toContain('<span class="badge badge-void">Void</span>');
  });

  it("shows a stored visit the scrub cannot read as not a valid visit, counted with those that will be denied", async () => {
    const { db } = fixture.store;
    const [visit] = (await worklistPage(fixture.store, fixture.reference, fixture.demo.practiceId, {}, { offset: 0, limit: 1000 })).items.filter((item) => item.claimId === null);
    // A line whose code is not even a code: the stored visit no longer reads as a visit.
    await db.updateTable("visit_services").set({ code: "" }).where("visit_id", "=", visit!.visitId).execute();
    await db.updateTable("visits").set((eb) => ({ version: eb("version", "+", 1) })).where("id", "=", visit!.visitId).execute();
    const app = await fixture.as("biller");
    const answer = await app.inject({ method: "GET", url: "/worklist" });
    const row = new RegExp(`<td><span class="badge badge-invalid">Not a valid visit</span></td>\\s*<td><a href="/visits/${visit!.visitId}">`);
    expect(answer.body).toMatch(row);
    const items = (await worklistPage(fixture.store, fixture.reference, fixture.demo.practiceId, {}, { offset: 0, limit: 1000 })).items;
    expect(items.find((item) => item.visitId === visit!.visitId)).toMatchObject({ status: "invalid" });
    expect(items[0]!.status === "invalid" || items[0]!.status === "reject").toBe(true);
  });
});
