/**
 * Opens the practice database. One URL picks the engine: a file path or `sqlite:` is the
 * embedded SQLite file (the default, under otbill's home), `postgres://` is PostgreSQL
 * for a billing company with many users. Both go through Kysely, so every repository
 * has one code path.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import { InputError } from "../errors.js";
import { otbillHome } from "../reference/home.js";
import { migrateToLatest, type DialectName } from "./migrations.js";
import type { Database } from "./schema.js";
import { ImmediateTransactionSqliteDialect } from "./sqlite-dialect.js";

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** where the data lives, without any password: for log lines and `otbill serve`'s banner */
  readonly location: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { dialect: "sqlite"; file: string } | { dialect: "postgres"; url: string };

/** `--db` wins, then DATABASE_URL, then `<otbill home>/otbill.sqlite`. */
export function resolveDatabaseTarget(option: string | undefined, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const given = option && option.length > 0 ? option : env.DATABASE_URL && env.DATABASE_URL.length > 0 ? env.DATABASE_URL : undefined;
  if (given === undefined) return { dialect: "sqlite", file: join(otbillHome(env), "otbill.sqlite") };
  if (/^postgres(ql)?:\/\//i.test(given)) return { dialect: "postgres", url: given };
  if (/^sqlite:/i.test(given)) {
    const file = given.replace(/^sqlite:(\/\/)?/i, "");
    return { dialect: "sqlite", file: file.length > 0 ? file : ":memory:" };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
    throw new InputError("invalid_input", `--db ${given.replace(/\/\/[^@/]*@/, "//***@")}: use a file path, sqlite:PATH or postgres://...`, { path: "db" });
  }
  return { dialect: "sqlite", file: given };
}

export interface OpenStoreOptions {
  /** PostgreSQL schema to use (created if missing); tests run each in a fresh one */
  schema?: string;
  /** skip migrations (only for tools that inspect an existing database) */
  migrate?: boolean;
  /** PostgreSQL pool size */
  poolSize?: number;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  // WAL lets the API read while an import writes; foreign keys are off by default in SQLite.
  if (file !== ":memory:") database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new ImmediateTransactionSqliteDialect({ database: withStatementCache(database) }) });
}

/** How many prepared statements a SQLite store keeps (lists with `in (...)` of many lengths make many texts). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query's SQL afresh; a request runs the same few texts again and
 * again (the token lookup, the audit insert, a list), and preparing costs about as much as
 * running them. A statement busy in an unfinished iteration is never handed out twice.
 */
export function withStatementCache(database: BetterSqlite3.Database): { close(): void; prepare(sql: string): BetterSqlite3.Statement } {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare: (sql) => {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Kysely<Database>> {
  // Loaded only for PostgreSQL: every store command on SQLite would otherwise load pg (about 20 ms).
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Every connection of the pool sees only the store's schema (then public for extensions).
    ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)},public` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InputError("invalid_input", `schema name ${JSON.stringify(name)} must be letters, digits and _`);
  return `"${name}"`;
}

/** Opens (and migrates) the database the target names. */
export async function openStore(target: DatabaseTarget, options: OpenStoreOptions = {}): Promise<Store> {
  const db = target.dialect === "sqlite" ? openSqlite(target.file) : await openPostgres(target.url, options);
  const location = target.dialect === "sqlite" ? target.file : redact(target.url) + (options.schema ? ` (schema ${options.schema})` : "");
  try {
    if (target.dialect === "postgres" && options.schema) {
      await db.schema.createSchema(options.schema).ifNotExists().execute();
    }
    if (options.migrate !== false) await migrateToLatest(db, target.dialect, target.dialect === "postgres" ? options.schema : undefined);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect: target.dialect,
    location,
    close: () => db.destroy(),
  };
}

/** `openStore(resolveDatabaseTarget(--db))`, the CLI's one call. */
export function openStoreFromOption(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  return openStore(resolveDatabaseTarget(option, env));
}
