/**
 * One visit: who, when, the payer; the history-aware scrub as a biller reads it; an editor
 * for codes, minutes, assistant minutes and diagnoses whose changes re-scrub live (htmx posts
 * the form to /visits/:id/preview and swaps the result); save; build or rebuild the claim.
 */
import { audit } from "../audit.js";
import { buildClaimForVisit, replaceClaim } from "../../claims/lifecycle.js";
import type { IsoDate } from "../../reference/dates.js";
import { openClaimOfVisit } from "../../store/claims.js";
import type { ClaimRecord, VisitRecord } from "../../store/entities.js";
import { scrubStoredVisit } from "../../store/history.js";
import { findVisit, updateVisit } from "../../store/visits.js";
import { mayChange } from "../access.js";
import { ownRecord, text, WebRefusal, wholeNumber, type PageContext } from "../context.js";
import { personName, statusBadge } from "../format.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { practiceNames } from "../names.js";
import { applyEdit, readVisitEdit } from "../visit-form.js";
import { resultPanel } from "./scrub-result.js";

async function visitOf(context: PageContext): Promise<VisitRecord> {
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  return ownRecord(await findVisit(context.store.db, id), context, "visit", id);
}

function serviceRows(visit: VisitRecord): Html {
  const rows = [...visit.services, { code: "", minutes: null, assistantMinutes: null, units: null, modifiers: [] as string[] }];
  return html`${rows.map((service, index) => {
    const n = index + 1;
    return html`<tr>
      <td><input name="code_${index}" value="${service.code}" aria-label="Code, service ${n}" size="6" maxlength="5"></td>
      <td><input name="minutes_${index}" value="${service.minutes ?? ""}" aria-label="Minutes, service ${n}" inputmode="numeric" size="4"></td>
      <td><input name="assistant_${index}" value="${service.assistantMinutes ?? ""}" aria-label="Assistant minutes, service ${n}" inputmode="numeric" size="4"></td>
      <td><input name="units_${index}" value="${service.units ?? ""}" aria-label="Stated units, service ${n}" inputmode="numeric" size="3"></td>
      <td><input name="modifiers_${index}" value="${service.modifiers.join(" ")}" aria-label="Modifiers, service ${n}" size="10"></td>
    </tr>`;
  })}<input type="hidden" name="rows" value="${rows.length}">`;
}

function editor(context: PageContext, visit: VisitRecord, sentClaim: ClaimRecord | undefined): Html {
  if (!mayChange(context.principal.role, "worklist")) return html``;
  const mayReplace = sentClaim && mayChange(context.principal.role, "claims");
  return html`<form class="panel" method="post" action="/visits/${visit.id}" hx-post="/visits/${visit.id}/preview" hx-trigger="input changed delay:400ms, change" hx-target="#result" hx-swap="outerHTML">
    <h2>Change the visit</h2>
    ${csrfField(context.principal)}<input type="hidden" name="version" value="${visit.version}">
    <table class="services">
      <caption class="muted">Services (leave a code blank to remove the row; the last row adds one)</caption>
      <thead><tr><th>Code</th><th>Minutes</th><th>Assistant minutes</th><th>Units (if stated)</th><th>Modifiers</th></tr></thead>
      <tbody>${serviceRows(visit)}</tbody>
    </table>
    <div class="actions">
      <label>Diagnoses (ICD-10-CM, in claim order)<input name="diagnoses" value="${visit.diagnoses.join(", ")}" size="40"></label>
      <label>Total treatment minutes<input name="totalTreatmentMinutes" value="${visit.totalTreatmentMinutes ?? ""}" inputmode="numeric" size="5"></label>
    </div>
    ${
      sentClaim
        ? mayReplace
          ? html`<div class="actions"><label>Payer claim control number (835 CLP07)<input name="payerClaimControlNumber" value="${sentClaim.payerClaimControlNumber ?? ""}" size="22"></label>
              <button type="submit" formaction="/visits/${visit.id}/replace">Send as a replacement claim (frequency 7)</button>
              <span class="muted">Claim ${sentClaim.claimNumber} is with the payer: a change goes out as a replacement of it.</span></div>`
          : html`<p class="muted">Claim ${sentClaim.claimNumber} is with the payer: a biller sends changes as a replacement claim.</p>`
        : html`<div class="actions"><button type="submit">Save changes</button><span class="muted">The result below follows your changes as you type; nothing is kept until you save.</span></div>`
    }
  </form>`;
}

export async function visitPage(context: PageContext): Promise<Html> {
  const visit = await visitOf(context);
  const { db } = context.store;
  const [{ result, history }, claim, names] = await Promise.all([
    scrubStoredVisit(db, context.reference, visit),
    openClaimOfVisit(db, visit.id),
    practiceNames(db, context.principal.practiceId, [visit.patientId]),
  ]);
  const patient = names.patients.get(visit.patientId);
  await audit(context, "read", "visits", visit.id, [visit.patientId]);
  const query = context.request.query;
  const notice = text(query, "saved") ? "Changes saved; the scrub below is the new one." : text(query, "built") ? `Claim ${text(query, "built")} built.` : undefined;
  const mayBill = mayChange(context.principal.role, "claims");
  const sent = claim && !["draft", "ready"].includes(claim.status);
  const claimBox = html`<div class="panel">
    <h2>Claim</h2>
    ${claim ? html`<p><a href="/claims/${claim.id}">${claim.claimNumber}</a> ${statusBadge(claim.status)}${claim.visitVersion !== null && claim.visitVersion !== visit.version ? " (built from an older version of this visit)" : ""}</p>` : html`<p class="muted">No claim yet.</p>`}
    ${
      mayBill && !sent
        ? html`<form method="post" action="/visits/${visit.id}/claim">${csrfField(context.principal)}<button type="submit">${claim ? "Rebuild the claim" : "Build the claim"}</button></form>`
        : sent
          ? html`<p class="muted">Sent to the payer: correct or void it on the claim's page.</p>`
          : ""
    }
  </div>`;
  return page(
    { title: `Visit ${visit.dateOfService}`, section: "worklist", principal: context.principal, ...(notice ? { notice } : {}) },
    html`<h1>Visit of ${personName(patient)} on ${visit.dateOfService}</h1>
    <dl class="facts">
      <dt>Patient</dt><dd><a href="/patients/${visit.patientId}">${personName(patient)}</a> ${patient?.externalId ? `(${patient.externalId})` : ""}</dd>
      <dt>Therapist</dt><dd>${personName(names.providers.get(visit.providerId))}</dd>
      <dt>Payer</dt><dd>${names.payers.get(visit.payerId)?.name ?? ""}</dd>
      <dt>Visit</dt><dd>${visit.externalId ?? visit.id}</dd>
    </dl>
    <div class="grid">${claimBox}</div>
    ${resultPanel(result, history)}
    ${editor(context, visit, sent ? claim : undefined)}`,
  );
}

export async function visitPreview(context: PageContext): Promise<Html> {
  const visit = await visitOf(context);
  const edited = applyEdit(visit, readVisitEdit(context.request.body, visit));
  const { result, history } = await scrubStoredVisit(context.store.db, context.reference, edited);
  return resultPanel(result, history, { preview: true });
}

export async function saveVisit(context: PageContext): Promise<void> {
  const visit = await visitOf(context);
  const edit = readVisitEdit(context.request.body, visit);
  // A visit whose claim the payer has changes only through a replacement (updateVisit answers 409).
  await updateVisit(context.store.db, visit.id, edit);
  await audit(context, "update", "visits", visit.id, [visit.patientId]);
  context.reply.redirect(`/visits/${visit.id}?saved=1`, 303);
}

/** The visit's changes sent as a replacement (frequency 7) of its claim with the payer. */
export async function replaceFromVisit(context: PageContext): Promise<void> {
  if (!mayChange(context.principal.role, "claims")) throw new WebRefusal(403, `a ${context.principal.role} may not correct claims`);
  const visit = await visitOf(context);
  const claim = await openClaimOfVisit(context.store.db, visit.id);
  if (!claim || ["draft", "ready"].includes(claim.status)) throw new WebRefusal(409, `visit ${visit.id} has no claim with the payer; save the changes and build the claim instead`);
  const edit = readVisitEdit(context.request.body, visit);
  const controlNumber = text(context.request.body, "payerClaimControlNumber").trim();
  const made = await replaceClaim(context.store.db, context.reference, claim.id, { visit: edit, claimDate: context.today as IsoDate, ...(controlNumber ? { payerClaimControlNumber: controlNumber } : {}) }, { actor: context.principal.actor });
  await audit(context, "update", "claims", claim.id, [visit.patientId], { replacedBy: made.id, visitId: visit.id });
  context.reply.redirect(`/claims/${made.id}?notice=${encodeURIComponent(`${claim.claimNumber} replaced by ${made.claimNumber} (frequency 7), ready for the next batch`)}`, 303);
}

export async function buildClaim(context: PageContext): Promise<void> {
  if (!mayChange(context.principal.role, "claims")) throw new WebRefusal(403, `a ${context.principal.role} may not build claims`);
  const visit = await visitOf(context);
  // Built today (the web app's today, which tests and the demo pin): the payer's timely filing limit is checked against it (payer.timely-filing).
  const claim = await buildClaimForVisit(context.store.db, context.reference, visit.id, { actor: context.principal.actor }, { claimDate: context.today as IsoDate });
  await audit(context, "create", "claims", claim.id, [visit.patientId], { visitId: visit.id });
  context.reply.redirect(`/visits/${visit.id}?built=${encodeURIComponent(claim.claimNumber)}`, 303);
}
