/**
 * A SQLite store in a temp folder, first migrated with every migration but one and then
 * opened as otbill opens it: for tests that a migration added later reaches a database
 * made before it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { openStore, type Store } from "../database.js";
import { migrationsFor } from "../migrations.js";

export async function storeMigratedWithout(migration: string): Promise<{ store: Store; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-migrated-without-"));
  const file = join(dir, "otbill.sqlite");
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
  const { [migration]: left, ...earlier } = migrationsFor("sqlite");
  if (!left) throw new Error(`no migration ${migration}`);
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => earlier } }).migrateToLatest();
  await db.destroy();
  if (error) throw error;
  const store = await openStore({ dialect: "sqlite", file });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
