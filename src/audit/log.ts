/**
 * The audit trail (45 CFR 164.312(b), audit controls; (c)(1), integrity): an append-only
 * table in which each entry carries `prev_hash`, the hash of the entry before it, and
 * `hash` = sha256(prev_hash + the entry's canonical content). Changing or removing an
 * entry breaks the chain from that entry on, which `verifyAudit` (`otbill audit verify`)
 * finds. `appendAudit` runs inside the caller's transaction, so an audited change and
 * its entry commit or roll back together.
 *
 * Entries carry ids and counts only, never names or other PHI.
 */
import { PostgresAdapter, sql, type Transaction } from "kysely";
import { sha256Hex } from "../auth/secrets.js";
import type { AuditLogRow, Database } from "../store/schema.js";
import type { Db } from "../store/transaction.js";

export const AUDIT_ACTIONS = ["read", "search", "create", "update", "delete", "export", "print", "import", "sign-in", "sign-in-failed", "sign-out", "token-create", "token-revoke", "user-create", "user-disable", "denied"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The chain's first `prev_hash`. */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditEntry {
  /** "user:EMAIL", "token:ID" or "os:NAME" */
  actor: string;
  userId?: number | null;
  tokenId?: number | null;
  practiceId?: number | null;
  ip?: string | null;
  action: AuditAction;
  /** the API's name for the record kind: "patients", "visits", "session" ... */
  resource?: string | null;
  resourceId?: string | number | null;
  patientIds?: readonly number[];
  /** "success", or what stopped it: "denied", "not_found", "invalid_input" ... */
  outcome: string;
  /** ids and counts only */
  detail?: Record<string, unknown> | null;
  /** defaults to now */
  at?: Date;
}

type Content = Omit<AuditLogRow, "id" | "prev_hash" | "hash">;

/** The fields in a fixed order, as JSON: what the hash covers. */
export function canonicalContent(row: Content): string {
  return JSON.stringify([row.at, row.actor, row.user_id, row.token_id, row.practice_id, row.ip, row.action, row.resource, row.resource_id, row.patient_ids, row.outcome, row.detail]);
}

export function entryHash(prevHash: string, row: Content): string {
  return sha256Hex(prevHash + canonicalContent(row));
}

function contentOf(entry: AuditEntry): Content {
  return {
    at: (entry.at ?? new Date()).toISOString(),
    actor: entry.actor,
    user_id: entry.userId ?? null,
    token_id: entry.tokenId ?? null,
    practice_id: entry.practiceId ?? null,
    ip: entry.ip ?? null,
    action: entry.action,
    resource: entry.resource ?? null,
    resource_id: entry.resourceId === undefined || entry.resourceId === null ? null : String(entry.resourceId),
    patient_ids: JSON.stringify([...new Set(entry.patientIds ?? [])].sort((a, b) => a - b)),
    outcome: entry.outcome,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  };
}

async function appendIn(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  // One writer at a time extends the chain. SQLite's write lock already serialises
  // transactions; PostgreSQL needs a lock, held to the end of the transaction.
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(727001)`.execute(trx);
  const last = await trx.selectFrom("audit_log").select("hash").orderBy("id", "desc").limit(1).executeTakeFirst();
  const content = contentOf(entry);
  const prevHash = last?.hash ?? GENESIS_HASH;
  await trx.insertInto("audit_log").values({ ...content, prev_hash: prevHash, hash: entryHash(prevHash, content) }).execute();
}

/** Appends one entry, in `db`'s transaction when it is one, else in a transaction of its own. */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  if (db.isTransaction) return appendIn(db as Transaction<Database>, entry);
  return db.transaction().execute((trx) => appendIn(trx, entry));
}

export interface AuditProblem {
  id: number;
  problem: string;
}

export interface AuditVerification {
  entries: number;
  ok: boolean;
  problems: AuditProblem[];
  /** the hash of the last entry: keep a copy elsewhere to notice the tail being cut off */
  head: string;
}

/** Walks the chain in id order; reports every entry whose content or link does not hold. */
export async function verifyAudit(db: Db, batchSize = 5000): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let afterId = 0;
  for (;;) {
    const rows = await db.selectFrom("audit_log").selectAll().where("id", ">", afterId).orderBy("id").limit(batchSize).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      entries += 1;
      const { id, prev_hash, hash, ...content } = row;
      if (prev_hash !== prevHash) problems.push({ id, problem: `entry ${id} does not follow the entry before it: an entry before it was removed or changed` });
      if (entryHash(prev_hash, content) !== hash) problems.push({ id, problem: `entry ${id} was changed after it was written` });
      prevHash = hash;
      afterId = id;
    }
  }
  return { entries, ok: problems.length === 0, problems, head: prevHash };
}
