/**
 * Exporting the ready claims as one batch file: an 837P interchange or a CMS-1500 PDF, made
 * by the claims lifecycle's export (src/claims/batches.ts: the batch is recorded and its
 * claims become submitted, all or nothing, as POST /api/claims/batches does); the file
 * comes back as a download.
 */
import { exportClaimBatches } from "../../claims/batches.js";
import { audit } from "../audit.js";
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

export async function exportClaims(context: PageContext): Promise<void> {
  const body = context.request.body;
  const format = text(body, "format");
  if (format !== "837p" && format !== "1500") throw new WebRefusal(400, `format: ${JSON.stringify(format)} is neither 837p nor 1500`);
  const payerId = wholeNumber(body, "payer");
  const { principal } = context;
  const batches = await exportClaimBatches(
    context.store.db,
    context.reference,
    { format, status: "ready", practiceId: principal.practiceId, ...(payerId !== undefined ? { payerId } : {}) },
    { actor: principal.actor },
  );
  // One practice's claims make one batch (one receiver).
  const batch = batches[0];
  if (!batch) throw new WebRefusal(422, "there is no claim ready to send" + (payerId !== undefined ? " to that payer" : ""));
  await audit(context, "export", "claim-batches", batch.id, [], { format, claims: batch.claimCount, controlNumber: batch.controlNumber });
  context.reply
    .type(batch.contentType)
    .header("content-disposition", `attachment; filename="${batch.fileName.replace(/[^\w.-]/g, "_")}"`)
    .header("cache-control", "no-store")
    .send(Buffer.from(batch.content));
}
