import { expect, it } from "vitest";
import type { IsoDate } from "../reference/dates.js";
import { loadReference } from "../reference/reference.js";
import { arAging } from "../reports/ar.js";
import { seedDemo } from "../store/demo/seed.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { validate835 } from "../x12/835/test-support/validate-835.js";
import { denialWorklist } from "./denials.js";
import { listUnmatched } from "./unmatched.js";

const reference = loadReference();
const DEMO_ISA = "ISA*00*          *00*          *ZZ*04112          *ZZ*SUB123         *261120*1200*^*00501*000009001*0*T*:~";

describeEachDatabase("the demo's remittances", (store) => {
  it("answers the demo's older claims: most paid, some partial or denied for the planted mistakes, one reversal, one unmatched", async () => {
    const { db } = store();
    const summary = await seedDemo(db, reference, { patients: 12 });
    expect(summary.claims.paid).toBeGreaterThan(summary.claims.partial + summary.claims.denied);
    expect(summary.claims.partial).toBeGreaterThan(0);
    expect(summary.claims.denied).toBeGreaterThan(0);
    expect(summary.claims.submitted).toBeGreaterThan(0);
    const worklist = await denialWorklist(db, reference, { practiceId: summary.practiceId });
    // The NCCI pair planted without 59/XU: denied CO-236, and today's scrub says so.
    const ncci = worklist.filter((entry) => entry.carc.some((carc) => carc.reason === "236"));
    expect(ncci.length).toBeGreaterThan(0);
    expect(ncci.every((entry) => entry.scrub.caught && entry.scrub.rules.includes("modifier.distinct"))).toBe(true);
    expect(worklist.filter((entry) => entry.appeal.status === "appealed")).toHaveLength(1);
    const reversals = await db.selectFrom("claim_payments").select(["claim_id", "reverses_id"]).where("status_code", "=", "22").execute();
    expect(reversals).toHaveLength(1);
    expect((await db.selectFrom("claims").select("status").where("id", "=", reversals[0]!.claim_id!).executeTakeFirstOrThrow()).status).toBe("paid");
    expect((await listUnmatched(db, { status: "open" })).map((item) => item.claimId)).toEqual(["C-90417"]);
    const ar = await arAging(db, { asOf: "2026-03-02" as IsoDate, practiceId: summary.practiceId });
    expect(ar.totals.total).toBeGreaterThan(0);
    expect(ar.totals.buckets["31-60"]).toBeGreaterThan(0);
    // Every 835 transaction the demo posts passes the independent validator (005010X221A1),
    // each in an interchange of its own around the ST..SE the store keeps.
    const texts = await db.selectFrom("remittances").select(["id", "raw"]).orderBy("id").execute();
    expect(texts.length).toBeGreaterThan(3);
    for (const { id, raw } of texts) {
      const checked = validate835(`${DEMO_ISA}GS*HP*04112*SUB123*20261120*1200*9001*X*005010X221A1~${raw}GE*1*9001~IEA*1*000009001~`);
      expect(checked.ok, `remittance ${id}: ${checked.output}`).toBe(true);
    }
  });
});
