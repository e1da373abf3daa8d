import { expect, it } from "vitest";
import { loadReference } from "../../reference/reference.js";
import { postKeptScenario } from "../../remit/test-support/kept-scenario.js";
import { describeEachDatabase } from "../test-support/databases.js";
import { rerunMigration } from "../test-support/rerun-migration.js";

const reference = loadReference();

describeEachDatabase("migration 2026-12-01-remittances-claim-balances", (store) => {
  it("fills each claim's payment side from the payments a database already holds", async () => {
    const { db } = store();
    const { paid, partial, claimLevel, reversed } = await postKeptScenario(db, reference);
    const kept = await db.selectFrom("claim_balances").selectAll().orderBy("claim_id").execute();
    await rerunMigration(store(), "2026-12-01-remittances-claim-balances");
    const filled = await db.selectFrom("claim_balances").selectAll().orderBy("claim_id").execute();
    expect(filled).toEqual(kept);
    // 160.00 billed each; the paid claim 80.12 paid after 69.88 written down and 10.00 coinsurance;
    // the partial one's CO-97 stays owed; the claim-level denial pays nothing; the reversed claim has no payment standing.
    expect(filled).toEqual([
      { claim_id: paid.id, charge_cents: 16000, paid_cents: 8012, reduced_cents: 7988, last_dated: "2026-03-02" },
      { claim_id: partial.id, charge_cents: 16000, paid_cents: 3512, reduced_cents: 7488, last_dated: "2026-03-02" },
      { claim_id: claimLevel.id, charge_cents: 16000, paid_cents: 0, reduced_cents: 0, last_dated: "2026-03-02" },
      { claim_id: reversed.id, charge_cents: null, paid_cents: 0, reduced_cents: 0, last_dated: "2026-03-09" },
    ]);
  });
});
