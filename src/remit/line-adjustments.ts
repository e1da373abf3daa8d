/**
 * The CAS adjustments of a set of line payments, in the order the payer sent them, each line
 * with its own. The ids go to the database 500 at a time: a denial worklist or report over a large practice names
 * tens of thousands of lines, more than one `in (...)` list should carry.
 */
import type { Db } from "../store/transaction.js";
import { claimLevelShares } from "./claim-level.js";

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

/**
 * Each line payment's adjustments; a line of a claim the payer denied at claim level (CAS
 * on the CLP, none on its SVC lines) takes its share of the claim's adjustments.
 */
export async function adjustmentsByLinePayment(db: Db, lines: readonly { id: number; claim_payment_id: number }[]): Promise<Map<number | null, LineAdjustment[]>> {
  const byLine = new Map<number | null, LineAdjustment[]>();
  for (const adjustment of await adjustmentsOfLinePayments(db, lines.map((line) => line.id))) {
    const list = byLine.get(adjustment.line_payment_id);
    if (list) list.push(adjustment);
    else byLine.set(adjustment.line_payment_id, [adjustment]);
  }
  for (const [id, shared] of await claimLevelShares(
    db,
    lines.filter((line) => !byLine.has(line.id)),
  ))
    byLine.set(id, shared);
  return byLine;
}
