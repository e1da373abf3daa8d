/**
 * Runs one suite against every database otbill supports: SQLite in a temp file, and
 * PostgreSQL at 127.0.0.1:5432 (database `test`) in a fresh schema that is dropped after.
 * Without a reachable PostgreSQL the PostgreSQL half skips with a loud warning, unless
 * OTBILL_REQUIRE_POSTGRES=1 (CI), where it fails.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { openStore, quoteIdentifier, type Store } from "../database.js";

export type DatabaseKind = "sqlite" | "postgres";

function candidateUrls(): string[] {
  if (process.env.OTBILL_TEST_POSTGRES_URL) return [process.env.OTBILL_TEST_POSTGRES_URL];
  const urls = ["postgres://postgres@127.0.0.1:5432/test"];
  const user = process.env.USER ?? userInfo().username;
  if (user && user !== "postgres") urls.push(`postgres://${encodeURIComponent(user)}@127.0.0.1:5432/test`);
  return urls;
}

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findPostgres(): Promise<{ url?: string; reason: string }> {
  const reasons: string[] = [];
  for (const url of candidateUrls()) {
    const problem = await probe(url);
    if (problem === undefined) return { url, reason: "" };
    reasons.push(`${url}: ${problem}`);
  }
  return { reason: reasons.join("; ") };
}

export const postgres = await findPostgres();
const requirePostgres = process.env.OTBILL_REQUIRE_POSTGRES === "1";

export interface TestStore extends Store {
  /** closes the store and removes its file or schema */
  dispose(): Promise<void>;
}

export async function openTestStore(kind: DatabaseKind): Promise<TestStore> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "otbill-test-"));
    const store = await openStore({ dialect: "sqlite", file: join(dir, "otbill.sqlite") });
    return {
      ...store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!postgres.url) throw new Error(`PostgreSQL is not reachable: ${postgres.reason}`);
  const schema = `otbill_test_${Math.random().toString(36).slice(2, 10)}`;
  const store = await openStore({ dialect: "postgres", url: postgres.url }, { schema, poolSize: 5 });
  const url = postgres.url;
  return {
    ...store,
    dispose: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

let warned = false;
function warnSkipped(): void {
  if (warned) return;
  warned = true;
  const bar = "!".repeat(78);
  console.warn(
    `\n${bar}\n!! PostgreSQL tests SKIPPED: no PostgreSQL reachable (127.0.0.1:5432, database "test", or OTBILL_TEST_POSTGRES_URL).\n!! ${postgres.reason}\n!! Set OTBILL_REQUIRE_POSTGRES=1 to make this a failure.\n${bar}\n`,
  );
}

/**
 * `describe` once per database; `body` gets a function returning that database's store,
 * opened before the suite and disposed after it.
 */
export function describeEachDatabase(title: string, body: (store: () => TestStore, kind: DatabaseKind) => void): void {
  for (const kind of ["sqlite", "postgres"] as const) {
    const name = `${title} [${kind}]`;
    if (kind === "postgres" && !postgres.url) {
      if (requirePostgres) {
        describe(name, () => {
          it("needs PostgreSQL (OTBILL_REQUIRE_POSTGRES=1)", () => {
            throw new Error(`PostgreSQL is required but not reachable: ${postgres.reason}`);
          });
        });
      } else {
        warnSkipped();
        describe.skip(name, () => body(() => undefined as never, kind));
      }
      continue;
    }
    describe(name, () => {
      let store: TestStore | undefined;
      beforeAll(async () => {
        store = await openTestStore(kind);
      });
      afterAll(async () => {
        await store?.dispose();
      });
      body(() => {
        if (!store) throw new Error("the test store is not open yet");
        return store;
      }, kind);
    });
  }
}
