/**
 * `POST /api/claims/837`: claim documents in the body -> one X12 837P 005010X222A1 interchange
 * as text/plain, the same file `otbill claim 837` writes. Stateless: nothing is read from or
 * written to the store (stored batches, with their control numbers, are the claims routes').
 * Every claim is prepared before a segment is written, so one bad claim answers 422 naming
 * the claim and the field, and no X12.
 */
import { z } from "zod";
import { prepareClaims } from "../../claims/prepare.js";
import { claimDocumentSchema } from "../../contract/claim-document.js";
import { InputError } from "../../errors.js";
import { parseIsoDate } from "../../reference/dates.js";
import type { Reference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
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

export function claimDocumentRoutes(reference: Reference): Route[] {
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
      handler: ({ body, query }) => {
        if (!Array.isArray(body)) throw new InputError("invalid_input", "the body must be an array of claim documents");
        if (body.length === 0) throw new InputError("invalid_input", "the body has no claim documents");
        if (body.length > MAX_837_CLAIMS) throw new InputError("invalid_input", `at most ${MAX_837_CLAIMS} claims a request (got ${body.length}); use otbill claim 837 for files`);
        const date = query.date === undefined ? todayIso() : parseIsoDate(query.date, "date");
        const claims = prepareClaims(body, reference);
        const { senderId, senderQualifier, receiverId, receiverQualifier } = query;
        return write837pText(byBillingProvider(claims), {
          controlNumber: query.controlNumber ?? 1,
          usage: query.usage ?? "T",
          date,
          time: query.time ?? nowHhmm(),
          ...(senderId !== undefined ? { senderId } : {}),
          ...(senderQualifier !== undefined ? { senderQualifier } : {}),
          ...(receiverId !== undefined ? { receiverId } : {}),
          ...(receiverQualifier !== undefined ? { receiverQualifier } : {}),
        });
      },
    }),
  ];
}
