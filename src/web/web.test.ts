import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClaimForVisit } from "../claims/lifecycle.js";
import { generateDemoPractice } from "../store/demo/generate.js";
import { html } from "./html.js";
import { importRemittance } from "../remit/post.js";
import { listClaims } from "../store/claims.js";
import { currentScrubs, scrubForKeeping } from "../store/visit-scrubs.js";
import { CSRF, denial835, openWebFixture, payment835, type WebFixture } from "./test-support.js";
import { warmWorklist } from "./worklist-data.js";

describe("html", () => {
  it("escapes every value that is not markup, and joins lists", () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<td>${name}</td>`.text).toBe("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</td>");
    expect(html`<ul>${["a", html`<b>b</b>`, null, false, 3]}</ul>`.text).toBe("<ul>a<b>b</b>3</ul>");
  });
});

describe("the web app's pages", () => {
  let fixture: WebFixture;
  beforeAll(async () => {
    fixture = await openWebFixture(8);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("sends a person who is not signed in to the sign-in page, which has the contract's labels", async () => {
    const app = await fixture.as(null);
    const answer = await app.inject({ method: "GET", url: "/worklist" });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe("/sign-in?next=%2Fworklist");
    const signIn = await app.inject({ method: "GET", url: "/sign-in" });
    expect(signIn.body).toContain('<label for="email">Email</label>');
    expect(signIn.body).toContain('<label for="password">Password</label>');
    expect(signIn.body).toContain('<button type="submit">Sign in</button>');
    // A timed-out session (a cookie that signs no one in) is in session.test.ts, with the real access layer.
  });

  it("shows each role only the sections it may use", async () => {
    const biller = await (await fixture.as("biller")).inject({ method: "GET", url: "/worklist" });
    for (const label of ["Worklist", "Claims", "Remittances", "Denials", "Patients"]) expect(biller.body).toContain(`>${label}</a>`);
    expect(biller.body).not.toContain(">Settings</a>");
    const therapistApp = await fixture.as("therapist");
    const therapist = await therapistApp.inject({ method: "GET", url: "/worklist" });
    expect(therapist.body).not.toContain(">Remittances</a>");
    expect(therapist.body).toContain(">Worklist</a>");
    const refused = await therapistApp.inject({ method: "GET", url: "/remittances" });
    expect(refused.statusCode).toBe(403);
    const admin = await (await fixture.as("admin")).inject({ method: "GET", url: "/worklist" });
    expect(admin.body).toContain(">Settings</a>");
    // The front desk works patients only, and lands there; the auditor reads but is offered no change.
    const frontDesk = await fixture.as("front-desk");
    expect((await frontDesk.inject({ method: "GET", url: "/" })).headers.location).toBe("/patients");
    expect((await frontDesk.inject({ method: "GET", url: "/claims" })).statusCode).toBe(403);
    const auditor = await fixture.as("auditor");
    const claims = await auditor.inject({ method: "GET", url: "/claims" });
    expect(claims.statusCode).toBe(200);
    expect(claims.body).not.toContain("Export and download");
    const remittances = await auditor.inject({ method: "GET", url: "/remittances" });
    expect(remittances.body).not.toContain("Upload and post");
    expect((await auditor.inject({ method: "POST", url: "/claims/export", payload: "_csrf=test-csrf-token&format=837p", headers: { "content-type": "application/x-www-form-urlencoded" } })).statusCode).toBe(403);
  });

  it("lists the demo's planted mistakes on the worklist, worst first, with their fixes", async () => {
    const app = await fixture.as("biller");
    const answer = await app.inject({ method: "GET", url: "/worklist" });
    expect(answer.statusCode).toBe(200);
    const body = answer.body;
    const demo = generateDemoPractice({ patients: 8 });
    const planted = (mistake: string) => demo.patients.find((patient) => patient.visits.some((visit) => visit.mistakes.includes(mistake as never)))!;
    // The deleted code (patient 0) and the PT evaluation on an OT plan (patient 6) will be denied.
    const deleted = planted("deleted-97003");
    expect(body).toContain(`${deleted.lastName}, ${deleted.firstName}`);
    expect(body).toMatch(/97003/);
    expect(body).toContain("Fix: ");
    const rows = [...body.matchAll(/<span class="badge badge-(reject|review|clean)">/g)].map((match) => match[1]);
    const rank = { reject: 0, review: 1, clean: 2 } as const;
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.map((status) => rank[status as keyof typeof rank])).toEqual([...rows.map((status) => rank[status as keyof typeof rank])].sort((a, b) => a - b));
    expect(rows[0]).toBe("reject");
  });

  it("filters the worklist by rule and date, and names a bad filter", async () => {
    const app = await fixture.as("biller");
    const byRule = await app.inject({ method: "GET", url: "/worklist?rule=code.deleted" });
    expect(byRule.body).toContain("97003");
    expect([...byRule.body.matchAll(/<tr>\s*<td><span class="badge/g)].length).toBe(1);
    const bad = await app.inject({ method: "GET", url: "/worklist?from=yesterday" });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toContain("text/html");
    expect(bad.body).toContain("from: &quot;yesterday&quot; is not a date");
  });

  it("refuses a form post without the session's CSRF token, but signs out without one", async () => {
    const app = await fixture.as("biller");
    const refused = await app.inject({ method: "POST", url: "/settings/tokens", payload: "_csrf=nope&name=x&role=biller", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(refused.statusCode).toBe(403);
    const admin = await fixture.as("admin");
    const wrong = await admin.inject({ method: "POST", url: "/settings/tokens", payload: "_csrf=nope&name=x&role=biller", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain("CSRF token missing or wrong");
    // htmx sends the token in a header instead of a field.
    const header = await admin.inject({ method: "POST", url: "/settings/charges", payload: "code=97999&charge=1.00&effectiveFrom=2026-01-01", headers: { "content-type": "application/x-www-form-urlencoded", "x-csrf-token": CSRF } });
    expect(header.statusCode).toBe(303);
    // Signing out only ends the caller's own session: no token needed.
    const out = await app.inject({ method: "POST", url: "/sign-out", payload: "_csrf=nope", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(out.statusCode).toBe(303);
  });

  it("serves the static assets with their types", async () => {
    const app = await fixture.as(null);
    for (const [name, type] of [["app.css", "text/css"], ["app.js", "text/javascript"], ["htmx.min.js", "text/javascript"], ["chart.umd.min.js", "text/javascript"]]) {
      const answer = await app.inject({ method: "GET", url: `/assets/${name}` });
      expect(answer.statusCode, name).toBe(200);
      expect(answer.headers["content-type"]).toContain(type);
    }
    expect((await app.inject({ method: "GET", url: "/assets/nope.js" })).statusCode).toBe(404);
  });
});

describe("kept scrubs after 835s are posted", () => {
  it("are what a fresh scrub of each visit gives, for every visit of the practice", async () => {
    const fixture = await openWebFixture(8);
    try {
      const { db } = fixture.store;
      const practiceId = fixture.demo.practiceId;
      const ids = (await db.selectFrom("visits").select("id").where("practice_id", "=", practiceId).orderBy("id").execute()).map((row) => row.id);
      await currentScrubs(db, fixture.reference, practiceId, ids);
      // One claim paid (a move between live statuses: counted for nobody) and one denied (counted for its patient).
      const submitted = (await listClaims(db, { practiceId, status: "submitted" }, { limit: 2 })).items;
      expect(submitted.length).toBe(2);
      await importRemittance(db, payment835(submitted[0]!), { actor: "test", practiceId });
      await importRemittance(db, denial835(submitted[1]!, "EFT-KEPT-2"), { actor: "test", practiceId });
      expect((await listClaims(db, { practiceId, claimNumber: submitted[0]!.claimNumber })).items[0]!.status).toBe("paid");
      const kept = await currentScrubs(db, fixture.reference, practiceId, ids);
      for (const id of ids) expect(kept.get(id), `visit ${id}`).toEqual(await scrubForKeeping(db, fixture.reference, id));
    } finally {
      await fixture.close();
    }
  });
});

describe("warming the worklist in the background", () => {
  it("scrubs every visit the worklist would scrub on its first render, and stops when told", async () => {
    const fixture = await openWebFixture(4);
    try {
      const { db } = fixture.store;
      const unclaimed = await db
        .selectFrom("visits")
        .select("id")
        .where((eb) => eb.not(eb.exists(eb.selectFrom("claims").select("claims.id").whereRef("claims.visit_id", "=", "visits.id"))))
        .execute();
      expect(unclaimed.length).toBeGreaterThan(0);
      expect(await warmWorklist(fixture.store, fixture.reference, () => true)).toBe(0);
      expect(await warmWorklist(fixture.store, fixture.reference, () => false)).toBe(unclaimed.length);
      // Kept: a restart (a new warm-up) scrubs nothing again.
      expect(await warmWorklist(fixture.store, fixture.reference, () => false)).toBe(0);
      // A claim built for one patient makes only that patient's other unbilled visits stale.
      const [first] = await db.selectFrom("visits").select(["id", "patient_id"]).where("id", "in", unclaimed.map((row) => row.id)).orderBy("id").execute();
      await buildClaimForVisit(db, fixture.reference, first!.id);
      const samePatient = await db.selectFrom("visits").select("id").where("patient_id", "=", first!.patient_id).where("id", "in", unclaimed.map((row) => row.id)).where("id", "!=", first!.id).execute();
      expect(samePatient.length).toBeGreaterThan(0);
      expect(await warmWorklist(fixture.store, fixture.reference, () => false)).toBe(samePatient.length);
    } finally {
      await fixture.close();
    }
  });
});
