/**
 * A claim's status after its payments: derived from the payments that stand (neither a
 * reversal nor reversed), so posting, reversing and re-posting always agree. Each stored
 * line takes the outcome of its latest standing line payment; a line no payment named
 * keeps the claim partial (the payer has not settled it); a claim whose payments were all
 * reversed goes back to submitted.
 */
import { getClaim, setClaimStatus, type ClaimActor } from "../store/claims.js";
import type { ClaimStatus } from "../store/entities.js";
import type { LinePaymentStatus } from "../store/schema.js";
import type { Db } from "../store/transaction.js";
import { claimStatusOf } from "./classify.js";

export const REVERSAL = "22";

const SETTLED: readonly ClaimStatus[] = ["paid", "partial", "denied"];

export async function settleClaim(db: Db, claimId: number, who: ClaimActor): Promise<ClaimStatus> {
  const claim = await getClaim(db, claimId);
  const standing = await db
    .selectFrom("claim_payments")
    .select(["id", "paid_cents", "status_code"])
    .where("claim_id", "=", claimId)
    .where("reversed", "=", 0)
    .where("status_code", "!=", REVERSAL)
    .orderBy("id")
    .execute();
  const lineRows = await db.selectFrom("claim_lines").select(["id", "position"]).where("claim_id", "=", claimId).orderBy("position").execute();

  let target: ClaimStatus;
  const lineStatus = new Map<number, LinePaymentStatus>();
  if (standing.length === 0) {
    target = SETTLED.includes(claim.status) ? "submitted" : claim.status;
  } else {
    const payments = await db
      .selectFrom("line_payments")
      .select(["claim_line_id", "status", "claim_payment_id"])
      .where(
        "claim_payment_id",
        "in",
        standing.map((payment) => payment.id),
      )
      .orderBy("claim_payment_id")
      .orderBy("position")
      .execute();
    for (const payment of payments) if (payment.claim_line_id !== null) lineStatus.set(payment.claim_line_id, payment.status);
    if (payments.length === 0) {
      // A claim-level payment without service lines: the claim's own amounts decide.
      const paid = standing.reduce((total, payment) => total + payment.paid_cents, 0);
      const denied = standing.every((payment) => payment.status_code === "4");
      target = paid > 0 ? "paid" : denied ? "denied" : "paid";
      for (const line of lineRows) lineStatus.set(line.id, target === "denied" ? "denied" : "paid");
    } else {
      const statuses = lineRows.map((line) => lineStatus.get(line.id) ?? "partial");
      target = claimStatusOf(statuses);
    }
  }
  const changed = target !== claim.status;
  if (changed) await setClaimStatus(db, claim, target, { ...who, note: who.note ?? "835 remittance posted" });
  // Lines: each its own outcome (setClaimStatus gave them the claim's).
  const byStatus = new Map<ClaimStatus, number[]>();
  for (const line of lineRows) {
    const status = lineStatus.get(line.id);
    const value: ClaimStatus = status === undefined || status === "reversed" ? (standing.length === 0 ? target : "submitted") : status;
    // setClaimStatus already gave every line the claim's new status.
    if (!changed || value !== target) byStatus.set(value, [...(byStatus.get(value) ?? []), line.id]);
  }
  for (const [status, ids] of byStatus) await db.updateTable("claim_lines").set({ status }).where("id", "in", ids).execute();
  return target;
}
