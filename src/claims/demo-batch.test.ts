/**
 * The demo practice names every party a claim needs: its ready claims export as one 837P
 * batch that the independent validator (pyx12, 005010X222A1) accepts.
 */
import { expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { listClaims } from "../store/claims.js";
import { seedDemo } from "../store/demo/seed.js";
import { isValidNpi } from "../store/npi.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { exportClaimBatches } from "./batches.js";
import { validateX12 } from "./test-support/x12-validate.js";

const reference = loadReference();

describeEachDatabase("the demo practice's ready claims", (store, kind) => {
  it("export as one batch that validates", async () => {
    const { db } = store();
    // The whole demo on SQLite; a smaller one on PostgreSQL keeps the suite quick.
    const summary = await seedDemo(db, reference, kind === "sqlite" ? {} : { patients: 12 });
    const ready = await listClaims(db, { practiceId: summary.practiceId, status: "ready" }, { limit: 500 });
    expect(ready.total).toBeGreaterThan(kind === "sqlite" ? 5 : 0);
    expect(summary.claims.ready).toBe(ready.total);

    const batches = await exportClaimBatches(db, reference, { format: "837p", practiceId: summary.practiceId, now: new Date("2026-03-02T17:30:00Z") }, { actor: "user:biller@lakeside.test" });
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.claimIds).toEqual(ready.items.map((claim) => claim.id));
    const text = new TextDecoder().decode(batch!.content);
    const check = validateX12(text, "demo.837");
    expect(check.ok, check.report).toBe(true);

    const segments = text.split(/~\n?/).filter(Boolean);
    const elements = segments.map((segment) => segment.split("*"));
    // CLM02 equals the sum of its lines' SV102, claim by claim.
    let claimTotal: number | undefined;
    let lineSum = 0;
    const totals: [number, number][] = [];
    for (const segment of elements) {
      if (segment[0] === "CLM") {
        if (claimTotal !== undefined) totals.push([claimTotal, lineSum]);
        claimTotal = Math.round(Number(segment[2]) * 100);
        lineSum = 0;
      }
      if (segment[0] === "SV1") lineSum += Math.round(Number(segment[2]) * 100);
    }
    totals.push([claimTotal!, lineSum]);
    expect(totals).toHaveLength(ready.total);
    for (const [total, sum] of totals) expect(total).toBe(sum);
    // Every NPI passes its check digit; REF*6R is unique; several payers share the batch.
    for (const segment of elements.filter((parts) => parts[0] === "NM1" && parts[8] === "XX")) expect(isValidNpi(segment[9]!), segment.join("*")).toBe(true);
    const lineIds = elements.filter((parts) => parts[0] === "REF" && parts[1] === "6R").map((parts) => parts[2]);
    expect(new Set(lineIds).size).toBe(lineIds.length);
    const payers = new Set(elements.filter((parts) => parts[0] === "NM1" && parts[1] === "PR").map((parts) => parts[9]));
    if (kind === "sqlite") expect(payers.size).toBeGreaterThan(1);
    expect(elements.filter((parts) => parts[0] === "PRV" && parts[1] === "BI").map((parts) => parts[3])).toContain("225X00000X");
    // Some patients are on a spouse's plan: 2000C (PAT, relationship 01 spouse) follows their subscriber.
    if (kind === "sqlite") expect(elements.filter((parts) => parts[0] === "PAT").map((parts) => parts[1])).toContain("01");

    const after = await listClaims(db, { practiceId: summary.practiceId, status: "ready" });
    expect(after.total).toBe(0);
  });
});
