/**
 * Migration 2026-12-01-claims-out: what a claim names beyond the visit (the billing
 * practice's address, taxonomy and EIN; provider taxonomy; the certifying physician;
 * the patient's and the subscriber's demographics; the payer's electronic id and
 * filing indicator; the charge master; the clearinghouse), and a claim lifecycle that
 * can be corrected (claim numbers, frequency 7/8, status history, batches).
 *
 * Addresses are kept as JSON text ({ line1, line2, city, state, zip }): they are read and
 * written whole and never queried by part. SQLite adds one column per ALTER TABLE.
 */
import { sql, type Migration } from "kysely";
import { withId, type AnyDb, type DialectName, type Table } from "./table-builder.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the database as it was, not the current schema type */

/** The statuses in which a claim is the visit's claim: at most one per visit (void and replaced are history; a denied visit may be billed again). */
export const OPEN_CLAIM_STATUSES = ["draft", "ready", "submitted", "paid", "partial", "appealed"] as const;

async function addColumns(db: AnyDb, table: string, columns: [string, "text" | "integer", ((c: any) => any)?][]): Promise<void> {
  for (const [name, type, build] of columns) {
    await db.schema
      .alterTable(table)
      .addColumn(name, type, build ?? ((c) => c))
      .execute();
  }
}

export function claimsOutMigration(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      const create = (name: string) => withId(db.schema.createTable(name) as Table, dialect);
      const bytes = dialect === "postgres" ? "bytea" : "blob";

      await addColumns(db, "practices", [
        ["billing_name", "text"],
        ["address", "text"],
        ["phone", "text"],
        ["taxonomy", "text"],
        ["pay_to_address", "text"],
      ]);
      await addColumns(db, "providers", [["taxonomy", "text"]]);

      await create("physicians")
        .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
        .addColumn("first_name", "text", (c) => c.notNull())
        .addColumn("last_name", "text", (c) => c.notNull())
        .addColumn("npi", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
        .addUniqueConstraint("physicians_practice_npi", ["practice_id", "npi"])
        .execute();
      await addColumns(db, "plans_of_care", [["certifying_physician_id", "integer", (c) => c.references("physicians.id")]]);

      await addColumns(db, "patients", [
        ["sex", "text"],
        ["address", "text"],
        ["phone", "text"],
      ]);
      await addColumns(db, "coverages", [
        ["relationship", "text", (c) => c.notNull().defaultTo("self")],
        ["subscriber_first_name", "text"],
        ["subscriber_last_name", "text"],
        ["subscriber_birth_date", "text"],
        ["subscriber_sex", "text"],
        ["subscriber_address", "text"],
        ["group_number", "text"],
      ]);
      await addColumns(db, "payers", [
        ["electronic_payer_id", "text"],
        ["address", "text"],
        ["claim_filing_indicator", "text"],
      ]);

      await create("charge_master")
        .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("charge_cents", "integer", (c) => c.notNull())
        .addColumn("effective_from", "text", (c) => c.notNull())
        .addColumn("effective_through", "text")
        .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
        .addUniqueConstraint("charge_master_practice_code_from", ["practice_id", "code", "effective_from"])
        .execute();

      await create("clearinghouse_settings")
        .addColumn("practice_id", "integer", (c) => c.notNull().unique().references("practices.id").onDelete("cascade"))
        .addColumn("submitter_id", "text", (c) => c.notNull())
        .addColumn("submitter_name", "text", (c) => c.notNull())
        .addColumn("contact_name", "text", (c) => c.notNull())
        .addColumn("contact_phone", "text", (c) => c.notNull())
        .addColumn("receiver_id", "text", (c) => c.notNull())
        .addColumn("receiver_name", "text", (c) => c.notNull())
        .addColumn("sender_qualifier", "text", (c) => c.notNull().defaultTo("ZZ"))
        .addColumn("sender_id", "text", (c) => c.notNull())
        .addColumn("receiver_qualifier", "text", (c) => c.notNull().defaultTo("ZZ"))
        .addColumn("interchange_receiver_id", "text", (c) => c.notNull())
        .addColumn("usage_indicator", "text", (c) => c.notNull().defaultTo("T"))
        .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable("interchange_counters")
        .addColumn("practice_id", "integer", (c) => c.primaryKey().references("practices.id").onDelete("cascade"))
        .addColumn("last_control_number", "integer", (c) => c.notNull().defaultTo(0))
        .execute();

      await addColumns(db, "claims", [
        ["claim_number", "text"],
        ["frequency", "text", (c) => c.notNull().defaultTo("1")],
        ["payer_claim_control_number", "text"],
        ["replaces_claim_id", "integer", (c) => c.references("claims.id")],
        ["visit_version", "integer"],
      ]);
      await addColumns(db, "claim_lines", [["line_id", "text"]]);
      await sql`update claims set claim_number = 'C-' || cast(id as text)`.execute(db);
      await sql`update claim_lines set line_id = (select claim_number from claims where claims.id = claim_lines.claim_id) || '-' || cast(position + 1 as text)`.execute(db);
      await db.schema.createIndex("claims_claim_number").unique().on("claims").column("claim_number").execute();
      await db.schema.createIndex("claim_lines_line_id").on("claim_lines").column("line_id").execute();
      // One open claim per visit, enforced by the database so that parallel builds cannot
      // both insert (a read-then-insert check alone lets PostgreSQL make several). A void
      // (frequency 8) travels beside the claim it voids and does not count.
      const open = OPEN_CLAIM_STATUSES.map((status) => `'${status}'`).join(", ");
      await sql`create unique index claims_one_open_per_visit on claims (visit_id) where status in (${sql.raw(open)}) and frequency <> '8'`.execute(db);

      // The record stamps the access layer writes on every record table (migration 2026-12-01-access).
      for (const table of ["physicians", "charge_master", "clearinghouse_settings"]) {
        await addColumns(db, table, [
          ["created_at", "text"],
          ["created_by", "text"],
          ["updated_at", "text"],
          ["updated_by", "text"],
        ]);
      }

      await create("claim_status_history")
        .addColumn("claim_id", "integer", (c) => c.notNull().references("claims.id").onDelete("cascade"))
        .addColumn("from_status", "text")
        .addColumn("to_status", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .execute();
      await db.schema.createIndex("claim_status_history_claim").on("claim_status_history").columns(["claim_id", "id"]).execute();

      await create("claim_batches")
        .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
        .addColumn("format", "text", (c) => c.notNull())
        .addColumn("control_number", "integer")
        .addColumn("receiver_id", "text")
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("content_type", "text", (c) => c.notNull())
        .addColumn("file_hash", "text", (c) => c.notNull())
        .addColumn("claim_ids", "text", (c) => c.notNull())
        .addColumn("claim_count", "integer", (c) => c.notNull())
        .addColumn("total_charge_cents", "integer", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("content", bytes, (c) => c.notNull())
        .addUniqueConstraint("claim_batches_practice_control", ["practice_id", "control_number"])
        .execute();
    },
    async down(db: AnyDb) {
      for (const table of ["claim_batches", "claim_status_history", "interchange_counters", "clearinghouse_settings", "charge_master"]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
