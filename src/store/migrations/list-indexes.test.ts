import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { storeMigratedWithout } from "../test-support/migrated-without.js";
import { LIST_INDEXES } from "./list-indexes.js";

describe("migration 2026-12-01-list-indexes", () => {
  it("is added to a database migrated before it, though its name sorts before migrations already run", async () => {
    const { store, dispose } = await storeMigratedWithout("2026-12-01-list-indexes");
    try {
      const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'index' order by name`.execute(store.db);
      const names = rows.rows.map((row) => row.name);
      for (const index of LIST_INDEXES) expect(names).toContain(index.name);
      const plan = await sql<{ detail: string }>`explain query plan select count(*) from visits where practice_id = 1 and patient_id = 2`.execute(store.db);
      expect(plan.rows.map((row) => row.detail).join(" ")).toContain("visits_practice_patient_id");
    } finally {
      await dispose();
    }
  });
});
