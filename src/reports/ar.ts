/**
 * Accounts receivable aging by payer: each billed claim's open balance (what the payer
 * side still owes, denials included until a person resolves them: src/remit/balances.ts)
 * in the bucket of its age on the as-of date, counted from the date the claim was first
 * submitted (its status history), or from the date of service for a claim sent before
 * otbill kept that history. Claims submitted after the as-of date are left out, and the
 * balance is the one at the as-of date: payments, adjustments and reversals dated after it
 * (the remittance's payment date, else the day it was posted) do not count yet.
 */
import { daysBetween, type IsoDate } from "../reference/dates.js";
import { centsToDollars } from "../reference/fixed.js";
import { balancesOf, linesByClaim } from "../remit/balances.js";
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

export async function arAging(db: Db, options: { asOf: IsoDate; practiceId?: number }): Promise<ArReport> {
  let query = db
    .selectFrom("claims")
    .innerJoin("payers", "payers.id", "claims.payer_id")
    .select(["claims.id", "claims.practice_id", "claims.date_of_service", "payers.id as payer_id", "payers.name as payer"])
    .where("claims.status", "in", BILLED as never[]);
  if (options.practiceId !== undefined) query = query.where("claims.practice_id", "=", options.practiceId);
  const claims = await query.orderBy("claims.id").execute();
  const ids = claims.map((claim) => claim.id);
  const submitted = new Map<number, string>();
  const lines = new Map<number, { claim_id: number; code: string; units: number }[]>();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const history = await db
      .selectFrom("claim_status_history")
      .select(["claim_id", (eb) => eb.fn.min("at").as("at")])
      .where("claim_id", "in", chunk)
      .where("to_status", "=", "submitted")
      .groupBy("claim_id")
      .execute();
    for (const row of history) submitted.set(row.claim_id, String(row.at).slice(0, 10));
    linesByClaim(await db.selectFrom("claim_lines").select(["claim_id", "code", "units"]).where("claim_id", "in", chunk).orderBy("claim_id").orderBy("position").execute(), lines);
  }
  // Only the claims billed by the as-of date, with what had been paid and adjusted by then.
  const billed = claims.filter((claim) => ((submitted.get(claim.id) ?? claim.date_of_service) as IsoDate) <= options.asOf);
  const balances = await balancesOf(
    db,
    billed.map((claim) => ({ id: claim.id, practiceId: claim.practice_id, dateOfService: claim.date_of_service, lines: lines.get(claim.id) ?? [] })),
    { asOf: options.asOf },
  );
  const payers = new Map<number, { payer: string; buckets: Record<AgingBucket, number>; cents: number; claims: number }>();
  const totals = { buckets: emptyBuckets(), cents: 0, claims: 0 };
  for (const claim of billed) {
    const since = (submitted.get(claim.id) ?? claim.date_of_service) as IsoDate;
    const open = balances.get(claim.id)!.balanceCents;
    if (open === 0) continue;
    const bucket = bucketOf(daysBetween(since, options.asOf));
    const entry = payers.get(claim.payer_id) ?? { payer: claim.payer, buckets: emptyBuckets(), cents: 0, claims: 0 };
    entry.buckets[bucket] += open;
    entry.cents += open;
    entry.claims++;
    payers.set(claim.payer_id, entry);
    totals.buckets[bucket] += open;
    totals.cents += open;
    totals.claims++;
  }
  const dollars = (buckets: Record<AgingBucket, number>) => Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, centsToDollars(buckets[bucket])])) as Record<AgingBucket, number>;
  return {
    asOf: options.asOf,
    payers: [...payers.entries()]
      .sort((a, b) => (a[1].payer < b[1].payer ? -1 : a[1].payer > b[1].payer ? 1 : a[0] - b[0]))
      .map(([payerId, entry]) => ({ payer: entry.payer, payerId, buckets: dollars(entry.buckets), total: centsToDollars(entry.cents), claims: entry.claims })),
    totals: { buckets: dollars(totals.buckets), total: centsToDollars(totals.cents), claims: totals.claims },
  };
}
