import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRemittance } from "../../remit/post.js";
import { listClaims } from "../../store/claims.js";
import { generateDemoPractice } from "../../store/demo/generate.js";
import { listVisits } from "../../store/visits.js";
import { denial835, openWebFixture, type WebFixture } from "../test-support.js";

describe("the denials page", () => {
  let fixture: WebFixture;
  let claimNumber: string;
  beforeAll(async () => {
    fixture = await openWebFixture(8);
    const [claim] = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId, status: "submitted" }, { limit: 1 })).items;
    claimNumber = claim!.claimNumber;
    await importRemittance(fixture.store.db, denial835(claim!), { actor: "test", practiceId: fixture.demo.practiceId });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("lists the denied lines with the CARC in words, what to do and whether otbill would have caught it", async () => {
    const app = await fixture.as("biller");
    const answer = await app.inject({ method: "GET", url: "/denials" });
    expect(answer.statusCode).toBe(200);
    const body = answer.body;
    expect(body).toContain(`>${claimNumber}</a>`);
    expect(body).toContain("<strong>CO-50</strong>");
    expect(body).toMatch(/N115/);
    expect(body).toContain('<script src="/assets/chart.umd.min.js" defer></script>');
  });

  it("carries each chart's data for Chart.js in the canvas, with the same figures in a table", async () => {
    const app = await fixture.as("biller");
    const body = (await app.inject({ method: "GET", url: "/denials" })).body;
    const spec = /<canvas id="by-carc"[^>]*data-chart="([^"]+)"/.exec(body)![1]!.replaceAll("&quot;", '"');
    const parsed = JSON.parse(spec) as { type: string; labels: string[]; datasets: { data: number[] }[] };
    expect(parsed.type).toBe("bar");
    // Our CO-50 denial is one of the reasons, with its dollars (the demo's own remittances add others).
    const index = parsed.labels.findIndex((label) => label.startsWith("50 "));
    expect(index).toBeGreaterThanOrEqual(0);
    expect(parsed.datasets[0]!.data[index]).toBeGreaterThan(0);
    for (const id of ["by-payer", "by-code", "by-month", "rate"]) expect(body).toContain(`<canvas id="${id}"`);
    expect(body).not.toMatch(/<script>/);
  });

  it("says otbill would have caught an NCCI denial its scrub flags today, naming the rule", async () => {
    const planted = generateDemoPractice({ patients: 8 }).patients.flatMap((patient) => patient.visits).find((visit) => visit.mistakes.includes("ptp-without-distinct"))!;
    const visit = (await listVisits(fixture.store.db, { externalId: planted.externalId })).items[0]!;
    const claim = (await listClaims(fixture.store.db, { visitId: visit.id })).items.find((candidate) => candidate.frequency === "1")!;
    const summary = await importRemittance(fixture.store.db, denial835(claim, "EFT-WEB-236", "236"), { actor: "test", practiceId: fixture.demo.practiceId });
    expect(summary.claimsPosted).toBe(1);
    const app = await fixture.as("biller");
    const body = (await app.inject({ method: "GET", url: "/denials" })).body;
    const row = body.split("<tr>").find((part) => part.includes(`>${claim.claimNumber}</a>`) && part.includes("CO-236"))!;
    expect(row).toContain('<span class="badge badge-reject">yes</span> ncci.ptp');
  });

  it("is not offered to a therapist", async () => {
    const app = await fixture.as("therapist");
    expect((await app.inject({ method: "GET", url: "/denials" })).statusCode).toBe(403);
  });
});
