import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../database.js";
import { migrationsFor } from "../migrations.js";
import { LIST_INDEXES } from "./list-indexes.js";

describe("migration 2026-12-01-list-indexes", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("is added to a database migrated before it, though its name sorts before migrations already run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "otbill-list-indexes-"));
    dirs.push(dir);
    const file = join(dir, "otbill.sqlite");
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    const { "2026-12-01-list-indexes": _listIndexes, ...earlier } = migrationsFor("sqlite");
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => earlier } }).migrateToLatest();
    expect(error).toBeUndefined();
    await db.destroy();

    const store = await openStore({ dialect: "sqlite", file });
    try {
      const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'index' order by name`.execute(store.db);
      const names = rows.rows.map((row) => row.name);
      for (const index of LIST_INDEXES) expect(names).toContain(index.name);
      const plan = await sql<{ detail: string }>`explain query plan select count(*) from visits where practice_id = 1 and patient_id = 2`.execute(store.db);
      expect(plan.rows.map((row) => row.detail).join(" ")).toContain("visits_practice_patient_id");
    } finally {
      await store.close();
    }
  });
});
