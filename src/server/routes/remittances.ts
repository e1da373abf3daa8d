/**
 * Remittances in over HTTP: POST /api/remittances takes the 835 itself as the body
 * (text/plain, read by a parser scoped to this route: the rest of the API stays JSON),
 * posts it to the caller's practice and answers the posting summary; the list, one
 * remittance, and the queue of unmatched payments with its resolution.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { principalOf } from "../../auth/access-hook.js";
import { appendAudit } from "../../audit/log.js";
import { auditContext } from "../../audit/records.js";
import { InputError } from "../../errors.js";
import { requireInPractice } from "../../auth/scoping.js";
import { patientBalance } from "../../remit/balances.js";
import { importRemittance } from "../../remit/post.js";
import { getRemittance, listRemittances } from "../../remit/remittances.js";
import { listUnmatched, resolveUnmatched } from "../../remit/unmatched.js";
import type { Store } from "../../store/database.js";
import { route, type Route } from "../route.js";
import { idParamsSchema } from "../schemas.js";

/** An 835 of 10,000 claims is about 5 MB; a month of a large practice fits. */
export const REMITTANCE_BODY_LIMIT = 64 * 1024 * 1024;

/** Lets a plugin scope read text/plain (and X12's own media type) bodies as strings. */
export function acceptX12Text(scope: FastifyInstance): void {
  for (const type of ["text/plain", "application/edi-x12"]) {
    scope.addContentTypeParser(type, { parseAs: "string", bodyLimit: REMITTANCE_BODY_LIMIT }, (_request, body, done) => done(null, body));
  }
}

const summarySchema = z.object({
  remittanceId: z.number().int().nullable(),
  claimsPosted: z.number().int(),
  linesPosted: z.number().int(),
  unmatched: z.array(z.string()),
  alreadyPosted: z.boolean(),
  remittanceIds: z.array(z.number().int()),
  balanced: z.boolean(),
  warnings: z.array(z.string()),
});

const postQuerySchema = z.strictObject({ acceptUnbalanced: z.enum(["true", "false"]).optional().describe("post a remittance whose amounts do not balance") });
const listQuerySchema = z.strictObject({
  from: z.string().date().optional(),
  to: z.string().date().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const unmatchedQuerySchema = z.strictObject({ status: z.enum(["open", "resolved", "dismissed"]).optional() });
const resolutionSchema = z.strictObject({
  action: z.enum(["post", "dismiss"]),
  claimId: z.number().int().positive().optional().describe("the stored claim the payment belongs to (action post)"),
  note: z.string().max(2000).optional(),
});

export function remittanceRoutes(store: Store): Route[] {
  return [
    route({
      method: "POST",
      url: "/api/remittances",
      tag: "remittances",
      summary: "Post an X12 835 (the body, text/plain) to the practice's claims; all or nothing; the same payment twice changes nothing",
      query: postQuerySchema,
      documentedBody: z.string().describe("the 835 file"),
      requestContentType: "text/plain",
      response: summarySchema,
      errors: [400, 413, 415, 422],
      handler: async ({ body, query, request }) => {
        const principal = principalOf(request);
        if (typeof body !== "string" || body.length === 0) throw new InputError("invalid_input", "send the 835 file as the body, with Content-Type: text/plain");
        return importRemittance(store.db, body, {
          fileName: "request body",
          actor: principal.actor,
          practiceId: principal.practiceId,
          acceptUnbalanced: query.acceptUnbalanced === "true",
          audit: { userId: principal.userId, tokenId: principal.tokenId, ip: request.ip },
        });
      },
    }),
    route({
      method: "GET",
      url: "/api/remittances",
      tag: "remittances",
      summary: "List posted remittances (payments), oldest first",
      query: listQuerySchema,
      errors: [400],
      handler: async ({ query, request }) => {
        const principal = principalOf(request);
        const { limit, offset, ...filter } = query;
        return listRemittances(store.db, { ...filter, practiceId: principal.practiceId }, { ...(limit !== undefined ? { limit } : {}), ...(offset !== undefined ? { offset } : {}) });
      },
    }),
    route({
      method: "GET",
      url: "/api/remittances/:id",
      tag: "remittances",
      summary: "One remittance: every claim payment, line, adjustment and provider-level adjustment",
      params: idParamsSchema,
      errors: [400, 404],
      handler: async ({ params, request }) => {
        const principal = principalOf(request);
        const remittance = await getRemittance(store.db, params.id, principal.practiceId);
        await appendAudit(store.db, { ...auditContext(request, principal), action: "read", resource: "remittances", resourceId: params.id, outcome: "success" });
        return remittance;
      },
    }),
    route({
      method: "GET",
      url: "/api/remittances/unmatched",
      tag: "remittances",
      summary: "Claim payments that matched no stored claim, for a person to resolve",
      query: unmatchedQuerySchema,
      errors: [400],
      handler: async ({ query, request }) => {
        const principal = principalOf(request);
        return { items: await listUnmatched(store.db, { ...query, practiceId: principal.practiceId }) };
      },
    }),
    route({
      method: "POST",
      url: "/api/remittances/unmatched/:id/resolve",
      tag: "remittances",
      summary: "Resolve an unmatched payment: post it to a stored claim, or dismiss it with a note",
      params: idParamsSchema,
      body: resolutionSchema,
      errors: [400, 404, 409, 422],
      handler: async ({ params, body, request }) => {
        const principal = principalOf(request);
        const resolved = await resolveUnmatched(store.db, params.id, body, { actor: principal.actor, practiceId: principal.practiceId });
        await appendAudit(store.db, { ...auditContext(request, principal), action: "update", resource: "unmatched-payments", resourceId: params.id, outcome: "success", detail: { action: body.action } });
        return resolved;
      },
    }),
    route({
      method: "GET",
      url: "/api/patients/:id/balance",
      tag: "remittances",
      summary: "A patient's balance across their billed claims: charge, payments, adjustments, patient responsibility, balance, patientBalance",
      params: idParamsSchema,
      errors: [400, 404],
      handler: async ({ params, request }) => {
        const principal = principalOf(request);
        await requireInPractice(store.db, principal, "patients", params.id);
        const balance = await patientBalance(store.db, params.id);
        await appendAudit(store.db, { ...auditContext(request, principal), action: "read", resource: "patients", resourceId: params.id, patientIds: [params.id], outcome: "success", detail: { view: "balance" } });
        return balance;
      },
    }),
  ];
}
