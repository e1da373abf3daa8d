/**
 * Walks the access table for every role: a role the row names is let through (whatever the
 * handler then says of the empty request, never 401 or 403), any other role gets 403, no
 * credentials get 401, and public rows answer without credentials.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { buildServer } from "../server/app.js";
import { ensurePractice, testToken } from "../server/test-support/auth.js";
import { openTestStore, type TestStore } from "../store/test-support/databases.js";
import { ROLES, type Role } from "./principal.js";
import { mayCall, ROUTE_ACCESS } from "./route-access.js";

const reference = loadReference();

describe("the role matrix", () => {
  let store: TestStore;
  let app: FastifyInstance;
  const headers = new Map<Role, { authorization: string }>();
  beforeAll(async () => {
    store = await openTestStore("sqlite");
    app = buildServer({ store, reference, security: { rateLimit: false } });
    await app.ready();
    const practiceId = await ensurePractice(store, "Matrix Clinic");
    for (const role of ROLES) headers.set(role, (await testToken(store, { role, practiceId })).headers);
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  const rows = Object.entries(ROUTE_ACCESS).map(([key, access]) => {
    const [method, url] = key.split(" ") as [string, string];
    // A well-formed id that names nothing: the handler answers 404, after the access check.
    return { key, method, url: url.replace(/:[A-Za-z]+/g, "987654"), access };
  });

  it.each(rows)("$key", async ({ method, url, access }) => {
    const inject = (extra: Record<string, string>) =>
      app.inject({ method: method as "GET", url, headers: { ...extra, ...(method === "GET" || method === "DELETE" ? {} : { "content-type": "application/json" }) }, ...(method === "GET" || method === "DELETE" ? {} : { payload: "{}" }) });
    const anonymous = await inject({});
    if (access === "public") expect(anonymous.statusCode, "public without credentials").not.toBe(401);
    else {
      expect(anonymous.statusCode, "without credentials").toBe(401);
      expect(anonymous.json()).toMatchObject({ error: { code: "unauthenticated" } });
    }
    const seen: Record<string, number> = {};
    const expected: Record<string, string> = {};
    for (const role of ROLES) {
      const answer = await inject(headers.get(role)!);
      seen[role] = answer.statusCode;
      expected[role] = mayCall(access, role) ? "allowed" : "403";
      if (answer.statusCode === 403) expect(answer.json().error.code).toBe("forbidden");
    }
    const outcome = Object.fromEntries(ROLES.map((role) => [role, seen[role] === 403 || seen[role] === 401 ? String(seen[role]) : "allowed"]));
    expect(outcome).toEqual(expected);
  });

  it("lets each role do what the contract says", () => {
    const allowed = (role: Role) => Object.entries(ROUTE_ACCESS).filter(([, access]) => access !== "public" && mayCall(access, role)).map(([key]) => key);
    // therapist: visits and plans of care, scrub; no remittances, no users (tokens)
    expect(allowed("therapist")).toEqual(expect.arrayContaining(["POST /api/visits", "PATCH /api/plans-of-care/:id", "POST /api/scrub"]));
    expect(allowed("therapist").filter((key) => /tokens|remittances|denials|audit/.test(key))).toEqual([]);
    // front-desk: patients, coverages; no claims
    expect(allowed("front-desk")).toEqual(expect.arrayContaining(["POST /api/patients", "PATCH /api/coverages/:id"]));
    expect(allowed("front-desk").filter((key) => /claim/.test(key))).toEqual([]);
    // auditor: reads and the audit log only
    expect(allowed("auditor").filter((key) => !key.startsWith("GET ") && key !== "DELETE /api/session" && key !== "POST /api/units")).toEqual([]);
    expect(allowed("auditor")).toContain("GET /api/audit");
    expect(allowed("biller")).not.toContain("GET /api/audit");
  });
});
