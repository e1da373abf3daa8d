/**
 * Accounts receivable aging by payer: each billed claim's open balance (what the payer
 * side still owes, denials included until a person resolves them: src/remit/balances.ts)
 * in the bucket of its age on the as-of date, counted from the date the claim was first
 * submitted (its status history), or from the date of service for a claim sent before
 * otbill kept that history. Claims submitted after the as-of date are left out, and the
 * balance is the one at the as-of date: payments, adjustments and reversals dated after it
 * (the remittance's payment date, else the day it was posted) do not count yet.
 */
import { sql } from "kysely";
import { daysBetween, type IsoDate } from "../reference/dates.js";
import { centsToDollars } from "../reference/fixed.js";
import { lowersPayerSide, PAYMENT_DAY } from "../remit/claim-balances.js";
import { REVERSAL } from "../remit/claim-state.js";
import { chargeMasterChargeOf } from "../store/charge-master.js";
import type { Db } from "../store/transaction.js";

export const AGING_BUCKETS = ["0-30", "31-60", "61-90", "91-120", "over-120"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function bucketOf(ageInDays: number): AgingBucket {
  if (ageInDays <= 30) return "0-30";
  if (ageInDays <= 60) return "31-60";
  if (ageInDays <= 90) return "61-90";
  if (ageInDays <= 120) return "91-120";
  return "over-120";
}

export interface ArPayer {
  payer: string;
  payerId: number;
  buckets: Record<AgingBucket, number>;
  total: number;
  claims: number;
}

export interface ArReport {
  asOf: string;
  payers: ArPayer[];
  totals: { buckets: Record<AgingBucket, number>; total: number; claims: number };
}

const BILLED = ["submitted", "paid", "partial", "denied", "appealed"];

function emptyBuckets(): Record<AgingBucket, number> {
  return { "0-30": 0, "31-60": 0, "61-90": 0, "91-120": 0, "over-120": 0 };
}

/**
 * One query: each billed claim's open balance as of the date by the rules of balancesOf
 * with `asOf` (src/remit/balances.ts), summed by payer and by the day the claim's age counts
 * from; only the bucketing of those sums by age is done here. The payments that stand on the
 * as-of date are those dated by then (the remittance's payment date, else the day it was
 * posted) that are neither a reversal nor reversed by a reversal dated by then; the charge
 * is the latest of them's CLP03, else the charge master's in force on the date of service
 * (the latest start) times each line's units. A claim none of whose payments is dated after
 * the as-of date takes its sums from its kept row (claim_balances, src/remit/claim-balances.ts),
 * which are those same sums; only a claim paid or reversed after it (a report of an earlier
 * date) has its standing payments and their write-downs summed here. The day a claim's age
 * counts from is looked up for the claims with something open only (most are paid in full).
 */
export async function arAging(db: Db, options: { asOf: IsoDate; practiceId?: number }): Promise<ArReport> {
  const asOf = options.asOf;
  const practice = options.practiceId !== undefined ? sql`and c.practice_id = ${options.practiceId}` : sql``;
  const { rows } = await sql<{ payer_id: number; payer: string; since: string; cents: number | string; claims: number | string }>`
    with billed as materialized (
      select c.id, c.payer_id, c.practice_id, c.date_of_service, kept.charge_cents, kept.paid_cents, kept.reduced_cents, kept.last_dated
      from claims c
      left join claim_balances kept on kept.claim_id = c.id
      where c.status in (${sql.join(BILLED.map((status) => sql.lit(status)))}) ${practice}
    ),
    later as materialized (
      select b.id, b.payer_id, b.practice_id, b.date_of_service from billed b where b.last_dated > ${asOf}
    ),
    dated as materialized (
      select cp.id, cp.claim_id, cp.charge_cents, cp.paid_cents, cp.status_code, cp.reverses_id
      from claim_payments cp
      inner join remittances r on r.id = cp.remittance_id
      inner join later b on b.id = cp.claim_id
      where ${PAYMENT_DAY} <= ${asOf}
    ),
    standing as materialized (
      select d.claim_id, sum(d.paid_cents) as paid_cents, max(d.id) as last_id,
        sum((select sum(pa.amount_cents) from payment_adjustments pa where pa.claim_payment_id = d.id and ${lowersPayerSide()})) as reduced_cents
      from dated d
      where d.status_code <> ${sql.lit(REVERSAL)} and d.id not in (select x.reverses_id from dated x where x.status_code = ${sql.lit(REVERSAL)} and x.reverses_id is not null)
      group by d.claim_id
    ),
    balances as materialized (
      select b.id, b.payer_id, b.date_of_service, coalesce(b.charge_cents, ${chargeMasterChargeOf("b")}, 0) - coalesce(b.paid_cents, 0) - coalesce(b.reduced_cents, 0) as open_cents
      from billed b
      where b.last_dated is null or b.last_dated <= ${asOf}
      union all
      select b.id, b.payer_id, b.date_of_service, coalesce(latest.charge_cents, ${chargeMasterChargeOf("b")}, 0) - coalesce(s.paid_cents, 0) - coalesce(s.reduced_cents, 0) as open_cents
      from later b
      left join standing s on s.claim_id = b.id
      left join dated latest on latest.id = s.last_id
    ),
    aged as materialized (
      select bl.payer_id, bl.open_cents,
        coalesce((select substr(min(h.at), 1, 10) from claim_status_history h where h.claim_id = bl.id and h.to_status = 'submitted'), bl.date_of_service) as since
      from balances bl
      where bl.open_cents <> 0
    )
    select a.payer_id, py.name as payer, a.since, sum(a.open_cents) as cents, count(*) as claims
    from aged a inner join payers py on py.id = a.payer_id
    where a.since <= ${asOf}
    group by a.payer_id, py.name, a.since
  `.execute(db);
  const payers = new Map<number, { payer: string; buckets: Record<AgingBucket, number>; cents: number; claims: number }>();
  const totals = { buckets: emptyBuckets(), cents: 0, claims: 0 };
  for (const row of rows) {
    const open = Number(row.cents);
    const claims = Number(row.claims);
    const bucket = bucketOf(daysBetween(row.since as IsoDate, asOf));
    const payerId = Number(row.payer_id);
    const entry = payers.get(payerId) ?? { payer: row.payer, buckets: emptyBuckets(), cents: 0, claims: 0 };
    entry.buckets[bucket] += open;
    entry.cents += open;
    entry.claims += claims;
    payers.set(payerId, entry);
    totals.buckets[bucket] += open;
    totals.cents += open;
    totals.claims += claims;
  }
  const dollars = (buckets: Record<AgingBucket, number>) => Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, centsToDollars(buckets[bucket])])) as Record<AgingBucket, number>;
  return {
    asOf,
    payers: [...payers.entries()]
      .sort((a, b) => (a[1].payer < b[1].payer ? -1 : a[1].payer > b[1].payer ? 1 : a[0] - b[0]))
      .map(([payerId, entry]) => ({ payer: entry.payer, payerId, buckets: dollars(entry.buckets), total: centsToDollars(entry.cents), claims: entry.claims })),
    totals: { buckets: dollars(totals.buckets), total: centsToDollars(totals.cents), claims: totals.claims },
  };
}
