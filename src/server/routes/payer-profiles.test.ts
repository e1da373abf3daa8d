import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../store/database.js";
import { closeTestApi, openTestApi } from "../test-support/test-api.js";

let store: Store;
let app: FastifyInstance;
let auth: { authorization: string };
beforeAll(async () => {
  ({ store, app, auth } = await openTestApi({ role: "therapist" }));
});
afterAll(() => closeTestApi({ store, app }));

async function get(url: string, headers: Record<string, string> = auth) {
  const response = await app.inject({ method: "GET", url, headers });
  return { status: response.statusCode, body: response.json() };
}

describe("GET /api/payer-profiles", () => {
  it("lists the five profiles on a date with each rule's source", async () => {
    const { status, body } = await get("/api/payer-profiles?date=2026-03-10");
    expect(status).toBe(200);
    expect(body.date).toBe("2026-03-10");
    expect(body.profiles.map((profile: { id: string }) => profile.id).sort()).toEqual(["commercial-default", "medicaid-colorado", "medicare", "medicare-advantage", "workers-comp-default"]);
  });

  it("one profile: Health First Colorado's ordering NPI rule and a rule that fell back", async () => {
    const { status, body } = await get("/api/payer-profiles/medicaid-colorado?date=2026-03-10");
    expect(status).toBe(200);
    expect(body.rules.referringProvider).toEqual({ required: true });
    expect(body.origins.unitsPerDay).toMatchObject({ fallback: true });
  });

  it("the profile in force on the date: Medicare's CO/CQ percentage before and after 2022", async () => {
    expect((await get("/api/payer-profiles/medicare?date=2021-06-01")).body.rules.assistants).toEqual({ policy: "modifier", percent: null });
    expect((await get("/api/payer-profiles/medicare?date=2022-06-01")).body.rules.assistants).toEqual({ policy: "modifier", percent: 85 });
  });

  it("an unknown id is 404 naming it; a bad date is 400; no credentials is 401", async () => {
    const missing = await get("/api/payer-profiles/acme");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: "not_found", path: "id" });
    expect((await get("/api/payer-profiles?date=2026-02-30")).status).toBe(400);
    expect((await get("/api/payer-profiles", {})).status).toBe(401);
  });
});
