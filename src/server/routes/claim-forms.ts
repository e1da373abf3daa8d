/**
 * `POST /api/claims/1500`: claim documents in the body -> one CMS-1500 (02/12) PDF, the same
 * pages `otbill claim 1500` prints. Stateless: nothing is read from or written to the store.
 * Every claim is prepared before a page is drawn, so one bad claim answers 422 naming the
 * claim and the field, and no PDF.
 */
import { z } from "zod";
import { prepareClaims } from "../../claims/prepare.js";
import { claimDocumentSchema } from "../../contract/claim-document.js";
import { InputError } from "../../errors.js";
import { renderCms1500Pdf } from "../../forms/cms1500.js";
import { parseIsoDate } from "../../reference/dates.js";
import type { Reference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import { route, type Route } from "../route.js";

/** Claims a request: a bigger batch belongs to `otbill claim 1500` or a stored batch export. */
export const MAX_FORM_CLAIMS = 500;

const formQuerySchema = z.object({
  plain: z.enum(["true", "false"]).optional().describe("true: also draw the form's boxes and captions, for plain paper"),
  offsetX: z.coerce.number().finite().optional().describe("calibration, points to the right (negative: left)"),
  offsetY: z.coerce.number().finite().optional().describe("calibration, points down (negative: up)"),
  date: z.string().optional().describe("item 31's signature date (YYYY-MM-DD); today by default"),
});

export function claimFormRoutes(reference: Reference): Route[] {
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
      handler: async ({ body, query }) => {
        if (!Array.isArray(body)) throw new InputError("invalid_input", "the body must be an array of claim documents");
        if (body.length === 0) throw new InputError("invalid_input", "the body has no claim documents");
        if (body.length > MAX_FORM_CLAIMS) throw new InputError("invalid_input", `at most ${MAX_FORM_CLAIMS} claims a request (got ${body.length}); use otbill claim 1500 for files`);
        const signatureDate = query.date === undefined ? todayIso() : parseIsoDate(query.date, "date");
        const claims = prepareClaims(body, reference);
        const offset = { x: query.offsetX ?? 0, y: query.offsetY ?? 0 };
        const pdf = await renderCms1500Pdf(claims, { plain: query.plain === "true", offset, signatureDate });
        return Buffer.from(pdf);
      },
    }),
  ];
}
