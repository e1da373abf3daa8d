/**
 * The denial worklist and underpayments over HTTP: GET /api/denials (each denied line
 * with its CARC/RARC in words, what to do, and whether today's scrub would have caught
 * it), POST /api/denials/:id/appeal (where its appeal stands, with a note) and
 * GET /api/underpayments (remit.underpaid).
 */
import { z } from "zod";
import { principalOf } from "../../auth/access-hook.js";
import { appendAudit } from "../../audit/log.js";
import { auditContext } from "../../audit/records.js";
import type { Reference } from "../../reference/reference.js";
import { APPEAL_STATUSES, denialWorklist, setAppeal } from "../../remit/denials.js";
import { underpaidLines } from "../../remit/underpayments.js";
import type { Store } from "../../store/database.js";
import type { AppealStatus } from "../../store/schema.js";
import { route, type Route } from "../route.js";
import { idParamsSchema } from "../schemas.js";

const rangeQuery = {
  from: z.string().date().optional().describe("first date of service"),
  to: z.string().date().optional().describe("last date of service"),
};
const denialQuerySchema = z.strictObject({ ...rangeQuery, appeal: z.enum(APPEAL_STATUSES as [AppealStatus, ...AppealStatus[]]).optional() });
const appealSchema = z.strictObject({ status: z.enum(APPEAL_STATUSES as [AppealStatus, ...AppealStatus[]]), note: z.string().max(4000).optional() });

export function denialRoutes(store: Store, reference: Reference): Route[] {
  return [
    route({
      method: "GET",
      url: "/api/denials",
      tag: "denials",
      summary: "The denial worklist: denied and partly denied lines, CARC and RARC with their descriptions, what to do, whether otbill's scrub would have caught it, appeal status",
      query: denialQuerySchema,
      errors: [400],
      handler: async ({ query, request }) => {
        const principal = principalOf(request);
        const items = await denialWorklist(store.db, reference, { ...query, practiceId: principal.practiceId });
        await appendAudit(store.db, { ...auditContext(request, principal), action: "read", resource: "denials", outcome: "success", patientIds: [...new Set(items.map((item) => item.patientId))], detail: { lines: items.length } });
        return { items };
      },
    }),
    route({
      method: "POST",
      url: "/api/denials/:id/appeal",
      tag: "denials",
      summary: "Record where the appeal of a denied line stands (planned, appealed, won, lost, written-off), with a note",
      params: idParamsSchema,
      body: appealSchema,
      errors: [400, 404, 422],
      handler: async ({ params, body, request }) => {
        const principal = principalOf(request);
        const appeal = await setAppeal(store.db, params.id, body, principal.practiceId);
        await appendAudit(store.db, { ...auditContext(request, principal), action: "update", resource: "denials", resourceId: params.id, outcome: "success", detail: { appeal: body.status } });
        return appeal;
      },
    }),
    route({
      method: "GET",
      url: "/api/underpayments",
      tag: "denials",
      summary: "Paid lines whose allowed amount is more than one cent below what otbill computes for that payer and date (remit.underpaid)",
      query: z.strictObject(rangeQuery),
      errors: [400],
      handler: async ({ query, request }) => {
        const principal = principalOf(request);
        return { items: await underpaidLines(store.db, { ...query, practiceId: principal.practiceId }) };
      },
    }),
  ];
}
