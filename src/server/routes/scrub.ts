/**
 * The engine over HTTP: scrub visits sent in the body (no store needed), scrub a stored
 * visit with the patient's stored history, and turn that scrub into a stored claim.
 */
import { z } from "zod";
import { isoDateSchema } from "../../contract/visit.js";
import { scrubInput } from "../../engine/scrub.js";
import { InputError, type InputErrorCode } from "../../errors.js";
import type { Reference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import { createClaimFromScrub } from "../../store/claims.js";
import type { Store } from "../../store/database.js";
import { scrubStoredVisit } from "../../store/history.js";
import { STATUS_OF_CODE } from "../errors.js";
import { principalOf } from "../../auth/access-hook.js";
import { requireInPractice } from "../../auth/scoping.js";
import { auditedCreate, auditRecordRead } from "../record-access.js";
import { route, type Route } from "../route.js";
import { claimSchema, idParamsSchema, scrubBodySchema, scrubResultSchema } from "../schemas.js";

/**
 * The day the claim is built, for the payer's timely filing limit. A scrub without it does
 * not check the limit; a claim build without it is built today, so the limit is checked when
 * it matters (payer.timely-filing).
 */
const claimDateQuery = z.object({ claimDate: isoDateSchema.optional().describe("the date the claim is built (timely filing); a claim build takes today when absent") });

/** One visit per request body, or a batch; a batch beyond this belongs to `otbill scrub`. */
export const MAX_BATCH = 1000;

const historySchema = z.object({
  otAllowedYearToDateCents: z.number().int().optional(),
  ptSlpAllowedYearToDateCents: z.number().int().optional(),
  treatmentDaysSinceProgressReport: z.number().int().optional(),
  planOfCare: z.looseObject({}).optional(),
  authorization: z.looseObject({}).optional(),
});

export function scrubRoutes(store: Store, reference: Reference): Route[] {
  return [
    route({
      method: "POST",
      url: "/api/scrub",
      tag: "scrub",
      summary: "Scrub a visit (or an array of visits) sent in the body",
      documentedBody: scrubBodySchema,
      response: z.union([scrubResultSchema, z.array(scrubResultSchema)]),
      errors: [400, 413],
      handler: ({ body }) => {
        if (Array.isArray(body)) {
          if (body.length > MAX_BATCH) throw new InputError("invalid_input", `at most ${MAX_BATCH} visits a request (got ${body.length}); use otbill scrub for files`);
          // Each visit stands alone: a bad one gets its own result with an `error`.
          return body.map((visit) => scrubInput(visit, reference));
        }
        if (body === null || typeof body !== "object") throw new InputError("invalid_input", "the body must be a visit object or an array of visits");
        const result = scrubInput(body, reference);
        if (result.error) {
          const code = (result.error.code in STATUS_OF_CODE ? result.error.code : "invalid_input") as InputErrorCode;
          throw new InputError(code, result.error.message, { path: result.error.path });
        }
        return result;
      },
    }),
    route({
      method: "POST",
      url: "/api/visits/:id/scrub",
      tag: "scrub",
      summary: "Scrub a stored visit with the patient's stored history (KX year-to-date, plan of care, progress report, authorization)",
      params: idParamsSchema,
      query: claimDateQuery,
      response: scrubResultSchema.extend({ history: historySchema }),
      errors: [400, 404, 422],
      handler: ({ params, query, request }) =>
        auditRecordRead(
          store,
          request,
          { name: "visits", table: "visits" },
          params.id,
          (db) => scrubStoredVisit(db, reference, params.id, query.claimDate ? { claimDate: query.claimDate } : {}),
          ({ visit }) => [visit.patientId],
        ).then(({ result, history }) => ({ ...result, history })),
    }),
    route({
      method: "POST",
      url: "/api/visits/:id/claim",
      tag: "claims",
      summary: "Build and store the claim the history-aware scrub recommends (ready when clean, else draft)",
      params: idParamsSchema,
      query: claimDateQuery,
      response: claimSchema,
      status: 201,
      errors: [400, 404, 409, 422],
      handler: async ({ params, query, request }) => {
        await requireInPractice(store.db, principalOf(request), "visits", params.id);
        return auditedCreate(store, request, { name: "claims", table: "claims" }, {}, async (db) => {
          // A claim built today must meet the payer's timely filing limit today (payer.timely-filing).
          const { visit, result } = await scrubStoredVisit(db, reference, params.id, { claimDate: query.claimDate ?? todayIso() });
          return createClaimFromScrub(db, visit, result, { actor: principalOf(request).actor });
        });
      },
    }),
  ];
}
