/**
 * Exporting the ready claims as one batch file: an 837P interchange or a CMS-1500 PDF. The
 * batch is made by the claims store's batch route (POST /api/claims/batches, which records
 * the batch and marks its claims submitted), called with the person's own session, so the
 * access rules and the audit are the API's; the file comes back as a download.
 */
import { WebRefusal, text, wholeNumber, type PageContext } from "../context.js";
import { html, type Html } from "../html.js";
import { csrfField } from "../layout.js";
import type { Names } from "../names.js";

export function exportForm(context: PageContext, ready: number, names: Names): Html {
  return html`<form class="panel filters" method="post" action="/claims/export" aria-labelledby="export-title">
    <h2 id="export-title" class="span-all">Send the ready claims (${ready})</h2>
    ${csrfField(context.principal)}
    <label>Format<select name="format"><option value="837p">837P batch (X12)</option><option value="1500">CMS-1500 PDF</option></select></label>
    <label>Payer<select name="payer"><option value="">All payers</option>${[...names.payers].map(([id, payer]) => html`<option value="${id}">${payer.name}</option>`)}</select></label>
    <button type="submit"${ready === 0 ? html` disabled` : ""}>Export and download</button>
  </form>`;
}

function forwardedHeaders(context: PageContext): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (context.request.headers.cookie) headers.cookie = context.request.headers.cookie;
  if (context.request.headers.authorization) headers.authorization = context.request.headers.authorization;
  if (context.principal.csrfToken) headers["x-csrf-token"] = context.principal.csrfToken;
  return headers;
}

function errorOf(body: string): string {
  try {
    return (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? body;
  } catch {
    return body;
  }
}

export async function exportClaims(context: PageContext): Promise<void> {
  const body = context.request.body;
  const format = text(body, "format");
  if (format !== "837p" && format !== "1500") throw new WebRefusal(400, `format: ${JSON.stringify(format)} is neither 837p nor 1500`);
  const payerId = wholeNumber(body, "payer");
  const made = await context.app.inject({
    method: "POST",
    url: "/api/claims/batches",
    headers: forwardedHeaders(context),
    payload: { format, status: "ready", ...(payerId !== undefined ? { payerId } : {}) },
    remoteAddress: context.request.ip,
  });
  if (made.statusCode === 404 && made.body.includes("no route")) throw new WebRefusal(501, "exporting batches is not available on this server yet");
  if (made.statusCode >= 400) throw new WebRefusal(made.statusCode, errorOf(made.body));
  const batch = JSON.parse(made.body) as { id: number; controlNumber?: number; claims?: unknown[] };
  const file = await context.app.inject({ method: "GET", url: `/api/claims/batches/${batch.id}/file`, headers: forwardedHeaders(context), remoteAddress: context.request.ip });
  if (file.statusCode >= 400) throw new WebRefusal(file.statusCode, errorOf(file.body));
  const name = `otbill-batch-${batch.controlNumber ?? batch.id}.${format === "837p" ? "837" : "pdf"}`;
  context.reply
    .type(format === "837p" ? "text/plain; charset=utf-8" : "application/pdf")
    .header("content-disposition", `attachment; filename="${name}"`)
    .header("cache-control", "no-store")
    .send(file.rawPayload);
}
