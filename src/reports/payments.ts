/**
 * Payments by payer and month of payment (BPR16), from the remittances posted: what each
 * payer paid on claims (CLP04 of the payments that stand, reversals netted out) and the
 * provider-level adjustments (PLB: interest added, recoveries withheld).
 */
import { centsToDollars } from "../reference/fixed.js";
import type { Db } from "../store/transaction.js";

export interface PaymentRow {
  payer: string;
  month: string;
  remittances: number;
  claims: number;
  paid: number;
  providerAdjustments: number;
  deposited: number;
}

export async function paymentsByPayerMonth(db: Db, filter: { practiceId?: number; from?: string; to?: string } = {}): Promise<{ rows: PaymentRow[] }> {
  let query = db.selectFrom("remittances").select(["id", "payer_name", "payer_key", "payment_date", "payment_cents", "provider_adjustment_cents"]);
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.from) query = query.where("payment_date", ">=", filter.from);
  if (filter.to) query = query.where("payment_date", "<=", filter.to);
  const remittances = await query.orderBy("id").execute();
  const ids = remittances.map((remittance) => remittance.id);
  const claimTotals = new Map<number, { claims: number; cents: number }>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom("claim_payments")
      .select(["remittance_id", (eb) => eb.fn.countAll<number>().as("claims"), (eb) => eb.fn.sum<number>("paid_cents").as("cents")])
      .where("remittance_id", "in", ids.slice(start, start + 500))
      .groupBy("remittance_id")
      .execute();
    for (const row of rows) claimTotals.set(row.remittance_id, { claims: Number(row.claims), cents: Number(row.cents) });
  }
  const groups = new Map<string, { payer: string; month: string; remittances: number; claims: number; paid: number; plb: number; deposited: number }>();
  for (const remittance of remittances) {
    const payer = remittance.payer_name ?? remittance.payer_key;
    const month = (remittance.payment_date ?? "unknown").slice(0, 7);
    const key = `${payer}\u0000${month}`;
    const group = groups.get(key) ?? { payer, month, remittances: 0, claims: 0, paid: 0, plb: 0, deposited: 0 };
    const totals = claimTotals.get(remittance.id) ?? { claims: 0, cents: 0 };
    group.remittances++;
    group.claims += totals.claims;
    group.paid += totals.cents;
    group.plb += remittance.provider_adjustment_cents;
    group.deposited += remittance.payment_cents;
    groups.set(key, group);
  }
  const rows = [...groups.values()].sort((a, b) => (a.payer < b.payer ? -1 : a.payer > b.payer ? 1 : a.month < b.month ? -1 : 1));
  return {
    rows: rows.map((row) => ({ payer: row.payer, month: row.month, remittances: row.remittances, claims: row.claims, paid: centsToDollars(row.paid), providerAdjustments: centsToDollars(row.plb), deposited: centsToDollars(row.deposited) })),
  };
}
