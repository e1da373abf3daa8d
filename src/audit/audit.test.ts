import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { buildServer } from "../server/app.js";
import { testToken } from "../server/test-support/auth.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../store/test-support/fixtures.js";
import { appendAudit, GENESIS_HASH, verifyAudit } from "./log.js";
import { priorVersions } from "./records.js";

const reference = loadReference();

describeEachDatabase("the audit trail", (store) => {
  let app: FastifyInstance;
  let fixture: PracticeFixture;
  let biller: { authorization: string };
  let auditor: { authorization: string };
  let billerToken: number;
  beforeAll(async () => {
    fixture = await seedPracticeFixture(store().db, "Audit Clinic");
    const token = await testToken(store(), { role: "biller", practiceId: fixture.practice.id });
    biller = token.headers;
    billerToken = token.tokenId;
    auditor = (await testToken(store(), { role: "auditor", practiceId: fixture.practice.id })).headers;
    app = buildServer({ store: store(), reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it("records reads by the ids returned, writes, and keeps the prior version on PATCH", async () => {
    const read = await app.inject({ method: "GET", url: `/api/patients/${fixture.patient.id}`, headers: biller });
    expect(read.statusCode).toBe(200);
    const list = await app.inject({ method: "GET", url: "/api/coverages", headers: biller });
    expect(list.json().items.map((c: { patientId: number }) => c.patientId)).toEqual([fixture.patient.id]);
    const patch = await app.inject({ method: "PATCH", url: `/api/patients/${fixture.patient.id}`, headers: biller, payload: { version: fixture.patient.version, lastName: "Doe-Ray" } });
    expect(patch.statusCode).toBe(200);

    const trail = await app.inject({ method: "GET", url: `/api/audit?patientId=${fixture.patient.id}&actor=token:${billerToken}`, headers: auditor });
    expect(trail.statusCode).toBe(200);
    const entries = trail.json().items as { action: string; resource: string; resourceId: string | null; patientIds: number[]; outcome: string; actor: string; ip: string; at: string }[];
    expect(entries.map((e) => [e.action, e.resource, e.resourceId, e.patientIds, e.outcome])).toEqual([
      ["update", "patients", String(fixture.patient.id), [fixture.patient.id], "success"],
      ["search", "coverages", null, [fixture.patient.id], "success"],
      ["read", "patients", String(fixture.patient.id), [fixture.patient.id], "success"],
    ]);
    expect(entries[0]).toMatchObject({ actor: `token:${billerToken}`, ip: "127.0.0.1" });
    expect(entries[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(JSON.stringify(trail.json())).not.toContain("Doe");

    const history = await priorVersions(store().db, "patients", fixture.patient.id);
    expect(history).toEqual([{ version: 1, replacedAt: expect.any(String), replacedBy: `token:${billerToken}`, record: expect.objectContaining({ lastName: "Doe", version: 1 }) }]);
    const stamps = await store().db.selectFrom("patients").select(["updated_by", "updated_at"]).where("id", "=", fixture.patient.id).executeTakeFirstOrThrow();
    expect(stamps.updated_by).toBe(`token:${billerToken}`);

    expect((await app.inject({ method: "GET", url: "/api/audit", headers: biller })).statusCode).toBe(403);
    expect((await app.inject({ method: "GET", url: "/api/audit?verbose=1", headers: auditor })).json().error).toMatchObject({ code: "invalid_input", path: "verbose" });
  });

  it("a failed change leaves no history and is audited as failed", async () => {
    const stale = await app.inject({ method: "PATCH", url: `/api/patients/${fixture.patient.id}`, headers: biller, payload: { version: 1, lastName: "Stale" } });
    expect(stale.statusCode).toBe(409);
    expect(await priorVersions(store().db, "patients", fixture.patient.id)).toHaveLength(1);
    const last = await store().db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect([last.action, last.outcome]).toEqual(["update", "conflict"]);
  });

  it("verify proves the chain, and finds an edited or a removed entry", async () => {
    for (let i = 0; i < 3; i += 1) await appendAudit(store().db, { actor: "os:test", action: "export", resource: "claims", resourceId: i, outcome: "success" });
    const good = await verifyAudit(store().db);
    expect(good.ok).toBe(true);
    expect(good.problems).toEqual([]);
    const rows = await store().db.selectFrom("audit_log").select(["id", "prev_hash", "hash"]).orderBy("id").execute();
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(good.head).toBe(rows.at(-1)!.hash);

    const edited = rows.at(-2)!.id;
    await store().db.updateTable("audit_log").set({ outcome: "denied" }).where("id", "=", edited).execute();
    expect((await verifyAudit(store().db)).problems).toEqual([{ id: edited, problem: `entry ${edited} was changed after it was written` }]);
    await store().db.updateTable("audit_log").set({ outcome: "success" }).where("id", "=", edited).execute();
    expect((await verifyAudit(store().db)).ok).toBe(true);

    const removed = rows.at(-3)!.id;
    await sql`delete from audit_log where id = ${removed}`.execute(store().db);
    const after = await verifyAudit(store().db);
    expect(after.ok).toBe(false);
    expect(after.problems).toEqual([{ id: rows.at(-2)!.id, problem: `entry ${rows.at(-2)!.id} does not follow the entry before it: an entry before it was removed or changed` }]);
  });

  it("concurrent appends keep one chain", async () => {
    await sql`delete from audit_log`.execute(store().db);
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(store().db, { actor: "os:test", action: "read", resource: "patients", resourceId: i, outcome: "success" })));
    const result = await verifyAudit(store().db);
    expect([result.ok, result.entries]).toEqual([true, 20]);
  });
});
