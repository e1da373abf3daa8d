import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCharge, listCharges } from "../../store/charge-master.js";
import { completeNpi } from "../../store/npi.js";
import { getPhysician, listPhysicians } from "../../store/physicians.js";
import { CSRF, openWebFixture, type WebFixture } from "../test-support.js";
import { centsFromDollars } from "./settings-parties.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function form(fields: Record<string, string>, csrf = CSRF): string {
  return new URLSearchParams({ _csrf: csrf, ...fields }).toString();
}

describe("referring physicians and the charge master in Settings", () => {
  let fixture: WebFixture;
  beforeAll(async () => {
    fixture = await openWebFixture(4);
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function audits(resource: string) {
    return fixture.store.db.selectFrom("audit_log").select(["action", "resource_id", "outcome", "actor", "detail"]).where("resource", "=", resource).orderBy("id").execute();
  }
  const physicians = async () => (await listPhysicians(fixture.store.db, { practiceId: fixture.demo.practiceId }, { limit: 500 })).items;
  const charges = async (code: string) => (await listCharges(fixture.store.db, { practiceId: fixture.demo.practiceId, code }, { limit: 500 })).items.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));

  it("adds a physician with a valid NPI, audited; a wrong check digit is refused beside the NPI with the value and nothing stored", async () => {
    const app = await fixture.as("admin");
    const page = await app.inject({ method: "GET", url: "/settings" });
    expect(page.body).toContain(`<form class="panel" method="post" action="/settings/physicians"><input type="hidden" name="_csrf" value="${CSRF}"><div class="fields">`);
    expect(page.body).toContain(`<label for="physician-new-npi">NPI (10 digits)</label>`);
    const before = await physicians();
    expect(before.map((p) => p.lastName)).toEqual(["Marchetti", "Okonkwo", "Lindgren"]);

    const bad = await app.inject({ method: "POST", url: "/settings/physicians", headers: FORM, payload: form({ firstName: "Ruth", lastName: "Abara", npi: "1234567890" }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(
      `<input id="physician-new-npi" name="npi" value="1234567890" size="10" maxlength="10" required aria-invalid="true" aria-describedby="physician-new-npi-error"><span class="field-error" id="physician-new-npi-error">npi &quot;1234567890&quot;: check digit should be 3, not 0</span>`,
    );
    expect(bad.body).toContain(`<input id="physician-new-lastName" name="lastName" value="Abara"`);
    expect(bad.body).toContain(`<details class="edit" open><summary>Add a physician</summary>`);
    const short = await app.inject({ method: "POST", url: "/settings/physicians", headers: FORM, payload: form({ firstName: "Ruth", lastName: "Abara", npi: "12345" }) });
    expect(short.body).toContain(`<span class="field-error" id="physician-new-npi-error">npi &quot;12345&quot;: must be 10 digits</span>`);
    expect(await physicians()).toEqual(before);

    const saved = await app.inject({ method: "POST", url: "/settings/physicians", headers: FORM, payload: form({ firstName: " Ruth ", lastName: "Abara", npi: "1234567893" }) });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/settings?notice=${encodeURIComponent("Physician Abara, Ruth (NPI 1234567893) added.")}#physicians-title`);
    const added = (await physicians()).find((p) => p.npi === "1234567893")!;
    expect(added).toEqual({ id: added.id, practiceId: fixture.demo.practiceId, firstName: "Ruth", lastName: "Abara", npi: "1234567893", version: 1 });
    const entries = await audits("physicians");
    expect(entries.at(-1)).toMatchObject({ action: "create", resource_id: String(added.id), outcome: "success", actor: "user:admin@example.test" });

    const again = await app.inject({ method: "POST", url: "/settings/physicians", headers: FORM, payload: form({ firstName: "Ruth", lastName: "Abara-Lee", npi: "1234567893" }) });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(`<span class="field-error" id="physician-new-npi-error">npi &quot;1234567893&quot;: another physician already has this value</span>`);
    // A refusal inside the change is audited as the API's are.
    expect((await audits("physicians")).at(-1)).toMatchObject({ action: "create", resource_id: null, outcome: "conflict" });
    const shown = await app.inject({ method: "GET", url: "/settings" });
    expect(shown.body).toContain("<tr><td>Abara, Ruth</td><td>1234567893</td></tr>");
  });

  it("edits a physician's name and NPI with the version, audited with the versions; a stale version is refused at the top", async () => {
    const app = await fixture.as("admin");
    const [physician] = await physicians();
    const page = await app.inject({ method: "GET", url: "/settings" });
    expect(page.body).toContain(`<form class="panel" method="post" action="/settings/physicians/${physician!.id}"><input type="hidden" name="_csrf" value="${CSRF}"><input type="hidden" name="version" value="1">`);
    const npi = completeNpi("111222333");
    const bad = await app.inject({ method: "POST", url: `/settings/physicians/${physician!.id}`, headers: FORM, payload: form({ version: "1", firstName: "Helen", lastName: "Marchetti-Ross", npi: "1112223330" }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`<span class="field-error" id="physician-${physician!.id}-npi-error">npi &quot;1112223330&quot;: check digit should be ${npi[9]}, not 0</span>`);
    expect(await getPhysician(fixture.store.db, physician!.id)).toEqual(physician);

    const saved = await app.inject({ method: "POST", url: `/settings/physicians/${physician!.id}`, headers: FORM, payload: form({ version: "1", firstName: "Helen", lastName: "Marchetti-Ross", npi }) });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/settings?notice=${encodeURIComponent("Physician Marchetti-Ross, Helen saved.")}#physicians-title`);
    expect(await getPhysician(fixture.store.db, physician!.id)).toEqual({ ...physician, lastName: "Marchetti-Ross", npi, version: 2 });
    const entry = (await audits("physicians")).at(-1)!;
    expect(entry).toMatchObject({ action: "update", resource_id: String(physician!.id), outcome: "success" });
    expect(JSON.parse(entry.detail!)).toEqual({ fromVersion: 1, toVersion: 2 });

    const stale = await app.inject({ method: "POST", url: `/settings/physicians/${physician!.id}`, headers: FORM, payload: form({ version: "1", firstName: "Helena", lastName: "Marchetti", npi }) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(`<input type="hidden" name="version" value="1"><div class="error" role="alert">physician ${physician!.id} was changed by someone else: you sent version 1, it is now at version 2; reload it and apply your change again</div>`);
    expect((await getPhysician(fixture.store.db, physician!.id)).firstName).toBe("Helen");
    expect((await app.inject({ method: "POST", url: "/settings/physicians/99999", headers: FORM, payload: form({ version: "1", firstName: "X", lastName: "Y", npi }) })).statusCode).toBe(404);
  });

  it("adds a charge in dollars as exact cents, audited; a bad amount or code is refused beside its field naming the value", async () => {
    const app = await fixture.as("admin");
    const added = await app.inject({ method: "POST", url: "/settings/charges", headers: FORM, payload: form({ code: "97542", charge: "$1,061.07", effectiveFrom: "2026-02-01", effectiveThrough: "" }) });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/settings?notice=${encodeURIComponent("Charge for 97542 added: 1,061.07 per unit from 2026-02-01.")}#charges-title`);
    const [charge] = await charges("97542");
    expect(charge).toEqual({ id: charge!.id, practiceId: fixture.demo.practiceId, code: "97542", chargeCents: 106107, effectiveFrom: "2026-02-01", effectiveThrough: null, version: 1 });
    expect((await audits("charge-master")).at(-1)).toMatchObject({ action: "create", resource_id: String(charge!.id), outcome: "success" });

    const amount = await app.inject({ method: "POST", url: "/settings/charges", headers: FORM, payload: form({ code: "97533", charge: "61.5.0", effectiveFrom: "2026-02-01", effectiveThrough: "" }) });
    expect(amount.statusCode).toBe(400);
    expect(amount.body).toContain(`<span class="field-error" id="charge-new-charge-error">charge &quot;61.5.0&quot;: is not an amount in dollars, e.g. 61.50</span>`);
    const zero = await app.inject({ method: "POST", url: "/settings/charges", headers: FORM, payload: form({ code: "97533", charge: "0", effectiveFrom: "2026-02-01", effectiveThrough: "" }) });
    expect(zero.body).toContain(`<span class="field-error" id="charge-new-charge-error">charge &quot;0&quot;: must be more than 0</span>`);
    const code = await app.inject({ method: "POST", url: "/settings/charges", headers: FORM, payload: form({ code: "9753", charge: "61.50", effectiveFrom: "2026-02-01", effectiveThrough: "" }) });
    expect(code.body).toContain(`<span class="field-error" id="charge-new-code-error">code &quot;9753&quot;: must be a 5-character HCPCS/CPT code</span>`);
    const backwards = await app.inject({ method: "POST", url: "/settings/charges", headers: FORM, payload: form({ code: "97533", charge: "61.50", effectiveFrom: "2026-02-01", effectiveThrough: "2026-01-31" }) });
    expect(backwards.body).toContain(`<span class="field-error" id="charge-new-effectiveThrough-error">effectiveThrough &quot;2026-01-31&quot;: is before effectiveFrom</span>`);
    const overlap = await app.inject({ method: "POST", url: "/settings/charges", headers: FORM, payload: form({ code: "97542", charge: "70", effectiveFrom: "2026-03-01", effectiveThrough: "" }) });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.body).toContain(
      `<span class="field-error" id="charge-new-effectiveFrom-error">effectiveFrom &quot;2026-03-01&quot;: code 97542: charge ${charge!.id} is already in force 2026-02-01 through (open); end it before 2026-03-01 first</span>`,
    );
    expect(await charges("97533")).toEqual([]);
    expect(await charges("97542")).toEqual([charge]);
  });

  it("a new price from a day is a new row, the old one ending the day before, both audited in one change", async () => {
    const app = await fixture.as("admin");
    const [before] = await charges("97110");
    expect(before).toMatchObject({ chargeCents: 4500, effectiveFrom: "2026-01-01", effectiveThrough: "2026-12-31", version: 1 });
    const page = await app.inject({ method: "GET", url: "/settings" });
    expect(page.body).toContain(`<summary>Change 97110 from 2026-01-01</summary>`);
    expect(page.body).toContain(`<input id="charge-${before!.id}-charge" name="charge" value="45.00" size="8" required>`);

    const early = await app.inject({ method: "POST", url: `/settings/charges/${before!.id}/next`, headers: FORM, payload: form({ version: "1", charge: "47.25", effectiveFrom: "2026-01-01" }) });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain(`<span class="field-error" id="charge-${before!.id}-next-effectiveFrom-error">effectiveFrom &quot;2026-01-01&quot;: must be after 2026-01-01, the first day of the charge it follows</span>`);
    const late = await app.inject({ method: "POST", url: `/settings/charges/${before!.id}/next`, headers: FORM, payload: form({ version: "1", charge: "47.25", effectiveFrom: "2027-01-01" }) });
    expect(late.body).toContain(`effectiveFrom &quot;2027-01-01&quot;: must be on or before 2026-12-31, the last day of the charge it follows`);
    expect(await charges("97110")).toEqual([before]);

    const auditsBefore = (await audits("charge-master")).length;
    const next = await app.inject({ method: "POST", url: `/settings/charges/${before!.id}/next`, headers: FORM, payload: form({ version: "1", charge: "47.25", effectiveFrom: "2026-07-01" }) });
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toBe(`/settings?notice=${encodeURIComponent("Charge for 97110 from 2026-07-01: 47.25 per unit (45.00 through 2026-06-30).")}#charges-title`);
    const [ended, started] = await charges("97110");
    expect(ended).toEqual({ ...before, effectiveThrough: "2026-06-30", version: 2 });
    expect(started).toEqual({ id: started!.id, practiceId: fixture.demo.practiceId, code: "97110", chargeCents: 4725, effectiveFrom: "2026-07-01", effectiveThrough: "2026-12-31", version: 1 });
    const entries = (await audits("charge-master")).slice(auditsBefore);
    expect(entries.map((entry) => [entry.action, entry.resource_id, entry.outcome])).toEqual([
      ["update", String(before!.id), "success"],
      ["create", String(started!.id), "success"],
    ]);
    expect(JSON.parse(entries[0]!.detail!)).toEqual({ fromVersion: 1, toVersion: 2 });

    // The same form again (version 1 is stale now): refused at the top, nothing changed, the attempt audited.
    const stale = await app.inject({ method: "POST", url: `/settings/charges/${before!.id}/next`, headers: FORM, payload: form({ version: "1", charge: "48.00", effectiveFrom: "2026-05-01" }) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(`<div class="error" role="alert">charge ${before!.id} was changed by someone else: you sent version 1, it is now at version 2; reload it and apply your change again</div>`);
    expect(await charges("97110")).toEqual([ended, started]);
    expect((await audits("charge-master")).at(-1)).toMatchObject({ action: "update", resource_id: String(before!.id), outcome: "conflict" });
  });

  it("corrects a charge row in place (price and last day), audited; the biller and the auditor may not change either list", async () => {
    const app = await fixture.as("admin");
    const [row] = await charges("97112");
    const saved = await app.inject({ method: "POST", url: `/settings/charges/${row!.id}`, headers: FORM, payload: form({ version: "1", charge: "50.10", effectiveFrom: "2026-01-01", effectiveThrough: "" }) });
    expect(saved.statusCode).toBe(303);
    expect(await getCharge(fixture.store.db, row!.id)).toEqual({ ...row, chargeCents: 5010, effectiveThrough: null, version: 2 });
    const entry = (await audits("charge-master")).at(-1)!;
    expect(entry).toMatchObject({ action: "update", resource_id: String(row!.id), outcome: "success" });
    const bad = await app.inject({ method: "POST", url: `/settings/charges/${row!.id}`, headers: FORM, payload: form({ version: "2", charge: "50.10", effectiveFrom: "2026-13-01", effectiveThrough: "" }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`<span class="field-error" id="charge-${row!.id}-effectiveFrom-error">effectiveFrom &quot;2026-13-01&quot;: must be a calendar date in YYYY-MM-DD form</span>`);
    expect((await getCharge(fixture.store.db, row!.id)).version).toBe(2);

    const [physician] = await physicians();
    for (const role of ["biller", "therapist", "front-desk", "auditor"] as const) {
      const other = await fixture.as(role);
      const posts: { url: string; fields: Record<string, string> }[] = [
        { url: "/settings/physicians", fields: { firstName: "A", lastName: "B", npi: "1234567893" } },
        { url: `/settings/physicians/${physician!.id}`, fields: { version: String(physician!.version), lastName: "Changed" } },
        { url: "/settings/charges", fields: { code: "97535", charge: "40", effectiveFrom: "2026-01-01" } },
        { url: `/settings/charges/${row!.id}`, fields: { version: "2", charge: "1" } },
        { url: `/settings/charges/${row!.id}/next`, fields: { version: "2", charge: "1", effectiveFrom: "2026-06-01" } },
      ];
      for (const post of posts) expect((await other.inject({ method: "POST", url: post.url, headers: FORM, payload: form(post.fields) })).statusCode, `${role} ${post.url}`).toBe(403);
    }
    // Without the form's CSRF token even the admin is refused.
    expect((await app.inject({ method: "POST", url: `/settings/charges/${row!.id}`, headers: FORM, payload: form({ version: "2", charge: "1" }, "wrong") })).statusCode).toBe(403);
    expect(await getCharge(fixture.store.db, row!.id)).toMatchObject({ chargeCents: 5010, version: 2 });
    expect((await physicians())[0]).toEqual(physician);
  });

  it("reads dollars as exact cents", () => {
    expect(centsFromDollars("61.5", "charge")).toBe(6150);
    expect(centsFromDollars("0.29", "charge")).toBe(29);
    expect(centsFromDollars("$1,234.07", "charge")).toBe(123407);
    expect(centsFromDollars("19.99", "charge")).toBe(1999);
    expect(() => centsFromDollars("1.234", "charge")).toThrow('charge "1.234": is not an amount in dollars, e.g. 61.50');
    expect(() => centsFromDollars("-5", "charge")).toThrow('charge "-5": is not an amount in dollars, e.g. 61.50');
  });
});
