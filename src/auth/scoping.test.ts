import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { buildServer } from "../server/app.js";
import { bearerFor } from "../server/test-support/auth.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../store/test-support/fixtures.js";

const reference = loadReference();

describeEachDatabase("practice scoping", (store) => {
  let app: FastifyInstance;
  let mine: PracticeFixture;
  let theirs: PracticeFixture;
  let auth: { authorization: string };
  beforeAll(async () => {
    mine = await seedPracticeFixture(store().db, "Mine OT");
    theirs = await seedPracticeFixture(store().db, "Theirs OT");
    auth = await bearerFor(store(), { role: "admin", practiceId: mine.practice.id });
    app = buildServer({ store: store(), reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  const call = async (method: "GET" | "PATCH" | "POST", url: string, payload?: object) => {
    const answer = await app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
    return { status: answer.statusCode, body: answer.json() };
  };

  it("another practice's record is a 404, read or changed", async () => {
    const targets: [string, number, string][] = [
      ["practices", theirs.practice.id, "practice"],
      ["providers", theirs.ot.id, "provider"],
      ["payers", theirs.medicare.id, "payer"],
      ["patients", theirs.patient.id, "patient"],
      ["coverages", theirs.coverage.id, "coverage"],
      ["plans-of-care", theirs.plan.id, "plan of care"],
    ];
    for (const [name, id, noun] of targets) {
      expect(await call("GET", `/api/${name}/${id}`), name).toEqual({ status: 404, body: { error: { code: "not_found", message: `${noun} ${id} does not exist` } } });
      expect((await call("PATCH", `/api/${name}/${id}`, { version: 1 })).status, name).toBe(404);
    }
    expect((await call("GET", `/api/patients/${mine.patient.id}`)).status).toBe(200);
  });

  it("lists only the principal's practice", async () => {
    const patients = await call("GET", "/api/patients");
    expect(patients.body.items.map((p: { id: number }) => p.id)).toEqual([mine.patient.id]);
    expect((await call("GET", `/api/patients?practiceId=${theirs.practice.id}`)).body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    expect((await call("GET", "/api/coverages")).body.items.map((c: { id: number }) => c.id)).toEqual([mine.coverage.id]);
    expect((await call("GET", "/api/plans-of-care")).body.items.map((c: { id: number }) => c.id)).toEqual([mine.plan.id]);
    expect((await call("GET", "/api/practices")).body.items.map((c: { id: number }) => c.id)).toEqual([mine.practice.id]);
    expect((await call("GET", "/api/providers")).body.total).toBe(2);
  });

  it("cannot write into another practice", async () => {
    expect(await call("POST", "/api/patients", { practiceId: theirs.practice.id, firstName: "X", lastName: "Y" })).toEqual({
      status: 422,
      body: { error: { code: "unprocessable", message: `practiceId: no practice ${theirs.practice.id}`, path: "practiceId" } },
    });
    expect(await call("POST", "/api/coverages", { patientId: theirs.patient.id, payerId: mine.medicare.id, memberId: "M-1" })).toEqual({
      status: 422,
      body: { error: { code: "unprocessable", message: `patientId: no patient ${theirs.patient.id}`, path: "patientId" } },
    });
    expect((await call("POST", `/api/visits/${987654}/scrub`)).status).toBe(404);
  });
});
