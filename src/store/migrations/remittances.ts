/**
 * Migration 2026-12-01-remittances: what payers answered (X12 835). A remittance is one
 * 835 transaction (one payment, BPR/TRN) kept with its bytes as received; its claim
 * payments (CLP), line payments (SVC) and adjustments (CAS) are kept as the payer sent
 * them, whether or not they matched a stored claim; a claim payment that matched no
 * claim waits in `unmatched_payments` for a person. Balances and statuses are derived
 * from the payments that stand (not reversed), so a reversal undoes a posting exactly.
 */
import type { Migration } from "kysely";
import { withId, type AnyDb, type DialectName, type Table } from "./table-builder.js";


export function remittancesMigration(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      const create = (name: string) => withId(db.schema.createTable(name) as Table, dialect);

      await create("remittances")
        .addColumn("practice_id", "integer", (c) => c.references("practices.id").onDelete("cascade"))
        .addColumn("payer_id", "integer", (c) => c.references("payers.id"))
        // N1*PR id (or REF*2U / TRN03): with TRN02 it names the payment once and for all.
        .addColumn("payer_key", "text", (c) => c.notNull())
        .addColumn("payer_name", "text")
        .addColumn("trace_number", "text", (c) => c.notNull())
        .addColumn("payment_cents", "integer", (c) => c.notNull())
        .addColumn("payment_method", "text")
        .addColumn("payment_date", "text")
        .addColumn("control_number", "text")
        .addColumn("claim_count", "integer", (c) => c.notNull())
        .addColumn("provider_adjustment_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("balanced", "integer", (c) => c.notNull())
        .addColumn("imbalance_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("file_name", "text")
        .addColumn("file_hash", "text", (c) => c.notNull())
        .addColumn("raw", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("posted_at", "text", (c) => c.notNull())
        .addUniqueConstraint("remittances_payer_trace", ["payer_key", "trace_number"])
        .execute();

      await create("claim_payments")
        .addColumn("remittance_id", "integer", (c) => c.notNull().references("remittances.id").onDelete("cascade"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("claim_id", "integer", (c) => c.references("claims.id"))
        .addColumn("claim_number", "text", (c) => c.notNull())
        .addColumn("status_code", "text", (c) => c.notNull())
        .addColumn("payer_claim_control_number", "text")
        .addColumn("charge_cents", "integer", (c) => c.notNull())
        .addColumn("paid_cents", "integer", (c) => c.notNull())
        .addColumn("patient_responsibility_cents", "integer", (c) => c.notNull())
        .addColumn("deductible_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("coinsurance_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("copay_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("balanced", "integer", (c) => c.notNull())
        // A reversal (CLP02 22) points at the payment it undoes; that one is then reversed.
        .addColumn("reverses_id", "integer", (c) => c.references("claim_payments.id"))
        .addColumn("reversed", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("received_date", "text")
        // JSON: the claim payment as parsed (cents), so an unmatched one can be posted later.
        .addColumn("document", "text", (c) => c.notNull())
        .execute();

      await create("line_payments")
        .addColumn("claim_payment_id", "integer", (c) => c.notNull().references("claim_payments.id").onDelete("cascade"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("claim_line_id", "integer", (c) => c.references("claim_lines.id"))
        .addColumn("line_id", "text")
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("modifiers", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("original_code", "text")
        .addColumn("units", "integer", (c) => c.notNull())
        .addColumn("service_date", "text")
        .addColumn("charge_cents", "integer", (c) => c.notNull())
        .addColumn("allowed_cents", "integer", (c) => c.notNull())
        .addColumn("paid_cents", "integer", (c) => c.notNull())
        .addColumn("patient_responsibility_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("deductible_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("coinsurance_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("copay_cents", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("remarks", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("appeal_status", "text", (c) => c.notNull().defaultTo("none"))
        .addColumn("appeal_note", "text")
        .addColumn("appeal_updated_at", "text")
        .execute();

      await create("payment_adjustments")
        .addColumn("claim_payment_id", "integer", (c) => c.notNull().references("claim_payments.id").onDelete("cascade"))
        .addColumn("line_payment_id", "integer", (c) => c.references("line_payments.id").onDelete("cascade"))
        .addColumn("group_code", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("amount_cents", "integer", (c) => c.notNull())
        .addColumn("quantity", "integer")
        .execute();

      await create("provider_adjustments")
        .addColumn("remittance_id", "integer", (c) => c.notNull().references("remittances.id").onDelete("cascade"))
        .addColumn("provider_identifier", "text", (c) => c.notNull())
        .addColumn("fiscal_period_date", "text")
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("reference", "text")
        .addColumn("amount_cents", "integer", (c) => c.notNull())
        .execute();

      await create("unmatched_payments")
        .addColumn("claim_payment_id", "integer", (c) => c.notNull().unique().references("claim_payments.id").onDelete("cascade"))
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
        .addColumn("resolved_claim_id", "integer", (c) => c.references("claims.id"))
        .addColumn("resolved_by", "text")
        .addColumn("resolved_at", "text")
        .addColumn("note", "text")
        .execute();

      await db.schema.createIndex("claim_payments_claim").on("claim_payments").column("claim_id").execute();
      await db.schema.createIndex("claim_payments_remittance").on("claim_payments").columns(["remittance_id", "position"]).execute();
      await db.schema.createIndex("line_payments_claim_payment").on("line_payments").column("claim_payment_id").execute();
      await db.schema.createIndex("line_payments_claim_line").on("line_payments").column("claim_line_id").execute();
      await db.schema.createIndex("payment_adjustments_claim_payment").on("payment_adjustments").column("claim_payment_id").execute();
      await db.schema.createIndex("unmatched_payments_status").on("unmatched_payments").column("status").execute();
    },
    async down(db: AnyDb) {
      for (const table of ["unmatched_payments", "provider_adjustments", "payment_adjustments", "line_payments", "claim_payments", "remittances"]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
