import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { withStatementCache } from "./database.js";

interface Tables {
  items: { id: number; name: string };
}

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const database of opened.splice(0)) database.close();
});

function open(): { cached: ReturnType<typeof withStatementCache>; db: Kysely<Tables> } {
  const raw = new BetterSqlite3(":memory:");
  raw.exec("create table items (id integer primary key, name text not null)");
  for (let id = 1; id <= 5; id++) raw.prepare("insert into items (id, name) values (?, ?)").run(id, `item ${id}`);
  const cached = withStatementCache(raw);
  opened.push(cached);
  return { cached, db: new Kysely<Tables>({ dialect: new SqliteDialect({ database: cached }) }) };
}

describe("the SQLite statement cache", () => {
  it("hands out the statement it prepared for the same text", () => {
    const { cached } = open();
    const first = cached.prepare("select name from items where id = ?");
    expect(cached.prepare("select name from items where id = ?")).toBe(first);
    expect(cached.prepare("select id from items where id = ?")).not.toBe(first);
  });

  it("never hands out a statement that is busy in an unfinished iteration", () => {
    const { cached } = open();
    const text = "select id from items order by id";
    const streaming = cached.prepare(text);
    const rows = streaming.iterate([]);
    expect(rows.next().value).toEqual({ id: 1 });
    const other = cached.prepare(text);
    expect(other).not.toBe(streaming);
    rows.return?.();
    // finished: the cached one is handed out again
    expect(cached.prepare(text)).toBe(streaming);
  });

  it("keeps working past its size, forgetting the oldest texts", async () => {
    const { cached, db } = open();
    const first = cached.prepare("select 0 as n");
    for (let n = 1; n <= 600; n++) expect((await sql<{ n: number }>`select ${sql.lit(n)} as n`.execute(db)).rows).toEqual([{ n }]);
    expect(cached.prepare("select 0 as n")).not.toBe(first);
  });
});
