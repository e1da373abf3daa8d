/**
 * Migration 2026-12-01-remittances-claim-balances: each claim's payment side as its payments
 * that stand leave it (src/remit/claim-balances.ts keeps it as payments post), one row per
 * claim any payment was tied to, filled from the payments already posted. Sorts after the
 * remittances migration, whose tables it reads.
 */
import type { Migration } from "kysely";
import { refreshClaimBalances } from "../../remit/claim-balances.js";
import type { AnyDb } from "./table-builder.js";

export function claimBalancesMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable("claim_balances")
        .addColumn("claim_id", "integer", (c) => c.primaryKey().references("claims.id").onDelete("cascade"))
        // CLP03 of the latest payment that stands; null when none does (the charge master's charge then).
        .addColumn("charge_cents", "integer")
        .addColumn("paid_cents", "integer", (c) => c.notNull())
        .addColumn("reduced_cents", "integer", (c) => c.notNull())
        // ISO date: the latest day any of the claim's payments or reversals counts from.
        .addColumn("last_dated", "text", (c) => c.notNull())
        .execute();
      await refreshClaimBalances(db);
    },
    async down(db: AnyDb) {
      await db.schema.dropTable("claim_balances").ifExists().execute();
    },
  };
}
