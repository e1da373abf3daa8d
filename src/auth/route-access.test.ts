import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { loadReference } from "../reference/reference.js";
import { buildServer, serverRoutes } from "../server/app.js";
import { openTestStore, type TestStore } from "../store/test-support/databases.js";
import { ROLES } from "./principal.js";
import { accessFor, mayCall, ROUTE_ACCESS, routeKey } from "./route-access.js";
import { registeredRoutes } from "./route-registry.js";

const reference = loadReference();

describe("the access table", () => {
  let store: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openTestStore("sqlite");
    app = buildServer({ store, reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it("has a row for every /api route the server registers", () => {
    const fromRoutes = serverRoutes({ store, reference }).map((r) => routeKey(r.method, r.url));
    const registered = registeredRoutes(app).filter((key) => key.split(" ")[1]!.startsWith("/api"));
    const missing = [...new Set([...fromRoutes, ...registered])].filter((key) => accessFor(key.split(" ")[0]!, key.split(" ")[1]!) === undefined);
    expect(missing, "add these routes to src/auth/route-access.ts").toEqual([]);
  });

  it("names no route the server does not register", () => {
    const registered = new Set(registeredRoutes(app));
    const stale = Object.keys(ROUTE_ACCESS).filter((key) => !registered.has(key));
    expect(stale, "these rows of src/auth/route-access.ts name no route").toEqual([]);
  });

  it("keeps health and the OpenAPI document public, and everything else behind a role", () => {
    expect(accessFor("GET", "/api/health")).toBe("public");
    expect(accessFor("GET", "/api/openapi.json")).toBe("public");
    const publicRows = Object.entries(ROUTE_ACCESS).filter(([, access]) => access === "public").map(([key]) => key);
    expect(publicRows.sort()).toEqual(["GET /api/health", "GET /api/openapi.json", "POST /api/session"].filter((key) => key in ROUTE_ACCESS).sort());
  });

  it("lets only admins and auditors read the audit log, and keeps auditors read-only", () => {
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      const method = key.split(" ")[0]!;
      // Counting units changes nothing; signing out is the auditor's own session.
      if (method !== "GET" && key !== "DELETE /api/session" && key !== "POST /api/units") expect(mayCall(access, "auditor"), key).toBe(access === "public");
    }
    if ("GET /api/audit" in ROUTE_ACCESS) expect(ROLES.filter((role) => mayCall(ROUTE_ACCESS["GET /api/audit"], role))).toEqual(["admin", "auditor"]);
  });

  it("refuses a route without a row", () => {
    expect(accessFor("GET", "/api/nowhere")).toBeUndefined();
    expect(mayCall(undefined, "admin")).toBe(false);
    expect(accessFor("GET", "/api/constructor")).toBeUndefined();
  });
});
