/**
 * `POST /api/claims/1500`: claim documents in the body -> one CMS-1500 (02/12) PDF, the same
 * pages `otbill claim 1500` prints. Stateless: no claim is read from or written to the store;
 * the print itself is audited (who, when, which claim ids; the outcome). Every claim is
 * prepared before a page is drawn, so one bad claim answers 422 naming the claim and the
 * field, and no PDF.
 */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { principalOf } from "../../auth/access-hook.js";
import { appendAudit } from "../../audit/log.js";
import { auditContext } from "../../audit/records.js";
import { prepareClaims } from "../../claims/prepare.js";
import { claimDocumentSchema } from "../../contract/claim-document.js";
import { InputError, isInputError } from "../../errors.js";
import { renderCms1500Pdf } from "../../forms/cms1500.js";
import { parseIsoDate } from "../../reference/dates.js";
import type { Reference } from "../../reference/reference.js";
import type { Store } from "../../store/database.js";
import { todayIso } from "../../reference/today.js";
import { route, type Route } from "../route.js";

/** Claims a request: a bigger batch belongs to `otbill claim 1500` or a stored batch export. */
export const MAX_FORM_CLAIMS = 500;

const POINTS = /^-?\d{1,3}(\.\d{1,3})?$/;

const formQuerySchema = z.object({
  plain: z.enum(["true", "false"]).optional().describe("true: also draw the form's boxes and captions, for plain paper"),
  // Decimal text, not a zod number: the server's query guard takes numbers to be whole ids.
  offsetX: z.string().regex(POINTS, "must be a number of points, e.g. 2 or -1.5").optional().describe("calibration, points to the right (negative: left)"),
  offsetY: z.string().regex(POINTS, "must be a number of points, e.g. 2 or -1.5").optional().describe("calibration, points down (negative: up)"),
  date: z.string().optional().describe("item 31's signature date (YYYY-MM-DD); today by default"),
});

/** The claim ids a body names (ids only: the audit log holds no names). */
function claimIdsOf(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  return body.slice(0, MAX_FORM_CLAIMS).flatMap((item: unknown) => {
    const id = item !== null && typeof item === "object" ? (item as { claimId?: unknown }).claimId : undefined;
    return typeof id === "string" ? [id.slice(0, 40)] : [];
  });
}

async function auditPrint(store: Store, request: FastifyRequest, body: unknown, outcome: string): Promise<void> {
  const claimIds = claimIdsOf(body);
  await appendAudit(store.db, { ...auditContext(request, principalOf(request)), action: "print", resource: "claims", outcome, detail: { form: "CMS-1500", claims: claimIds.length, claimIds } });
}

export function claimFormRoutes(store: Store, reference: Reference): Route[] {
  return [
    route({
      method: "POST",
      url: "/api/claims/1500",
      tag: "claims",
      summary: "Print claim documents as CMS-1500 (02/12) pages in one PDF, for the pre-printed red form (plain=true for plain paper)",
      query: formQuerySchema,
      documentedBody: z.array(claimDocumentSchema).describe("claim documents (contract Part 2)"),
      contentType: "application/pdf",
      errors: [400, 413, 422],
      handler: async ({ body, query, request }) => {
        let pdf: Uint8Array;
        try {
          if (!Array.isArray(body)) throw new InputError("invalid_input", "the body must be an array of claim documents");
          if (body.length === 0) throw new InputError("invalid_input", "the body has no claim documents");
          if (body.length > MAX_FORM_CLAIMS) throw new InputError("invalid_input", `at most ${MAX_FORM_CLAIMS} claims a request (got ${body.length}); use otbill claim 1500 for files`);
          const signatureDate = query.date === undefined ? todayIso() : parseIsoDate(query.date, "date");
          const claims = prepareClaims(body, reference);
          const offset = { x: Number(query.offsetX ?? 0), y: Number(query.offsetY ?? 0) };
          pdf = await renderCms1500Pdf(claims, { plain: query.plain === "true", offset, signatureDate });
        } catch (error) {
          await auditPrint(store, request, body, isInputError(error) ? error.code : "error").catch(() => undefined);
          throw error;
        }
        // The PDF leaves only once its print is on record.
        await auditPrint(store, request, body, "success");
        return Buffer.from(pdf);
      },
    }),
  ];
}
