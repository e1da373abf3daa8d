/**
 * A SQLite file whose write lock another process keeps past the store's wait: the CLI, the
 * API and the web app say the database is busy and that nothing was written, instead of an
 * internal error.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../cli/test-support/run-cli.js";
import { DATABASE_BUSY_MESSAGE, isDatabaseBusy } from "../errors.js";
import { loadReference } from "../reference/reference.js";
import { buildServer } from "../server/app.js";
import { testToken } from "../server/test-support/auth.js";
import { openWebFixture } from "../web/test-support.js";
import { openStore, type Store } from "./database.js";

describe("isDatabaseBusy", () => {
  it.each([
    [{ code: "SQLITE_BUSY" }, true],
    [{ code: "SQLITE_BUSY_SNAPSHOT" }, true],
    [{ code: "SQLITE_BUSY_TIMEOUT" }, true],
    [{ code: "SQLITE_CONSTRAINT_UNIQUE" }, false],
    [{ code: 5 }, false],
    [new Error("database is locked"), false],
    [null, false],
  ])("%j -> %s", (error, busy) => {
    expect(isDatabaseBusy(error)).toBe(busy);
  });
});

describe("a database another process keeps busy", () => {
  const dir = mkdtempSync(join(tmpdir(), "otbill-busy-"));
  const file = join(dir, "otbill.sqlite");
  let store: Store;
  let holder: BetterSqlite3.Database;
  let headers: { authorization: string };
  let practiceId: number;

  beforeAll(async () => {
    store = await openStore({ dialect: "sqlite", file });
    ({ headers, practiceId } = await testToken(store, { role: "admin" }));
    holder = new BetterSqlite3(file);
  });

  afterAll(async () => {
    if (holder.inTransaction) holder.exec("rollback");
    holder.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const countTokens = () => (holder.prepare("select count(*) as n from api_tokens").get() as { n: number }).n;

  it("otbill token create says so, exits 1, and writes nothing", async () => {
    const before = countTokens();
    holder.exec("begin immediate");
    const created = await run(["token", "create", "--name", "nightly", "--role", "biller", "--db", file]);
    holder.exec("rollback");
    expect(created.code).toBe(1);
    expect(created.stderr).toBe(`otbill: ${DATABASE_BUSY_MESSAGE}\n`);
    expect(created.stdout).toBe("");
    expect(countTokens()).toBe(before);
  }, 20_000);

  it("the API answers 503 busy with Retry-After, and writes nothing; the same request succeeds once the lock is gone", async () => {
    const app = buildServer({ store, reference: loadReference(), security: { rateLimit: false } });
    try {
      const request = { method: "POST" as const, url: "/api/patients", headers, payload: { practiceId, firstName: "Ada", lastName: "Lovelace" } };
      holder.exec("begin immediate");
      const refused = await app.inject(request);
      holder.exec("rollback");
      expect(refused.statusCode).toBe(503);
      expect(refused.headers["retry-after"]).toBe("1");
      expect(refused.json()).toEqual({ error: { code: "busy", message: DATABASE_BUSY_MESSAGE } });
      expect((holder.prepare("select count(*) as n from patients").get() as { n: number }).n).toBe(0);
      const created = await app.inject(request);
      expect(created.statusCode, created.body).toBe(201);
    } finally {
      await app.close();
    }
  }, 20_000);
});

describe("a web page while another process keeps the database busy", () => {
  it("is a 503 page that says so (its audit entry could not be written), and the page shows once the lock is gone", async () => {
    const fixture = await openWebFixture(2);
    const holder = new BetterSqlite3(fixture.store.location);
    try {
      const app = await fixture.as("biller");
      holder.exec("begin immediate");
      const refused = await app.inject({ method: "GET", url: "/patients" });
      holder.exec("rollback");
      expect(refused.statusCode).toBe(503);
      expect(refused.body).toContain("<h1>Busy: try again</h1>");
      expect(refused.body).toContain(DATABASE_BUSY_MESSAGE);
      expect((await app.inject({ method: "GET", url: "/patients" })).statusCode).toBe(200);
    } finally {
      if (holder.inTransaction) holder.exec("rollback");
      holder.close();
      await fixture.close();
    }
  }, 30_000);
});
