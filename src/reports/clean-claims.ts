/**
 * First-pass clean-claim rate: of the claims a payer has adjudicated, the share whose
 * first answer paid every line (no line denied or partly denied, not sent to the
 * unmatched queue). A reversal does not make a first answer clean or unclean after the fact.
 */
import type { Db } from "../store/transaction.js";

export interface CleanClaimRate {
  adjudicatedClaims: number;
  cleanClaims: number;
  /** clean / adjudicated, 4 decimals */
  rate: number;
}

export async function cleanClaimRate(db: Db, filter: { practiceId?: number; from?: string; to?: string } = {}): Promise<CleanClaimRate> {
  let query = db
    .selectFrom("claim_payments")
    .innerJoin("claims", "claims.id", "claim_payments.claim_id")
    .select(["claim_payments.id", "claim_payments.claim_id", "claim_payments.status_code", "claim_payments.paid_cents"])
    .where("claim_payments.status_code", "!=", "22");
  if (filter.practiceId !== undefined) query = query.where("claims.practice_id", "=", filter.practiceId);
  if (filter.from) query = query.where("claims.date_of_service", ">=", filter.from);
  if (filter.to) query = query.where("claims.date_of_service", "<=", filter.to);
  const payments = await query.orderBy("claim_payments.id").execute();
  const first = new Map<number, number>();
  for (const payment of payments) if (!first.has(payment.claim_id!)) first.set(payment.claim_id!, payment.id);
  const firstIds = [...first.values()];
  const unclean = new Set<number>();
  for (let start = 0; start < firstIds.length; start += 500) {
    const rows = await db
      .selectFrom("line_payments")
      .select("claim_payment_id")
      .where("claim_payment_id", "in", firstIds.slice(start, start + 500))
      .where("status", "in", ["denied", "partial"])
      .execute();
    for (const row of rows) unclean.add(row.claim_payment_id);
  }
  // A claim-level denial without service lines is not clean either.
  for (const payment of payments) if (first.get(payment.claim_id!) === payment.id && payment.status_code === "4" && payment.paid_cents === 0) unclean.add(payment.id);
  const adjudicated = first.size;
  const clean = adjudicated - [...first.values()].filter((id) => unclean.has(id)).length;
  return { adjudicatedClaims: adjudicated, cleanClaims: clean, rate: adjudicated === 0 ? 0 : Math.round((clean / adjudicated) * 10000) / 10000 };
}
