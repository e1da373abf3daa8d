/**
 * Migration 2026-12-01-access: who may use otbill and what they did (45 CFR 164.312:
 * unique users, automatic logoff, audit controls, integrity).
 *
 * - users: one row a person, with an argon2id password hash, one practice and one role;
 * - sessions: the server-side sign-in sessions (the cookie carries a random secret, the
 *   table its sha256), so signing out or disabling a user ends them at once;
 * - api_tokens: named bearer tokens, stored as sha256 only, revocable, with last use;
 * - audit_log: append-only and hash-chained (see src/audit/);
 * - record_history: every prior version of a record a PATCH replaced;
 * - created/updated time and actor on every record table.
 */
import type { Migration } from "kysely";
import { withId, type AnyDb, type DialectName, type Table } from "./table-builder.js";


/** The record tables that get created/updated stamps (SQLite adds one column per ALTER TABLE). */
export const STAMPED_TABLES = ["practices", "providers", "payers", "patients", "coverages", "plans_of_care", "visits", "claims"] as const;

export function accessMigration(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      const create = (name: string) => withId(db.schema.createTable(name) as Table, dialect);

      await create("users")
        .addColumn("email", "text", (c) => c.notNull().unique())
        .addColumn("password_hash", "text")
        .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("failed_sign_ins", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("locked_until", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_sign_in_at", "text")
        .execute();

      await db.schema
        .createTable("sessions")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_seen_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("ip", "text")
        .execute();
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

      await create("api_tokens")
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_used_at", "text")
        .addColumn("revoked_at", "text")
        .execute();

      await create("audit_log")
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("user_id", "integer")
        .addColumn("token_id", "integer")
        .addColumn("practice_id", "integer")
        .addColumn("ip", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("resource", "text")
        .addColumn("resource_id", "text")
        .addColumn("patient_ids", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("detail", "text")
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();

      await create("record_history")
        .addColumn("table_name", "text", (c) => c.notNull())
        .addColumn("record_id", "integer", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("replaced_at", "text", (c) => c.notNull())
        .addColumn("replaced_by", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("record_history_record").on("record_history").columns(["table_name", "record_id", "version"]).execute();

      for (const table of STAMPED_TABLES) {
        for (const column of ["created_at", "created_by", "updated_at", "updated_by"]) {
          await db.schema.alterTable(table).addColumn(column, "text").execute();
        }
      }
      // Every list is now scoped to the caller's practice: the two big tables need the index.
      await db.schema.createIndex("visits_practice").on("visits").columns(["practice_id", "id"]).execute();
      await db.schema.createIndex("claims_practice").on("claims").columns(["practice_id", "id"]).execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropIndex("claims_practice").ifExists().execute();
      await db.schema.dropIndex("visits_practice").ifExists().execute();
      for (const table of STAMPED_TABLES) {
        for (const column of ["created_at", "created_by", "updated_at", "updated_by"]) await db.schema.alterTable(table).dropColumn(column).execute();
      }
      for (const table of ["record_history", "audit_log", "api_tokens", "sessions", "users"]) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
