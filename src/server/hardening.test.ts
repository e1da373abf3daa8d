/** The probe findings at the HTTP boundary (issue "Hardening"), on both databases. */
import { connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { openTestStore, describeEachDatabase, type TestStore } from "../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../store/test-support/fixtures.js";
import { buildServer } from "./app.js";
import { bearerFor } from "./test-support/auth.js";

const reference = loadReference();

function nested(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

describeEachDatabase("hardening", (store) => {
  let app: FastifyInstance;
  let fixture: PracticeFixture;
  let auth: { authorization: string };
  beforeAll(async () => {
    fixture = await seedPracticeFixture(store().db, "Hard Clinic");
    auth = await bearerFor(store(), { role: "admin", practiceId: fixture.practice.id });
    app = buildServer({ store: store(), reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  async function call(method: "GET" | "POST" | "PATCH", url: string, payload?: string | object) {
    const answer = await app.inject({ method, url, headers: { ...auth, "content-type": "application/json" }, ...(payload === undefined ? {} : { payload }) });
    return { status: answer.statusCode, body: answer.json() as { error?: { code: string; message: string; path?: string } } & Record<string, unknown> };
  }

  it("a body nested 5,000 levels deep is a 400, not a 500", async () => {
    for (const url of ["/api/scrub", "/api/patients"]) {
      const answer = await call("POST", url, `{"a":${nested(5000)}}`);
      expect(answer.status, url).toBe(400);
      expect(answer.body.error!.message).toMatch(/^a(\[0\])+: nested more than 64 levels deep$/);
    }
    expect((await call("POST", "/api/scrub", { services: [[{ code: "97530" }]] })).status).not.toBe(500);
  });

  it("NUL characters and integers of 2^31 or more are a 400 naming the field", async () => {
    expect(await call("POST", "/api/patients", { practiceId: fixture.practice.id, firstName: "A\u0000", lastName: "B" })).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "firstName: contains a NUL character (\\u0000), which cannot be stored", path: "firstName" } },
    });
    expect((await call("GET", "/api/patients?q=%00")).body.error).toEqual({ code: "invalid_input", message: "query parameter q: contains a NUL character", path: "q" });
    expect((await call("GET", "/api/patients/2147483648")).body.error).toEqual({ code: "invalid_input", message: "URL parameter id: 2147483648 is out of range (at most 2147483647)", path: "id" });
    expect((await call("GET", "/api/patients/2147483647")).status).toBe(404);
    expect((await call("PATCH", `/api/patients/${fixture.patient.id}`, { version: 2147483648 })).body.error).toEqual({ code: "invalid_input", message: "version: 2147483648 is out of range (at most 2147483647)", path: "version" });
    expect((await call("GET", "/api/visits?limit=99999999999")).status).toBe(400);
  });

  it("unknown query parameters, and ids not in canonical decimal, are a 400", async () => {
    expect((await call("GET", `/api/visits?patient_id=${fixture.patient.id}`)).body.error).toMatchObject({ code: "invalid_input", path: "patient_id", message: expect.stringMatching(/^query parameter patient_id: unknown parameter \(this route takes limit, offset, /) });
    expect((await call("GET", "/api/health?x=1")).status).toBe(400);
    for (const id of ["0x1", "1e0", "01", "+1", "1.0", " 1"]) {
      const answer = await call("GET", `/api/patients/${encodeURIComponent(id)}`);
      expect(answer.status, id).toBe(400);
      expect(answer.body.error!.message).toBe(`URL parameter id: ${JSON.stringify(id)} is not a whole number in decimal digits`);
    }
    expect((await call("GET", `/api/patients?limit=0x10`)).status).toBe(400);
  });

  it("q=% and q=_ find those characters, not everything", async () => {
    await call("POST", "/api/patients", { practiceId: fixture.practice.id, firstName: "Per%cent", lastName: "Under_score" });
    const all = await call("GET", "/api/patients");
    expect(all.body.total).toBe(2);
    expect(((await call("GET", "/api/patients?q=%25")).body.items as { firstName: string }[]).map((p) => p.firstName)).toEqual(["Per%cent"]);
    expect(((await call("GET", "/api/patients?q=_")).body.items as { lastName: string }[]).map((p) => p.lastName)).toEqual(["Under_score"]);
    expect((await call("GET", "/api/patients?q=%5C")).body.total).toBe(0);
    expect((await call("GET", "/api/practices?q=%25")).body.total).toBe(0);
  });

  it("PATCH is held to the create schema: dates in order, assistant minutes within minutes", async () => {
    const plan = await call("PATCH", `/api/plans-of-care/${fixture.plan.id}`, { version: fixture.plan.version, certifiedThrough: "2025-12-31" });
    expect(plan).toEqual({ status: 400, body: { error: { code: "invalid_input", message: "certifiedThrough: 2025-12-31 cannot be before certifiedFrom (2026-01-05)", path: "certifiedThrough" } } });
    expect((await call("GET", `/api/plans-of-care/${fixture.plan.id}`)).body.certifiedThrough).toBe(fixture.plan.certifiedThrough);

    const coverage = await call("PATCH", `/api/coverages/${fixture.coverage.id}`, { version: fixture.coverage.version, startDate: "2026-05-01", endDate: "2026-04-01" });
    expect(coverage).toEqual({ status: 400, body: { error: { code: "invalid_input", message: "endDate: endDate is before startDate", path: "endDate" } } });
    expect((await call("POST", "/api/coverages", { patientId: fixture.patient.id, payerId: fixture.medicare.id, memberId: "X", startDate: "2026-05-01", endDate: "2026-04-01" })).status).toBe(400);

    const visit = await call("POST", "/api/visits", {
      practiceId: fixture.practice.id,
      patientId: fixture.patient.id,
      providerId: fixture.ot.id,
      payerId: fixture.medicare.id,
      dateOfService: "2026-02-10",
      services: [{ code: "97530", minutes: 30 }],
    });
    expect(visit.status).toBe(201);
    const patched = await call("PATCH", `/api/visits/${visit.body.id as number}`, { version: 1, services: [{ code: "97530", minutes: 20, assistantMinutes: 25, assistantProviderId: fixture.ota.id }] });
    expect(patched.status).toBe(400);
    expect(patched.body.error).toMatchObject({ path: "services[0].assistantMinutes" });
  });

  it("a duplicate externalId names the field, not the database's text", async () => {
    const answer = await call("POST", "/api/patients", { practiceId: fixture.practice.id, externalId: fixture.patient.externalId, firstName: "Twin", lastName: "Doe" });
    expect(answer).toEqual({ status: 409, body: { error: { code: "conflict", message: "externalId: another patient already has this value", path: "externalId" } } });
  });

  it("a body with __proto__ is refused by name", async () => {
    const answer = await call("POST", "/api/patients", `{"practiceId":${fixture.practice.id},"firstName":"A","lastName":"B","__proto__":{"admin":true}}`);
    expect(answer).toEqual({ status: 400, body: { error: { code: "invalid_input", message: "__proto__: is not an allowed field name", path: "__proto__" } } });
    expect((await call("POST", "/api/scrub", `{"constructor":{"prototype":{"x":1}}}`)).body.error).toMatchObject({ path: "constructor.prototype" });
  });

  it("sends security headers, and no-store on every API answer", async () => {
    const answer = await app.inject({ method: "GET", url: "/api/patients", headers: auth });
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    const csp = String(answer.headers["content-security-policy"]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect((await app.inject({ method: "GET", url: "/api/patients" })).headers["cache-control"]).toBe("no-store");
  });
});

describe("HTTP at the socket", () => {
  let store: TestStore;
  let app: FastifyInstance;
  let port: number;
  let authorization: string;
  beforeAll(async () => {
    store = await openTestStore("sqlite");
    authorization = (await bearerFor(store, { role: "biller" })).authorization;
    app = buildServer({ store, reference, requestTimeoutMs: 500 });
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  function raw(text: string, waitMs = 3000): Promise<{ text: string; ms: number }> {
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(port, "127.0.0.1", () => socket.write(text));
      let received = "";
      socket.on("data", (chunk) => (received += chunk.toString("utf8")));
      const done = () => resolve({ text: received, ms: Date.now() - started });
      socket.on("close", done);
      socket.on("error", done);
      setTimeout(() => socket.destroy(), waitMs);
    });
  }

  it("answers malformed HTTP in the error shape", async () => {
    const { text } = await raw("GET /api/health HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n");
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(text.split("\r\n\r\n")[1]!)).toEqual({ error: { code: "invalid_input", message: "the request is not valid HTTP" } });
  });

  it("cuts off a stalled body instead of holding the connection for minutes", async () => {
    const { text, ms } = await raw(`POST /api/scrub HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":`, 10_000);
    // The idle socket is closed after twice the request timeout (Node checks requestTimeout itself only every 30 s).
    expect(ms).toBeLessThan(5000);
    expect(text === "" || text.startsWith("HTTP/1.1 408")).toBe(true);
  });
});
