import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, listUsers } from "../../auth/users.js";
import { createToken } from "../../auth/tokens.js";
import { clearinghouseOfPractice } from "../../store/clearinghouses.js";
import { getPayer, listPayers } from "../../store/payers.js";
import { getPractice } from "../../store/practices.js";
import { getProvider, listProviders } from "../../store/providers.js";
import { CSRF, openWebFixture, type WebFixture } from "../test-support.js";
import { overridesFrom } from "./settings-edit.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function form(fields: Record<string, string>, csrf = CSRF): string {
  return new URLSearchParams({ _csrf: csrf, ...fields }).toString();
}

describe("editing the settings", () => {
  let fixture: WebFixture;
  beforeAll(async () => {
    fixture = await openWebFixture(4);
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function lastAudit(action: string, resource: string) {
    return fixture.store.db.selectFrom("audit_log").selectAll().where("action", "=", action).where("resource", "=", resource).orderBy("id", "desc").executeTakeFirst();
  }

  it("changes a provider's taxonomy, role and discipline, audited with the versions", async () => {
    const app = await fixture.as("admin");
    const [provider] = (await listProviders(fixture.store.db, { practiceId: fixture.demo.practiceId })).items;
    const page = await app.inject({ method: "GET", url: "/settings" });
    expect(page.body).toContain(`<form class="panel" method="post" action="/settings/providers/${provider!.id}">`);
    expect(page.body).toContain(`<label for="provider-${provider!.id}-taxonomy">Taxonomy</label>`);
    const saved = await app.inject({
      method: "POST",
      url: `/settings/providers/${provider!.id}`,
      headers: FORM,
      payload: form({ version: String(provider!.version), firstName: provider!.firstName, lastName: provider!.lastName, npi: provider!.npi, discipline: "PT", role: "assistant", taxonomy: "225200000x" }),
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/settings?notice=${encodeURIComponent(`Provider ${provider!.lastName}, ${provider!.firstName} saved.`)}#providers-title`);
    expect(await getProvider(fixture.store.db, provider!.id)).toMatchObject({ discipline: "PT", role: "assistant", taxonomy: "225200000X", version: provider!.version + 1 });
    const entry = await lastAudit("update", "providers");
    expect(entry).toMatchObject({ resource_id: String(provider!.id), outcome: "success", actor: "user:admin@example.test" });
    expect(JSON.parse(entry!.detail!)).toEqual({ fromVersion: provider!.version, toVersion: provider!.version + 1 });
  });

  it("shows a refused provider field beside the field, keeps what was typed and stores nothing", async () => {
    const app = await fixture.as("admin");
    const [provider] = (await listProviders(fixture.store.db, { practiceId: fixture.demo.practiceId })).items;
    const answer = await app.inject({
      method: "POST",
      url: `/settings/providers/${provider!.id}`,
      headers: FORM,
      payload: form({ version: String(provider!.version), firstName: provider!.firstName, lastName: provider!.lastName, npi: provider!.npi, discipline: "OT", role: "therapist", taxonomy: "OT-123" }),
    });
    expect(answer.statusCode).toBe(400);
    const id = `provider-${provider!.id}-taxonomy`;
    expect(answer.body).toContain(`<input id="${id}" name="taxonomy" value="OT-123" size="10" aria-invalid="true" aria-describedby="${id}-error"><span class="field-error" id="${id}-error">must be a 10-character provider taxonomy code, e.g. 225X00000X</span>`);
    expect(answer.body).toContain(`<details class="edit" open><summary>Edit ${provider!.lastName}, ${provider!.firstName}</summary>`);
    expect(await getProvider(fixture.store.db, provider!.id)).toEqual(provider);
  });

  it("a stale version is refused at the top of the form (409), another practice's provider is not found", async () => {
    const app = await fixture.as("admin");
    const [provider] = (await listProviders(fixture.store.db, { practiceId: fixture.demo.practiceId })).items;
    const stale = await app.inject({ method: "POST", url: `/settings/providers/${provider!.id}`, headers: FORM, payload: form({ version: String(provider!.version - 1), taxonomy: "225X00000X" }) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toMatch(new RegExp(`action="/settings/providers/${provider!.id}"><input type="hidden" name="_csrf" value="${CSRF}"><input type="hidden" name="version" value="${provider!.version - 1}"><div class="error" role="alert">[^<]*version`));
    const missing = await app.inject({ method: "POST", url: "/settings/providers/99999", headers: FORM, payload: form({ version: "1", taxonomy: "225X00000X" }) });
    expect(missing.statusCode).toBe(404);
  });

  it("changes a payer's payer id, address, filing indicator, profile and own rule values, then clears them", async () => {
    const app = await fixture.as("admin");
    const payer = (await listPayers(fixture.store.db, { practiceId: fixture.demo.practiceId })).items.find((p) => p.kind === "commercial")!;
    const page = await app.inject({ method: "GET", url: "/settings" });
    expect(page.body).toContain(`<option value="medicaid-colorado">`);
    expect(page.body).toContain(`<option value="" selected>By its kind (commercial)</option>`);
    const fields = {
      version: String(payer.version),
      name: payer.name,
      electronicPayerId: "87726",
      claimFilingIndicator: "CI",
      "address.line1": "PO Box 30555",
      "address.line2": "",
      "address.city": "Salt Lake City",
      "address.state": "ut",
      "address.zip": "84130-0555",
      profile: "commercial-default",
      "profileOverrides.visitLimit.visits": "20",
      "profileOverrides.visitLimit.period": "calendar-year",
      "profileOverrides.visitLimit.scope": "combined",
      "profileOverrides.priorAuthorization.afterVisits": "12",
      "profileOverrides.feeSchedule.percent": "85",
    };
    const saved = await app.inject({ method: "POST", url: `/settings/payers/${payer.id}`, headers: FORM, payload: form(fields) });
    expect(saved.statusCode).toBe(303);
    const stored = await getPayer(fixture.store.db, payer.id);
    expect(stored).toMatchObject({
      electronicPayerId: "87726",
      claimFilingIndicator: "CI",
      address: { line1: "PO Box 30555", city: "Salt Lake City", state: "UT", zip: "841300555" },
      profile: "commercial-default",
      profileOverrides: {
        visitLimit: { basis: "visits", visits: 20, period: "calendar-year", scope: "combined", warnAtPercent: 80 },
        priorAuthorization: { required: "after-visits", afterVisits: 12 },
        feeSchedule: { basis: "percent-of-medicare", percent: 85 },
      },
    });
    expect((await lastAudit("update", "payers"))?.resource_id).toBe(String(payer.id));
    const shown = await app.inject({ method: "GET", url: "/settings" });
    expect(shown.body).toContain("<td>commercial-default</td><td>20 visits a calendar year (PT, OT, SLP together); authorization after 12 visits; 85% of Medicare</td>");

    const cleared = await app.inject({
      method: "POST",
      url: `/settings/payers/${payer.id}`,
      headers: FORM,
      payload: form({ ...fields, version: String(stored.version), profile: "", "profileOverrides.visitLimit.visits": "", "profileOverrides.priorAuthorization.afterVisits": "", "profileOverrides.feeSchedule.percent": "" }),
    });
    expect(cleared.statusCode).toBe(303);
    expect(await getPayer(fixture.store.db, payer.id)).toMatchObject({ profile: null, profileOverrides: null, electronicPayerId: "87726" });
  });

  it("shows a payer's refused fields beside them: filing indicator, visit limit, profile", async () => {
    const app = await fixture.as("admin");
    const payer = (await listPayers(fixture.store.db, { practiceId: fixture.demo.practiceId })).items.find((p) => p.kind === "commercial")!;
    const base = { version: String(payer.version), name: payer.name, claimFilingIndicator: "", profile: "", "profileOverrides.visitLimit.visits": "" };
    const filing = await app.inject({ method: "POST", url: `/settings/payers/${payer.id}`, headers: FORM, payload: form({ ...base, claimFilingIndicator: "XX" }) });
    expect(filing.statusCode).toBe(400);
    expect(filing.body).toContain(
      `<span class="field-error" id="payer-${payer.id}-claimFilingIndicator-error">must be a 005010X222A1 claim filing indicator code (SBR09), e.g. MB, 16, MC, CH, CI, WC</span>`,
    );
    const limit = await app.inject({ method: "POST", url: `/settings/payers/${payer.id}`, headers: FORM, payload: form({ ...base, "profileOverrides.visitLimit.visits": "-3" }) });
    expect(limit.statusCode).toBe(400);
    expect(limit.body).toContain(`<span class="field-error" id="payer-${payer.id}-profileOverrides-visitLimit-visits-error">Too small: expected number to be &gt;=0</span>`);
    const profile = await app.inject({ method: "POST", url: `/settings/payers/${payer.id}`, headers: FORM, payload: form({ ...base, profile: "acme-health" }) });
    expect(profile.statusCode).toBe(400);
    expect(profile.body).toContain(`<span class="field-error" id="payer-${payer.id}-profile-error">no payer profile &quot;acme-health&quot; (known: `);
    expect((await getPayer(fixture.store.db, payer.id)).version).toBe(payer.version);
  });

  it("keeps the payer's other rule values when the form changes its visit limit", () => {
    const body = { "profileOverrides.visitLimit.visits": "30", "profileOverrides.visitLimit.period": "", "profileOverrides.priorAuthorization.afterVisits": "", "profileOverrides.feeSchedule.percent": "" };
    expect(overridesFrom(body, { unitRule: "ama", visitLimit: { basis: "visits", visits: 20, period: "benefit-year", benefitYearStart: "07-01", scope: "discipline", warnAtPercent: 90 } })).toEqual({
      unitRule: "ama",
      visitLimit: { basis: "visits", visits: 30, period: "benefit-year", scope: "discipline", benefitYearStart: "07-01", warnAtPercent: 90 },
    });
    expect(overridesFrom({ ...body, "profileOverrides.visitLimit.visits": "" }, { visitLimit: { basis: "authorized", warnAtPercent: 80 } })).toEqual({ visitLimit: { basis: "authorized", warnAtPercent: 80 } });
    expect(overridesFrom({}, { unitRule: "ama" })).toBeUndefined();
  });

  it("changes the clearinghouse settings; a bad phone is shown beside its field", async () => {
    const app = await fixture.as("admin");
    const before = (await clearinghouseOfPractice(fixture.store.db, fixture.demo.practiceId))!;
    const fields = {
      version: String(before.version),
      submitterName: "Lakeside Therapy",
      submitterId: "LAKE01",
      contactName: "Dana Biller",
      contactPhone: "(303) 555-0199",
      receiverName: "Office Ally",
      receiverId: "330897513",
      senderQualifier: "ZZ",
      senderId: "LAKE01",
      receiverQualifier: "ZZ",
      interchangeReceiverId: "330897513",
      usageIndicator: "P",
    };
    const saved = await app.inject({ method: "POST", url: "/settings/clearinghouse", headers: FORM, payload: form(fields) });
    expect(saved.statusCode).toBe(303);
    expect(await clearinghouseOfPractice(fixture.store.db, fixture.demo.practiceId)).toMatchObject({ ...fields, version: before.version + 1, contactPhone: "3035550199" });
    expect((await lastAudit("update", "clearinghouse-settings"))?.resource_id).toBe(String(before.id));
    const bad = await app.inject({ method: "POST", url: "/settings/clearinghouse", headers: FORM, payload: form({ ...fields, version: String(before.version + 1), contactPhone: "555-0199" }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`<span class="field-error" id="clearinghouse-contactPhone-error">must be 10 digits</span>`);
  });

  it("changes the practice's billing fields; a 5-digit billing ZIP is shown beside the ZIP", async () => {
    const app = await fixture.as("admin");
    const practice = await getPractice(fixture.store.db, fixture.demo.practiceId);
    const fields = {
      version: String(practice.version),
      name: practice.name,
      billingName: "Lakeside Occupational Therapy LLC",
      npi: "1234567893",
      taxId: "84-1234567",
      taxonomy: "225X00000X",
      phone: "303 555 0100",
      "address.line1": "100 Main St",
      "address.line2": "Suite 4",
      "address.city": "Denver",
      "address.state": "CO",
      "address.zip": "802021234",
      "payToAddress.line1": "",
      "payToAddress.line2": "",
      "payToAddress.city": "",
      "payToAddress.state": "",
      "payToAddress.zip": "",
    };
    const saved = await app.inject({ method: "POST", url: "/settings/practice", headers: FORM, payload: form(fields) });
    expect(saved.statusCode).toBe(303);
    expect(await getPractice(fixture.store.db, fixture.demo.practiceId)).toMatchObject({
      billingName: "Lakeside Occupational Therapy LLC",
      npi: "1234567893",
      taxId: "84-1234567",
      taxonomy: "225X00000X",
      phone: "3035550100",
      address: { line1: "100 Main St", line2: "Suite 4", city: "Denver", state: "CO", zip: "802021234" },
      payToAddress: null,
    });
    expect((await lastAudit("update", "practices"))?.resource_id).toBe(String(practice.id));
    const bad = await app.inject({ method: "POST", url: "/settings/practice", headers: FORM, payload: form({ ...fields, version: String(practice.version + 1), "address.zip": "80202" }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`<input id="practice-address-zip" name="address.zip" value="80202" size="10" aria-invalid="true" aria-describedby="practice-address-zip-error"><span class="field-error" id="practice-address-zip-error">must be 9 digits (ZIP+4)</span>`);
  });

  it("disables a user (sessions end, audited); the signed-in admin is not offered to disable themself", async () => {
    const app = await fixture.as("admin");
    // The fixture's admin is user 1.
    const admin = await createUser(fixture.store.db, { email: "owner@example.test", role: "admin", practiceId: fixture.demo.practiceId, password: "correct-horse-battery" });
    expect(admin.id).toBe(1);
    const user = await createUser(fixture.store.db, { email: "leaving@example.test", role: "biller", practiceId: fixture.demo.practiceId, password: "correct-horse-battery" });
    const page = await app.inject({ method: "GET", url: "/settings" });
    expect(page.body).toContain(`<form method="post" action="/settings/users/${user.id}/disable"><input type="hidden" name="_csrf" value="${CSRF}"><button type="submit" class="secondary" aria-label="Disable user leaving@example.test">Disable</button></form>`);
    const noCsrf = await app.inject({ method: "POST", url: `/settings/users/${user.id}/disable`, headers: FORM, payload: "" });
    expect(noCsrf.statusCode).toBe(403);
    const done = await app.inject({ method: "POST", url: `/settings/users/${user.id}/disable`, headers: FORM, payload: form({}) });
    expect(done.statusCode).toBe(303);
    expect((await listUsers(fixture.store.db)).find((u) => u.id === user.id)?.disabled).toBe(true);
    expect((await lastAudit("user-disable", "users"))?.resource_id).toBe(String(user.id));
    const self = await app.inject({ method: "POST", url: "/settings/users/1/disable", headers: FORM, payload: form({}) });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain(`<div class="error" role="alert">you cannot disable yourself: another admin must</div>`);
    expect(page.body).not.toContain(`action="/settings/users/1/disable"`);
    expect((await listUsers(fixture.store.db)).find((u) => u.id === 1)?.disabled).toBe(false);
  });

  it("revokes a token in one transaction with its audit entry; the biller may not change settings", async () => {
    const app = await fixture.as("admin");
    const { record } = await createToken(fixture.store.db, { name: "old export", role: "biller", practiceId: fixture.demo.practiceId, createdBy: "user:admin@example.test", userId: 1 });
    const revoked = await app.inject({ method: "POST", url: `/settings/tokens/${record.id}/revoke`, headers: FORM, payload: form({}) });
    expect(revoked.statusCode).toBe(303);
    expect((await lastAudit("token-revoke", "tokens"))?.resource_id).toBe(String(record.id));
    const biller = await fixture.as("biller");
    const [provider] = (await listProviders(fixture.store.db, { practiceId: fixture.demo.practiceId })).items;
    expect((await biller.inject({ method: "POST", url: `/settings/providers/${provider!.id}`, headers: FORM, payload: form({ version: "1" }) })).statusCode).toBe(403);
  });
});
