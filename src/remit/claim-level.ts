/**
 * A claim denied at claim level carries its reasons in claim-level CAS (no SVC); posting
 * gives each line of our claim a denied line payment (src/remit/post.ts). When those lines
 * are read for the worklist or the denial report, each takes a share of the claim-level
 * adjustments in proportion to its charge (equal shares when no charge is known), rounded
 * to the cent with the remainder on the last line, so the shares add up to the payer's
 * amounts exactly. Stored once at claim level, they count once in balances.
 */
import type { Db } from "../store/transaction.js";

export interface SharedAdjustment {
  line_payment_id: number;
  group_code: string;
  reason: string;
  amount_cents: number;
}

/** Splits cents over weights; the last part takes what rounding left. */
export function shareCents(cents: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const parts = weights.map((weight) => (total > 0 ? Math.round((cents * weight) / total) : Math.round(cents / weights.length)));
  if (parts.length > 0) parts[parts.length - 1] = cents - parts.slice(0, -1).reduce((sum, part) => sum + part, 0);
  return parts;
}

/**
 * The claim-level adjustments shared over the lines of each claim payment named, when none
 * of that payment's lines carries CAS of its own (`lines`: those the caller found without).
 */
export async function claimLevelShares(db: Db, lines: readonly { id: number; claim_payment_id: number }[]): Promise<Map<number, SharedAdjustment[]>> {
  const shares = new Map<number, SharedAdjustment[]>();
  const claimPaymentIds = [...new Set(lines.map((line) => line.claim_payment_id))];
  for (let start = 0; start < claimPaymentIds.length; start += 500) {
    const chunk = claimPaymentIds.slice(start, start + 500);
    const adjustments = await db.selectFrom("payment_adjustments").select(["claim_payment_id", "line_payment_id", "group_code", "reason", "amount_cents"]).where("claim_payment_id", "in", chunk).orderBy("id").execute();
    const withLineCas = new Set(adjustments.filter((adjustment) => adjustment.line_payment_id !== null).map((adjustment) => adjustment.claim_payment_id));
    const claimLevel = adjustments.filter((adjustment) => adjustment.line_payment_id === null && !withLineCas.has(adjustment.claim_payment_id));
    if (claimLevel.length === 0) continue;
    const siblings = await db.selectFrom("line_payments").select(["id", "claim_payment_id", "charge_cents"]).where("claim_payment_id", "in", chunk).orderBy("claim_payment_id").orderBy("position").execute();
    const linesOf = new Map<number, { id: number; charge_cents: number }[]>();
    for (const line of siblings) linesOf.set(line.claim_payment_id, [...(linesOf.get(line.claim_payment_id) ?? []), line]);
    for (const adjustment of claimLevel) {
      const own = linesOf.get(adjustment.claim_payment_id) ?? [];
      if (own.length === 0) continue;
      const parts = shareCents(
        adjustment.amount_cents,
        own.map((line) => line.charge_cents),
      );
      own.forEach((line, index) => {
        shares.set(line.id, [...(shares.get(line.id) ?? []), { line_payment_id: line.id, group_code: adjustment.group_code, reason: adjustment.reason, amount_cents: parts[index]! }]);
      });
    }
  }
  return shares;
}
