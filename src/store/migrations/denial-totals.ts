/**
 * Migration 2026-12-01-remittances-denial-totals: the denial figures of each day of service
 * (src/remit/denial-totals.ts keeps them as payments post), filled from the payments already
 * posted: the lines adjudicated and denied per practice, day, payer and code, and the denied
 * lines and cents of each CARC. Sorts after the remittances migration, whose tables it reads.
 */
import type { Migration } from "kysely";
import { refreshDenialTotals } from "../../remit/denial-totals.js";
import type { AnyDb } from "./table-builder.js";

export function denialTotalsMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable("line_outcome_days")
        .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
        .addColumn("date_of_service", "text", (c) => c.notNull())
        .addColumn("payer_id", "integer", (c) => c.notNull().references("payers.id"))
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("adjudicated_lines", "integer", (c) => c.notNull())
        .addColumn("denied_lines", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("line_outcome_days_key", ["practice_id", "date_of_service", "payer_id", "code"])
        .execute();
      await db.schema
        .createTable("denial_reason_days")
        .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
        .addColumn("date_of_service", "text", (c) => c.notNull())
        .addColumn("payer_id", "integer", (c) => c.notNull().references("payers.id"))
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("lines", "integer", (c) => c.notNull())
        .addColumn("cents", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("denial_reason_days_key", ["practice_id", "date_of_service", "payer_id", "code", "reason"])
        .execute();
      await refreshDenialTotals(db);
    },
    async down(db: AnyDb) {
      await db.schema.dropTable("denial_reason_days").ifExists().execute();
      await db.schema.dropTable("line_outcome_days").ifExists().execute();
    },
  };
}
