/** GET /api/audit (admin, auditor): the practice's audit trail, newest first, with filters. */
import { z } from "zod";
import { principalOf } from "../../auth/access-hook.js";
import { AUDIT_ACTIONS } from "../../audit/log.js";
import { listAudit } from "../../audit/query.js";
import type { Store } from "../../store/database.js";
import { MAX_PAGE_SIZE } from "../../store/paging.js";
import { route, type Route } from "../route.js";

const instant = z.string().regex(/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?Z)?$/, "must be YYYY-MM-DD or an ISO instant in UTC (…Z)");
const count = (max: number) => z.string().regex(/^(0|[1-9]\d{0,8})$/, "must be a whole number").transform(Number).pipe(z.number().max(max));

export const auditQuerySchema = z.strictObject({
  limit: count(MAX_PAGE_SIZE).pipe(z.number().min(1)).optional(),
  offset: count(1_000_000_000).optional(),
  from: instant.optional().describe("first day or instant (UTC)"),
  to: instant.optional().describe("last day or instant (UTC)"),
  actor: z.string().max(300).optional().describe('"user:EMAIL", "token:ID" or "os:NAME"'),
  action: z.enum(AUDIT_ACTIONS).optional(),
  resource: z.string().max(50).optional(),
  resourceId: z.string().max(50).optional(),
  patientId: count(2_147_483_647).optional(),
  outcome: z.string().max(50).optional(),
});

const auditRecordSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  ip: z.string().nullable(),
  action: z.string(),
  resource: z.string().nullable(),
  resourceId: z.string().nullable(),
  patientIds: z.array(z.number().int()),
  outcome: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  hash: z.string(),
});

export function auditRoutes(store: Store): Route[] {
  return [
    route({
      method: "GET",
      url: "/api/audit",
      tag: "access",
      summary: "The audit trail of this practice: who, when, from where, what, which record and patient, and the outcome",
      query: auditQuerySchema,
      response: z.object({ items: z.array(auditRecordSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
      errors: [400, 401, 403],
      handler: ({ query, request }) => {
        const { limit, offset, ...filter } = query;
        return listAudit(store.db, { ...filter, practiceId: principalOf(request).practiceId }, { limit, offset });
      },
    }),
  ];
}
