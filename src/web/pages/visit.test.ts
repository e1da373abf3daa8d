import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClaimOfVisit } from "../../store/claims.js";
import { generateDemoPractice, type DemoMistake } from "../../store/demo/generate.js";
import { getVisit, listVisits } from "../../store/visits.js";
import { CSRF, openWebFixture, type WebFixture } from "../test-support.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function form(fields: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(fields).map(([key, value]) => [key, String(value)])).toString();
}

describe("the visit page", () => {
  let fixture: WebFixture;
  let visitId: number;
  beforeAll(async () => {
    fixture = await openWebFixture(8);
    const demo = generateDemoPractice({ patients: 8 });
    const planted = demo.patients.flatMap((patient) => patient.visits).find((visit) => visit.mistakes.includes("header-icd" as DemoMistake))!;
    visitId = (await listVisits(fixture.store.db, { externalId: planted.externalId })).items[0]!.id;
  });
  afterAll(async () => {
    await fixture.close();
  });

  /** The editor's fields for the stored visit, with some changed. */
  async function fields(change: Record<string, string | number> = {}, id = visitId): Promise<Record<string, string | number>> {
    const visit = await getVisit(fixture.store.db, id);
    const base: Record<string, string | number> = { _csrf: CSRF, version: visit.version, rows: visit.services.length + 1, diagnoses: visit.diagnoses.join(", "), totalTreatmentMinutes: visit.totalTreatmentMinutes ?? "" };
    visit.services.forEach((service, index) => {
      base[`code_${index}`] = service.code;
      base[`minutes_${index}`] = service.minutes ?? "";
      base[`assistant_${index}`] = service.assistantMinutes ?? "";
      base[`units_${index}`] = service.units ?? "";
      base[`modifiers_${index}`] = service.modifiers.join(" ");
    });
    return { ...base, ...change };
  }

  it("shows the scrub as a biller reads it: lines, units explained, findings with fix and source", async () => {
    const app = await fixture.as("biller");
    const answer = await app.inject({ method: "GET", url: `/visits/${visitId}` });
    expect(answer.statusCode).toBe(200);
    const body = answer.body;
    expect(body).toContain('Scrub result: <span class="badge badge-reject">Will be denied</span>');
    // 97530 and 97110 at 20 minutes each: 40 minutes make 3 units under the 8-minute rule; the third goes to 97530 (listed first).
    expect(body).toMatch(/<td>97530<\/td><td>GO<\/td><td class="num">2<\/td><td class="num">20<\/td>/);
    expect(body).toMatch(/<td>97110<\/td><td>GO<\/td><td class="num">1<\/td><td class="num">20<\/td>/);
    expect(body).toContain("40 timed minute(s) gave 3 timed unit(s) under Medicare&#39;s 8-minute rule");
    expect(body).toMatch(/<td class="num">60\.12<\/td><td class="num">47\.14<\/td><td class="num">12\.02<\/td>/);
    expect(body).toContain("I69.35 is a category header, not a billable code");
    expect(body).toMatch(/Source: ICD-10-CM FY20\d\d \(data\/icd10cm\/icd10cm_codes_fy20\d\d.tsv\) · field diagnoses\[0\]/);
    expect(body).toContain('hx-post="/visits/' + visitId + '/preview"');
    // Reading a visit is audited: who, which record, which patient; no names.
    const entry = await fixture.store.db.selectFrom("audit_log").selectAll().where("resource", "=", "visits").where("resource_id", "=", String(visitId)).orderBy("id", "desc").executeTakeFirstOrThrow();
    const visit = await getVisit(fixture.store.db, visitId);
    expect(entry).toMatchObject({ action: "read", actor: "user:biller@example.test", outcome: "success", patient_ids: JSON.stringify([visit.patientId]) });
  });

  it("previews a change without saving it, then saves it and the visit is clean", async () => {
    const app = await fixture.as("biller");
    const preview = await app.inject({ method: "POST", url: `/visits/${visitId}/preview`, payload: form(await fields({ diagnoses: "I69.351, Z96.611, M62.81" })), headers: { ...FORM, "hx-request": "true" } });
    expect(preview.statusCode).toBe(200);
    expect(preview.body.startsWith('<section id="result"')).toBe(true);
    expect(preview.body).toContain("with your changes (not saved)");
    expect(preview.body).toContain('<span class="badge badge-clean">Clean</span>');
    expect((await getVisit(fixture.store.db, visitId)).diagnoses[0]).toBe("I69.35");

    const before = await getVisit(fixture.store.db, visitId);
    const saved = await app.inject({ method: "POST", url: `/visits/${visitId}`, payload: form(await fields({ diagnoses: "I69.351, Z96.611, M62.81" })), headers: FORM });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/visits/${visitId}?saved=1`);
    const after = await getVisit(fixture.store.db, visitId);
    expect(after.diagnoses).toEqual(["I69.351", "Z96.611", "M62.81"]);
    expect(after.version).toBe(before.version + 1);
    expect(after.services.map((service) => [service.code, service.minutes])).toEqual(before.services.map((service) => [service.code, service.minutes]));
    const page = await app.inject({ method: "GET", url: `/visits/${visitId}?saved=1` });
    expect(page.body).toContain("Changes saved");
    expect(page.body).toContain('Scrub result: <span class="badge badge-clean">Clean</span>');
  });

  it("rebuilds the claim: the draft is replaced by a claim ready to send", async () => {
    const app = await fixture.as("biller");
    const draft = await openClaimOfVisit(fixture.store.db, visitId);
    expect(draft?.status).toBe("draft");
    const built = await app.inject({ method: "POST", url: `/visits/${visitId}/claim`, payload: form({ _csrf: CSRF }), headers: FORM });
    expect(built.statusCode).toBe(303);
    const claim = await openClaimOfVisit(fixture.store.db, visitId);
    expect(claim?.status).toBe("ready");
    expect(claim?.id).not.toBe(draft?.id);
    expect(built.headers.location).toBe(`/visits/${visitId}?built=${claim!.claimNumber}`);
    // Built again from the same version of the visit: a conflict, said in words.
    const again = await app.inject({ method: "POST", url: `/visits/${visitId}/claim`, payload: form({ _csrf: CSRF }), headers: FORM });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("already has claim");
  });

  it("refuses a stale version, a bad field, a missing CSRF token, and a therapist building a claim", async () => {
    const app = await fixture.as("biller");
    const stale = await app.inject({ method: "POST", url: `/visits/${visitId}`, payload: form(await fields({ version: 1 })), headers: FORM });
    expect(stale.statusCode).toBe(409);
    const bad = await app.inject({ method: "POST", url: `/visits/${visitId}`, payload: form(await fields({ minutes_0: "ten" })), headers: FORM });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("minutes_0: &quot;ten&quot; is not a whole number");
    const noToken = await app.inject({ method: "POST", url: `/visits/${visitId}`, payload: form({ ...(await fields()), _csrf: "wrong" }), headers: FORM });
    expect(noToken.statusCode).toBe(403);
    const therapist = await fixture.as("therapist");
    const refused = await therapist.inject({ method: "POST", url: `/visits/${visitId}/claim`, payload: form({ _csrf: CSRF }), headers: FORM });
    expect(refused.statusCode).toBe(403);
    const page = await therapist.inject({ method: "GET", url: `/visits/${visitId}` });
    expect(page.body).not.toContain("Rebuild the claim");
  });

  it("sends a change to a visit whose claim the payer has as a replacement claim (frequency 7)", async () => {
    const app = await fixture.as("biller");
    const planted = generateDemoPractice({ patients: 8 }).patients.flatMap((patient) => patient.visits).find((visit) => visit.mistakes.includes("minutes-do-not-add-up" as DemoMistake))!;
    const billed = (await listVisits(fixture.store.db, { externalId: planted.externalId })).items[0]!;
    const original = (await openClaimOfVisit(fixture.store.db, billed.id))!;
    expect(["submitted", "paid", "denied", "appealed"]).toContain(original.status);
    const page = await app.inject({ method: "GET", url: `/visits/${billed.id}` });
    expect(page.body).toContain("Send as a replacement claim (frequency 7)");
    expect(page.body).not.toContain(">Save changes</button>");
    const fieldsOf = (change: Record<string, string | number>) => fields(change, billed.id);
    const edit = await app.inject({ method: "POST", url: `/visits/${billed.id}`, payload: form(await fieldsOf({ totalTreatmentMinutes: 71 })), headers: FORM });
    expect(edit.statusCode).toBe(409);
    expect(edit.body).toContain("replacement claim");
    const replaced = await app.inject({ method: "POST", url: `/visits/${billed.id}/replace`, payload: form(await fieldsOf({ totalTreatmentMinutes: 71, payerClaimControlNumber: "22026334112300" })), headers: FORM });
    expect(replaced.statusCode, replaced.body).toBe(303);
    const made = await openClaimOfVisit(fixture.store.db, billed.id);
    expect(made).toMatchObject({ frequency: "7", payerClaimControlNumber: "22026334112300", replacesClaimId: original.id, status: "ready", scrubStatus: "clean" });
    expect(replaced.headers.location).toBe(`/claims/${made!.id}?notice=${encodeURIComponent(`${original.claimNumber} replaced by ${made!.claimNumber} (frequency 7), ready for the next batch`)}`);
    expect((await getVisit(fixture.store.db, billed.id)).totalTreatmentMinutes).toBe(71);
  });

  it("answers 404 for a visit that is not there", async () => {
    const app = await fixture.as("biller");
    expect((await app.inject({ method: "GET", url: "/visits/999999" })).statusCode).toBe(404);
  });
});
