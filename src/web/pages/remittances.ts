/**
 * Remittances: upload an 835 (a file field; posted all or nothing by the remit engine,
 * src/remit/post.ts), the posting summary, the remittances received, and the claim
 * payments no claim matched, each to post to the right claim or dismiss with a note.
 */
import { audit } from "../audit.js";
import type { MultipartValue } from "@fastify/multipart";
import { sameSecret } from "../../auth/secrets.js";
import { importRemittance, type PostingSummary } from "../../remit/post.js";
import { listRemittances } from "../../remit/remittances.js";
import { listUnmatched, resolveUnmatched } from "../../remit/unmatched.js";
import { findClaimByNumber } from "../../store/claims.js";
import { text, WebRefusal, wholeNumber, type PageContext } from "../context.js";
import { dollars, moneyCell } from "../format.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { mayChange } from "../access.js";
import { PAGE_SIZE, pager } from "./pager.js";

/** An 835 of 10,000 claims is about 5 MB. */
export const MAX_835_BYTES = 64 * 1024 * 1024;

function summaryBox(summary: PostingSummary, fileName: string): Html {
  return html`<section class="panel" aria-labelledby="summary-title" role="status">
    <h2 id="summary-title">Posted ${fileName}</h2>
    ${summary.alreadyPosted ? html`<p>This remittance was posted before; nothing changed.</p>` : ""}
    <dl class="facts"><dt>Claims posted</dt><dd>${summary.claimsPosted}</dd><dt>Lines posted</dt><dd>${summary.linesPosted}</dd>
      <dt>Unmatched payments</dt><dd>${summary.unmatched.length > 0 ? summary.unmatched.join(", ") : "none"}</dd><dt>Balanced</dt><dd>${summary.balanced ? "yes" : "no"}</dd></dl>
    ${summary.warnings.length > 0 ? html`<ul>${summary.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>` : ""}
  </section>`;
}

export async function remittancesPage(context: PageContext, posted?: { summary: PostingSummary; fileName: string }): Promise<Html> {
  const { db } = context.store;
  const practiceId = context.principal.practiceId;
  const offset = wholeNumber(context.request.query, "offset") ?? 0;
  const [remittances, unmatched] = await Promise.all([listRemittances(db, { practiceId }, { limit: PAGE_SIZE, offset }), listUnmatched(db, { status: "open", practiceId })]);
  const csrf = csrfField(context.principal);
  const mayPost = mayChange(context.principal.role, "remittances");
  const notice = text(context.request.query, "notice");
  return page(
    { title: "Remittances", section: "remittances", principal: context.principal, ...(notice ? { notice } : {}) },
    html`<h1>Remittances</h1>
    ${posted ? summaryBox(posted.summary, posted.fileName) : ""}
    ${
      mayPost
        ? html`<form class="panel filters" method="post" action="/remittances" enctype="multipart/form-data">
            ${csrf}<label>835 file<input type="file" name="file" required accept=".835,.txt,.x12,.edi,text/plain"></label>
            <label><span>Post even if the amounts do not balance</span><select name="acceptUnbalanced"><option value="false">No</option><option value="true">Yes</option></select></label>
            <button type="submit">Upload and post</button></form>`
        : ""
    }
    <h2>Payments no claim matched (${unmatched.length})</h2>
    ${
      unmatched.length === 0
        ? html`<p class="muted">None waiting.</p>`
        : html`<table><thead><tr><th>Claim id sent back</th><th>Payer</th><th>Check/EFT</th><th>Date</th><th class="num">Charge ($)</th><th class="num">Paid ($)</th><th>Why</th><th>Resolve</th></tr></thead>
          <tbody>${unmatched.map(
            (item) => html`<tr><td>${item.claimId}</td><td>${item.payer ?? ""}</td><td>${item.checkNumber}</td><td>${item.paymentDate ?? ""}</td><td class="num">${dollars(item.charge)}</td><td class="num">${dollars(item.paid)}</td><td>${item.reason}</td>
              <td>${
                mayPost
                  ? html`<form method="post" action="/remittances/unmatched/${item.id}" class="filters">${csrf}
                      <label>Our claim number<input name="claimNumber" size="9" placeholder="C-123"></label><label>Note<input name="note" size="14"></label>
                      <button type="submit" name="action" value="post">Post to claim</button><button type="submit" name="action" value="dismiss" class="secondary">Dismiss</button></form>`
                  : ""
              }</td></tr>`,
          )}</tbody></table>`
    }
    <h2>Received</h2>
    <table class="sortable"><thead><tr><th>Payment date</th><th>Payer</th><th>Check/EFT</th><th class="num">Amount ($)</th><th class="num">Claims</th><th>Balanced</th><th>Posted by</th><th>Posted</th></tr></thead>
      <tbody>${remittances.items.map(
        (item) => html`<tr><td>${item.paymentDate ?? ""}</td><td>${item.payer.name ?? item.payer.id}</td><td>${item.checkNumber}</td>${moneyCell(Math.round(item.payment * 100))}<td class="num">${item.claimCount}</td><td>${item.balanced ? "yes" : html`<span class="badge badge-review">off by ${dollars(item.imbalance)}</span>`}</td><td>${item.postedBy}</td><td>${item.postedAt.slice(0, 16).replace("T", " ")}</td></tr>`,
      )}</tbody></table>
    ${pager("/remittances", {}, offset, remittances.total)}`,
  );
}

/** The multipart form: the CSRF token and options come as fields, the 835 as the file. */
async function readUpload(context: PageContext): Promise<{ fields: Record<string, string>; file: Buffer; fileName: string }> {
  const { request } = context;
  if (!request.isMultipart()) throw new WebRefusal(415, "send the 835 as a file in a multipart form");
  const fields: Record<string, string> = {};
  let file: Buffer | undefined;
  let fileName = "835";
  for await (const part of request.parts()) {
    if (part.type === "file") {
      file = await part.toBuffer();
      fileName = part.filename || fileName;
    } else fields[part.fieldname] = String((part as MultipartValue).value);
  }
  if (!file || file.length === 0) throw new WebRefusal(400, "file: choose the 835 file to upload");
  return { fields, file, fileName };
}

export async function uploadRemittance(context: PageContext): Promise<Html> {
  const { fields, file, fileName } = await readUpload(context);
  const { principal } = context;
  if (principal.via === "session" && principal.csrfToken && !sameSecret(fields._csrf ?? "", principal.csrfToken)) throw new WebRefusal(403, "the form is out of date (CSRF token missing or wrong); reload the page and try again");
  const summary = await importRemittance(context.store.db, new Uint8Array(file), {
    fileName,
    actor: principal.actor,
    practiceId: principal.practiceId,
    acceptUnbalanced: fields.acceptUnbalanced === "true",
    audit: { userId: principal.userId, tokenId: principal.tokenId, ip: context.request.ip },
  });
  return remittancesPage(context, { summary, fileName });
}

export async function resolvePayment(context: PageContext): Promise<void> {
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  const body = context.request.body;
  const action = text(body, "action");
  if (action !== "post" && action !== "dismiss") throw new WebRefusal(400, `action: ${JSON.stringify(action)} is neither post nor dismiss`);
  const note = text(body, "note").trim();
  let claimId: number | undefined;
  if (action === "post") {
    const number = text(body, "claimNumber").trim().toUpperCase();
    const claim = number ? await findClaimByNumber(context.store.db, number) : undefined;
    if (!claim || claim.practiceId !== context.principal.practiceId) throw new WebRefusal(400, `claimNumber: ${JSON.stringify(number)} is not one of the practice's claims`);
    claimId = claim.id;
  }
  await resolveUnmatched(context.store.db, id, { action, ...(claimId !== undefined ? { claimId } : {}), ...(note ? { note } : {}) }, { actor: context.principal.actor, practiceId: context.principal.practiceId });
  await audit(context, "update", "unmatched-payments", id, [], { action, ...(claimId !== undefined ? { claimId } : {}) });
  context.reply.redirect(`/remittances?notice=${encodeURIComponent(action === "post" ? "Payment posted to the claim." : "Payment dismissed.")}`, 303);
}
