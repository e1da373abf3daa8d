import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { createPractice } from "../store/practices.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { OT_NPI, OTA_NPI } from "../store/test-support/fixtures.js";
import { buildServer } from "./app.js";
import { bearerFor } from "./test-support/auth.js";

const reference = loadReference();

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are checked field by field
  body: any;
}

describeEachDatabase("HTTP records", (store) => {
  let app: FastifyInstance;
  // An admin of one practice at a time: each test makes its practice and works inside it.
  let auth: { authorization: string };
  const admins = new Map<number, { authorization: string }>();
  beforeAll(async () => {
    app = buildServer({ store: store(), reference });
    await app.ready();
    auth = await bearerFor(store(), { role: "admin" });
  });
  afterAll(async () => {
    await app.close();
  });

  async function call(method: "GET" | "POST" | "PATCH", url: string, payload?: unknown): Promise<Answer> {
    const response = await app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: response.json() };
  }

  async function create(url: string, payload: unknown): Promise<{ id: number; version: number } & Record<string, unknown>> {
    const answer = await call("POST", url, payload);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  }

  /** Creates a practice and continues as its admin. */
  async function newPractice(payload: Record<string, unknown>): Promise<{ id: number; version: number } & Record<string, unknown>> {
    // Practices are made by `otbill practice add` (docs/practices.md); its admin reads it back.
    const made = await createPractice(store().db, payload as { name: string });
    admins.set(made.id, await bearerFor(store(), { role: "admin", practiceId: made.id }));
    asPractice(made.id);
    const read = await call("GET", `/api/practices/${made.id}`);
    expect(read.status).toBe(200);
    return read.body as { id: number; version: number } & Record<string, unknown>;
  }

  function asPractice(id: number): void {
    auth = admins.get(id)!;
  }

  it("POST /api/practices is no route, for an admin too: a practice made over HTTP would be out of its maker's reach", async () => {
    const practice = await newPractice({ name: "No Post Clinic" });
    const answer = await call("POST", "/api/practices", { name: "Made Over HTTP" });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("not_found");
    expect((await call("GET", "/api/practices")).body.items.map((item: { id: number }) => item.id)).toEqual([practice.id]);
    expect(await store().db.selectFrom("practices").select("id").where("name", "=", "Made Over HTTP").execute()).toEqual([]);
  });

  it("creates, reads, changes and lists every kind of record", async () => {
    const practice = await newPractice({ name: "Bayside OT", npi: "1245319599", taxId: "12-3456789" });
    expect(practice).toEqual({ id: practice.id, name: "Bayside OT", npi: "1245319599", taxId: "12-3456789", billingName: null, address: null, phone: null, taxonomy: null, payToAddress: null, version: 1 });

    const ot = await create("/api/providers", { practiceId: practice.id, npi: OT_NPI, firstName: "Olivia", lastName: "Tran", discipline: "OT", role: "therapist" });
    expect(ot).toEqual({ id: ot.id, practiceId: practice.id, npi: OT_NPI, firstName: "Olivia", lastName: "Tran", discipline: "OT", role: "therapist", qualifyingApm: false, taxonomy: null, version: 1 });
    const ota = await create("/api/providers", { practiceId: practice.id, npi: OTA_NPI, firstName: "Omar", lastName: "Ames", discipline: "OT", role: "assistant" });

    const payer = await create("/api/payers", { practiceId: practice.id, name: "Acme Health", kind: "commercial", unitRule: "ama", feeSchedule: { rateCents: { "97530": 4500 } } });
    expect(payer).toEqual({
      id: payer.id,
      practiceId: practice.id,
      name: "Acme Health",
      kind: "commercial",
      unitRule: "ama",
      feeSchedule: { rateCents: { "97530": 4500 } },
      settings: {},
      electronicPayerId: null,
      address: null,
      claimFilingIndicator: null,
      profile: null,
      profileOverrides: null,
      version: 1,
    });

    const patient = await create("/api/patients", { practiceId: practice.id, externalId: "C-100", firstName: "Rosa", lastName: "Diaz", birthDate: "1948-07-02" });
    expect(patient).toEqual({ id: patient.id, practiceId: practice.id, externalId: "C-100", firstName: "Rosa", lastName: "Diaz", birthDate: "1948-07-02", sex: null, address: null, phone: null, version: 1 });

    const coverage = await create("/api/coverages", {
      patientId: patient.id,
      payerId: payer.id,
      memberId: "ACME-55",
      authorizations: [{ number: "A-7", visitsAllowed: 12, startDate: "2026-02-01", endDate: "2026-04-30" }],
    });
    expect(coverage).toEqual({
      id: coverage.id,
      patientId: patient.id,
      payerId: payer.id,
      memberId: "ACME-55",
      priority: 1,
      startDate: null,
      endDate: null,
      authorizations: [{ number: "A-7", visitsAllowed: 12, unitsAllowed: null, startDate: "2026-02-01", endDate: "2026-04-30" }],
      relationship: "self",
      subscriber: null,
      groupNumber: null,
      copayCents: null,
      coinsurancePercent: null,
      version: 1,
    });

    const plan = await create("/api/plans-of-care", {
      patientId: patient.id,
      providerId: ot.id,
      discipline: "OT",
      initialEvaluationDate: "2026-02-02",
      certifiedFrom: "2026-02-02",
      certifiedThrough: "2026-05-02",
      signedDate: "2026-02-06",
    });
    expect(plan).toEqual({
      id: plan.id,
      patientId: patient.id,
      providerId: ot.id,
      discipline: "OT",
      initialEvaluationDate: "2026-02-02",
      certifiedFrom: "2026-02-02",
      certifiedThrough: "2026-05-02",
      signedDate: "2026-02-06",
      progressReportDates: [],
      certifyingPhysicianId: null,
      version: 1,
    });

    const visit = await create("/api/visits", {
      practiceId: practice.id,
      patientId: patient.id,
      providerId: ot.id,
      payerId: payer.id,
      coverageId: coverage.id,
      externalId: "V-9",
      dateOfService: "2026-02-10",
      placeOfService: "11",
      diagnoses: ["I69.351"],
      totalTreatmentMinutes: 38,
      services: [
        { code: "97530", minutes: 23, assistantMinutes: 10, assistantProviderId: ota.id, diagnosisPointers: [1] },
        { code: "97535", minutes: 15, diagnosisPointers: [1] },
      ],
    });
    expect(visit).toMatchObject({ patientId: patient.id, dateOfService: "2026-02-10", coverageId: coverage.id, planOfCareId: null, version: 1 });
    expect(visit.services).toEqual([
      { code: "97530", minutes: 23, assistantMinutes: 10, units: null, modifiers: [], distinct: false, diagnosisPointers: [1], description: null, assistantProviderId: ota.id },
      { code: "97535", minutes: 15, assistantMinutes: null, units: null, modifiers: [], distinct: false, diagnosisPointers: [1], description: null, assistantProviderId: null },
    ]);

    // Read back each one.
    for (const [url, record] of [
      [`/api/practices/${practice.id}`, practice],
      [`/api/providers/${ot.id}`, ot],
      [`/api/payers/${payer.id}`, payer],
      [`/api/patients/${patient.id}`, patient],
      [`/api/coverages/${coverage.id}`, coverage],
      [`/api/plans-of-care/${plan.id}`, plan],
      [`/api/visits/${visit.id}`, visit],
    ] as const) {
      expect(await call("GET", url)).toEqual({ status: 200, body: record });
    }

    // Change each one: the version goes up by one.
    const changes: [string, Record<string, unknown>][] = [
      [`/api/practices/${practice.id}`, { name: "Bayside Occupational Therapy" }],
      [`/api/providers/${ot.id}`, { qualifyingApm: true }],
      [`/api/payers/${payer.id}`, { settings: { timelyFilingDays: 90 } }],
      [`/api/patients/${patient.id}`, { lastName: "Diaz-Moreno" }],
      [`/api/coverages/${coverage.id}`, { priority: 2, authorizations: [] }],
      [`/api/plans-of-care/${plan.id}`, { progressReportDates: ["2026-03-02"] }],
      [`/api/visits/${visit.id}`, { totalTreatmentMinutes: 40 }],
    ];
    for (const [url, change] of changes) {
      const answer = await call("PATCH", url, { version: 1, ...change });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ ...change, version: 2 });
    }

    // Filtered lists.
    expect((await call("GET", `/api/providers?practiceId=${practice.id}&role=assistant`)).body).toEqual({ items: [ota], total: 1, limit: 50, offset: 0 });
    expect((await call("GET", `/api/payers?practiceId=${practice.id}&kind=commercial`)).body.items.map((item: { id: number }) => item.id)).toEqual([payer.id]);
    expect((await call("GET", `/api/patients?practiceId=${practice.id}&q=diaz`)).body.total).toBe(1);
    expect((await call("GET", `/api/coverages?patientId=${patient.id}`)).body.total).toBe(1);
    expect((await call("GET", `/api/plans-of-care?patientId=${patient.id}&activeOn=2026-05-02`)).body.total).toBe(1);
    expect((await call("GET", `/api/plans-of-care?patientId=${patient.id}&activeOn=2026-05-03`)).body.total).toBe(0);
    expect((await call("GET", `/api/visits?patientId=${patient.id}&from=2026-02-10&to=2026-02-10`)).body.total).toBe(1);
    expect((await call("GET", `/api/visits?patientId=${patient.id}&from=2026-02-11`)).body.total).toBe(0);
  });

  it("builds a claim from a stored visit, then moves it through its statuses", async () => {
    const practice = await newPractice({ name: "Claim Clinic" });
    const ot = await create("/api/providers", { practiceId: practice.id, npi: OT_NPI, firstName: "A", lastName: "B", discipline: "OT", role: "therapist" });
    const medicare = await create("/api/payers", { practiceId: practice.id, name: "Medicare Part B", kind: "medicare" });
    const patient = await create("/api/patients", { practiceId: practice.id, firstName: "C", lastName: "D" });
    await create("/api/plans-of-care", { patientId: patient.id, discipline: "OT", initialEvaluationDate: "2026-03-02", certifiedFrom: "2026-03-02", certifiedThrough: "2026-05-30", signedDate: "2026-03-04" });
    const visit = await create("/api/visits", {
      practiceId: practice.id,
      patientId: patient.id,
      providerId: ot.id,
      payerId: medicare.id,
      dateOfService: "2026-03-10",
      placeOfService: "11",
      diagnoses: ["I69.351"],
      totalTreatmentMinutes: 30,
      services: [{ code: "97530", minutes: 30, diagnosisPointers: [1] }],
    });

    const scrubbed = await call("POST", `/api/visits/${visit.id}/scrub`);
    expect(scrubbed.status).toBe(200);
    expect(scrubbed.body.lines).toEqual([expect.objectContaining({ code: "97530", modifiers: ["GO"], units: 2, allowed: 60.12 })]);
    expect(scrubbed.body.history).toMatchObject({ otAllowedYearToDateCents: 0, treatmentDaysSinceProgressReport: 1, planOfCare: { certifiedThrough: "2026-05-30" } });

    expect(scrubbed.body.status, JSON.stringify(scrubbed.body.findings)).toBe("clean");

    const claim = await call("POST", `/api/visits/${visit.id}/claim?claimDate=2026-04-01`);
    expect(claim.status).toBe(201);
    // A clean scrub makes a claim ready to send.
    expect(claim.body).toMatchObject({ visitId: visit.id, patientId: patient.id, payerId: medicare.id, dateOfService: "2026-03-10", status: "ready", scrubStatus: "clean", allowedCents: 6012, paymentCents: 4714, patientShareCents: 1202, version: 1 });
    expect(claim.body.lines).toEqual([
      { lineId: `C-${claim.body.id}-1`, code: "97530", modifiers: ["GO"], units: 2, minutes: 30, diagnosisPointers: [1], allowedCents: 6012, paymentCents: 4714, patientShareCents: 1202, status: "ready" },
    ]);
    expect(claim.body.scrubResult.lines[0].allowed).toBe(60.12);

    // One live claim per visit.
    expect((await call("POST", `/api/visits/${visit.id}/claim?claimDate=2026-04-01`)).body.error).toEqual({
      code: "conflict",
      message: `visit ${visit.id} already has claim C-${claim.body.id} (ready) built from this version of the visit; change the visit, then build again`,
    });

    const id = claim.body.id as number;
    const version = 1;
    const skipped = await call("PATCH", `/api/claims/${id}`, { version, status: "paid" });
    expect(skipped).toMatchObject({ status: 422, body: { error: { code: "unprocessable", message: "a ready claim cannot become paid (it can become draft or submitted)", path: "status" } } });
    const submitted = await call("PATCH", `/api/claims/${id}`, { version, status: "submitted" });
    expect([submitted.status, submitted.body.status, submitted.body.lines[0].status, submitted.body.version]).toEqual([200, "submitted", "submitted", 2]);
    expect((await call("GET", `/api/claims?status=submitted&patientId=${patient.id}`)).body.items.map((item: { id: number }) => item.id)).toEqual([id]);
    expect((await call("GET", `/api/claims?status=paid&patientId=${patient.id}`)).body.total).toBe(0);
  });

  it("pages with limit and offset", async () => {
    const practice = await newPractice({ name: "Paging Clinic" });
    const ids: number[] = [];
    for (const name of ["Ann", "Ben", "Cal", "Dee", "Eve"]) ids.push((await create("/api/patients", { practiceId: practice.id, firstName: name, lastName: "Page" })).id);
    const second = await call("GET", `/api/patients?practiceId=${practice.id}&limit=2&offset=2`);
    expect(second.status).toBe(200);
    expect({ ...second.body, items: second.body.items.map((item: { firstName: string }) => item.firstName) }).toEqual({ items: ["Cal", "Dee"], total: 5, limit: 2, offset: 2 });
    const last = await call("GET", `/api/patients?practiceId=${practice.id}&limit=2&offset=4`);
    expect(last.body.items.map((item: { id: number }) => item.id)).toEqual([ids[4]]);
  });

  it("two changes from the same version: exactly one wins, the other gets 409", async () => {
    const practice = await newPractice({ name: "Race Clinic" });
    const patient = await create("/api/patients", { practiceId: practice.id, firstName: "Sam", lastName: "Race" });
    const answers = await Promise.all([
      call("PATCH", `/api/patients/${patient.id}`, { version: 1, lastName: "Winner-A" }),
      call("PATCH", `/api/patients/${patient.id}`, { version: 1, lastName: "Winner-B" }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    expect(loser.body.error.code).toBe("conflict");
    expect(loser.body.error.path).toBe("version");
    const winner = answers.find((answer) => answer.status === 200)!;
    const now = await call("GET", `/api/patients/${patient.id}`);
    expect(now.body).toEqual({ ...patient, lastName: winner.body.lastName, version: 2 });
  });

  it("a visit whose services name another practice's assistant stores nothing (422)", async () => {
    const practice = await newPractice({ name: "Tx Clinic" });
    const other = await newPractice({ name: "Other Tx Clinic" });
    asPractice(practice.id);
    const ot = await create("/api/providers", { practiceId: practice.id, npi: OT_NPI, firstName: "A", lastName: "B", discipline: "OT", role: "therapist" });
    asPractice(other.id);
    const foreign = await create("/api/providers", { practiceId: other.id, npi: OTA_NPI, firstName: "E", lastName: "F", discipline: "OT", role: "assistant" });
    asPractice(practice.id);
    const payer = await create("/api/payers", { practiceId: practice.id, name: "Medicare", kind: "medicare" });
    const patient = await create("/api/patients", { practiceId: practice.id, firstName: "C", lastName: "D" });
    const answer = await call("POST", "/api/visits", {
      practiceId: practice.id,
      patientId: patient.id,
      providerId: ot.id,
      payerId: payer.id,
      dateOfService: "2026-03-10",
      services: [{ code: "97530", minutes: 30 }, { code: "97110", minutes: 15, assistantMinutes: 15, assistantProviderId: foreign.id }],
    });
    expect(answer).toEqual({
      status: 422,
      // Named as a provider that does not exist: nothing about the other practice.
      body: { error: { code: "unprocessable", message: `services[1].assistantProviderId: no provider ${foreign.id}`, path: "services[1].assistantProviderId" } },
    });
    expect(JSON.stringify(answer.body)).not.toContain(`practice ${other.id}`);
    expect((await call("GET", `/api/visits?practiceId=${practice.id}`)).body.total).toBe(0);
  });
});
