import { expect, it } from "vitest";
import { loadReference } from "../../reference/reference.js";
import { postKeptScenario } from "../../remit/test-support/kept-scenario.js";
import { DASHBOARD_GROUPINGS, denialDashboard, denialReports } from "../../reports/denials.js";
import { describeEachDatabase } from "../test-support/databases.js";
import { rerunMigration } from "../test-support/rerun-migration.js";

const reference = loadReference();

describeEachDatabase("migration 2026-12-01-remittances-denial-totals", (store) => {
  it("fills each day's denial figures from the line payments a database already holds", async () => {
    const { db } = store();
    const { fixture } = await postKeptScenario(db, reference);
    const read = async () => ({
      days: await db.selectFrom("line_outcome_days").selectAll().orderBy("date_of_service").orderBy("payer_id").orderBy("code").execute(),
      reasons: await db.selectFrom("denial_reason_days").selectAll().orderBy("date_of_service").orderBy("payer_id").orderBy("code").orderBy("reason").execute(),
    });
    const kept = await read();
    await rerunMigration(store(), "2026-12-01-remittances-denial-totals");
    const filled = await read();
    expect(filled).toEqual(kept);
    const practice = fixture.practice.id;
    const day = (date: string, payer: number, code: string, adjudicated: number, denied: number) => ({ practice_id: practice, date_of_service: date, payer_id: payer, code, adjudicated_lines: adjudicated, denied_lines: denied });
    const { medicare, commercial } = fixture;
    // The reversed denial of 2026-02-05 is not there at all.
    expect(filled.days).toEqual([
      day("2026-02-02", medicare.id, "97530", 1, 0),
      day("2026-02-02", medicare.id, "97535", 1, 0),
      day("2026-02-03", medicare.id, "97530", 1, 0),
      day("2026-02-03", medicare.id, "97535", 1, 1),
      day("2026-02-04", commercial.id, "97530", 1, 1),
      day("2026-02-04", commercial.id, "97535", 1, 1),
    ]);
    // The claim-level CO-50 160.00 shared by charge: 110.00 on 97530, 50.00 on 97535.
    expect(filled.reasons).toEqual([
      { practice_id: practice, date_of_service: "2026-02-03", payer_id: medicare.id, code: "97535", reason: "97", lines: 1, cents: 5000 },
      { practice_id: practice, date_of_service: "2026-02-04", payer_id: commercial.id, code: "97530", reason: "50", lines: 1, cents: 11000 },
      { practice_id: practice, date_of_service: "2026-02-04", payer_id: commercial.id, code: "97535", reason: "50", lines: 1, cents: 5000 },
    ]);
    expect((await denialDashboard(db, { practiceId: practice })).reports).toEqual(await denialReports(db, { practiceId: practice }, DASHBOARD_GROUPINGS));
  });
});
