/**
 * The queue of claim payments that matched no stored claim (a claim we never sent, a
 * number the payer mangled, a reversal of a payment never posted). A person resolves
 * each: posts it to the claim it belongs to, or dismisses it with a note.
 */
import { InputError } from "../errors.js";
import { centsToDollars } from "../reference/fixed.js";
import type { ClaimActor } from "../store/claims.js";
import { inTransaction, type Db } from "../store/transaction.js";
import { notFound } from "../store/versioned.js";
import type { ClaimPayment } from "../x12/835/types.js";
import { settleClaim } from "./claim-state.js";
import { refreshKeptForClaims } from "./kept-refresh.js";
import { attachClaimPayment } from "./post.js";

export interface UnmatchedPayment {
  id: number;
  remittanceId: number;
  claimPaymentId: number;
  claimId: string;
  payerClaimControlNumber: string | null;
  statusCode: string;
  charge: number;
  paid: number;
  patientResponsibility: number;
  reason: string;
  status: "open" | "resolved" | "dismissed";
  resolvedClaimId: number | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  note: string | null;
  payer: string | null;
  checkNumber: string;
  paymentDate: string | null;
}

function baseQuery(db: Db) {
  return db
    .selectFrom("unmatched_payments")
    .innerJoin("claim_payments", "claim_payments.id", "unmatched_payments.claim_payment_id")
    .innerJoin("remittances", "remittances.id", "claim_payments.remittance_id")
    .select([
      "unmatched_payments.id",
      "unmatched_payments.reason",
      "unmatched_payments.status",
      "unmatched_payments.resolved_claim_id",
      "unmatched_payments.resolved_by",
      "unmatched_payments.resolved_at",
      "unmatched_payments.note",
      "claim_payments.id as claim_payment_id",
      "claim_payments.remittance_id",
      "claim_payments.claim_number",
      "claim_payments.payer_claim_control_number",
      "claim_payments.status_code",
      "claim_payments.charge_cents",
      "claim_payments.paid_cents",
      "claim_payments.patient_responsibility_cents",
      "remittances.payer_name",
      "remittances.trace_number",
      "remittances.payment_date",
      "remittances.practice_id",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function toItem(row: Row): UnmatchedPayment {
  return {
    id: row.id,
    remittanceId: row.remittance_id,
    claimPaymentId: row.claim_payment_id,
    claimId: row.claim_number,
    payerClaimControlNumber: row.payer_claim_control_number,
    statusCode: row.status_code,
    charge: centsToDollars(row.charge_cents),
    paid: centsToDollars(row.paid_cents),
    patientResponsibility: centsToDollars(row.patient_responsibility_cents),
    reason: row.reason,
    status: row.status,
    resolvedClaimId: row.resolved_claim_id,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    note: row.note,
    payer: row.payer_name,
    checkNumber: row.trace_number,
    paymentDate: row.payment_date,
  };
}

export async function listUnmatched(db: Db, filter: { status?: "open" | "resolved" | "dismissed"; practiceId?: number } = {}): Promise<UnmatchedPayment[]> {
  let query = baseQuery(db);
  if (filter.status) query = query.where("unmatched_payments.status", "=", filter.status);
  // A remittance no claim tied to a practice is everyone's to resolve.
  if (filter.practiceId !== undefined) query = query.where((eb) => eb.or([eb("remittances.practice_id", "=", filter.practiceId!), eb("remittances.practice_id", "is", null)]));
  const rows = await query.orderBy("unmatched_payments.id").execute();
  return rows.map(toItem);
}

export interface Resolution {
  action: "post" | "dismiss";
  /** the stored claim the payment belongs to (post) */
  claimId?: number;
  note?: string;
}

export async function resolveUnmatched(db: Db, id: number, resolution: Resolution, who: ClaimActor & { practiceId?: number }): Promise<UnmatchedPayment> {
  return inTransaction(db, async (trx) => {
    const row = await baseQuery(trx).where("unmatched_payments.id", "=", id).executeTakeFirst();
    if (!row || (who.practiceId !== undefined && row.practice_id !== null && row.practice_id !== who.practiceId)) throw new InputError("not_found", `no unmatched payment ${id}`, { value: id });
    if (row.status !== "open") throw new InputError("conflict", `unmatched payment ${id} is already ${row.status}`, { path: "status", value: row.status });
    const at = new Date().toISOString();
    if (resolution.action === "post") {
      if (resolution.claimId === undefined) throw new InputError("invalid_input", "claimId: the stored claim to post the payment to is required", { path: "claimId" });
      const claim = await trx
        .selectFrom("claims")
        .select(["id", "date_of_service", "practice_id"])
        .where("id", "=", resolution.claimId)
        .executeTakeFirst();
      if (!claim || (who.practiceId !== undefined && claim.practice_id !== who.practiceId)) throw notFound("claims", resolution.claimId);
      const payment = await trx.selectFrom("claim_payments").select("document").where("id", "=", row.claim_payment_id).executeTakeFirstOrThrow();
      const document = JSON.parse(payment.document) as Omit<ClaimPayment, "transaction">;
      const lines = await attachClaimPayment(trx, row.claim_payment_id, claim, document);
      if (lines === null) throw new InputError("unprocessable", `claim ${resolution.claimId} has no posted payment for this reversal to undo`, { path: "claimId", value: resolution.claimId });
      await settleClaim(trx, claim.id, { actor: who.actor, note: `unmatched payment ${id} posted` });
      await refreshKeptForClaims(trx, [claim.id]);
      await trx.updateTable("unmatched_payments").set({ status: "resolved", resolved_claim_id: claim.id, resolved_by: who.actor ?? "unknown", resolved_at: at, note: resolution.note ?? null }).where("id", "=", id).execute();
    } else {
      await trx.updateTable("unmatched_payments").set({ status: "dismissed", resolved_by: who.actor ?? "unknown", resolved_at: at, note: resolution.note ?? null }).where("id", "=", id).execute();
    }
    const after = await baseQuery(trx).where("unmatched_payments.claim_payment_id", "=", row.claim_payment_id).executeTakeFirstOrThrow();
    return toItem(after);
  });
}
