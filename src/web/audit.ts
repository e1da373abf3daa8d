/**
 * The audit entries the web app writes for what it shows and changes of patient data
 * (45 CFR 164.312(b)): through the access layer's one audit log (src/audit/log.ts), with the
 * same who and where as the API's entries. Ids and counts only, never names.
 */
import { appendAudit, type AuditAction } from "../audit/log.js";
import { auditContext } from "../audit/records.js";
import type { Db } from "../store/transaction.js";
import type { PageContext } from "./context.js";

export async function audit(
  context: PageContext,
  action: AuditAction,
  resource: string,
  resourceId: number | string | null,
  patientIds: readonly number[] = [],
  detail: Record<string, unknown> | null = null,
  db: Db = context.store.db,
): Promise<void> {
  await appendAudit(db, { ...auditContext(context.request, context.principal), action, resource, resourceId, patientIds, outcome: "success", detail: { via: "web", ...(detail ?? {}) } });
}
