/**
 * Claim batches: the stored claims that are ready (optionally of one payer) become one file
 * per receiver (the practice's clearinghouse), as an X12 837P interchange or CMS-1500 pages.
 * Everything happens in one transaction: the claim documents are built and prepared, the
 * practice's next interchange control number is taken, the file is written, the batch is
 * recorded with the file's bytes and sha256, and the claims become `submitted`. Any claim
 * that cannot be written, or a file that cannot be saved, rolls all of it back: no claim
 * changes status and no control number is used.
 */
import { createHash } from "node:crypto";
import { InputError } from "../errors.js";
import type { Reference } from "../reference/reference.js";
import { getClaim, setClaimStatus, type ClaimActor } from "../store/claims.js";
import { clearinghouseOfPractice, nextControlNumber } from "../store/clearinghouses.js";
import type { ClaimRecord, ClaimStatus } from "../store/entities.js";
import { fromJsonText, toJsonText } from "../store/columns.js";
import { pageBounds, type Page, type PageRequest } from "../store/paging.js";
import type { ClaimBatchRow } from "../store/schema.js";
import { inTransaction, type Db } from "../store/transaction.js";
import type { IsoDate } from "../reference/dates.js";
import { byBillingProvider, write837pText } from "../x12/837p/write.js";
import { buildClaimDocument } from "./claim-document.js";
import { ClaimProblems, prepareClaim, type ClaimProblem } from "./prepare.js";
import type { PreparedClaim } from "./prepared-claim.js";

export type BatchFormat = "837p" | "1500";

export interface BatchSummary {
  id: number;
  practiceId: number;
  format: BatchFormat;
  /** ISA13/GS06 of an 837P; null for CMS-1500 pages */
  controlNumber: number | null;
  receiverId: string | null;
  fileName: string;
  contentType: string;
  /** sha256 of the file, hex */
  fileHash: string;
  claimIds: number[];
  claimCount: number;
  totalChargeCents: number;
  actor: string;
  createdAt: string;
}

export interface BatchFile extends BatchSummary {
  content: Uint8Array;
}

export interface ExportRequest {
  format: BatchFormat;
  /** which claims to take: ready (the default); only ready claims become submitted */
  status?: ClaimStatus;
  payerId?: number;
  /** the payer's electronic payer id (2010BB NM109), as the clearinghouse knows it */
  electronicPayerId?: string;
  practiceId?: number;
  /** the batch's clock (tests); now by default */
  now?: Date;
  /**
   * Saves the file (the CLI's --out) before the transaction commits: when it throws, the
   * whole export rolls back.
   */
  save?: (batch: BatchFile, all: readonly BatchFile[]) => Promise<void> | void;
}

function toSummary(row: Omit<ClaimBatchRow, "content">): BatchSummary {
  return {
    id: row.id,
    practiceId: row.practice_id,
    format: row.format,
    controlNumber: row.control_number,
    receiverId: row.receiver_id,
    fileName: row.file_name,
    contentType: row.content_type,
    fileHash: row.file_hash,
    claimIds: fromJsonText<number[]>(row.claim_ids, []),
    claimCount: row.claim_count,
    totalChargeCents: row.total_charge_cents,
    actor: row.actor,
    createdAt: row.created_at,
  };
}

function clockOf(now: Date): { date: IsoDate; time: string; stamp: string } {
  const stamp = now.toISOString();
  return { date: stamp.slice(0, 10) as IsoDate, time: stamp.slice(11, 13) + stamp.slice(14, 16), stamp };
}

async function selectClaims(db: Db, request: ExportRequest): Promise<ClaimRecord[]> {
  let query = db.selectFrom("claims").select("id").where("status", "=", request.status ?? "ready");
  if (request.payerId !== undefined) query = query.where("payer_id", "=", request.payerId);
  if (request.electronicPayerId !== undefined) {
    const electronicPayerId = request.electronicPayerId;
    query = query.where("payer_id", "in", (eb) => eb.selectFrom("payers").select("id").where("electronic_payer_id", "=", electronicPayerId));
  }
  if (request.practiceId !== undefined) query = query.where("practice_id", "=", request.practiceId);
  const rows = await query.orderBy("practice_id").orderBy("id").execute();
  const claims: ClaimRecord[] = [];
  for (const row of rows) claims.push(await getClaim(db, row.id));
  return claims;
}

/** Builds and prepares every claim; all problems at once, so the biller sees every fix. */
async function prepareAll(db: Db, reference: Reference, claims: readonly ClaimRecord[]): Promise<PreparedClaim[]> {
  const prepared: PreparedClaim[] = [];
  const problems: ClaimProblem[] = [];
  for (const claim of claims) {
    try {
      const { document, history, visit } = await buildClaimDocument(db, reference, claim);
      // A claim goes out as built from its visit: a visit changed since then needs the claim built again.
      if (claim.frequency !== "8" && claim.visitVersion !== null && claim.visitVersion !== visit.version) {
        problems.push({ claim: claim.claimNumber, path: "visit", message: `visit ${visit.id} changed after the claim was built (version ${claim.visitVersion}, now ${visit.version}); build the claim again (POST /api/visits/${visit.id}/claim)` });
        continue;
      }
      const ready = prepareClaim(document, reference, { history });
      const stored = claim.lines.map((line) => `${line.code}x${line.units}`).join(",");
      const now = ready.lines.map((line) => `${line.code}x${line.units}`).join(",");
      // A void repeats the lines the payer has; anything else must still be what the visit scrubs to.
      if (claim.frequency !== "8" && stored !== now) {
        problems.push({ claim: claim.claimNumber, path: "lines", message: `the visit now scrubs to ${now}, not the stored ${stored}; build the claim again (POST /api/visits/${claim.visitId}/claim)` });
        continue;
      }
      prepared.push(ready);
    } catch (error) {
      if (error instanceof ClaimProblems) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ClaimProblems(problems);
  return prepared;
}

/** Exports the selected claims as one batch per practice (receiver); [] when there is nothing to send. */
export async function exportClaimBatches(db: Db, reference: Reference, request: ExportRequest, who: ClaimActor = {}): Promise<BatchFile[]> {
  const actor = who.actor ?? "unknown";
  const clock = clockOf(request.now ?? new Date());
  return inTransaction(db, async (trx) => {
    const claims = await selectClaims(trx, request);
    if (claims.length === 0) return [];
    const prepared = await prepareAll(trx, reference, claims);
    const byPractice = new Map<number, { claims: ClaimRecord[]; prepared: PreparedClaim[] }>();
    claims.forEach((claim, index) => {
      const group = byPractice.get(claim.practiceId) ?? { claims: [], prepared: [] };
      group.claims.push(claim);
      group.prepared.push(prepared[index]!);
      byPractice.set(claim.practiceId, group);
    });

    const batches: BatchFile[] = [];
    for (const [practiceId, group] of byPractice) {
      const clearinghouse = await clearinghouseOfPractice(trx, practiceId);
      if (!clearinghouse) throw new InputError("unprocessable", `practice ${practiceId} has no clearinghouse settings (POST /api/clearinghouse-settings)`, { path: "submitter" });
      let content: Uint8Array;
      let controlNumber: number | null = null;
      let fileName: string;
      let contentType: string;
      if (request.format === "837p") {
        controlNumber = await nextControlNumber(trx, practiceId);
        const text = write837pText(byBillingProvider(group.prepared), {
          controlNumber,
          date: clock.date,
          time: clock.time,
          usage: clearinghouse.usageIndicator,
          senderQualifier: clearinghouse.senderQualifier,
          senderId: clearinghouse.senderId,
          receiverQualifier: clearinghouse.receiverQualifier,
          receiverId: clearinghouse.interchangeReceiverId,
        });
        content = new TextEncoder().encode(text);
        fileName = `otbill-${practiceId}-${String(controlNumber).padStart(9, "0")}.837`;
        contentType = "text/plain; charset=utf-8";
      } else {
        // pdf-lib is loaded when a batch is paper, not by every command and route that can export one.
        const { renderCms1500Pdf } = await import("../forms/cms1500.js");
        content = await renderCms1500Pdf(group.prepared);
        fileName = `otbill-${practiceId}-${clock.stamp.replace(/[-:]/g, "").slice(0, 15)}.pdf`;
        contentType = "application/pdf";
      }
      const fileHash = createHash("sha256").update(content).digest("hex");
      const claimIds = group.claims.map((claim) => claim.id);
      const totalChargeCents = group.prepared.reduce((sum, claim) => sum + claim.totalChargeCents, 0);
      const row = await trx
        .insertInto("claim_batches")
        .values({
          practice_id: practiceId,
          format: request.format,
          control_number: controlNumber,
          receiver_id: clearinghouse.receiverId,
          file_name: fileName,
          content_type: contentType,
          file_hash: fileHash,
          claim_ids: toJsonText(claimIds),
          claim_count: claimIds.length,
          total_charge_cents: totalChargeCents,
          actor,
          created_at: clock.stamp,
          content,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const note = `batch ${row.id}${controlNumber === null ? "" : ` (interchange ${controlNumber})`}`;
      for (const claim of group.claims) {
        if (claim.status === "ready") await setClaimStatus(trx, claim, "submitted", { actor, note });
      }
      const batch: BatchFile = {
        id: row.id,
        practiceId,
        format: request.format,
        controlNumber,
        receiverId: clearinghouse.receiverId,
        fileName,
        contentType,
        fileHash,
        claimIds,
        claimCount: claimIds.length,
        totalChargeCents,
        actor,
        createdAt: clock.stamp,
        content,
      };
      batches.push(batch);
    }
    // Saved last, still inside the transaction: a file that cannot be written undoes the export.
    if (request.save) for (const batch of batches) await request.save(batch, batches);
    return batches;
  });
}

export interface BatchFilter {
  practiceId?: number;
  format?: BatchFormat;
}

const SUMMARY_COLUMNS = [
  "id",
  "practice_id",
  "format",
  "control_number",
  "receiver_id",
  "file_name",
  "content_type",
  "file_hash",
  "claim_ids",
  "claim_count",
  "total_charge_cents",
  "actor",
  "created_at",
] as const;

/** The batches, oldest first; the file bytes stay in the database (GET .../file reads them). */
export async function listBatches(db: Db, filter: BatchFilter = {}, page?: PageRequest): Promise<Page<BatchSummary>> {
  let query = db.selectFrom("claim_batches");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.format) query = query.where("format", "=", filter.format);
  const { limit, offset } = pageBounds(page);
  const counted = await query.select((eb) => eb.fn.countAll().as("count")).executeTakeFirst();
  const rows = await query.select(SUMMARY_COLUMNS).orderBy("id").limit(limit).offset(offset).execute();
  return { items: rows.map(toSummary), total: Number(counted?.count ?? 0), limit, offset };
}

export async function getBatch(db: Db, id: number): Promise<BatchSummary> {
  const row = await db.selectFrom("claim_batches").select(SUMMARY_COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) throw new InputError("not_found", `batch ${id} does not exist`, { value: id });
  return toSummary(row);
}

/** The batch's file, exactly as sent (its sha256 is the recorded hash). */
export async function getBatchFile(db: Db, id: number): Promise<BatchFile> {
  const row = await db.selectFrom("claim_batches").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new InputError("not_found", `batch ${id} does not exist`, { value: id });
  return { ...toSummary(row), content: new Uint8Array(row.content) };
}
