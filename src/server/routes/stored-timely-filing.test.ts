/**
 * POST /api/visits/:id/scrub and /claim take the day the claim is built (`claimDate`) for the
 * payer's timely filing limit; without it the limit is not checked.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReference } from "../../reference/reference.js";
import { openStore, type Store } from "../../store/database.js";
import { createPayer } from "../../store/payers.js";
import { createPatient } from "../../store/patients.js";
import { createPlanOfCare } from "../../store/plans-of-care.js";
import { createProvider } from "../../store/providers.js";
import { createVisit } from "../../store/visits.js";
import { buildServer } from "../app.js";
import { testToken } from "../test-support/auth.js";

let store: Store;
let app: FastifyInstance;
let headers: Record<string, string>;
let visitId: number;
beforeAll(async () => {
  store = await openStore({ dialect: "sqlite", file: ":memory:" });
  const token = await testToken(store, { role: "biller" });
  headers = token.headers;
  const practiceId = token.practiceId;
  const ot = await createProvider(store.db, { practiceId, npi: "1234567893", firstName: "Olivia", lastName: "Tran", discipline: "OT", role: "therapist" });
  const payer = await createPayer(store.db, { practiceId, name: "Acme Health", kind: "commercial" });
  const patient = await createPatient(store.db, { practiceId, firstName: "Pat", lastName: "Doe", birthDate: "1950-04-01" });
  await createPlanOfCare(store.db, { patientId: patient.id, providerId: ot.id, discipline: "OT", initialEvaluationDate: "2026-03-02", certifiedFrom: "2026-03-02", certifiedThrough: "2026-05-30", signedDate: "2026-03-04", progressReportDates: [] });
  const visit = await createVisit(store.db, { practiceId, patientId: patient.id, providerId: ot.id, payerId: payer.id, dateOfService: "2026-03-10", placeOfService: "11", diagnoses: ["I69.351"], totalTreatmentMinutes: 30, services: [{ code: "97530", minutes: 30, diagnosisPointers: [1] }] });
  visitId = visit.id;
  app = buildServer({ store, reference: loadReference({ importedDir: null }) });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

async function scrub(query = "") {
  const response = await app.inject({ method: "POST", url: `/api/visits/${visitId}/scrub${query}`, headers });
  return { status: response.statusCode, body: response.json() as { status: string; findings: { rule: string; severity: string; message: string }[] } };
}

describe("claimDate on the stored scrub", () => {
  it("commercial-default's 90 days: day 91 (2026-06-09) is an error, day 90 a warning, no date no check", async () => {
    const late = await scrub("?claimDate=2026-06-09");
    expect(late.status).toBe(200);
    expect(late.body.findings.filter((item) => item.rule === "payer.timely-filing").map((item) => item.severity)).toEqual(["error"]);
    expect(late.body.status).toBe("reject");
    expect((await scrub("?claimDate=2026-06-08")).body.findings.filter((item) => item.rule === "payer.timely-filing").map((item) => item.severity)).toEqual(["warning"]);
    expect((await scrub()).body.findings.map((item) => item.rule)).not.toContain("payer.timely-filing");
  });

  it("a claim date that is not a date is a 400 naming it", async () => {
    const bad = await scrub("?claimDate=2026-13-01");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("claimDate");
  });
});
