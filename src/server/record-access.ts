/**
 * The record routes' access layer: practice scoping (another practice's record is a 404),
 * the audit entry of every read and write of patient data, created/updated stamps and the
 * prior version of a record a PATCH replaces, each in the change's own transaction.
 */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { principalOf } from "../auth/access-hook.js";
import type { Principal } from "../auth/principal.js";
import { requireInPractice, requireOwnPatient, requireOwnPractice } from "../auth/scoping.js";
import { appendAudit, type AuditAction } from "../audit/log.js";
import { auditContext, keepPriorVersion, stampCreated, stampUpdated } from "../audit/records.js";
import { isInputError } from "../errors.js";
import type { Store } from "../store/database.js";
import type { Page } from "../store/paging.js";
import { getPractice } from "../store/practices.js";
import { inTransaction, type Db } from "../store/transaction.js";
import type { VersionedTable } from "../store/versioned.js";
import { validate } from "./route.js";

interface ResourceInfo {
  name: string;
  table: VersionedTable;
  /** the create schema: a PATCH must leave a record that it would accept */
  create?: { schema: z.ZodType };
}

/**
 * Checks the record a PATCH leaves with the create schema, so a partial change cannot
 * make what a create refuses (a plan that ends before it starts). Runs inside the PATCH's
 * transaction: a refusal rolls the change back.
 */
export function checkAsCreated(resource: ResourceInfo, record: unknown): void {
  const schema = resource.create?.schema;
  if (!(schema instanceof z.ZodObject)) return;
  const fields = record as Record<string, unknown>;
  const candidate: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape as object)) if (fields[key] !== undefined) candidate[key] = fields[key];
  validate(schema, candidate, "body");
}

/** Records that are patient data: their reads are audited with the patients they name. */
const PATIENT_DATA: ReadonlySet<VersionedTable> = new Set(["patients", "coverages", "plans_of_care", "visits", "claims"]);

function patientIdsOf(table: VersionedTable, records: readonly unknown[]): number[] {
  const ids: number[] = [];
  for (const record of records) {
    const fields = record as { id?: unknown; patientId?: unknown };
    const id = table === "patients" ? fields.id : fields.patientId;
    if (typeof id === "number") ids.push(id);
  }
  return ids;
}

function outcomeOf(error: unknown): string {
  return isInputError(error) ? error.code : "error";
}

/** Audits a failed attempt outside the rolled-back transaction, then lets the error go on. */
async function auditFailure(store: Store, request: FastifyRequest, principal: Principal, action: AuditAction, resource: ResourceInfo, id: number | null, error: unknown): Promise<never> {
  await appendAudit(store.db, { ...auditContext(request, principal), action, resource: resource.name, resourceId: id, outcome: outcomeOf(error) }).catch(() => undefined);
  throw error;
}

export async function auditedCreate<T extends { id: number }>(store: Store, request: FastifyRequest, resource: ResourceInfo, body: unknown, create: (db: Db) => Promise<T>): Promise<T> {
  const principal = principalOf(request);
  const fields = body as { practiceId?: unknown; patientId?: unknown };
  try {
    return await inTransaction(store.db, async (trx) => {
      if (resource.table !== "practices") requireOwnPractice(principal, fields.practiceId);
      await requireOwnPatient(trx, principal, fields.patientId);
      const record = await create(trx);
      await stampCreated(trx, resource.table, record.id, principal.actor);
      await appendAudit(trx, { ...auditContext(request, principal), action: "create", resource: resource.name, resourceId: record.id, patientIds: patientIdsOf(resource.table, [record]), outcome: "success" });
      return record;
    });
  } catch (error) {
    return auditFailure(store, request, principal, "create", resource, null, error);
  }
}

export async function auditedPatch<T extends { id: number; version: number }>(
  store: Store,
  request: FastifyRequest,
  resource: ResourceInfo,
  id: number,
  read: (db: Db) => Promise<T>,
  patch: (db: Db) => Promise<T>,
): Promise<T> {
  const principal = principalOf(request);
  const fields = (request.body ?? {}) as { practiceId?: unknown; patientId?: unknown };
  try {
    return await inTransaction(store.db, async (trx) => {
      await requireInPractice(trx, principal, resource.table, id);
      requireOwnPractice(principal, fields.practiceId);
      await requireOwnPatient(trx, principal, fields.patientId);
      const before = await read(trx);
      const after = await patch(trx);
      checkAsCreated(resource, after);
      await keepPriorVersion(trx, resource.table, before, principal.actor);
      await stampUpdated(trx, resource.table, id, principal.actor);
      await appendAudit(trx, {
        ...auditContext(request, principal),
        action: "update",
        resource: resource.name,
        resourceId: id,
        patientIds: patientIdsOf(resource.table, [before, after]),
        outcome: "success",
        detail: { fromVersion: before.version, toVersion: after.version },
      });
      return after;
    });
  } catch (error) {
    return auditFailure(store, request, principal, "update", resource, id, error);
  }
}

export async function auditRecordRead<T>(
  store: Store,
  request: FastifyRequest,
  resource: ResourceInfo,
  id: number,
  read: (db: Db) => Promise<T>,
  patientIds: (record: T) => number[] = (record) => patientIdsOf(resource.table, [record]),
): Promise<T> {
  const principal = principalOf(request);
  const audited = PATIENT_DATA.has(resource.table);
  try {
    return await inTransaction(store.db, async (trx) => {
      await requireInPractice(trx, principal, resource.table, id);
      const record = await read(trx);
      if (audited) await appendAudit(trx, { ...auditContext(request, principal), action: "read", resource: resource.name, resourceId: id, patientIds: patientIds(record), outcome: "success" });
      return record;
    });
  } catch (error) {
    if (!audited) throw error;
    return auditFailure(store, request, principal, "read", resource, id, error);
  }
}

function emptyPage<T>(limit: number | undefined, offset: number | undefined): Page<T> {
  return { items: [], total: 0, limit: limit ?? 50, offset: offset ?? 0 };
}

/** A list limited to the principal's practice; the ids it returned are audited. */
export async function scopedList<T>(
  store: Store,
  request: FastifyRequest,
  resource: ResourceInfo,
  filter: Record<string, unknown>,
  list: (db: Db, filter: Record<string, unknown>) => Promise<Page<T>>,
): Promise<Page<T>> {
  const principal = principalOf(request);
  const query = request.query as { limit?: number; offset?: number };
  if (filter.practiceId !== undefined && filter.practiceId !== principal.practiceId) return emptyPage(query.limit, query.offset);
  if (resource.table === "practices") {
    // A principal belongs to one practice: the list is that practice.
    const practice = await getPractice(store.db, principal.practiceId);
    const matches = typeof filter.q !== "string" || practice.name.toLowerCase().includes(filter.q.toLowerCase());
    const page = emptyPage<T>(query.limit, query.offset);
    return matches ? { ...page, items: (query.offset ?? 0) > 0 ? [] : [practice as T], total: 1 } : page;
  }
  return inTransaction(store.db, async (trx) => {
    const page = await list(trx, { ...filter, practiceId: principal.practiceId });
    if (PATIENT_DATA.has(resource.table)) {
      await appendAudit(trx, {
        ...auditContext(request, principal),
        action: "search",
        resource: resource.name,
        patientIds: patientIdsOf(resource.table, page.items),
        outcome: "success",
        detail: { returned: page.items.length, total: page.total },
      });
    }
    return page;
  });
}
