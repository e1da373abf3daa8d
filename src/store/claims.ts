/**
 * Claims and their lines, built from a scrub result and kept with it, so that anyone can
 * later see which findings the claim went out with. A claim moves through
 * draft -> ready -> submitted -> paid or denied -> appealed; its lines follow it.
 */
import type { ScrubResult } from "../contract/result.js";
import { InputError } from "../errors.js";
import { dollarsToCents } from "../reference/fixed.js";
import { sql } from "kysely";
import { fromJsonText, toJsonText } from "./columns.js";
import type { ClaimRecord, ClaimStatus, StoredClaimLine, VisitRecord } from "./entities.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import type { ClaimLineRow, ClaimRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

/** Where a claim may go next. A paid claim is final; a denied one can only be appealed. */
export const CLAIM_TRANSITIONS: Record<ClaimStatus, readonly ClaimStatus[]> = {
  draft: ["ready"],
  ready: ["draft", "submitted"],
  submitted: ["paid", "denied"],
  denied: ["appealed"],
  appealed: ["paid", "denied"],
  paid: [],
};

function cents(dollars: number | undefined): number | null {
  return dollars === undefined ? null : dollarsToCents(dollars);
}

function toLine(row: ClaimLineRow): StoredClaimLine {
  return {
    code: row.code,
    modifiers: fromJsonText<string[]>(row.modifiers, []),
    units: row.units,
    minutes: row.minutes,
    diagnosisPointers: fromJsonText<number[]>(row.diagnosis_pointers, []),
    allowedCents: row.allowed_cents,
    paymentCents: row.payment_cents,
    patientShareCents: row.patient_share_cents,
    status: row.status,
  };
}

function toClaim(row: ClaimRow, lines: ClaimLineRow[]): ClaimRecord {
  return {
    id: row.id,
    practiceId: row.practice_id,
    visitId: row.visit_id,
    patientId: row.patient_id,
    payerId: row.payer_id,
    dateOfService: row.date_of_service,
    status: row.status,
    scrubStatus: row.scrub_status,
    allowedCents: row.allowed_cents,
    paymentCents: row.payment_cents,
    patientShareCents: row.patient_share_cents,
    lines: lines.map(toLine),
    scrubResult: fromJsonText<ScrubResult>(row.scrub_result, { status: "reject", lines: [], totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 }, findings: [] }),
    version: row.version,
  };
}

/**
 * Stores the claim the scrub recommends for a stored visit. A clean scrub makes a claim
 * ready to send; anything else starts as a draft for a biller to look at. A visit has at
 * most one live claim: a second is a conflict unless the first was denied.
 */
export async function createClaimFromScrub(db: Db, visit: VisitRecord, result: ScrubResult): Promise<ClaimRecord> {
  if (result.lines.length === 0) {
    throw new InputError("unprocessable", `visit ${visit.id} has no billable line (scrub status ${result.status}); see the findings`, { path: "services" });
  }
  return inTransaction(db, async (trx) => {
    const live = await trx.selectFrom("claims").select(["id", "status"]).where("visit_id", "=", visit.id).where("status", "!=", "denied").executeTakeFirst();
    if (live) throw new InputError("conflict", `visit ${visit.id} already has claim ${live.id} (${live.status})`, { value: live.id });
    const status: ClaimStatus = result.status === "clean" ? "ready" : "draft";
    const row = await trx
      .insertInto("claims")
      .values({
        practice_id: visit.practiceId,
        visit_id: visit.id,
        patient_id: visit.patientId,
        payer_id: visit.payerId,
        date_of_service: visit.dateOfService,
        status,
        scrub_status: result.status,
        scrub_result: toJsonText(result),
        allowed_cents: cents(result.totals.allowed),
        payment_cents: cents(result.totals.payment),
        patient_share_cents: cents(result.totals.patientShare),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("claim_lines")
      .values(
        result.lines.map((line, position) => ({
          claim_id: row.id,
          position,
          code: line.code,
          modifiers: toJsonText(line.modifiers),
          units: line.units,
          minutes: line.minutes ?? null,
          diagnosis_pointers: toJsonText(line.diagnosisPointers),
          allowed_cents: cents(line.allowed),
          payment_cents: cents(line.payment),
          patient_share_cents: cents(line.patientShare),
          status,
        })),
      )
      .execute();
    return getClaim(trx, row.id);
  });
}

async function linesOf(db: Db, claimIds: number[]): Promise<Map<number, ClaimLineRow[]>> {
  const byClaim = new Map<number, ClaimLineRow[]>();
  if (claimIds.length === 0) return byClaim;
  const rows = await db.selectFrom("claim_lines").selectAll().where("claim_id", "in", claimIds).orderBy("claim_id").orderBy("position").execute();
  for (const row of rows) {
    const list = byClaim.get(row.claim_id) ?? [];
    list.push(row);
    byClaim.set(row.claim_id, list);
  }
  return byClaim;
}

export async function findClaim(db: Db, id: number): Promise<ClaimRecord | undefined> {
  const row = await db.selectFrom("claims").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const lines = await linesOf(db, [id]);
  return toClaim(row, lines.get(id) ?? []);
}

export async function getClaim(db: Db, id: number): Promise<ClaimRecord> {
  const claim = await findClaim(db, id);
  if (!claim) throw notFound("claims", id);
  return claim;
}

export interface ClaimPatch {
  version: number;
  status?: ClaimStatus;
}

/** Moves a claim (and its lines) to a new status, if that move is allowed from where it is. */
export async function updateClaim(db: Db, id: number, patch: ClaimPatch): Promise<ClaimRecord> {
  return inTransaction(db, async (trx) => {
    const before = await getClaim(trx, id);
    if (patch.status !== undefined && patch.status !== before.status) {
      if (!CLAIM_TRANSITIONS[before.status].includes(patch.status)) {
        const allowed = CLAIM_TRANSITIONS[before.status];
        throw new InputError("unprocessable", `a ${before.status} claim cannot become ${patch.status}${allowed.length ? ` (it can become ${allowed.join(" or ")})` : " (it is final)"}`, {
          path: "status",
          value: patch.status,
        });
      }
      if (patch.status === "ready" && before.scrubStatus === "reject") {
        throw new InputError("unprocessable", `claim ${id} came from a scrub with errors; fix the visit and build a new claim`, { path: "status", value: patch.status });
      }
    }
    await updateVersioned(trx, "claims", id, patch.version, patch.status ? { status: patch.status } : {});
    if (patch.status) await trx.updateTable("claim_lines").set({ status: patch.status }).where("claim_id", "=", id).execute();
    return getClaim(trx, id);
  });
}

/**
 * Moves a claim along several statuses at once (claims already sent and paid, as the demo
 * seeds them): each step must be a move `updateClaim` would allow, and the version goes up
 * once per step, in one statement instead of one round trip per step.
 */
export async function advanceClaim(db: Db, claim: ClaimRecord, path: readonly ClaimStatus[]): Promise<ClaimStatus> {
  let status = claim.status;
  for (const next of path) {
    if (!CLAIM_TRANSITIONS[status].includes(next) || (next === "ready" && claim.scrubStatus === "reject")) {
      throw new InputError("unprocessable", `a ${status} claim cannot become ${next}`, { path: "status", value: next });
    }
    status = next;
  }
  if (path.length === 0) return status;
  return inTransaction(db, async (trx) => {
    await updateVersioned(trx, "claims", claim.id, claim.version, { status, version: sql`version + ${path.length}` });
    await trx.updateTable("claim_lines").set({ status }).where("claim_id", "=", claim.id).execute();
    return status;
  });
}

export interface ClaimFilter {
  practiceId?: number;
  patientId?: number;
  visitId?: number;
  payerId?: number;
  status?: ClaimStatus;
  from?: string;
  to?: string;
}

export async function listClaims(db: Db, filter: ClaimFilter = {}, page?: PageRequest): Promise<Page<ClaimRecord>> {
  let query = db.selectFrom("claims");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.patientId !== undefined) query = query.where("patient_id", "=", filter.patientId);
  if (filter.visitId !== undefined) query = query.where("visit_id", "=", filter.visitId);
  if (filter.payerId !== undefined) query = query.where("payer_id", "=", filter.payerId);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.from) query = query.where("date_of_service", ">=", filter.from);
  if (filter.to) query = query.where("date_of_service", "<=", filter.to);
  const { rows, ...bounds } = await fetchPage<ClaimRow>(query, "id", page);
  const lines = await linesOf(
    db,
    rows.map((row) => row.id),
  );
  return { items: rows.map((row) => toClaim(row, lines.get(row.id) ?? [])), ...bounds };
}

/** The claim lines that count toward a patient's Medicare therapy spending in [from, to). */
export async function liveClaimLinesOfPatient(
  db: Db,
  patientId: number,
  from: string,
  before: string,
): Promise<{ visitId: number; dateOfService: string; payerKind: string; modifiers: string[]; allowedCents: number | null }[]> {
  const rows = await db
    .selectFrom("claim_lines")
    .innerJoin("claims", "claims.id", "claim_lines.claim_id")
    .innerJoin("payers", "payers.id", "claims.payer_id")
    .select(["claims.visit_id", "claims.date_of_service", "payers.kind", "claim_lines.modifiers", "claim_lines.allowed_cents"])
    .where("claims.patient_id", "=", patientId)
    .where("claims.date_of_service", ">=", from)
    .where("claims.date_of_service", "<", before)
    // A denied claim paid nothing, so Medicare counts nothing toward the threshold.
    .where("claims.status", "!=", "denied")
    .execute();
  return rows.map((row) => ({ visitId: row.visit_id, dateOfService: row.date_of_service, payerKind: row.kind, modifiers: fromJsonText<string[]>(row.modifiers, []), allowedCents: row.allowed_cents }));
}
