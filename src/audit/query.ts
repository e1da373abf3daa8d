/** Reading the audit trail: GET /api/audit and `otbill audit list`, newest first, with filters. */
import { pageBounds, type Page, type PageRequest } from "../store/paging.js";
import type { AuditLogRow } from "../store/schema.js";
import type { Db } from "../store/transaction.js";

export interface AuditFilter {
  practiceId?: number;
  /** first instant, inclusive (an ISO date means its 00:00 UTC) */
  from?: string;
  /** last day or instant, inclusive (an ISO date means the whole day) */
  to?: string;
  actor?: string;
  action?: string;
  resource?: string;
  resourceId?: string;
  patientId?: number;
  outcome?: string;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  resource: string | null;
  resourceId: string | null;
  patientIds: number[];
  outcome: string;
  detail: Record<string, unknown> | null;
  hash: string;
}

function toRecord(row: AuditLogRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    ip: row.ip,
    action: row.action,
    resource: row.resource,
    resourceId: row.resource_id,
    patientIds: JSON.parse(row.patient_ids) as number[],
    outcome: row.outcome,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
    hash: row.hash,
  };
}

export async function listAudit(db: Db, filter: AuditFilter, page?: PageRequest): Promise<Page<AuditRecord>> {
  let query = db.selectFrom("audit_log");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.from) query = query.where("at", ">=", filter.from);
  // "2026-12-01" as the last day keeps everything of that day: every instant sorts before "2026-12-01U".
  if (filter.to) query = query.where("at", "<=", /^\d{4}-\d\d-\d\d$/.test(filter.to) ? `${filter.to}U` : filter.to);
  if (filter.actor) query = query.where("actor", "=", filter.actor);
  if (filter.action) query = query.where("action", "=", filter.action);
  if (filter.resource) query = query.where("resource", "=", filter.resource);
  if (filter.resourceId) query = query.where("resource_id", "=", filter.resourceId);
  if (filter.outcome) query = query.where("outcome", "=", filter.outcome);
  if (filter.patientId !== undefined) {
    // patient_ids is a JSON array of integers written by appendAudit: "[3]", "[3,9]", "[1,3]".
    const id = String(filter.patientId);
    query = query.where((eb) => eb.or([eb("patient_ids", "=", `[${id}]`), eb("patient_ids", "like", `[${id},%`), eb("patient_ids", "like", `%,${id}]`), eb("patient_ids", "like", `%,${id},%`)]));
  }
  const { limit, offset } = pageBounds(page);
  const counted = await query.select((eb) => eb.fn.countAll().as("count")).executeTakeFirst();
  const rows = await query.selectAll().orderBy("id", "desc").limit(limit).offset(offset).execute();
  return { items: rows.map(toRecord), total: Number(counted?.count ?? 0), limit, offset };
}
