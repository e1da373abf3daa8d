/**
 * Kysely's SQLite dialect, with every transaction begun IMMEDIATE.
 *
 * Kysely begins a SQLite transaction with a plain (deferred) BEGIN, which takes no lock
 * until the first statement. In WAL mode a deferred transaction that reads and then writes
 * fails at once with SQLITE_BUSY_SNAPSHOT ("database is locked", no wait for busy_timeout)
 * when another process committed between its first read and its first write: a CLI command
 * run while `otbill serve` keeps its background scrubs, say. BEGIN IMMEDIATE takes the write
 * lock at the start, waiting up to busy_timeout for it, so the transaction never reads a
 * snapshot it cannot write on. One process has one connection, so this serialises nothing
 * that was not already serialised.
 */
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from "kysely";

class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

export class ImmediateTransactionSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.#config);
  }
}
