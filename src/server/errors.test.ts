import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { loadReference } from "../reference/reference.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../store/test-support/fixtures.js";
import { buildServer } from "./app.js";
import { describeError } from "./errors.js";
import { bearerFor } from "./test-support/auth.js";

const reference = loadReference();

describe("describeError", () => {
  it.each([
    ["invalid_input", 400],
    ["not_found", 404],
    ["conflict", 409],
    ["unprocessable", 422],
    ["unknown_code", 400],
  ] as const)("InputError %s -> %i", (code, status) => {
    expect(describeError(new InputError(code, "m", { path: "p" }))).toEqual({ status, body: { error: { code, message: "m", path: "p" } }, unexpected: false });
  });

  it("answers anything else with a bare 500, no stack", () => {
    expect(describeError(new TypeError("x is undefined"))).toEqual({ status: 500, body: { error: { code: "internal", message: "internal error; the server log has the details" } }, unexpected: true });
  });
});

describeEachDatabase("HTTP errors", (store) => {
  let app: FastifyInstance;
  let fixture: PracticeFixture;
  let auth: { authorization: string };
  beforeAll(async () => {
    fixture = await seedPracticeFixture(store().db, "Errors Clinic");
    auth = await bearerFor(store(), { role: "admin", practiceId: fixture.practice.id });
    app = buildServer({ store: store(), reference, bodyLimit: 64 * 1024 });
    app.get("/test-only/boom", () => {
      throw new Error("secret detail");
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  async function call(method: "GET" | "POST" | "PATCH", url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const response = await app.inject({ method, url, headers: { ...auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
    return { status: response.statusCode, body: response.json() as unknown };
  }

  function visitBody(services: unknown[]) {
    return { practiceId: fixture.practice.id, patientId: fixture.patient.id, providerId: fixture.ot.id, payerId: fixture.medicare.id, dateOfService: "2026-03-10", services };
  }

  it("400 names the field at fault", async () => {
    expect(await call("POST", "/api/visits", visitBody([{ code: "97530", minutes: 30 }, { code: "97110", minutes: -5 }]))).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "services[1].minutes: cannot be negative", path: "services[1].minutes" } },
    });
    expect(await call("POST", "/api/visits", { ...visitBody([]), dateOfService: "2026-02-30" })).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "dateOfService: must be a calendar date in YYYY-MM-DD form", path: "dateOfService" } },
    });
    expect(await call("POST", "/api/patients", { practiceId: fixture.practice.id, firstName: "A", lastName: "B", middleName: "C" })).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "middleName: unknown field middleName", path: "middleName" } },
    });
    expect(await call("POST", "/api/providers", { practiceId: fixture.practice.id, npi: "1234567890", firstName: "A", lastName: "B", discipline: "OT", role: "therapist" })).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "npi: check digit should be 3, not 0", path: "npi" } },
    });
    expect(await call("GET", "/api/visits?from=March")).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "query parameter from: must be a calendar date in YYYY-MM-DD form", path: "from" } },
    });
    expect(await call("GET", "/api/claims?status=lost")).toMatchObject({ status: 400, body: { error: { code: "invalid_input", path: "status" } } });
    expect(await call("GET", "/api/visits/abc")).toEqual({ status: 400, body: { error: { code: "invalid_input", message: "URL parameter id: \"abc\" is not a whole number in decimal digits", path: "id" } } });
    expect(await call("PATCH", `/api/patients/${fixture.patient.id}`, { lastName: "No Version" })).toMatchObject({ status: 400, body: { error: { code: "invalid_input", path: "version" } } });
  });

  it("400 for a body that is not JSON, 415 for another media type", async () => {
    expect(await call("POST", "/api/scrub", "{not json", { "content-type": "application/json" })).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await call("POST", "/api/scrub", "", { "content-type": "application/json" })).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await call("POST", "/api/scrub", "hello", { "content-type": "text/plain" })).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
  });

  it("404 for unknown ids and unknown routes", async () => {
    for (const [resource, noun] of [
      ["practices", "practice"],
      ["providers", "provider"],
      ["payers", "payer"],
      ["patients", "patient"],
      ["coverages", "coverage"],
      ["plans-of-care", "plan of care"],
      ["visits", "visit"],
      ["claims", "claim"],
    ]) {
      expect(await call("GET", `/api/${resource}/987654`)).toEqual({ status: 404, body: { error: { code: "not_found", message: `${noun} 987654 does not exist` } } });
      expect((await call("PATCH", `/api/${resource}/987654`, { version: 1 })).status).toBe(404);
    }
    expect(await call("POST", "/api/visits/987654/scrub")).toEqual({ status: 404, body: { error: { code: "not_found", message: "visit 987654 does not exist" } } });
    expect(await call("GET", "/api/nowhere")).toEqual({ status: 404, body: { error: { code: "not_found", message: "no route GET /api/nowhere" } } });
    expect(await call("DELETE" as "GET", "/api/visits/1")).toEqual({ status: 404, body: { error: { code: "not_found", message: "no route DELETE /api/visits/1" } } });
  });

  it("409 for a stale version, and nothing changes", async () => {
    const { patient } = fixture;
    expect((await call("PATCH", `/api/patients/${patient.id}`, { version: 1, firstName: "Patricia" })).status).toBe(200);
    expect(await call("PATCH", `/api/patients/${patient.id}`, { version: 1, firstName: "Stale" })).toEqual({
      status: 409,
      body: {
        error: {
          code: "conflict",
          message: `patient ${patient.id} was changed by someone else: you sent version 1, it is now at version 2; reload it and apply your change again`,
          path: "version",
        },
      },
    });
    expect(await call("GET", `/api/patients/${patient.id}`)).toMatchObject({ status: 200, body: { firstName: "Patricia", version: 2 } });
  });

  it("413 for a body over the limit", async () => {
    const huge = JSON.stringify({ dateOfService: "2026-03-10", payer: { kind: "medicare" }, services: [], padding: "x".repeat(70 * 1024) });
    expect(await call("POST", "/api/scrub", huge, { "content-type": "application/json" })).toEqual({
      status: 413,
      body: { error: { code: "payload_too_large", message: "the body is larger than the server's limit; send fewer visits a request, or use otbill scrub for files" } },
    });
  });

  it("422 for a reference to a record that is not there", async () => {
    expect(await call("POST", "/api/visits", { ...visitBody([{ code: "97530", minutes: 30 }]), patientId: 987654 })).toEqual({
      status: 422,
      body: { error: { code: "unprocessable", message: "patientId: no patient 987654", path: "patientId" } },
    });
    expect(await call("POST", "/api/coverages", { patientId: fixture.patient.id, payerId: 987654, memberId: "M" })).toEqual({
      status: 422,
      body: { error: { code: "unprocessable", message: "payerId: no payer 987654", path: "payerId" } },
    });
  });

  it("500 without the stack or the message", async () => {
    const answer = await app.inject({ method: "GET", url: "/test-only/boom" });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({ error: { code: "internal", message: "internal error; the server log has the details" } });
    expect(answer.body).not.toContain("secret detail");
  });

  it("POST /api/scrub: a bad visit in an array gets its own error result; a single bad visit is a 400", async () => {
    const good = { id: "V-1", dateOfService: "2026-03-10", payer: { kind: "medicare" }, diagnoses: ["I69.351"], services: [{ code: "97530", minutes: 30 }] };
    const bad = { id: "V-2", dateOfService: "2026-03-10", payer: { kind: "medicare" }, services: [{ code: "97530", minutes: 30 }, { code: "97110", minutes: "ten" }] };
    const batch = await call("POST", "/api/scrub", [good, bad]);
    expect(batch.status).toBe(200);
    const [first, second] = batch.body as { id: string; status: string; error?: unknown; lines: unknown[] }[];
    expect([first!.id, first!.error, first!.lines.length]).toEqual(["V-1", undefined, 1]);
    expect(second).toEqual({
      id: "V-2",
      status: "invalid",
      lines: [],
      totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 },
      findings: [],
      error: { code: "invalid_input", message: "services[1].minutes: Invalid input: expected number, received string (got \"ten\")", path: "services[1].minutes" },
    });
    expect(await call("POST", "/api/scrub", bad)).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "services[1].minutes: Invalid input: expected number, received string (got \"ten\")", path: "services[1].minutes" } },
    });
    expect(await call("POST", "/api/scrub", "42", { "content-type": "application/json" })).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "the body must be a visit object or an array of visits" } },
    });
  });
});
