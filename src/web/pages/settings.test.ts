import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTokens } from "../../auth/tokens.js";
import { listUsers } from "../../auth/users.js";
import { listCharges } from "../../store/charge-master.js";
import { getPractice } from "../../store/practices.js";
import { CSRF, openWebFixture, type WebFixture } from "../test-support.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("the settings page", () => {
  let fixture: WebFixture;
  beforeAll(async () => {
    fixture = await openWebFixture(4);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("is the admin's only", async () => {
    for (const role of ["biller", "therapist", "front-desk", "auditor"] as const) {
      expect((await (await fixture.as(role)).inject({ method: "GET", url: "/settings" })).statusCode, role).toBe(403);
    }
    const answer = await (await fixture.as("admin")).inject({ method: "GET", url: "/settings" });
    expect(answer.statusCode).toBe(200);
    for (const heading of ["Practice", "Providers", "Referring and certifying physicians", "Payers", "Charge master", "Clearinghouse", "Users", "API tokens"]) expect(answer.body).toContain(`>${heading}</h2>`);
    expect(answer.body).toContain("Medicare Part B");
  });

  it("saves the practice, adds a charge and a user", async () => {
    const app = await fixture.as("admin");
    const practice = await getPractice(fixture.store.db, fixture.demo.practiceId);
    const saved = await app.inject({ method: "POST", url: "/settings/practice", payload: `_csrf=${CSRF}&version=${practice.version}&name=Lakeside+OT&billingName=&phone=3035551212`, headers: FORM });
    expect(saved.statusCode).toBe(303);
    expect(await getPractice(fixture.store.db, fixture.demo.practiceId)).toMatchObject({ name: "Lakeside OT", phone: "3035551212", billingName: null });
    const charge = await app.inject({ method: "POST", url: "/settings/charges", payload: `_csrf=${CSRF}&code=97999&charge=61.50&effectiveFrom=2026-01-01`, headers: FORM });
    expect(charge.statusCode).toBe(303);
    expect((await listCharges(fixture.store.db, { practiceId: fixture.demo.practiceId }, { limit: 500 })).items.find((c) => c.code === "97999")).toMatchObject({ chargeCents: 6150, effectiveFrom: "2026-01-01" });
    const badCharge = await app.inject({ method: "POST", url: "/settings/charges", payload: `_csrf=${CSRF}&code=97999&charge=lots&effectiveFrom=2026-01-01`, headers: FORM });
    expect(badCharge.statusCode).toBe(400);
    const user = await app.inject({ method: "POST", url: "/settings/users", payload: `_csrf=${CSRF}&email=New.Biller%40example.test&role=biller&password=correct-horse-battery`, headers: FORM });
    expect(user.statusCode).toBe(303);
    expect((await listUsers(fixture.store.db)).find((u) => u.email === "new.biller@example.test")).toMatchObject({ role: "biller", practiceId: fixture.demo.practiceId });
    const short = await app.inject({ method: "POST", url: "/settings/users", payload: `_csrf=${CSRF}&email=x%40example.test&role=biller&password=short`, headers: FORM });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain("password: at least 12 characters");
  });

  it("shows a new API token once, and revokes it", async () => {
    const app = await fixture.as("admin");
    const made = await app.inject({ method: "POST", url: "/settings/tokens", payload: `_csrf=${CSRF}&name=nightly+export&role=biller`, headers: FORM });
    expect(made.statusCode).toBe(200);
    const secret = /<code>([^<]+)<\/code>/.exec(made.body)![1]!;
    expect(secret.startsWith("otb_")).toBe(true);
    const [token] = (await listTokens(fixture.store.db, fixture.demo.practiceId)).filter((t) => t.name === "nightly export");
    expect(token).toMatchObject({ role: "biller", createdBy: "user:admin@example.test", revokedAt: null });
    const again = await app.inject({ method: "GET", url: "/settings" });
    expect(again.body).not.toContain(secret);
    const revoked = await app.inject({ method: "POST", url: `/settings/tokens/${token!.id}/revoke`, payload: `_csrf=${CSRF}`, headers: FORM });
    expect(revoked.statusCode).toBe(303);
    expect((await listTokens(fixture.store.db, fixture.demo.practiceId)).find((t) => t.id === token!.id)?.revokedAt).not.toBeNull();
  });
});
