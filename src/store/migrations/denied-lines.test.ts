import { expect, it } from "vitest";
import { loadReference } from "../../reference/reference.js";
import { pageOfDeniedLines } from "../../remit/denied-lines.js";
import { postKeptScenario } from "../../remit/test-support/kept-scenario.js";
import { describeEachDatabase } from "../test-support/databases.js";
import { rerunMigration } from "../test-support/rerun-migration.js";

const reference = loadReference();

describeEachDatabase("migration 2026-12-01-remittances-denied-lines", (store) => {
  it("fills the denied lines that stand from the line payments a database already holds", async () => {
    const { db } = store();
    const { fixture, partial, claimLevel } = await postKeptScenario(db, reference);
    const read = () => db.selectFrom("denied_lines").selectAll().orderBy("line_payment_id").execute();
    const kept = await read();
    await rerunMigration(store(), "2026-12-01-remittances-denied-lines");
    const filled = await read();
    expect(filled).toEqual(kept);
    const deniedOf = async (claimId: number) =>
      (await db.selectFrom("line_payments").innerJoin("claim_payments", "claim_payments.id", "line_payments.claim_payment_id").select("line_payments.id").where("claim_payments.claim_id", "=", claimId).where("line_payments.status", "in", ["denied", "partial"]).orderBy("line_payments.id").execute()).map((row) => row.id);
    // The partial claim's CO-97 line and both lines of the claim-level denial; the reversed denial is not there.
    const expected = [...(await deniedOf(partial.id)).map((id) => ({ line_payment_id: id, practice_id: fixture.practice.id, date_of_service: "2026-02-03", payment_date: "2026-03-02" })), ...(await deniedOf(claimLevel.id)).map((id) => ({ line_payment_id: id, practice_id: fixture.practice.id, date_of_service: "2026-02-04", payment_date: "2026-03-02" }))];
    expect(expected).toHaveLength(3);
    expect(filled).toEqual(expected);
    expect(await pageOfDeniedLines(db, { practiceId: fixture.practice.id, from: "2026-02-04" }, { offset: 0, limit: 50 })).toEqual(expected.slice(1).map((row) => row.line_payment_id));
  });
});
