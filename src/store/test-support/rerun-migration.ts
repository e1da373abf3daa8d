/**
 * Runs one migration again on a store that already holds data: undoes it (its down), forgets
 * that it ran, and migrates to the latest as otbill does when it opens a database, so that a
 * migration that fills its tables from the rows already there is tried on a database made
 * before it, on either dialect. Test support only.
 */
import { sql } from "kysely";
import type { Store } from "../database.js";
import { migrateToLatest, migrationsFor } from "../migrations.js";

export async function rerunMigration(store: Store, name: string): Promise<void> {
  const migration = migrationsFor(store.dialect)[name];
  if (!migration?.down) throw new Error(`no migration ${name} to undo`);
  await migration.down(store.db);
  await sql`delete from kysely_migration where name = ${name}`.execute(store.db);
  // In PostgreSQL the migration table lives in the store's schema, the connection's current one.
  const schema = store.dialect === "postgres" ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]!.schema : undefined;
  await migrateToLatest(store.db, store.dialect, schema);
}
