/**
 * Correcting a claim. A claim not yet sent (draft, ready) is simply built again from the
 * changed visit. A claim the payer has (submitted, paid, partial, denied, appealed) is
 * corrected the way the payer expects (NUCC 1500 item 22; 837P CLM05-3 and REF*F8):
 * - a replacement claim, frequency 7, carrying the payer's claim control number of the
 *   claim it replaces, built from the visit after the biller's changes;
 * - a void, frequency 8, carrying the same control number and the original's lines.
 * The original ends as `replaced` or `void`; each step is one transaction and is kept in
 * the claims' status history with who made it.
 */
import { InputError } from "../errors.js";
import type { IsoDate } from "../reference/dates.js";
import type { Reference } from "../reference/reference.js";
import { createClaimFromScrub, getClaim, insertClaim, SENT_STATUSES, setClaimStatus, type ClaimActor } from "../store/claims.js";
import type { ClaimRecord, Patch, VisitInput } from "../store/entities.js";
import { scrubStoredVisit } from "../store/history.js";
import type { PayerInputOptions } from "../store/payer-history.js";
import { inTransaction, type Db } from "../store/transaction.js";
import { getVisit, updateVisit } from "../store/visits.js";

/**
 * Builds (or, after the visit changed, rebuilds) the claim of a stored visit from its
 * history-aware scrub. `claimDate` is the day the claim is built, for the payer's timely
 * filing limit (payer.timely-filing): the shell passes today (src/reference/today.ts); the
 * core reads no clock, and without it the limit is not checked.
 */
export async function buildClaimForVisit(db: Db, reference: Reference, visitId: number, who: ClaimActor = {}, options: PayerInputOptions = {}): Promise<ClaimRecord> {
  return inTransaction(db, async (trx) => {
    const { visit, result } = await scrubStoredVisit(trx, reference, visitId, options);
    return createClaimFromScrub(trx, visit, result, who);
  });
}

export interface CorrectionRequest {
  /** the payer's claim control number (835 CLP07) of the claim corrected; the stored one when absent */
  payerClaimControlNumber?: string | null;
  /** the visit's changes (as PATCH /api/visits/:id takes them, version included) */
  visit?: Patch<Omit<VisitInput, "practiceId">>;
  note?: string | null;
  /** the day the replacement is built (timely filing); the shell passes today */
  claimDate?: IsoDate;
}

function controlNumberFor(claim: ClaimRecord, request: CorrectionRequest, kind: "replace" | "void"): string {
  const number = request.payerClaimControlNumber ?? claim.payerClaimControlNumber;
  if (!number) {
    throw new InputError(
      "unprocessable",
      `claim ${claim.claimNumber}: payerClaimControlNumber: the payer's claim control number (835 CLP07) is needed to ${kind} a sent claim; send it in the body`,
      { path: "payerClaimControlNumber" },
    );
  }
  return number;
}

function requireSent(claim: ClaimRecord, kind: "replace" | "void"): void {
  if (!SENT_STATUSES.includes(claim.status)) {
    const hint =
      claim.status === "draft" || claim.status === "ready"
        ? kind === "replace"
          ? `; it was never sent: change the visit and build the claim again (POST /api/visits/${claim.visitId}/claim)`
          : ""
        : " (it is final)";
    throw new InputError("unprocessable", `claim ${claim.claimNumber} is ${claim.status}, so it cannot be ${kind === "replace" ? "replaced" : "voided"}${hint}`, { path: "status", value: claim.status });
  }
  if (claim.frequency === "8") throw new InputError("unprocessable", `claim ${claim.claimNumber} is itself a void (frequency 8)`, { path: "frequency", value: claim.frequency });
}

/**
 * Replaces a sent claim: applies the visit's changes, scrubs the visit again and stores the
 * frequency 7 claim; the original becomes `replaced`. A scrub that rejects the changed
 * visit changes nothing.
 */
export async function replaceClaim(db: Db, reference: Reference, claimId: number, request: CorrectionRequest = {}, who: ClaimActor = {}): Promise<ClaimRecord> {
  return inTransaction(db, async (trx) => {
    const original = await getClaim(trx, claimId);
    requireSent(original, "replace");
    const controlNumber = controlNumberFor(original, request, "replace");
    const note = request.note ?? null;
    await setClaimStatus(trx, original, "replaced", { ...who, note: note ?? "corrected by a replacement claim (frequency 7)" }, { payerClaimControlNumber: controlNumber });
    if (request.visit) await updateVisit(trx, original.visitId, request.visit);
    const { visit, result } = await scrubStoredVisit(trx, reference, original.visitId, request.claimDate ? { claimDate: request.claimDate } : {});
    if (result.status === "reject") {
      const errors = result.findings.filter((finding) => finding.severity === "error").map((finding) => `${finding.rule}: ${finding.message}`);
      throw new InputError("unprocessable", `claim ${original.claimNumber}: the changed visit ${visit.id} does not scrub (${errors.join("; ")}); nothing was changed`, { path: "visit" });
    }
    return insertClaim(trx, visit, result, { frequency: "7", payerClaimControlNumber: controlNumber, replacesClaimId: original.id }, { ...who, note });
  });
}

/**
 * Voids a claim. One never sent is just marked `void`. One the payer has gets a frequency 8
 * claim with the original's lines and the payer's control number, ready for the next
 * batch; the original becomes `void`, and the visit may be billed again.
 */
export async function voidClaim(db: Db, claimId: number, request: CorrectionRequest = {}, who: ClaimActor = {}): Promise<ClaimRecord> {
  return inTransaction(db, async (trx) => {
    const original = await getClaim(trx, claimId);
    const note = request.note ?? null;
    if (original.status === "draft" || original.status === "ready") {
      await setClaimStatus(trx, original, "void", { ...who, note: note ?? "voided before it was sent" });
      return getClaim(trx, claimId);
    }
    requireSent(original, "void");
    const controlNumber = controlNumberFor(original, request, "void");
    await setClaimStatus(trx, original, "void", { ...who, note: note ?? "voided by a frequency 8 claim" }, { payerClaimControlNumber: controlNumber });
    const visit = await getVisit(trx, original.visitId);
    // The void repeats what the payer has: the original's lines, not the visit as it is now.
    return insertClaim(trx, { ...visit, version: original.visitVersion ?? visit.version }, original.scrubResult, { frequency: "8", payerClaimControlNumber: controlNumber, replacesClaimId: original.id, status: "ready" }, { ...who, note });
  });
}
