/**
 * Migration 2026-12-01-remittances-denied-lines: the denied lines of the payments that stand,
 * with the practice, date of service and payment day the Denials page orders and filters them
 * by (src/remit/denied-lines.ts keeps them as payments post), filled from the payments already
 * posted. Sorts after the remittances migration, whose tables it reads.
 */
import type { Migration } from "kysely";
import { refreshDeniedLines } from "../../remit/denied-lines.js";
import type { AnyDb } from "./table-builder.js";

export function deniedLinesMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable("denied_lines")
        .addColumn("line_payment_id", "integer", (c) => c.primaryKey().references("line_payments.id").onDelete("cascade"))
        .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
        .addColumn("date_of_service", "text", (c) => c.notNull())
        // The remittance's BPR16; null when the payer sent none.
        .addColumn("payment_date", "text")
        .execute();
      await db.schema.createIndex("denied_lines_practice_date").on("denied_lines").columns(["practice_id", "date_of_service", "payment_date"]).execute();
      await refreshDeniedLines(db);
    },
    async down(db: AnyDb) {
      await db.schema.dropTable("denied_lines").ifExists().execute();
    },
  };
}
