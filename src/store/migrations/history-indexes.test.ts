import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { storeMigratedWithout } from "../test-support/migrated-without.js";

describe("migration 2026-12-01-history-indexes", () => {
  it("is added to a database migrated before it, and a patient's live claims of the year are read from it alone", async () => {
    const { store, dispose } = await storeMigratedWithout("2026-12-01-history-indexes");
    try {
      const plan = async (query: ReturnType<typeof sql>) => (await sql<{ detail: string }>`explain query plan ${query}`.execute(store.db)).rows.map((row) => row.detail).join(" | ");
      expect(
        await plan(
          sql`select claims.visit_id, claims.date_of_service, payers.kind, claim_lines.modifiers, claim_lines.allowed_cents from claim_lines inner join claims on claims.id = claim_lines.claim_id inner join payers on payers.id = claims.payer_id where claims.patient_id = 1 and claims.date_of_service >= '2026-01-01' and claims.date_of_service < '2026-03-01' and claims.status not in ('denied', 'void', 'replaced') and claims.frequency != '8'`,
        ),
      ).toContain("SEARCH claims USING COVERING INDEX claims_patient_date_live (patient_id=? AND date_of_service>? AND date_of_service<?)");
    } finally {
      await dispose();
    }
  });
});
