/**
 * How the balances and denial figures kept as payments post (claim-balances.ts,
 * denial-totals.ts, denied-lines.ts) are rewritten: inside a transaction (the caller's, else one
 * of its own), so a rewrite is never half done, and one writer at a time. Each rewrite reads what
 * the database holds; SQLite's write lock already lets only one transaction write, but in
 * PostgreSQL two postings touching the same claims or days could each rewrite them without the
 * other's payments and then clash on their keys. There the rewrite first takes a lock held to the
 * end of its transaction: the second posting waits, then reads what the first committed.
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";
import { inTransaction, type Db } from "../store/transaction.js";

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- also run by the migrations that fill the tables, against the database as it was */
export type AnyDb = Kysely<any>;

const KEPT_TOTALS_LOCK = 727002;

export async function rewriteKept(db: AnyDb, work: (trx: Db) => Promise<void>): Promise<void> {
  await inTransaction(db as Db, async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(${sql.lit(KEPT_TOTALS_LOCK)})`.execute(trx);
    await work(trx);
  });
}
