/**
 * The days of service, by practice, of the claims a write touched: what the figures kept per
 * day (src/remit/denial-totals.ts, src/remit/denied-lines.ts) rewrite after it.
 */
import type { Db } from "../store/transaction.js";
import { rewriteKept, type AnyDb } from "./kept-rewrite.js";

/** Days of one practice to rewrite; none named: every day of every practice. */
export interface DaysOfPractice {
  practiceId: number;
  days: readonly string[];
}

const DAYS_PER_STATEMENT = 200;

const IDS_PER_QUERY = 500;

export async function daysOfClaims(db: Db, claimIds: Iterable<number>): Promise<Map<number, string[]>> {
  const ids = [...new Set(claimIds)];
  const byPractice = new Map<number, Set<string>>();
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const claims = await db.selectFrom("claims").select(["practice_id", "date_of_service"]).distinct().where("id", "in", ids.slice(start, start + IDS_PER_QUERY)).execute();
    for (const claim of claims) byPractice.set(claim.practice_id, (byPractice.get(claim.practice_id) ?? new Set()).add(claim.date_of_service));
  }
  return new Map([...byPractice].map(([practiceId, days]) => [practiceId, [...days].sort()]));
}

/** Rewrites what one kept table holds for the days named (every day of every practice without a scope). */
export type RewriteDays = (trx: Db, scope?: DaysOfPractice) => Promise<void>;

/**
 * Runs per-day rewrites (as rewriteKept does: in a transaction, one writer at a time) for the
 * days of service of the claims named, a practice and at most DAYS_PER_STATEMENT days a call;
 * for every day of every practice when no claims are named. The days are looked up once for
 * all the rewrites given.
 */
export async function rewriteDaysOfClaims(db: AnyDb, claimIds: Iterable<number> | undefined, rewrites: readonly RewriteDays[]): Promise<void> {
  await rewriteKept(db, async (trx) => {
    if (claimIds === undefined) {
      for (const rewriteDays of rewrites) await rewriteDays(trx);
      return;
    }
    for (const [practiceId, days] of await daysOfClaims(trx, claimIds)) {
      for (let start = 0; start < days.length; start += DAYS_PER_STATEMENT) {
        const scope = { practiceId, days: days.slice(start, start + DAYS_PER_STATEMENT) };
        for (const rewriteDays of rewrites) await rewriteDays(trx, scope);
      }
    }
  });
}
