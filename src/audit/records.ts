/**
 * What the record routes write beside a change: the created/updated stamps on the row, the
 * prior version of the record in `record_history` (a PATCH never loses what was there),
 * and the audit entry. All inside the change's own transaction.
 */
import type { FastifyRequest } from "fastify";
import type { Principal } from "../auth/principal.js";
import type { Db } from "../store/transaction.js";
import type { VersionedTable } from "../store/versioned.js";
import type { AuditEntry } from "./log.js";

export async function stampCreated(db: Db, table: VersionedTable, id: number, actor: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.updateTable(table).set({ created_at: at, created_by: actor, updated_at: at, updated_by: actor }).where("id", "=", id).execute();
}

export async function stampUpdated(db: Db, table: VersionedTable, id: number, actor: string, now = new Date()): Promise<void> {
  await db.updateTable(table).set({ updated_at: now.toISOString(), updated_by: actor }).where("id", "=", id).execute();
}

/** The record tables a CLI import or the demo writes without going through the API. */
const CLI_WRITTEN: readonly VersionedTable[] = ["practices", "providers", "payers", "patients", "coverages", "plans_of_care", "visits", "claims"];

/** Stamps every record not stamped yet (written by an import or the demo just now) with the CLI's actor. */
export async function stampUnstamped(db: Db, actor: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  for (const table of CLI_WRITTEN) {
    await db.updateTable(table).set({ created_at: at, created_by: actor, updated_at: at, updated_by: actor }).where("created_at", "is", null).execute();
  }
}

/** Keeps the record as it was (its API form, with child rows) before a change replaces it. */
export async function keepPriorVersion(db: Db, table: VersionedTable, record: { id: number; version: number }, actor: string, now = new Date()): Promise<void> {
  await db
    .insertInto("record_history")
    .values({ table_name: table, record_id: record.id, version: record.version, data: JSON.stringify(record), replaced_at: now.toISOString(), replaced_by: actor })
    .execute();
}

export interface PriorVersion {
  version: number;
  replacedAt: string;
  replacedBy: string;
  record: unknown;
}

export async function priorVersions(db: Db, table: VersionedTable, id: number): Promise<PriorVersion[]> {
  const rows = await db.selectFrom("record_history").selectAll().where("table_name", "=", table).where("record_id", "=", id).orderBy("version").execute();
  return rows.map((row) => ({ version: row.version, replacedAt: row.replaced_at, replacedBy: row.replaced_by, record: JSON.parse(row.data) as unknown }));
}

/** The who and where of an audit entry for a request. */
export function auditContext(request: FastifyRequest, principal: Principal): Pick<AuditEntry, "actor" | "userId" | "tokenId" | "practiceId" | "ip"> {
  return { actor: principal.actor, userId: principal.userId, tokenId: principal.tokenId, practiceId: principal.practiceId, ip: request.ip };
}
