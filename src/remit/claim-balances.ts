/**
 * Each claim's payment side, kept as payments post (table claim_balances, migration
 * 2026-12-01-remittances-claim-balances) so that A/R aging reads one narrow row per claim
 * instead of summing every payment and adjustment on each report: what the claim's payments
 * that stand (neither a reversal nor reversed) paid, what their adjustments took off the
 * payer's side (the patient's share, corrections, contractual write-downs; a denial stays
 * owed), the charge the latest of them echoed (CLP03; null when none stands), and the latest
 * date any of its payments or reversals counts from (the remittance's payment date, else the
 * day it was posted), which tells a report as of an earlier date that it must work the
 * balance out from the payments themselves.
 *
 * A claim's row is rewritten from its payments, never adjusted by a difference, in the
 * transaction of each write that ties a payment to the claim or reverses one (posting an 835,
 * resolving an unmatched payment by hand), so it always equals a recomputation (kept-rewrite.ts).
 */
import { sql, type RawBuilder } from "kysely";
import { CONTRACTUAL_REASONS } from "./classify.js";
import { REVERSAL } from "./claim-state.js";
import { rewriteKept, type AnyDb } from "./kept-rewrite.js";

/** The adjustments (alias `pa`) that lower what the payer owes: the patient's share (PR), corrections (CR) and contractual write-downs; a denial stays owed. */
export function lowersPayerSide(): RawBuilder<boolean> {
  return sql<boolean>`(pa.group_code = 'PR' or pa.group_code = 'CR' or pa.reason in (${sql.join([...CONTRACTUAL_REASONS].map((reason) => sql.lit(reason)))}))`;
}

/** The day a payment counts from, of the remittance aliased `r`. */
export const PAYMENT_DAY = sql<string>`coalesce(r.payment_date, substr(r.posted_at, 1, 10))`;

const IDS_PER_STATEMENT = 500;

function insertFromPayments(claims: RawBuilder<unknown>) {
  const stands = sql`cp.reversed = 0 and cp.status_code <> ${sql.lit(REVERSAL)}`;
  return sql`
    insert into claim_balances (claim_id, charge_cents, paid_cents, reduced_cents, last_dated)
    select cp.claim_id,
      (select latest.charge_cents from claim_payments latest
        where latest.claim_id = cp.claim_id and latest.reversed = 0 and latest.status_code <> ${sql.lit(REVERSAL)}
        order by latest.id desc limit 1),
      coalesce(sum(case when ${stands} then cp.paid_cents end), 0),
      coalesce(sum(case when ${stands} then (select sum(pa.amount_cents) from payment_adjustments pa where pa.claim_payment_id = cp.id and ${lowersPayerSide()}) end), 0),
      max(${PAYMENT_DAY})
    from claim_payments cp
    inner join remittances r on r.id = cp.remittance_id
    where cp.claim_id is not null ${claims}
    group by cp.claim_id`;
}

/** Rewrites the rows of the claims named (every claim's when none are named) from their payments. */
export async function refreshClaimBalances(db: AnyDb, claimIds?: Iterable<number>): Promise<void> {
  await rewriteKept(db, async (trx) => {
    if (claimIds === undefined) {
      await sql`delete from claim_balances`.execute(trx);
      await insertFromPayments(sql``).execute(trx);
      return;
    }
    const ids = [...new Set(claimIds)];
    for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
      const list = sql.join(ids.slice(start, start + IDS_PER_STATEMENT).map((id) => sql`${id}`));
      await sql`delete from claim_balances where claim_id in (${list})`.execute(trx);
      await insertFromPayments(sql`and cp.claim_id in (${list})`).execute(trx);
    }
  });
}
