import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { buildServer } from "../server/app.js";
import { bearerFor, ensurePractice } from "../server/test-support/auth.js";
import { describeEachDatabase, openTestStore } from "../store/test-support/databases.js";
import { verifyAudit } from "../audit/log.js";
import { principalForSession } from "./sessions.js";
import { createUser } from "./users.js";

const reference = loadReference();
const PASSWORD = "a long enough password";

function cookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return header.split(";")[0]!;
}

describeEachDatabase("sign-in, sessions and CSRF", (store) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = buildServer({ store: store(), reference, security: { lockout: { maxFailures: 3, lockMinutes: 15 }, signInPerMinute: 100 } });
    await app.ready();
    const practiceId = await ensurePractice(store());
    await createUser(store().db, { email: "ana@example.org", role: "biller", practiceId, password: PASSWORD });
    await createUser(store().db, { email: "lock@example.org", role: "biller", practiceId, password: PASSWORD });
  });
  afterAll(async () => {
    await app.close();
  });

  it("answers 401 without credentials, and keeps health and the OpenAPI document public", async () => {
    const none = await app.inject({ method: "GET", url: "/api/patients" });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ error: { code: "unauthenticated", message: "sign in first (POST /api/session) or send Authorization: Bearer <token>" } });
    expect((await app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/api/openapi.json" })).statusCode).toBe(200);
    const wrongScheme = await app.inject({ method: "GET", url: "/api/patients", headers: { authorization: "Basic YTpi" } });
    expect(wrongScheme.statusCode).toBe(401);
    const unknownToken = await app.inject({ method: "GET", url: "/api/patients", headers: { authorization: "Bearer otb_nope" } });
    expect(unknownToken.statusCode).toBe(401);
  });

  it("signs in with a cookie session, needs X-CSRF-Token to change anything, and signs out", async () => {
    const wrong = await app.inject({ method: "POST", url: "/api/session", payload: { email: "ana@example.org", password: "not it at all" } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe("email or password is wrong");
    const unknown = await app.inject({ method: "POST", url: "/api/session", payload: { email: "who@example.org", password: "not it at all" } });
    expect(unknown.json()).toEqual(wrong.json());

    const signedIn = await app.inject({ method: "POST", url: "/api/session", payload: { email: "ANA@example.org", password: PASSWORD } });
    expect(signedIn.statusCode).toBe(200);
    const body = signedIn.json();
    expect(body.user).toEqual({ email: "ana@example.org", role: "biller", practiceId: await ensurePractice(store()) });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = String(signedIn.headers["set-cookie"]);
    expect(setCookie).toMatch(/^otbill_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).not.toContain("Secure");
    const cookie = cookieOf(signedIn.headers["set-cookie"]);

    const me = await app.inject({ method: "GET", url: "/api/session", headers: { cookie } });
    expect(me.json()).toEqual({ user: body.user, via: "session", csrfToken: body.csrfToken });
    expect((await app.inject({ method: "GET", url: "/api/patients", headers: { cookie } })).statusCode).toBe(200);

    const patient = { practiceId: body.user.practiceId, firstName: "Rosa", lastName: "Diaz" };
    const noCsrf = await app.inject({ method: "POST", url: "/api/patients", headers: { cookie }, payload: patient });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error).toEqual({ code: "forbidden", message: "X-CSRF-Token: missing or wrong; send the csrfToken that POST /api/session returned", path: "X-CSRF-Token" });
    const badCsrf = await app.inject({ method: "POST", url: "/api/patients", headers: { cookie, "x-csrf-token": "x".repeat(43) }, payload: patient });
    expect(badCsrf.statusCode).toBe(403);
    const withCsrf = await app.inject({ method: "POST", url: "/api/patients", headers: { cookie, "x-csrf-token": body.csrfToken }, payload: patient });
    expect(withCsrf.statusCode).toBe(201);
    // A bearer token needs no CSRF token: a browser never sends one by itself.
    const bearer = await bearerFor(store(), { role: "biller" });
    expect((await app.inject({ method: "POST", url: "/api/patients", headers: bearer, payload: patient })).statusCode).toBe(201);

    const out = await app.inject({ method: "DELETE", url: "/api/session", headers: { cookie, "x-csrf-token": body.csrfToken } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers["set-cookie"])).toMatch(/^otbill_session=;/);
    expect((await app.inject({ method: "GET", url: "/api/patients", headers: { cookie } })).statusCode).toBe(401);

    const actions = (await store().db.selectFrom("audit_log").select(["action", "outcome", "actor"]).orderBy("id").execute()).filter((row) => row.actor.startsWith("user:"));
    expect(actions.filter((a) => a.action.startsWith("sign")).map((a) => `${a.action} ${a.outcome}`)).toEqual([
      "sign-in-failed wrong_password",
      "sign-in-failed unknown_user",
      "sign-in success",
      "sign-out success",
    ]);
    expect((await verifyAudit(store().db)).ok).toBe(true);
  });

  it("locks an account after repeated failures (429), even for the right password", async () => {
    const attempt = (password: string) => app.inject({ method: "POST", url: "/api/session", payload: { email: "lock@example.org", password } });
    expect((await attempt("wrong one")).statusCode).toBe(401);
    expect((await attempt("wrong two")).statusCode).toBe(401);
    expect((await attempt("wrong three")).statusCode).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe("too_many_requests");
    expect(locked.json().error.message).toMatch(/^too many failed sign-ins: this account is locked until \d{4}-\d\d-\d\dT/);
  });

  it("ends a session after the idle time and after 12 hours", async () => {
    const signedIn = await app.inject({ method: "POST", url: "/api/session", payload: { email: "ana@example.org", password: PASSWORD } });
    const secret = cookieOf(signedIn.headers["set-cookie"]).split("=")[1]!;
    const policy = { idleMinutes: 15, absoluteHours: 12 };
    const start = Date.now();
    expect(await principalForSession(store().db, secret, policy, new Date(start + 14 * 60_000))).toMatchObject({ email: "ana@example.org", via: "session" });
    // 14 minutes later it was touched, so 28 minutes after sign-in it still lives; 15 idle minutes end it.
    expect(await principalForSession(store().db, secret, policy, new Date(start + 28 * 60_000))).toBeDefined();
    expect(await principalForSession(store().db, secret, policy, new Date(start + 44 * 60_000))).toBeUndefined();
    const again = await app.inject({ method: "POST", url: "/api/session", payload: { email: "ana@example.org", password: PASSWORD } });
    const second = cookieOf(again.headers["set-cookie"]).split("=")[1]!;
    expect(await principalForSession(store().db, second, { idleMinutes: 24 * 60, absoluteHours: 12 }, new Date(Date.now() + 12 * 3_600_000 + 1000))).toBeUndefined();
  });

  it("stops an address after repeated failed sign-ins (429), but not after good ones", async () => {
    const throttled = buildServer({ store: store(), reference, security: { failedSignInsPerAddress: 2 } });
    await throttled.ready();
    const attempt = (password: string) => throttled.inject({ method: "POST", url: "/api/session", payload: { email: "ana@example.org", password }, remoteAddress: "10.0.0.9" });
    for (let i = 0; i < 5; i += 1) expect((await attempt(PASSWORD)).statusCode).toBe(200);
    expect((await attempt("wrong 1")).statusCode).toBe(401);
    expect((await attempt("wrong 2")).statusCode).toBe(401);
    const third = await attempt(PASSWORD);
    expect(third.statusCode).toBe(429);
    expect(third.json().error.message).toBe("too many failed sign-ins from this address: try again in 15 minutes");
    await throttled.close();
  });

  it("limits sign-in attempts from one address a minute (429)", async () => {
    const limited = buildServer({ store: store(), reference, security: { signInPerMinute: 2 } });
    await limited.ready();
    const attempt = () => limited.inject({ method: "POST", url: "/api/session", payload: { email: "nobody@example.org", password: "x" } });
    expect((await attempt()).statusCode).toBe(401);
    expect((await attempt()).statusCode).toBe(401);
    const third = await attempt();
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe("too_many_requests");
    await limited.close();
  });
});

describeEachDatabase("a role that may not", (store) => {
  it("answers 403 and writes a denied entry to the audit trail", async () => {
    const app = buildServer({ store: store(), reference });
    await app.ready();
    const headers = await bearerFor(store(), { role: "front-desk" });
    const answer = await app.inject({ method: "GET", url: "/api/claims", headers });
    expect(answer.statusCode).toBe(403);
    expect(answer.json()).toEqual({ error: { code: "forbidden", message: "the front-desk role may not GET /api/claims" } });
    const last = await store().db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect([last.action, last.resource, last.outcome]).toEqual(["denied", "/api/claims", "forbidden"]);
    await app.close();
  });
});

describe("over TLS", () => {
  it("marks the session cookie Secure", async () => {
    const dir = mkdtempSync(join(tmpdir(), "otbill-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    const store = await openTestStore("sqlite");
    const practiceId = await ensurePractice(store);
    await createUser(store.db, { email: "tls@example.org", role: "biller", practiceId, password: PASSWORD });
    const app = buildServer({ store, reference, https: { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) } });
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const port = (app.server.address() as { port: number }).port;
      const setCookie = await new Promise<string>((resolve, reject) => {
        const body = JSON.stringify({ email: "tls@example.org", password: PASSWORD });
        const req = request({ host: "127.0.0.1", port, path: "/api/session", method: "POST", rejectUnauthorized: false, headers: { host: "localhost", "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
          res.resume();
          resolve(String(res.headers["set-cookie"]));
        });
        req.on("error", reject);
        req.end(body);
      });
      expect(setCookie).toMatch(/^otbill_session=.*; Secure/);
      expect(setCookie).toContain("HttpOnly");
    } finally {
      await app.close();
      await store.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
