/**
 * A plan of care's dates follow the contract's rule (src/contract/visit.ts planOfCareSchema)
 * in the store and in the API's create and PATCH alike: a plan cannot end before it starts,
 * and the refusal names the field and the value; nothing is written.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadReference } from "../../reference/reference.js";
import { createPlanOfCare, getPlanOfCare, planDateProblems, updatePlanOfCare } from "../../store/plans-of-care.js";
import { describeEachDatabase } from "../../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../../store/test-support/fixtures.js";
import { buildServer } from "../app.js";
import { bearerFor } from "../test-support/auth.js";

const reference = loadReference();
const ENDS_EARLY = { code: "invalid_input", message: "certifiedThrough: 2026-01-04 cannot be before certifiedFrom (2026-01-05)", path: "certifiedThrough" };

it("asks the contract's rule: certifiedThrough before certifiedFrom is refused naming both dates; an evaluation after certifiedFrom is not a contract error", () => {
  expect(planDateProblems({ initialEvaluationDate: "2026-01-05", certifiedFrom: "2026-01-05", certifiedThrough: "2026-01-04" })).toEqual([
    { path: "certifiedThrough", value: "2026-01-04", message: "2026-01-04 cannot be before certifiedFrom (2026-01-05)" },
  ]);
  expect(planDateProblems({ initialEvaluationDate: "2026-01-05", certifiedFrom: "2026-01-05", certifiedThrough: "2026-01-05" })).toEqual([]);
  expect(planDateProblems({ initialEvaluationDate: "2026-01-08", certifiedFrom: "2026-01-05", certifiedThrough: "2026-04-04" })).toEqual([]);
});

describeEachDatabase("plan of care dates", (store) => {
  let app: FastifyInstance;
  let fixture: PracticeFixture;
  let auth: { authorization: string };
  beforeAll(async () => {
    fixture = await seedPracticeFixture(store().db, "Plan Dates Clinic");
    auth = await bearerFor(store(), { role: "admin", practiceId: fixture.practice.id });
    app = buildServer({ store: store(), reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  async function call(method: "POST" | "PATCH", url: string, payload: object) {
    const response = await app.inject({ method, url, headers: auth, payload });
    return { status: response.statusCode, body: response.json() as { error?: unknown; id?: number; version?: number } };
  }

  const plan = () => ({ patientId: fixture.patient.id, discipline: "OT" as const, initialEvaluationDate: "2026-01-05", certifiedFrom: "2026-01-05", certifiedThrough: "2026-01-04", progressReportDates: [] });

  it("the store refuses a plan that ends before it starts, on create and on update, and keeps the plan as it was", async () => {
    const { db } = store();
    const before = await db.selectFrom("plans_of_care").select("id").execute();
    await expect(createPlanOfCare(db, plan())).rejects.toMatchObject({ code: "invalid_input", message: ENDS_EARLY.message, details: { path: "certifiedThrough", value: "2026-01-04" } });
    expect(await db.selectFrom("plans_of_care").select("id").execute()).toEqual(before);
    await expect(updatePlanOfCare(db, fixture.plan.id, { version: fixture.plan.version, certifiedThrough: "2026-01-04" })).rejects.toMatchObject({ code: "invalid_input", message: ENDS_EARLY.message });
    await expect(updatePlanOfCare(db, fixture.plan.id, { version: fixture.plan.version, certifiedFrom: "2026-04-05" })).rejects.toMatchObject({
      code: "invalid_input",
      message: "certifiedThrough: 2026-04-04 cannot be before certifiedFrom (2026-04-05)",
    });
    expect(await getPlanOfCare(db, fixture.plan.id)).toEqual(fixture.plan);
  });

  it("POST and PATCH /api/plans-of-care answer 400 naming certifiedThrough and its value; a one-day plan is accepted", async () => {
    expect(await call("POST", "/api/plans-of-care", plan())).toEqual({ status: 400, body: { error: ENDS_EARLY } });
    expect(await call("PATCH", `/api/plans-of-care/${fixture.plan.id}`, { version: fixture.plan.version, certifiedThrough: "2026-01-04" })).toEqual({ status: 400, body: { error: ENDS_EARLY } });
    expect(await call("PATCH", `/api/plans-of-care/${fixture.plan.id}`, { version: fixture.plan.version, certifiedFrom: "2026-04-05" })).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "certifiedThrough: 2026-04-04 cannot be before certifiedFrom (2026-04-05)", path: "certifiedThrough" } },
    });
    const oneDay = await call("POST", "/api/plans-of-care", { ...plan(), certifiedThrough: "2026-01-05" });
    expect(oneDay.status).toBe(201);
    expect(oneDay.body).toMatchObject({ certifiedFrom: "2026-01-05", certifiedThrough: "2026-01-05", version: 1 });
    expect(await getPlanOfCare(store().db, fixture.plan.id)).toEqual(fixture.plan);
  });
});
