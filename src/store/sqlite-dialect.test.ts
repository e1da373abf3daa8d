import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./database.js";
import { inTransaction } from "./transaction.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A store on a fresh file, and a second connection to the same file standing for another process (which never waits for a lock). */
async function storeAndOtherProcess(): Promise<{ store: Store; other: BetterSqlite3.Database }> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-sqlite-lock-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "otbill.sqlite");
  const store = await openStore({ dialect: "sqlite", file });
  cleanups.push(() => store.close());
  await sql`create table counters (name text primary key, value integer not null)`.execute(store.db);
  await sql`insert into counters (name, value) values ('seen', 0)`.execute(store.db);
  const other = new BetterSqlite3(file);
  other.pragma("busy_timeout = 0");
  cleanups.push(() => {
    other.close();
  });
  return { store, other };
}

describe("SQLite transactions against another process", () => {
  it("hold the write lock from their start: another process cannot write between a transaction's read and its write, and the transaction commits", async () => {
    const { store, other } = await storeAndOtherProcess();
    let otherWrite = "";
    await inTransaction(store.db, async (trx) => {
      const before = await sql<{ value: number }>`select value from counters where name = 'seen'`.execute(trx);
      // Another process writes now. With a deferred BEGIN it would commit, and this transaction's
      // write below would fail at once with SQLITE_BUSY_SNAPSHOT ("database is locked").
      try {
        other.prepare("insert into counters (name, value) values ('elsewhere', 1)").run();
        otherWrite = "committed";
      } catch (error) {
        otherWrite = (error as { code?: string }).code ?? String(error);
      }
      await sql`update counters set value = ${before.rows[0]!.value + 1} where name = 'seen'`.execute(trx);
    });
    expect(otherWrite).toBe("SQLITE_BUSY");
    const rows = await sql<{ name: string; value: number }>`select name, value from counters order by name`.execute(store.db);
    expect(rows.rows).toEqual([{ name: "seen", value: 1 }]);
  });

  it("let the other process write once the transaction has committed", async () => {
    const { store, other } = await storeAndOtherProcess();
    await inTransaction(store.db, async (trx) => {
      await sql`update counters set value = 5 where name = 'seen'`.execute(trx);
    });
    other.prepare("update counters set value = value + 1 where name = 'seen'").run();
    const rows = await sql<{ value: number }>`select value from counters where name = 'seen'`.execute(store.db);
    expect(rows.rows).toEqual([{ value: 6 }]);
  });
});
