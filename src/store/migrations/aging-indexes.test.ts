import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { storeMigratedWithout } from "../test-support/migrated-without.js";
import { AGING_INDEXES } from "./aging-indexes.js";

describe("migration 2026-12-01-remittances-aging-indexes", () => {
  it("is added to a database migrated before it, and A/R aging's and the money sorts' lookups read only its indexes", async () => {
    const { store, dispose } = await storeMigratedWithout("2026-12-01-remittances-aging-indexes");
    try {
      const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'index' order by name`.execute(store.db);
      const names = rows.rows.map((row) => row.name);
      for (const index of AGING_INDEXES) expect(names).toContain(index.name);
      const plan = async (query: ReturnType<typeof sql>) => (await sql<{ detail: string }>`explain query plan ${query}`.execute(store.db)).rows.map((row) => row.detail).join(" | ");
      expect(await plan(sql`select id, payer_id, date_of_service, patient_id from claims where practice_id = 1 and status in ('submitted', 'paid')`)).toContain("COVERING INDEX claims_practice_status_payer");
      // The latest standing payment's charge, in id order from the index (no sort, no row read).
      expect(await plan(sql`select charge_cents from claim_payments where claim_id = 1 and reversed = 0 and status_code <> '22' order by id desc limit 1`)).toBe(
        "SEARCH claim_payments USING COVERING INDEX claim_payments_claim_standing (claim_id=? AND reversed=?)",
      );
      expect(await plan(sql`select id, claim_id, remittance_id, status_code, reverses_id, charge_cents, paid_cents from claim_payments`)).toContain("COVERING INDEX claim_payments_claim_standing");
      expect(await plan(sql`select sum(units), min(code) from claim_lines where claim_id = 1`)).toContain("COVERING INDEX claim_lines_claim_code_units");
    } finally {
      await dispose();
    }
  });
});
