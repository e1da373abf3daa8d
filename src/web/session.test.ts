import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../auth/users.js";
import { loadReference } from "../reference/reference.js";
import { buildServer } from "../server/app.js";
import { seedDemo } from "../store/demo/seed.js";
import { openTestStore, type TestStore } from "../store/test-support/databases.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const PASSWORD = "a long enough password";

/** The cookie pairs of a response's Set-Cookie headers, as a Cookie header. */
function cookieOf(setCookie: string | string[] | undefined): string {
  return (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((line) => line.split(";")[0]).join("; ");
}

describe("signing in to the web app through the access layer's sessions", () => {
  let store: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openTestStore("sqlite");
    const reference = loadReference();
    const demo = await seedDemo(store.db, reference, { patients: 4 });
    await createUser(store.db, { email: "biller@lakeside.example", role: "biller", practiceId: demo.practiceId, password: PASSWORD });
    app = buildServer({ store, reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  async function signIn(): Promise<string> {
    const answer = await app.inject({ method: "POST", url: "/sign-in", payload: `email=biller%40lakeside.example&password=${encodeURIComponent(PASSWORD)}&next=%2Fclaims`, headers: FORM });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe("/claims");
    const cookie = cookieOf(answer.headers["set-cookie"]);
    expect(cookie).toMatch(/^otbill_session=/);
    expect(String(answer.headers["set-cookie"])).toMatch(/HttpOnly/i);
    return cookie;
  }

  it("signs in with the form, and the session cookie opens the pages", async () => {
    const cookie = await signIn();
    const page = await app.inject({ method: "GET", url: "/worklist", headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("biller@lakeside.example (biller)");
    expect(page.body).toMatch(/<meta name="csrf-token" content="[^"]{16,}">/);
    // The security headers of the server apply to the pages too: no inline script may run.
    expect(String(page.headers["content-security-policy"])).toContain("script-src");
  });

  it("says so when the password is wrong, without saying which part was", async () => {
    const answer = await app.inject({ method: "POST", url: "/sign-in", payload: "email=biller%40lakeside.example&password=wrong-password-here", headers: FORM });
    expect(answer.statusCode).toBe(401);
    expect(answer.body).toContain('role="alert"');
    expect(answer.body).toContain('value="biller@lakeside.example"');
    expect(answer.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses a form post without the session's CSRF token", async () => {
    const cookie = await signIn();
    const answer = await app.inject({ method: "POST", url: "/claims/export", payload: "format=837p", headers: { ...FORM, cookie } });
    expect(answer.statusCode).toBe(403);
    expect(answer.body).toContain("CSRF");
  });

  it("sends a person whose session timed out back to the sign-in page", async () => {
    const cookie = await signIn();
    // 16 idle minutes: past the 15 the session allows.
    const idle = new Date(Date.now() - 16 * 60_000).toISOString();
    await store.db.updateTable("sessions").set({ last_seen_at: idle }).execute();
    const answer = await app.inject({ method: "GET", url: "/worklist", headers: { cookie } });
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe("/sign-in?next=%2Fworklist&expired=1");
    const signInPage = await app.inject({ method: "GET", url: answer.headers.location as string, headers: { cookie } });
    expect(signInPage.body).toContain("Your session ended. Sign in again.");
  });

  it("signs out: the session ends and the pages send back to sign-in", async () => {
    const cookie = await signIn();
    const page = await app.inject({ method: "GET", url: "/worklist", headers: { cookie } });
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)![1]!;
    const out = await app.inject({ method: "POST", url: "/sign-out", payload: `_csrf=${csrf}`, headers: { ...FORM, cookie } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe("/sign-in?signed-out=1");
    const after = await app.inject({ method: "GET", url: "/worklist", headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(String(after.headers.location).startsWith("/sign-in")).toBe(true);
  });
});
