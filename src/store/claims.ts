/**
 * Claims and their lines, built from a scrub result and kept with it, so that anyone can
 * later see which findings the claim went out with. A claim moves through
 * draft -> ready -> submitted -> paid, partial or denied -> appealed; corrections end a
 * claim as `replaced` (a frequency 7 claim takes its place) or `void` (a frequency 8 claim
 * tells the payer). Every status change is kept with who made it and when.
 *
 * A visit has at most one open claim: the partial unique index claims_one_open_per_visit
 * (migration 2026-12-01-claims-out) enforces it, so parallel builds cannot both insert.
 */
import { sql, type Transaction } from "kysely";
import type { ScrubResult } from "../contract/result.js";
import { InputError } from "../errors.js";
import { dollarsToCents } from "../reference/fixed.js";
import { fromJsonText, toJsonText } from "./columns.js";
import type { ClaimFrequency, ClaimRecord, ClaimStatus, ClaimStatusChange, StoredClaimLine, VisitRecord } from "./entities.js";
import { OPEN_CLAIM_STATUSES } from "./migrations/claims-out.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import type { ClaimLineRow, ClaimRow, Database } from "./schema.js";
import { constraintError, inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

export { OPEN_CLAIM_STATUSES };

/** Where a claim may go next by PATCH. Paid, void and replaced are final; corrections go through replace and void. */
export const CLAIM_TRANSITIONS: Record<ClaimStatus, readonly ClaimStatus[]> = {
  draft: ["ready"],
  ready: ["draft", "submitted"],
  submitted: ["paid", "partial", "denied"],
  partial: ["paid", "denied", "appealed"],
  denied: ["appealed"],
  appealed: ["paid", "partial", "denied"],
  paid: [],
  void: [],
  replaced: [],
};

/** A claim the payer has (or had): changing its visit needs a replacement or a void, not an edit. */
export const SENT_STATUSES: readonly ClaimStatus[] = ["submitted", "paid", "partial", "denied", "appealed"];

/** Who changes a claim: the request's principal (`actor`), or the OS user for the CLI. */
export interface ClaimActor {
  actor?: string;
  note?: string | null;
}

export const UNKNOWN_ACTOR = "unknown";

function cents(dollars: number | undefined): number | null {
  return dollars === undefined ? null : dollarsToCents(dollars);
}

export function claimNumberOf(id: number): string {
  return `C-${id}`;
}

export function lineIdOf(claimNumber: string, position: number): string {
  return `${claimNumber}-${position + 1}`;
}

function toLine(row: ClaimLineRow, claimNumber: string): StoredClaimLine {
  return {
    lineId: row.line_id ?? lineIdOf(claimNumber, row.position),
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
  const claimNumber = row.claim_number ?? claimNumberOf(row.id);
  return {
    id: row.id,
    claimNumber,
    practiceId: row.practice_id,
    visitId: row.visit_id,
    patientId: row.patient_id,
    payerId: row.payer_id,
    dateOfService: row.date_of_service,
    status: row.status,
    frequency: row.frequency,
    payerClaimControlNumber: row.payer_claim_control_number,
    replacesClaimId: row.replaces_claim_id,
    visitVersion: row.visit_version,
    scrubStatus: row.scrub_status,
    allowedCents: row.allowed_cents,
    paymentCents: row.payment_cents,
    patientShareCents: row.patient_share_cents,
    lines: lines.map((line) => toLine(line, claimNumber)),
    scrubResult: fromJsonText<ScrubResult>(row.scrub_result, { status: "reject", lines: [], totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 }, findings: [] }),
    version: row.version,
  };
}

/** Appends one status change to the claim's history (inside the change's transaction). */
export async function recordStatusChange(db: Db, claimId: number, from: ClaimStatus | null, to: ClaimStatus, who: ClaimActor = {}): Promise<void> {
  await db
    .insertInto("claim_status_history")
    .values({ claim_id: claimId, from_status: from, to_status: to, actor: who.actor ?? UNKNOWN_ACTOR, at: new Date().toISOString(), note: who.note ?? null })
    .execute();
}

export async function claimHistory(db: Db, claimId: number): Promise<ClaimStatusChange[]> {
  const rows = await db.selectFrom("claim_status_history").selectAll().where("claim_id", "=", claimId).orderBy("id").execute();
  return rows.map((row) => ({ from: row.from_status, to: row.to_status, actor: row.actor, at: row.at, note: row.note }));
}

export interface NewClaim {
  frequency?: ClaimFrequency;
  payerClaimControlNumber?: string | null;
  replacesClaimId?: number | null;
  /** ready when the scrub is clean, else draft, unless given */
  status?: ClaimStatus;
}

/** The visit's open claim (at most one, by the unique index). */
export async function openClaimOfVisit(db: Db, visitId: number): Promise<ClaimRecord | undefined> {
  const row = await db
    .selectFrom("claims")
    .selectAll()
    .where("visit_id", "=", visitId)
    .where("status", "in", [...OPEN_CLAIM_STATUSES])
    .where("frequency", "!=", "8")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!row) return undefined;
  const lines = await linesOf(db, [row.id]);
  return toClaim(row, lines.get(row.id) ?? []);
}

/** Inserts a claim, its number and its lines, and the first entry of its history. */
export async function insertClaim(trx: Transaction<Database>, visit: VisitRecord, result: ScrubResult, claim: NewClaim, who: ClaimActor): Promise<ClaimRecord> {
  if (result.lines.length === 0) {
    throw new InputError("unprocessable", `visit ${visit.id} has no billable line (scrub status ${result.status}); see the findings`, { path: "services" });
  }
  const status: ClaimStatus = claim.status ?? (result.status === "clean" ? "ready" : "draft");
  let row: { id: number };
  try {
    // Two builds racing for one visit: the unique index lets one in; the other answers 409.
    row = await trx
      .insertInto("claims")
      .values({
        practice_id: visit.practiceId,
        visit_id: visit.id,
        patient_id: visit.patientId,
        payer_id: visit.payerId,
        date_of_service: visit.dateOfService,
        status,
        frequency: claim.frequency ?? "1",
        payer_claim_control_number: claim.payerClaimControlNumber ?? null,
        replaces_claim_id: claim.replacesClaimId ?? null,
        visit_version: visit.version,
        scrub_status: result.status,
        scrub_result: toJsonText(result),
        allowed_cents: cents(result.totals.allowed),
        payment_cents: cents(result.totals.payment),
        patient_share_cents: cents(result.totals.patientShare),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  } catch (error) {
    const known = constraintError(error);
    if (known?.code === "conflict") throw new InputError("conflict", `visit ${visit.id} already has an open claim (built at the same time); read it with GET /api/claims?visitId=${visit.id}`, { value: visit.id });
    throw error;
  }
  const claimNumber = claimNumberOf(row.id);
  await trx.updateTable("claims").set({ claim_number: claimNumber }).where("id", "=", row.id).execute();
  await trx
    .insertInto("claim_lines")
    .values(
      result.lines.map((line, position) => ({
        claim_id: row.id,
        position,
        line_id: lineIdOf(claimNumber, position),
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
  await recordStatusChange(trx, row.id, null, status, who);
  return getClaim(trx, row.id);
}

/**
 * Sets a claim's (and its lines') status, checking the version the caller read and
 * recording the change. No transition rules: callers decide what is allowed.
 */
export async function setClaimStatus(trx: Db, claim: ClaimRecord, to: ClaimStatus, who: ClaimActor, extra: { payerClaimControlNumber?: string | null } = {}): Promise<void> {
  await updateVersioned(trx, "claims", claim.id, claim.version, {
    status: to,
    ...(extra.payerClaimControlNumber !== undefined ? { payer_claim_control_number: extra.payerClaimControlNumber } : {}),
  });
  await trx.updateTable("claim_lines").set({ status: to }).where("claim_id", "=", claim.id).execute();
  await recordStatusChange(trx, claim.id, claim.status, to, who);
}

function conflictForOpenClaim(visit: VisitRecord, open: ClaimRecord): InputError {
  if (SENT_STATUSES.includes(open.status)) {
    return new InputError(
      "conflict",
      `visit ${visit.id} already has claim ${open.claimNumber} (${open.status}): correct it with POST /api/claims/${open.id}/replace (frequency 7) or POST /api/claims/${open.id}/void (frequency 8)`,
      { value: open.id },
    );
  }
  return new InputError("conflict", `visit ${visit.id} already has claim ${open.claimNumber} (${open.status}) built from this version of the visit; change the visit, then build again`, { value: open.id });
}

/** 409 when the visit's open claim is with the payer, naming the claim and the two ways to correct it. */
export async function refuseEditOfBilledVisit(db: Db, visitId: number): Promise<void> {
  const row = await db
    .selectFrom("claims")
    .select(["id", "claim_number", "status"])
    .where("visit_id", "=", visitId)
    .where("status", "in", SENT_STATUSES.filter((status) => status !== "denied"))
    .where("frequency", "!=", "8")
    .executeTakeFirst();
  if (!row) return;
  const number = row.claim_number ?? claimNumberOf(row.id);
  throw new InputError(
    "conflict",
    `visit ${visitId} is on claim ${number}, which is ${row.status}: send the change as a replacement claim with POST /api/claims/${row.id}/replace (frequency 7, with the visit's changes in the body), or take the claim back with POST /api/claims/${row.id}/void (frequency 8)`,
    { value: row.id },
  );
}

/**
 * Stores the claim the scrub recommends for a stored visit. A clean scrub makes a claim
 * ready to send; anything else starts as a draft for a biller to look at. When the visit
 * already has a draft or ready claim built from an older version of the visit, the new
 * claim replaces it; a claim already sent is corrected with a replacement or a void instead.
 */
export async function createClaimFromScrub(db: Db, visit: VisitRecord, result: ScrubResult, who: ClaimActor = {}): Promise<ClaimRecord> {
  return inTransaction(db, async (trx) => {
    const open = await openClaimOfVisit(trx, visit.id);
    let replaces: number | null = null;
    if (open) {
      const unsent = open.status === "draft" || open.status === "ready";
      const changed = open.visitVersion === null || open.visitVersion !== visit.version;
      if (!unsent || !changed) throw conflictForOpenClaim(visit, open);
      await setClaimStatus(trx, open, "replaced", { ...who, note: who.note ?? `visit ${visit.id} changed (version ${open.visitVersion ?? "?"} -> ${visit.version}); rebuilt` });
      replaces = open.id;
    }
    return insertClaim(trx, visit, result, { replacesClaimId: replaces }, who);
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

export async function findClaimByNumber(db: Db, claimNumber: string): Promise<ClaimRecord | undefined> {
  const row = await db.selectFrom("claims").select("id").where("claim_number", "=", claimNumber).executeTakeFirst();
  return row ? findClaim(db, row.id) : undefined;
}

export interface ClaimPatch {
  version: number;
  status?: ClaimStatus;
  /** the payer's claim control number (835 CLP07), needed to replace or void a sent claim */
  payerClaimControlNumber?: string | null;
}

function refuseMove(claim: ClaimRecord, to: ClaimStatus): InputError | undefined {
  if (!CLAIM_TRANSITIONS[claim.status].includes(to)) {
    const allowed = CLAIM_TRANSITIONS[claim.status];
    const how = to === "void" || to === "replaced" ? `; use POST /api/claims/${claim.id}/${to === "void" ? "void" : "replace"}` : "";
    return new InputError("unprocessable", `a ${claim.status} claim cannot become ${to}${allowed.length ? ` (it can become ${allowed.join(" or ")})` : " (it is final)"}${how}`, {
      path: "status",
      value: to,
    });
  }
  if (to === "ready" && claim.scrubStatus === "reject") {
    return new InputError("unprocessable", `claim ${claim.claimNumber} came from a scrub with errors; fix the visit and build the claim again (POST /api/visits/${claim.visitId}/claim replaces it)`, {
      path: "status",
      value: to,
    });
  }
  return undefined;
}

/** Moves a claim (and its lines) to a new status, if that move is allowed from where it is. */
export async function updateClaim(db: Db, id: number, patch: ClaimPatch, who: ClaimActor = {}): Promise<ClaimRecord> {
  return inTransaction(db, async (trx) => {
    const before = await getClaim(trx, id);
    const moving = patch.status !== undefined && patch.status !== before.status;
    if (moving) {
      const refusal = refuseMove(before, patch.status!);
      if (refusal) throw refusal;
      await setClaimStatus(trx, { ...before, version: patch.version }, patch.status!, who, { payerClaimControlNumber: patch.payerClaimControlNumber });
    } else {
      await updateVersioned(trx, "claims", id, patch.version, patch.payerClaimControlNumber !== undefined ? { payer_claim_control_number: patch.payerClaimControlNumber } : {});
    }
    return getClaim(trx, id);
  });
}

/**
 * Moves a claim along several statuses at once (claims already sent and paid, as the demo
 * seeds them): each step must be a move `updateClaim` would allow, and the version goes up
 * once per step; each step is kept in the history.
 */
export async function advanceClaim(db: Db, claim: ClaimRecord, path: readonly ClaimStatus[], who: ClaimActor = {}): Promise<ClaimStatus> {
  let status = claim.status;
  for (const next of path) {
    const refusal = refuseMove({ ...claim, status }, next);
    if (refusal) throw new InputError("unprocessable", `a ${status} claim cannot become ${next}`, { path: "status", value: next });
    status = next;
  }
  if (path.length === 0) return status;
  return inTransaction(db, async (trx) => {
    await updateVersioned(trx, "claims", claim.id, claim.version, { status, version: sql`version + ${path.length}` });
    await trx.updateTable("claim_lines").set({ status }).where("claim_id", "=", claim.id).execute();
    let from = claim.status;
    for (const next of path) {
      await recordStatusChange(trx, claim.id, from, next, who);
      from = next;
    }
    return status;
  });
}

export interface ClaimFilter {
  practiceId?: number;
  patientId?: number;
  visitId?: number;
  payerId?: number;
  status?: ClaimStatus;
  claimNumber?: string;
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
  if (filter.claimNumber) query = query.where("claim_number", "=", filter.claimNumber);
  if (filter.from) query = query.where("date_of_service", ">=", filter.from);
  if (filter.to) query = query.where("date_of_service", "<=", filter.to);
  const { rows, ...bounds } = await fetchPage<ClaimRow>(query, "id", page);
  const lines = await linesOf(
    db,
    rows.map((row) => row.id),
  );
  return { items: rows.map((row) => toClaim(row, lines.get(row.id) ?? [])), ...bounds };
}

/** Claims that no longer count for anything: denied (paid nothing), void, replaced. */
export const DEAD_STATUSES: readonly ClaimStatus[] = ["denied", "void", "replaced"];

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
    // A denied claim paid nothing, and a void or replaced one was taken back, so Medicare counts nothing of them.
    .where("claims.status", "not in", [...DEAD_STATUSES])
    .where("claims.frequency", "!=", "8")
    .execute();
  return rows.map((row) => ({ visitId: row.visit_id, dateOfService: row.date_of_service, payerKind: row.kind, modifiers: fromJsonText<string[]>(row.modifiers, []), allowedCents: row.allowed_cents }));
}
