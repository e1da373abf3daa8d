import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import type { Store } from "../store/database.js";
import { closeTestApi, openTestApi } from "./test-support/test-api.js";

let store: Store;
let app: FastifyInstance;
let auth: { authorization: string };
beforeAll(async () => {
  ({ store, app, auth } = await openTestApi({ role: "biller", reference: loadReference() }));
});
afterAll(() => closeTestApi({ store, app }));

async function call(method: "GET" | "POST", url: string, payload?: object) {
  const response = await app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json(), type: response.headers["content-type"] };
}

describe("reference look-ups", () => {
  it("GET /api/price: 97530 x2, national, 2026 (docs/billing-rules.md section 6: $35.07 + $25.05)", async () => {
    const { status, body } = await call("GET", "/api/price?code=97530&units=2&date=2026-03-10");
    expect(status).toBe(200);
    expect([body.allowed, body.unitAmounts, body.mpprReducedUnits, body.conversionFactor, body.locality]).toEqual([60.12, [35.07, 25.05], 1, 33.4009, null]);
  });

  it("GET /api/price refuses an unknown code and locality with the field named", async () => {
    expect((await call("GET", "/api/price?code=97633&date=2026-03-10")).body.error).toEqual({
      code: "unknown_code",
      message: '"97633" is not in the 2026 Medicare fee schedule (did you mean 97533?)'.replace("2026", (await call("GET", "/api/price?code=97530&date=2026-03-10")).body.feeScheduleRelease),
      path: "code",
    });
    expect((await call("GET", "/api/price?code=97530&date=2026-03-10&locality=99999-99")).body.error).toMatchObject({ code: "unknown_locality", path: "locality" });
    expect((await call("GET", "/api/price?units=2")).body.error).toMatchObject({ code: "invalid_input", path: "code" });
  });

  it("POST /api/units: 24 min 97112 + 23 min 97110 = 3 units (MCPM ch.5 section 20.2)", async () => {
    const { status, body } = await call("POST", "/api/units", { services: [{ code: "97112", minutes: 24 }, { code: "97110", minutes: 23 }], date: "2026-03-10" });
    expect(status).toBe(200);
    expect([body.rule, body.totalMinutes, body.totalUnits]).toEqual(["cms", 47, 3]);
    expect(body.lines.map((line: { code: string; units: number }) => [line.code, line.units])).toEqual([
      ["97112", 2],
      ["97110", 1],
    ]);
    const ama = await call("POST", "/api/units", { services: [{ code: "97110", minutes: 10 }, { code: "97140", minutes: 10 }], rule: "ama", date: "2026-03-10" });
    expect(ama.body.totalUnits).toBe(2);
    expect((await call("POST", "/api/units", { services: [] })).body.error).toMatchObject({ code: "invalid_input", path: "services" });
  });

  it("GET /api/codes and /api/icd", async () => {
    const deleted = await call("GET", "/api/codes?q=97003");
    expect(deleted.body.hits[0]).toMatchObject({ code: "97003", match: "deleted", deleted: { deletedOn: "2017-01-01", replacements: ["97165", "97166", "97167"] } });
    const icd = await call("GET", "/api/icd?q=I69.35&limit=1");
    expect(icd.body.hits).toEqual([expect.objectContaining({ code: "I69.351", billable: true })]);
    expect((await call("GET", "/api/icd")).body.error).toMatchObject({ code: "invalid_input", path: "q" });
  });
});

describe("OpenAPI and docs", () => {
  it("documents every route, from the same schemas that validate them", async () => {
    const { status, body } = await call("GET", "/api/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    const operations = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const records = ["practices", "providers", "payers", "patients", "coverages", "plans-of-care", "visits", "physicians", "charge-master", "clearinghouse-settings"].flatMap((name) => [
      `POST /api/${name}`,
      `GET /api/${name}`,
      `GET /api/${name}/{id}`,
      `PATCH /api/${name}/{id}`,
    ]).filter((operation) => operation !== "POST /api/practices"); // practices are made by `otbill practice add` (docs/practices.md)
    expect(operations.sort()).toEqual(
      [
        "POST /api/scrub",
        "POST /api/visits/{id}/scrub",
        "POST /api/visits/{id}/claim",
        ...records,
        "GET /api/claims",
        "GET /api/claims/{id}",
        "PATCH /api/claims/{id}",
        "POST /api/claims/{id}/replace",
        "POST /api/claims/{id}/void",
        "GET /api/claims/{id}/history",
        "POST /api/claims/batches",
        "GET /api/claims/batches",
        "GET /api/claims/batches/{id}",
        "GET /api/claims/batches/{id}/file",
        "GET /api/codes",
        "GET /api/icd",
        "GET /api/price",
        "POST /api/units",
        "GET /api/payer-profiles",
        "GET /api/payer-profiles/{id}",
        "GET /api/openapi.json",
        "GET /api/docs",
        "GET /api/health",
        "POST /api/session",
        "GET /api/session",
        "DELETE /api/session",
        "POST /api/tokens",
        "GET /api/tokens",
        "DELETE /api/tokens/{id}",
        "GET /api/audit",
        "POST /api/claims/837",
        "POST /api/claims/1500",
        "POST /api/remittances",
        "GET /api/remittances",
        "GET /api/remittances/{id}",
        "GET /api/remittances/unmatched",
        "POST /api/remittances/unmatched/{id}/resolve",
        "GET /api/patients/{id}/balance",
        "GET /api/denials",
        "POST /api/denials/{id}/appeal",
        "GET /api/underpayments",
        "GET /api/reports/denials",
        "GET /api/reports/ar",
        "GET /api/reports/payments",
        "GET /api/reports/clean-claims",
      ].sort(),
    );
    const createVisit = body.paths["/api/visits"].post;
    const visitBody = createVisit.requestBody.content["application/json"].schema;
    expect(visitBody.required).toEqual(["practiceId", "patientId", "providerId", "payerId", "dateOfService", "services"]);
    expect(visitBody.properties.services.items.properties.minutes.anyOf[0]).toEqual({ type: "integer", minimum: 0, maximum: 1440 });
    expect(createVisit.responses["409"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect(body.paths["/api/scrub"].post.requestBody.content["application/json"].schema.anyOf[0]).toEqual({ $ref: "#/components/schemas/Visit" });
    expect(body.paths["/api/visits"].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual([
      "limit",
      "offset",
      "practiceId",
      "patientId",
      "providerId",
      "payerId",
      "externalId",
      "from",
      "to",
    ]);
  });

  it("says which routes need credentials and which roles may call them", async () => {
    const { body } = await call("GET", "/api/openapi.json");
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(body.paths["/api/health"].get.security).toEqual([]);
    expect(body.paths["/api/audit"].get.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(body.paths["/api/audit"].get["x-roles"]).toEqual(["admin", "auditor"]);
    expect(Object.keys(body.paths["/api/patients"].get.responses)).toEqual(expect.arrayContaining(["401", "403"]));
  });

  it("serves a docs page", async () => {
    expect((await app.inject({ method: "GET", url: "/api/docs" })).statusCode).toBe(401);
    const page = await app.inject({ method: "GET", url: "/api/docs", headers: auth });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('fetch("/api/openapi.json")');
  });
});
