/**
 * The stored claims' lifecycle and batches over HTTP: correct a sent claim (replace,
 * frequency 7; void, frequency 8), read a claim's status history, export the ready claims
 * as a batch file (837P or CMS-1500) and download a batch's file again. Who acts is the
 * request's principal; a principal sees and exports only its own practice's claims.
 */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Principal } from "../../auth/principal.js";
import { appendAudit, type AuditAction } from "../../audit/log.js";
import { auditContext } from "../../audit/records.js";
import { exportClaimBatches, getBatch, getBatchFile, listBatches, type BatchFile } from "../../claims/batches.js";
import { replaceClaim, voidClaim } from "../../claims/lifecycle.js";
import { InputError, isInputError } from "../../errors.js";
import { isoDateSchema } from "../../contract/visit.js";
import type { IsoDate } from "../../reference/dates.js";
import type { Reference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import { claimHistory, getClaim, UNKNOWN_ACTOR } from "../../store/claims.js";
import type { Store } from "../../store/database.js";
import type { ClaimStatus } from "../../store/entities.js";
import { MAX_PAGE_SIZE } from "../../store/paging.js";
import { inTransaction, type Db } from "../../store/transaction.js";
import { notFound } from "../../store/versioned.js";
import { route, type Route } from "../route.js";
import { claimSchema, claimStatusSchema, idParamsSchema, idSchema, pageOf, visitPatchSchema } from "../schemas.js";

const controlNumber = z.string().trim().min(1, "is empty").max(50).nullish().describe("the payer's claim control number (835 CLP07); the stored one when absent");
const note = z.string().trim().max(500).nullish();
export const replaceBodySchema = z.strictObject({
  payerClaimControlNumber: controlNumber,
  visit: visitPatchSchema.optional().describe("the visit's changes, as PATCH /api/visits/:id takes them (with the visit's version)"),
  note,
  claimDate: isoDateSchema.optional().describe("the day the replacement is built, for the payer's timely filing limit; today when absent"),
});
export const voidBodySchema = z.strictObject({ payerClaimControlNumber: controlNumber, note });
export const batchBodySchema = z.strictObject({
  format: z.enum(["837p", "1500"]),
  status: claimStatusSchema.optional().describe("the claims to take (ready by default); only ready claims become submitted"),
  payerId: idSchema.optional(),
});
const wholeNumber = () => z.coerce.number({ error: "must be a number" }).int("must be a whole number");
export const batchQuerySchema = z.object({
  limit: wholeNumber().min(1).max(MAX_PAGE_SIZE).optional(),
  offset: wholeNumber().min(0).optional(),
  format: z.enum(["837p", "1500"]).optional(),
});
const statusChangeSchema = z.object({ from: claimStatusSchema.nullable(), to: claimStatusSchema, actor: z.string(), at: z.string(), note: z.string().nullable() });
export const batchSchema = z.object({
  id: idSchema,
  practiceId: idSchema,
  format: z.enum(["837p", "1500"]),
  controlNumber: z.number().int().nullable().describe("ISA13 of an 837P"),
  receiverId: z.string().nullable(),
  fileName: z.string(),
  contentType: z.string(),
  fileHash: z.string().describe("sha256 of the file, hex"),
  claimIds: z.array(idSchema),
  claimCount: z.number().int(),
  totalChargeCents: z.number().int(),
  actor: z.string(),
  createdAt: z.string(),
});

/**
 * Runs a claim change or export and appends its audit entry in the same transaction
 * (45 CFR 164.312(b)): an entry that cannot be written rolls the change back, and a change
 * that fails leaves no success entry. What stopped a change is recorded after its rollback.
 * The entry names the patients whose claims it touched.
 */
async function audited<T>(
  store: Store,
  request: FastifyRequest,
  action: AuditAction,
  resource: string,
  resourceId: number | null,
  work: (trx: Db) => Promise<T>,
  patientsOf: (trx: Db, answer: T) => Promise<number[]> | number[],
): Promise<T> {
  const principal = request.principal;
  const context = principal ? auditContext(request, principal) : { actor: UNKNOWN_ACTOR, ip: request.ip };
  try {
    return await inTransaction(store.db, async (trx) => {
      const answer = await work(trx);
      await appendAudit(trx, { ...context, action, resource, resourceId, patientIds: await patientsOf(trx, answer), outcome: "success" });
      return answer;
    });
  } catch (error) {
    await appendAudit(store.db, { ...context, action, resource, resourceId, outcome: isInputError(error) ? error.code : "error" }).catch(() => undefined);
    throw error;
  }
}

async function patientsOfClaims(db: Db, claimIds: readonly number[]): Promise<number[]> {
  if (claimIds.length === 0) return [];
  const rows = await db.selectFrom("claims").select("patient_id").distinct().where("id", "in", [...claimIds]).execute();
  return rows.map((row) => row.patient_id);
}

function actorOf(request: FastifyRequest): string {
  return request.principal?.actor ?? UNKNOWN_ACTOR;
}

/** 404 for a claim of another practice, exactly as for one that does not exist. */
async function requireOwnClaim(db: Db, principal: Principal | null, id: number): Promise<void> {
  const claim = await getClaim(db, id);
  if (principal && claim.practiceId !== principal.practiceId) throw notFound("claims", id);
}

function summaryOf(batch: BatchFile): Omit<BatchFile, "content"> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the bytes go out only through .../file
  const { content, ...summary } = batch;
  return summary;
}

export function claimRoutes(store: Store, reference: Reference): Route[] {
  return [
    route({
      method: "POST",
      url: "/api/claims/:id/replace",
      tag: "claims",
      summary: "Correct a sent claim with a replacement (frequency 7): apply the visit's changes, scrub again, store the new claim; the original becomes replaced",
      params: idParamsSchema,
      body: replaceBodySchema,
      response: claimSchema,
      status: 201,
      errors: [400, 404, 409, 422],
      handler: async ({ params, body, request }) => {
        await requireOwnClaim(store.db, request.principal, params.id);
        return audited(store, request, "update", "claims", params.id, (trx) => replaceClaim(trx, reference, params.id, { ...body, claimDate: (body.claimDate as IsoDate | undefined) ?? todayIso() }, { actor: actorOf(request) }), (_trx, claim) => [claim.patientId]);
      },
    }),
    route({
      method: "POST",
      url: "/api/claims/:id/void",
      tag: "claims",
      summary: "Void a claim: one never sent is marked void; a sent one gets a frequency 8 claim with the payer's control number, ready for the next batch",
      params: idParamsSchema,
      body: voidBodySchema,
      response: claimSchema,
      status: 201,
      errors: [400, 404, 409, 422],
      handler: async ({ params, body, request }) => {
        await requireOwnClaim(store.db, request.principal, params.id);
        return audited(store, request, "update", "claims", params.id, (trx) => voidClaim(trx, params.id, body ?? {}, { actor: actorOf(request) }), (_trx, claim) => [claim.patientId]);
      },
    }),
    route({
      method: "GET",
      url: "/api/claims/:id/history",
      tag: "claims",
      summary: "A claim's status changes, oldest first, with who made each and when",
      params: idParamsSchema,
      response: z.object({ items: z.array(statusChangeSchema) }),
      errors: [400, 404],
      handler: async ({ params, request }) => {
        await requireOwnClaim(store.db, request.principal, params.id);
        return { items: await claimHistory(store.db, params.id) };
      },
    }),
    route({
      method: "POST",
      url: "/api/claims/batches",
      tag: "claims",
      summary: "Export the ready claims (of one payer, if given) as one file per receiver; the batch is recorded and the claims become submitted, all or nothing",
      body: batchBodySchema,
      response: z.object({ batches: z.array(batchSchema) }),
      status: 201,
      errors: [400, 422],
      handler: async ({ body, request }) => {
        const practiceId = request.principal?.practiceId;
        const batches = await audited(
          store,
          request,
          "export",
          "claims",
          null,
          (trx) =>
            exportClaimBatches(
              trx,
              reference,
              { format: body.format, ...(body.status ? { status: body.status as ClaimStatus } : {}), ...(body.payerId !== undefined ? { payerId: body.payerId } : {}), ...(practiceId !== undefined ? { practiceId } : {}) },
              { actor: actorOf(request) },
            ),
          (trx, made) => patientsOfClaims(trx, made.flatMap((batch) => batch.claimIds)),
        );
        return { batches: batches.map(summaryOf) };
      },
    }),
    route({
      method: "GET",
      url: "/api/claims/batches",
      tag: "claims",
      summary: "List the claim batches sent, oldest first",
      query: batchQuerySchema,
      response: pageOf(batchSchema),
      errors: [400],
      handler: ({ query, request }) => {
        const { limit, offset, format } = query;
        const practiceId = request.principal?.practiceId;
        return listBatches(store.db, { ...(format ? { format } : {}), ...(practiceId !== undefined ? { practiceId } : {}) }, { limit, offset });
      },
    }),
    route({
      method: "GET",
      url: "/api/claims/batches/:id",
      tag: "claims",
      summary: "Read a claim batch (without its file)",
      params: idParamsSchema,
      response: batchSchema,
      errors: [400, 404],
      handler: async ({ params, request }) => {
        const batch = await getBatch(store.db, params.id);
        if (request.principal && batch.practiceId !== request.principal.practiceId) throw new InputError("not_found", `batch ${params.id} does not exist`, { value: params.id });
        return batch;
      },
    }),
    route({
      method: "GET",
      url: "/api/claims/batches/:id/file",
      tag: "claims",
      summary: "Download a batch's file again, byte for byte as sent (837P text or CMS-1500 PDF)",
      params: idParamsSchema,
      errors: [400, 404],
      handler: async ({ params, request, reply }) => {
        // The download and its audit entry are one transaction: no file leaves unaudited.
        const batch = await audited(
          store,
          request,
          "export",
          "claim-batches",
          params.id,
          async (trx) => {
            const file = await getBatchFile(trx, params.id);
            if (request.principal && file.practiceId !== request.principal.practiceId) throw new InputError("not_found", `batch ${params.id} does not exist`, { value: params.id });
            return file;
          },
          (trx, file) => patientsOfClaims(trx, file.claimIds),
        );
        reply.header("content-disposition", `attachment; filename="${batch.fileName}"`);
        reply.header("x-content-sha256", batch.fileHash);
        reply.type(batch.contentType);
        return Buffer.from(batch.content);
      },
    }),
  ];
}
