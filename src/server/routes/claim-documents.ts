/**
 * `POST /api/claims/837`: claim documents in the body -> one X12 837P 005010X222A1 interchange
 * as text/plain, the same file `otbill claim 837` writes. Stateless: no claim is read from or
 * written to the store (stored batches, with their control numbers, are the claims routes');
 * the export itself is audited (who, when, which claim ids, the outcome). Every claim is
 * prepared before a segment is written, so one bad claim answers 422 naming the claim and the
 * field, and no X12.
 */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { principalOf } from "../../auth/access-hook.js";
import { appendAudit } from "../../audit/log.js";
import { auditContext } from "../../audit/records.js";
import { prepareClaims } from "../../claims/prepare.js";
import { claimDocumentSchema } from "../../contract/claim-document.js";
import { InputError, isInputError } from "../../errors.js";
import { parseIsoDate } from "../../reference/dates.js";
import type { Reference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import type { Store } from "../../store/database.js";
import { byBillingProvider, write837pText } from "../../x12/837p/write.js";
import { route, type Route } from "../route.js";

/** Claims a request: a bigger batch belongs to `otbill claim 837` or a stored batch export. */
export const MAX_837_CLAIMS = 1000;

const interchangeQuerySchema = z.object({
  controlNumber: z.coerce.number().int().min(1).max(999_999_999).optional().describe("ISA13/GS06 interchange control number; 1 by default"),
  usage: z.enum(["T", "P"]).optional().describe("ISA15: T test (the default) or P production"),
  date: z.string().optional().describe("the file's creation date (YYYY-MM-DD); today by default"),
  time: z.string().regex(/^([01]\d|2[0-3])[0-5]\d$/, "must be HHMM").optional().describe("the file's creation time (HHMM); now by default"),
  senderId: z.string().optional().describe("ISA06/GS02; the first claim's submitter id by default"),
  senderQualifier: z.string().optional().describe("ISA05; ZZ by default"),
  receiverId: z.string().optional().describe("ISA08/GS03; the first claim's receiver id by default"),
  receiverQualifier: z.string().optional().describe("ISA07; ZZ by default"),
});

function nowHhmm(now: Date = new Date()): string {
  return `${String(now.getHours()).padStart(2, "0")}${String(now.getMinutes()).padStart(2, "0")}`;
}

/** The claim ids a body names (ids only: the audit log holds no names). */
function claimIdsOf(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  return body.slice(0, MAX_837_CLAIMS).flatMap((item: unknown) => {
    const id = item !== null && typeof item === "object" ? (item as { claimId?: unknown }).claimId : undefined;
    return typeof id === "string" ? [id.slice(0, 40)] : [];
  });
}

async function auditExport(store: Store, request: FastifyRequest, body: unknown, outcome: string): Promise<void> {
  const claimIds = claimIdsOf(body);
  await appendAudit(store.db, { ...auditContext(request, principalOf(request)), action: "export", resource: "claims", outcome, detail: { format: "837P", claims: claimIds.length, claimIds } });
}

export function claimDocumentRoutes(store: Store, reference: Reference): Route[] {
  return [
    route({
      method: "POST",
      url: "/api/claims/837",
      tag: "claims",
      summary: "Write claim documents as one X12 837P (005010X222A1) interchange",
      query: interchangeQuerySchema,
      documentedBody: z.array(claimDocumentSchema).describe("claim documents (contract Part 2)"),
      contentType: "text/plain; charset=utf-8",
      errors: [400, 413, 422],
      handler: async ({ body, query, request }) => {
        let text: string;
        try {
          if (!Array.isArray(body)) throw new InputError("invalid_input", "the body must be an array of claim documents");
          if (body.length === 0) throw new InputError("invalid_input", "the body has no claim documents");
          if (body.length > MAX_837_CLAIMS) throw new InputError("invalid_input", `at most ${MAX_837_CLAIMS} claims a request (got ${body.length}); use otbill claim 837 for files`);
          const date = query.date === undefined ? todayIso() : parseIsoDate(query.date, "date");
          const claims = prepareClaims(body, reference);
          const { senderId, senderQualifier, receiverId, receiverQualifier } = query;
          text = write837pText(byBillingProvider(claims), {
            controlNumber: query.controlNumber ?? 1,
            usage: query.usage ?? "T",
            date,
            time: query.time ?? nowHhmm(),
            ...(senderId !== undefined ? { senderId } : {}),
            ...(senderQualifier !== undefined ? { senderQualifier } : {}),
            ...(receiverId !== undefined ? { receiverId } : {}),
            ...(receiverQualifier !== undefined ? { receiverQualifier } : {}),
          });
        } catch (error) {
          await auditExport(store, request, body, isInputError(error) ? error.code : "error").catch(() => undefined);
          throw error;
        }
        // The file leaves only once its export is on record.
        await auditExport(store, request, body, "success");
        return text;
      },
    }),
  ];
}
