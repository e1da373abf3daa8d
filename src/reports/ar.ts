/**
 * Accounts receivable aging by payer: each billed claim's open balance (what the payer
 * side still owes, denials included until a person resolves them: src/remit/balances.ts)
 * in the bucket of its age on the as-of date, counted from the date the claim was first
 * submitted (its status history), or from the date of service for a claim sent before
 * otbill kept that history. Claims submitted after the as-of date are left out, and the
 * balance is the one at the as-of date: payments, adjustments and reversals dated after it
 * (the remittance's payment date, else the day it was posted) do not count yet.
 */
import { sql, type RawBuilder } from "kysely";
import { daysBetween, type IsoDate } from "../reference/dates.js";
import { centsToDollars } from "../reference/fixed.js";
import { REVERSAL } from "../remit/claim-state.js";
import { CONTRACTUAL_REASONS } from "../remit/classify.js";
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

/** The adjustments that lower what the payer owes: the patient's share (PR), corrections (CR) and contractual write-downs; a denial stays owed. */
function reducing(): RawBuilder<boolean> {
  return sql<boolean>`(pa.group_code = 'PR' or pa.group_code = 'CR' or pa.reason in (${sql.join([...CONTRACTUAL_REASONS].map((reason) => sql.lit(reason)))}))`;
}

/**
 * One query: each billed claim's open balance as of the date by the rules of balancesOf
 * with `asOf` (src/remit/balances.ts), summed by payer and by the day the claim's age counts
 * from; only the bucketing of those sums by age is done here. The payments that stand on the
 * as-of date are those dated by then (the remittance's payment date, else the day it was
 * posted) that are neither a reversal nor reversed by a reversal dated by then; the charge
 * is the latest of them's CLP03, else the charge master's in force on the date of service
 * (the latest start) times each line's units. A claim's standing payments are summed with
 * their write-downs in one pass, and its open balance is worked out once (it is both filtered
 * on and summed); the lookups read the indexes of 2026-12-01-remittances-aging-indexes.
 */
export async function arAging(db: Db, options: { asOf: IsoDate; practiceId?: number }): Promise<ArReport> {
  const asOf = options.asOf;
  const practice = options.practiceId !== undefined ? sql`and c.practice_id = ${options.practiceId}` : sql``;
  const { rows } = await sql<{ payer_id: number; payer: string; since: string; cents: number | string; claims: number | string }>`
    with billed as materialized (
      select c.id, c.payer_id, c.practice_id, c.date_of_service,
        coalesce((select substr(min(h.at), 1, 10) from claim_status_history h where h.claim_id = c.id and h.to_status = 'submitted'), c.date_of_service) as since
      from claims c
      where c.status in (${sql.join(BILLED.map((status) => sql.lit(status)))}) ${practice}
    ),
    dated as materialized (
      select cp.id, cp.claim_id, cp.charge_cents, cp.paid_cents, cp.status_code, cp.reverses_id
      from claim_payments cp
      inner join remittances r on r.id = cp.remittance_id
      inner join billed b on b.id = cp.claim_id
      where b.since <= ${asOf} and coalesce(r.payment_date, substr(r.posted_at, 1, 10)) <= ${asOf}
    ),
    standing as materialized (
      select d.claim_id, sum(d.paid_cents) as paid_cents, max(d.id) as last_id,
        sum((select sum(pa.amount_cents) from payment_adjustments pa where pa.claim_payment_id = d.id and ${reducing()})) as reduced_cents
      from dated d
      where d.status_code <> ${sql.lit(REVERSAL)} and d.id not in (select x.reverses_id from dated x where x.status_code = ${sql.lit(REVERSAL)} and x.reverses_id is not null)
      group by d.claim_id
    ),
    balances as materialized (
      select b.payer_id, b.since,
        coalesce(
          latest.charge_cents,
          (select sum(cl.units * coalesce((select cm.charge_cents from charge_master cm
              where cm.practice_id = b.practice_id and cm.code = cl.code and cm.effective_from <= b.date_of_service and (cm.effective_through is null or cm.effective_through >= b.date_of_service)
              order by cm.effective_from desc limit 1), 0))
            from claim_lines cl where cl.claim_id = b.id),
          0
        ) - coalesce(s.paid_cents, 0) - coalesce(s.reduced_cents, 0) as open_cents
      from billed b
      left join standing s on s.claim_id = b.id
      left join dated latest on latest.id = s.last_id
      where b.since <= ${asOf}
    )
    select bl.payer_id, py.name as payer, bl.since, sum(bl.open_cents) as cents, count(*) as claims
    from balances bl inner join payers py on py.id = bl.payer_id
    where bl.open_cents <> 0
    group by bl.payer_id, py.name, bl.since
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
