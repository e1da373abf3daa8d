import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoPractice } from "../../store/demo/generate.js";
import { listPatients } from "../../store/patients.js";
import { openWebFixture, type WebFixture } from "../test-support.js";

describe("the patients pages", () => {
  let fixture: WebFixture;
  const demo = generateDemoPractice({ patients: 8 });
  beforeAll(async () => {
    fixture = await openWebFixture(8);
  });
  afterAll(async () => {
    await fixture.close();
  });

  async function idOf(index: number): Promise<number> {
    return (await listPatients(fixture.store.db, { practiceId: fixture.demo.practiceId, externalId: demo.patients[index]!.externalId })).items[0]!.id;
  }

  it("finds patients by name", async () => {
    const app = await fixture.as("front-desk");
    const target = demo.patients[2]!;
    const answer = await app.inject({ method: "GET", url: `/patients?q=${encodeURIComponent(target.lastName.slice(0, 4).toLowerCase())}` });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain(`${target.lastName}, ${target.firstName}`);
    expect(answer.body).not.toContain(`>Claims</a>`);
  });

  it("shows the KX gauge against the 2026 threshold ($2,480.00) and the $3,000.00 review line", async () => {
    const app = await fixture.as("biller");
    const id = await idOf(0);
    const rows = await fixture.store.db
      .selectFrom("claim_lines")
      .innerJoin("claims", "claims.id", "claim_lines.claim_id")
      .select(["claim_lines.allowed_cents", "claim_lines.modifiers", "claims.status"])
      .where("claims.patient_id", "=", id)
      .execute();
    const ot = rows.filter((row) => !["denied", "void", "replaced"].includes(row.status) && row.modifiers.includes("GO")).reduce((sum, row) => sum + (row.allowed_cents ?? 0), 0);
    expect(ot).toBeGreaterThan(0);
    const answer = await app.inject({ method: "GET", url: `/patients/${id}` });
    expect(answer.statusCode).toBe(200);
    const dollars = `${Math.floor(ot / 100).toLocaleString("en-US")}.${String(ot % 100).padStart(2, "0")}`;
    expect(answer.body).toContain(`<strong>OT 2026</strong>: ${dollars} allowed so far; KX threshold 2,480.00, review at 3,000.00`);
    expect(answer.body).toContain('role="meter"');
    expect(answer.body).toContain("<strong>PT and SLP 2026</strong>: 0.00 allowed so far");
    expect(answer.body).toMatch(/<dt>Owed by the patient<\/dt><dd class="num">\d[\d,]*\.\d\d<\/dd>/);
  });

  it("shows a lapsed plan of care as expired, and a used-up authorization as overdrawn", async () => {
    const app = await fixture.as("biller");
    const lapsed = await app.inject({ method: "GET", url: `/patients/${await idOf(5)}` });
    // Certified through 14 days before the demo's "today" (2026-03-02).
    expect(lapsed.body).toContain(`<td>${demo.patients[5]!.plan.certifiedThrough}</td>`);
    expect(lapsed.body).toContain('<span class="badge badge-reject">expired 14 days ago</span>');
    const authorized = await app.inject({ method: "GET", url: `/patients/${await idOf(3)}` });
    const auth = demo.patients[3]!.authorization!;
    const used = demo.patients[3]!.visits.filter((visit) => visit.dateOfService >= auth.startDate && visit.dateOfService <= auth.endDate).length;
    expect(authorized.body).toContain(`<td class="num">${auth.visitsAllowed}</td><td class="num">${used}</td><td class="num"><span class="badge badge-reject">${auth.visitsAllowed - used}</span></td>`);
  });

  it("answers 404 for a patient of no record", async () => {
    const app = await fixture.as("biller");
    expect((await app.inject({ method: "GET", url: "/patients/424242" })).statusCode).toBe(404);
  });
});
