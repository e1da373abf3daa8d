/**
 * Contract Part 2, access and the web app: `otbill user add --password-stdin`, `otbill token
 * create`, `otbill audit verify`, `otbill serve --demo` (spawned on a free port), the API's
 * 401/403/404/CSRF/429 rules, sessions, tokens, GET /api/audit, and the sign-in form and
 * navigation names.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/test-support/run-cli.js";
import { loadReference } from "../../src/reference/reference.js";
import { buildServer } from "../../src/server/app.js";
import { bearerFor, ensurePractice } from "../../src/server/test-support/auth.js";
import { openStore, type Store } from "../../src/store/database.js";
import { BIN, copyDatabase, ROOT, tempDir } from "./support.js";

const reference = loadReference();
const PASSWORD = "Correct-Horse-Battery-9";

function expectError(response: LightMyRequestResponse, status: number): void {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json() as { error: { code: string; message: string } };
  expect(typeof body.error.code).toBe("string");
  expect(typeof body.error.message).toBe("string");
  expect(response.body).not.toMatch(/\n\s+at /);
}

function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers["set-cookie"];
  const first = (Array.isArray(header) ? header : [header ?? ""]).find((cookie) => cookie !== "")!;
  return first.split(";")[0]!;
}

/** `otbill serve --demo --port 0` in a home of its own, until it prints where it listens and the demo password. */
function serveDemo(home: string): { child: ChildProcess; ready: Promise<{ url: string; password: string; output: string }> } {
  const env: NodeJS.ProcessEnv = { ...process.env, OTBILL_HOME: home };
  delete env.OTBILL_DEMO_PASSWORD;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [BIN, "serve", "--demo", "--port", "0"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const ready = new Promise<{ url: string; password: string; output: string }>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const password = /demo@otbill\.local\b[^\n]*?password[^\n]*?([A-Za-z0-9_\-+=/.!@#$%^&*]{12,})/i.exec(output)?.[1];
      if (url && password) resolve({ url, password, output });
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    child.on("exit", (code) => reject(new Error(`serve --demo exited ${code}: ${output}`)));
  });
  ready.catch(() => undefined); // awaited by its test; an early exit is reported there
  return { child, ready };
}

describe("access (contract Part 2)", () => {
  const dir = tempDir();
  // serve --demo seeds its own home's database; the in-process server and CLI share that file.
  const home = tempDir("otbill-contract-home-");
  const db = join(home, "otbill.sqlite");
  let store: Store;
  let app: FastifyInstance;
  let practiceId: number;
  let cliToken = "";
  let demo: ReturnType<typeof serveDemo>;

  beforeAll(async () => {
    demo = serveDemo(home);
    await demo.ready;
    for (const [email, role] of [["admin@contract.test", "admin"], ["auditor@contract.test", "auditor"], ["locked@contract.test", "biller"]]) {
      const added = await run(["user", "add", email!, "--role", role!, "--password-stdin", "--db", db], { stdin: `${PASSWORD}\n` });
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).not.toContain(PASSWORD);
    }
    const created = await run(["token", "create", "--name", "contract ci", "--role", "biller", "--db", db]);
    expect(created.code, created.stderr).toBe(0);
    cliToken = created.stdout.trim().split(/\s+/).sort((a, b) => b.length - a.length)[0]!;
    store = await openStore({ dialect: "sqlite", file: db });
    practiceId = (await store.db.selectFrom("practices").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    app = buildServer({ store, reference });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    demo?.child.kill("SIGTERM");
    await app?.close();
    await store?.close();
  });

  const signIn = (email: string, password: string, server: FastifyInstance = app) => server.inject({ method: "POST", url: "/api/session", payload: { email, password } });

  it("401 without credentials, except GET /api/health and GET /api/openapi.json", async () => {
    expect((await app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    const openapi = await app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(openapi.statusCode).toBe(200);
    const paths = Object.keys((openapi.json() as { paths: Record<string, unknown> }).paths);
    for (const path of ["/api/claims/837", "/api/claims/1500", "/api/remittances", "/api/remittances/{id}", "/api/denials", "/api/reports/denials", "/api/reports/ar", "/api/session", "/api/tokens", "/api/tokens/{id}", "/api/audit"]) expect(paths, path).toContain(path);
    for (const [method, url] of [["GET", "/api/claims"], ["GET", "/api/patients"], ["GET", "/api/audit"], ["GET", "/api/remittances"], ["GET", "/api/reports/ar"], ["POST", "/api/tokens"], ["GET", "/api/codes?q=97530"]] as const) {
      expectError(await app.inject({ method, url, ...(method === "POST" ? { payload: {} } : {}) }), 401);
    }
    expectError(await app.inject({ method: "GET", url: "/api/claims", headers: { authorization: "Bearer not-a-token" } }), 401);
  });

  it("otbill token create prints a token that works as Authorization: Bearer", async () => {
    const claims = await app.inject({ method: "GET", url: "/api/claims", headers: { authorization: `Bearer ${cliToken}` } });
    expect(claims.statusCode, claims.body).toBe(200);
  });

  it("403 for a role that may not; 404 for another practice's record", async () => {
    const as = async (role: "therapist" | "front-desk" | "biller" | "auditor") => bearerFor(store, { role, practiceId });
    expectError(await app.inject({ method: "GET", url: "/api/remittances", headers: await as("therapist") }), 403);
    expectError(await app.inject({ method: "GET", url: "/api/claims", headers: await as("front-desk") }), 403);
    expectError(await app.inject({ method: "POST", url: "/api/tokens", headers: await as("biller"), payload: { name: "x", role: "biller" } }), 403);
    expectError(await app.inject({ method: "GET", url: "/api/audit", headers: await as("biller") }), 403);
    expectError(await app.inject({ method: "POST", url: "/api/remittances", headers: { ...(await as("auditor")), "content-type": "text/plain" }, payload: "ISA" }), 403);
    // the auditor reads and changes nothing; the therapist scrubs; the front desk keeps patients
    const auditor = await as("auditor");
    expect((await app.inject({ method: "GET", url: "/api/patients", headers: auditor })).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/api/claims", headers: auditor })).statusCode).toBe(200);
    expectError(await app.inject({ method: "POST", url: "/api/patients", headers: auditor, payload: { practiceId, firstName: "A", lastName: "B", birthDate: "1950-01-01" } }), 403);
    expectError(await app.inject({ method: "POST", url: "/api/claims/batches", headers: auditor, payload: { format: "837p" } }), 403);
    const scrubbed = await app.inject({ method: "POST", url: "/api/scrub", headers: await as("therapist"), payload: JSON.parse(readFileSync(join(ROOT, "examples/visit.json"), "utf8")) });
    expect(scrubbed.statusCode, scrubbed.body).toBe(200);
    expect((await app.inject({ method: "GET", url: "/api/patients", headers: await as("front-desk") })).statusCode).toBe(200);
    const claim = (await app.inject({ method: "GET", url: "/api/claims", headers: await as("biller") })).json() as { items: { id: number }[] };
    const other = await ensurePractice(store, "Another practice");
    const outsider = await bearerFor(store, { role: "biller", practiceId: other });
    expectError(await app.inject({ method: "GET", url: `/api/claims/${claim.items[0]!.id}`, headers: outsider }), 404);
  });

  it("POST /api/session signs in with a cookie; changes need X-CSRF-Token; tokens are made and revoked; DELETE /api/session signs out", async () => {
    const session = await signIn("admin@contract.test", PASSWORD);
    expect(session.statusCode, session.body).toBe(200);
    const body = session.json() as { user: { email: string; role: string; practiceId: number }; csrfToken: string };
    expect(body.user).toMatchObject({ email: "admin@contract.test", role: "admin", practiceId });
    expect(typeof body.csrfToken).toBe("string");
    const setCookie = String(session.headers["set-cookie"]);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
    const cookie = cookieOf(session);

    expect((await app.inject({ method: "GET", url: "/api/claims", headers: { cookie } })).statusCode).toBe(200);
    expectError(await app.inject({ method: "POST", url: "/api/tokens", headers: { cookie }, payload: { name: "no csrf", role: "biller" } }), 403);
    const made = await app.inject({ method: "POST", url: "/api/tokens", headers: { cookie, "x-csrf-token": body.csrfToken }, payload: { name: "made by cookie", role: "biller" } });
    expect([200, 201], made.body).toContain(made.statusCode);
    const token = (made.json() as { token: string }).token;
    expect(typeof token).toBe("string");
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: "GET", url: "/api/claims", headers: bearer })).statusCode).toBe(200);

    // a bearer request needs no CSRF header
    const adminToken = await bearerFor(store, { role: "admin", practiceId });
    const byBearer = await app.inject({ method: "POST", url: "/api/tokens", headers: adminToken, payload: { name: "made by bearer", role: "auditor" } });
    expect([200, 201], byBearer.body).toContain(byBearer.statusCode);

    const listed = (await app.inject({ method: "GET", url: "/api/tokens", headers: adminToken })).json() as { items?: { id: number; name: string }[] } | { id: number; name: string }[];
    const items = Array.isArray(listed) ? listed : (listed.items ?? []);
    const id = (made.json() as { id?: number }).id ?? items.find((item) => item.name === "made by cookie")!.id;
    const revoked = await app.inject({ method: "DELETE", url: `/api/tokens/${id}`, headers: adminToken });
    expect([200, 204], revoked.body).toContain(revoked.statusCode);
    expectError(await app.inject({ method: "GET", url: "/api/claims", headers: bearer }), 401);

    expectError(await app.inject({ method: "DELETE", url: `/api/tokens/${id}`, headers: { cookie } }), 403);
    expectError(await app.inject({ method: "PATCH", url: `/api/practices/${practiceId}`, headers: { cookie }, payload: { name: "Renamed without CSRF" } }), 403);
    expectError(await app.inject({ method: "POST", url: "/api/tokens", headers: { cookie, "x-csrf-token": "not-the-token" }, payload: { name: "wrong csrf", role: "biller" } }), 403);
    const out = await app.inject({ method: "DELETE", url: "/api/session", headers: { cookie, "x-csrf-token": body.csrfToken } });
    expect([200, 204], out.body).toContain(out.statusCode);
    expectError(await app.inject({ method: "GET", url: "/api/claims", headers: { cookie } }), 401);
  });

  it("a session ends after its idle minutes (configurable; 15 by default)", async () => {
    const quick = buildServer({ store, reference, security: { session: { idleMinutes: 0.02, absoluteHours: 12 } } });
    try {
      const cookie = cookieOf(await signIn("admin@contract.test", PASSWORD, quick));
      expect((await quick.inject({ method: "GET", url: "/api/claims", headers: { cookie } })).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expectError(await quick.inject({ method: "GET", url: "/api/claims", headers: { cookie } }), 401);
    } finally {
      await quick.close();
    }
  });

  it("the session cookie is Secure when served over TLS", async () => {
    const keyFile = join(dir, "key.pem");
    const certFile = join(dir, "cert.pem");
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=localhost"], { encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    const tls = buildServer({ store, reference, https: { key: readFileSync(keyFile), cert: readFileSync(certFile) } });
    await tls.listen({ port: 0, host: "127.0.0.1" });
    try {
      const { port } = tls.server.address() as AddressInfo;
      const response = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
        const body = JSON.stringify({ email: "admin@contract.test", password: PASSWORD });
        const request = httpsRequest({ host: "127.0.0.1", port, path: "/api/session", method: "POST", rejectUnauthorized: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), host: `localhost:${port}` } }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, cookie: String(res.headers["set-cookie"] ?? "") }));
        });
        request.on("error", reject);
        request.end(body);
      });
      expect(response.status).toBe(200);
      expect(response.cookie).toMatch(/;\s*Secure/i);
      expect(response.cookie).toMatch(/HttpOnly/i);
    } finally {
      await tls.close();
    }
  });

  it("repeated failed sign-ins are slowed and then locked (429)", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12 && !statuses.includes(429); attempt++) statuses.push((await signIn("locked@contract.test", "wrong password")).statusCode);
    expect(statuses).toContain(429);
    expect(statuses[0]).toBe(401);
    expect((await signIn("locked@contract.test", PASSWORD)).statusCode).toBe(429);
  });

  it("GET /api/audit (admin, auditor) shows sign-ins and reads of patient data", async () => {
    const auditor = await signIn("auditor@contract.test", PASSWORD);
    expect(auditor.statusCode).toBe(200);
    const cookie = cookieOf(auditor);
    const biller = await bearerFor(store, { role: "biller", practiceId });
    const patients = (await app.inject({ method: "GET", url: "/api/patients", headers: biller })).json() as { items: { id: number }[] };
    const patientId = patients.items[0]!.id;
    expect((await app.inject({ method: "GET", url: `/api/patients/${patientId}`, headers: biller })).statusCode).toBe(200);
    const created = await app.inject({ method: "POST", url: "/api/patients", headers: biller, payload: { practiceId, firstName: "Audit", lastName: "Written", birthDate: "1960-02-03" } });
    expect(created.statusCode, created.body).toBe(201);
    const writtenId = (created.json() as { id: number }).id;
    const exported = await run(["claims", "export", "--format", "837p", "--db", db, "--out", join(dir, "audited.837")]);
    expect(exported.code, exported.stderr).toBe(0);
    for (const headers of [{ cookie }, await bearerFor(store, { role: "admin", practiceId })]) {
      const audit = await app.inject({ method: "GET", url: "/api/audit?limit=200", headers });
      expect(audit.statusCode, audit.body).toBe(200);
      const text = audit.body;
      expect(text).toContain("admin@contract.test");
      expect(text).toMatch(/sign-in/);
      const items = (audit.json() as { items: Record<string, unknown>[] }).items;
      const read = items.find((item) => JSON.stringify(item).includes(`"${patientId}"`) || (Array.isArray(item.patientIds) && (item.patientIds as number[]).includes(patientId)));
      expect(read, "an audit entry of the patient read").toBeDefined();
      expect(items.some((item) => /export/i.test(String(item.action))), "an audit entry of the export").toBe(true);
      const mentions = (item: Record<string, unknown>, id: number) => JSON.stringify(item).includes(`"${id}"`) || (Array.isArray(item.patientIds) && (item.patientIds as number[]).includes(id));
      expect(items.some((item) => mentions(item, writtenId) && !/read|view/i.test(String(item.action))), "an audit entry of the patient written").toBe(true);
      expect(items.some((item) => JSON.stringify(item).includes("locked@contract.test") && /fail|lock/i.test(JSON.stringify(item))), "the failed sign-ins").toBe(true);
      for (const item of items.slice(0, 5)) expect(Object.keys(item)).toEqual(expect.arrayContaining(["at", "actor", "ip", "action", "outcome"]));
    }
  });

  it("otbill audit verify passes, and fails once an entry is changed or removed", async () => {
    const ok = await run(["audit", "verify", "--db", db]);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    for (const [name, sql] of [
      ["changed", "UPDATE audit_log SET outcome = 'tampered' WHERE id = (SELECT MIN(id) + 1 FROM audit_log)"],
      ["removed", "DELETE FROM audit_log WHERE id = (SELECT MIN(id) + 1 FROM audit_log)"],
    ] as const) {
      const copy = copyDatabase(db, join(dir, `${name}.sqlite`));
      const raw = new Database(copy);
      raw.exec(sql);
      raw.close();
      const verdict = await run(["audit", "verify", "--db", copy]);
      expect(verdict.code, `${name}: ${verdict.stdout}${verdict.stderr}`).not.toBe(0);
    }
  });

  it("the web app: a sign-in form labelled Email and Password with a Sign in button; the navigation's link names", async () => {
    let page = await app.inject({ method: "GET", url: "/" });
    for (let hops = 0; hops < 3 && page.statusCode >= 300 && page.statusCode < 400; hops++) page = await app.inject({ method: "GET", url: String(page.headers.location) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<label[^>]*>\s*Email\s*<\/label>/);
    expect(page.body).toMatch(/<label[^>]*>\s*Password\s*<\/label>/);
    expect(page.body).toMatch(/<button[^>]*>\s*Sign in\s*<\/button>/);
    const cookie = cookieOf(await signIn("admin@contract.test", PASSWORD));
    let home = await app.inject({ method: "GET", url: "/", headers: { cookie } });
    for (let hops = 0; hops < 3 && home.statusCode >= 300 && home.statusCode < 400; hops++) home = await app.inject({ method: "GET", url: String(home.headers.location), headers: { cookie } });
    expect(home.statusCode).toBe(200);
    for (const name of ["Worklist", "Claims", "Remittances", "Denials", "Patients", "Settings"]) expect(home.body, name).toMatch(new RegExp(`<a\\b[^>]*>\\s*${name}\\s*</a>`));
  });

  it("otbill serve --demo listens on 127.0.0.1, prints the demo admin's password, and that password signs in", async () => {
    const { url, password } = await demo.ready;
    const response = await fetch(`${url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "demo@otbill.local", password }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { email: string; role: string } };
    expect(body.user).toMatchObject({ email: "demo@otbill.local", role: "admin" });
    expect(response.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect((await fetch(`${url}/api/claims`)).status).toBe(401);
  }, 60_000);
});
