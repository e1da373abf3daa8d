/**
 * The CAS adjustments of a set of line payments, in the order the payer sent them. The ids
 * go to the database 500 at a time: a denial worklist or report over a large practice names
 * tens of thousands of lines, more than one `in (...)` list should carry.
 */
import type { Db } from "../store/transaction.js";

export interface LineAdjustment {
  line_payment_id: number | null;
  group_code: string;
  reason: string;
  amount_cents: number;
}

const IDS_PER_QUERY = 500;

export async function adjustmentsOfLinePayments(db: Db, linePaymentIds: readonly number[]): Promise<LineAdjustment[]> {
  const adjustments: LineAdjustment[] = [];
  for (let start = 0; start < linePaymentIds.length; start += IDS_PER_QUERY) {
    adjustments.push(
      ...(await db
        .selectFrom("payment_adjustments")
        .select(["line_payment_id", "group_code", "reason", "amount_cents"])
        .where("line_payment_id", "in", linePaymentIds.slice(start, start + IDS_PER_QUERY))
        .orderBy("id")
        .execute()),
    );
  }
  return adjustments;
}
