/**
 * Everything kept as payments post (claim-balances.ts, denial-totals.ts, denied-lines.ts),
 * rewritten for the claims a write touched: the one call each write that ties a payment to a
 * claim or reverses one makes in its transaction (posting an 835, resolving an unmatched payment).
 */
import type { Db } from "../store/transaction.js";
import { refreshClaimBalances } from "./claim-balances.js";
import { rewriteDaysOfClaims } from "./claim-days.js";
import { rewriteDenialTotalDays } from "./denial-totals.js";
import { rewriteDeniedLineDays } from "./denied-lines.js";

export async function refreshKeptForClaims(trx: Db, claimIds: Iterable<number>): Promise<void> {
  const ids = [...claimIds];
  await refreshClaimBalances(trx, ids);
  // The denial figures and the denied lines are kept per day: the claims' days are looked up once for both.
  await rewriteDaysOfClaims(trx, ids, [rewriteDenialTotalDays, rewriteDeniedLineDays]);
}
