/**
 * A claim built or rebuilt from a stored visit is checked against the payer's timely filing
 * limit on the day it is built: today (src/reference/today.ts) unless the caller names the
 * day with `claimDate`. Medicare: 12 months after the date of service (42 CFR 424.44).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedClaimsFixture } from "../../claims/test-support/stored-claims.js";
import { loadReference } from "../../reference/reference.js";
import { updateClaim } from "../../store/claims.js";
import { createPlanOfCare } from "../../store/plans-of-care.js";
import { describeEachDatabase } from "../../store/test-support/databases.js";
import { visitInput } from "../../store/test-support/fixtures.js";
import { createVisit } from "../../store/visits.js";
import { buildServer } from "../app.js";
import { testToken } from "../test-support/auth.js";
import type { ClaimsFixture } from "../../claims/test-support/stored-claims.js";

/** The patient's certified plan for early 2025, so the 2025-01-06 visits scrub clean on time. */
async function plan2025(db: Parameters<typeof seedClaimsFixture>[0], fixture: ClaimsFixture): Promise<void> {
  await createPlanOfCare(db, {
    patientId: fixture.patient.id,
    providerId: fixture.ot.id,
    discipline: "OT",
    initialEvaluationDate: "2025-01-06",
    certifiedFrom: "2025-01-06",
    certifiedThrough: "2025-04-05",
    signedDate: "2025-01-08",
    certifyingPhysicianId: fixture.physician.id,
    progressReportDates: [],
  });
}

const reference = loadReference();

interface Finding {
  rule: string;
  severity: string;
  message: string;
}

describeEachDatabase("timely filing at claim build", (store) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = buildServer({ store: store(), reference });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it("POST /api/visits/:id/claim without claimDate checks today: a 2025-01-06 Medicare visit is past its 2026-01-06 limit and the claim stays a draft", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Timely Build Clinic");
    await plan2025(db, fixture);
    const { headers } = await testToken(store(), { role: "biller", practiceId: fixture.practice.id });
    const late = await createVisit(db, visitInput(fixture, "2025-01-06"));
    const built = await app.inject({ method: "POST", url: `/api/visits/${late.id}/claim`, headers });
    expect(built.statusCode).toBe(201);
    const claim = built.json<{ status: string; scrubStatus: string; scrubResult: { findings: Finding[] } }>();
    expect({ status: claim.status, scrubStatus: claim.scrubStatus }).toEqual({ status: "draft", scrubStatus: "reject" });
    const [finding] = claim.scrubResult.findings.filter((item) => item.rule === "payer.timely-filing");
    expect(finding?.severity).toBe("error");
    expect(finding?.message).toContain("after the 2025-01-06 service; Medicare Part B accepts claims for 12 months (through 2026-01-06)");

    // The caller's own day wins: built on 2025-01-20 the same visit is clean and ready.
    const early = await createVisit(db, visitInput(fixture, "2025-01-06", { totalTreatmentMinutes: 45 }));
    const onTime = await app.inject({ method: "POST", url: `/api/visits/${early.id}/claim?claimDate=2025-01-20`, headers });
    expect(onTime.json(), JSON.stringify(onTime.json<{ scrubResult: unknown }>().scrubResult)).toMatchObject({ status: "ready", scrubStatus: "clean" });
    expect(onTime.json<{ scrubResult: { findings: Finding[] } }>().scrubResult.findings.map((item) => item.rule)).not.toContain("payer.timely-filing");
  });

  it("POST /api/claims/:id/replace without claimDate checks today: the replacement of a claim past its limit is refused (422) and nothing changes", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Timely Replace Clinic");
    await plan2025(db, fixture);
    const { headers } = await testToken(store(), { role: "biller", practiceId: fixture.practice.id });
    const visit = await createVisit(db, visitInput(fixture, "2025-01-06"));
    const built = (await app.inject({ method: "POST", url: `/api/visits/${visit.id}/claim?claimDate=2025-01-20`, headers })).json<{ id: number; version: number }>();
    await updateClaim(db, built.id, { version: built.version, status: "submitted", payerClaimControlNumber: "22250106001" }, { actor: "os:test" });

    const refused = await app.inject({ method: "POST", url: `/api/claims/${built.id}/replace`, headers, payload: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(new RegExp(`^claim C-${built.id}: the changed visit ${visit.id} does not scrub \\(payer\\.timely-filing: .*after the 2025-01-06 service; Medicare Part B accepts claims for 12 months \\(through 2026-01-06\\)`));
    expect((await db.selectFrom("claims").select("status").where("id", "=", built.id).executeTakeFirstOrThrow()).status).toBe("submitted");

    const replaced = await app.inject({ method: "POST", url: `/api/claims/${built.id}/replace`, headers, payload: { claimDate: "2025-02-03" } });
    expect(replaced.statusCode).toBe(201);
    expect(replaced.json()).toMatchObject({ frequency: "7", status: "ready", replacesClaimId: built.id, payerClaimControlNumber: "22250106001" });
  });
});
