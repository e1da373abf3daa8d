/**
 * The line payments that stand: those of claim payments neither reversed since nor
 * themselves a reversal (CLP02 22), for the claims a report asks about (a practice, dates
 * of service from and to, as ISO text). The denial worklist, the denial report and
 * dashboard and the web Denials page each join and select on top of this one query.
 */
import type { Db } from "../store/transaction.js";
import { REVERSAL } from "./claim-state.js";

export interface StandingFilter {
  practiceId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function standingLinePayments(db: Db, filter: StandingFilter = {}) {
  let query = db
    .selectFrom("line_payments")
    .innerJoin("claim_payments", "claim_payments.id", "line_payments.claim_payment_id")
    .innerJoin("claims", "claims.id", "claim_payments.claim_id")
    .where("claim_payments.reversed", "=", 0)
    .where("claim_payments.status_code", "!=", REVERSAL);
  if (filter.practiceId !== undefined) query = query.where("claims.practice_id", "=", filter.practiceId);
  if (filter.from) query = query.where("claims.date_of_service", ">=", filter.from);
  if (filter.to) query = query.where("claims.date_of_service", "<=", filter.to);
  return query;
}
