/**
 * The days of service, by practice, of the claims a write touched: what the figures kept per
 * day (src/remit/denial-totals.ts, src/remit/denied-lines.ts) rewrite after it.
 */
import type { Db } from "../store/transaction.js";

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
