/**
 * Patients: a searchable list, and one patient's billing picture: the Medicare KX gauge for
 * the year (OT alone, PT and SLP together: allowed so far against the threshold and the
 * targeted review line, MCPM ch.5 section 10.3), each plan of care with its certification
 * dates and days to recertification (MBPM ch.15 section 220.1), the progress report due
 * (every 10th treatment day, section 220.3.D), the authorizations used and left, the balance.
 */
import { audit } from "../audit.js";
import { daysBetween, type IsoDate } from "../../reference/dates.js";
import { liveClaimLinesOfPatient } from "../../store/claims.js";
import { coveragesOfPatient } from "../../store/coverages.js";
import { findPatient, listPatients } from "../../store/patients.js";
import { plansOfPatient } from "../../store/plans-of-care.js";
import { visitsOfPatientBetween } from "../../store/visits.js";
import { ownRecord, text, wholeNumber, type PageContext } from "../context.js";
import { dollars, money, moneyCell, personName, statusBadge } from "../format.js";
import { patientBalance } from "../../remit/balances.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { practiceNames } from "../names.js";
import { PAGE_SIZE, pager } from "./pager.js";

export async function patientsPage(context: PageContext): Promise<Html> {
  const query = context.request.query;
  const q = text(query, "q").trim();
  const offset = wholeNumber(query, "offset") ?? 0;
  const found = await listPatients(context.store.db, { practiceId: context.principal.practiceId, ...(q ? { q } : {}) }, { limit: PAGE_SIZE, offset });
  await audit(context, "search", "patients", null, found.items.map((patient) => patient.id), { results: found.items.length });
  return page(
    { title: "Patients", section: "patients", principal: context.principal },
    html`<h1>Patients</h1>
    <form class="filters" method="get" action="/patients" role="search" aria-label="Find a patient">
      <label>Name<input name="q" value="${q}" type="search"></label><button type="submit">Find</button>
    </form>
    <table class="sortable">
      <thead><tr><th>Patient</th><th>Chart</th><th>Birth date</th></tr></thead>
      <tbody>${found.items.map((patient) => html`<tr><td><a href="/patients/${patient.id}">${personName(patient)}</a></td><td>${patient.externalId ?? ""}</td><td>${patient.birthDate ?? ""}</td></tr>`)}</tbody>
    </table>
    ${pager("/patients", { q }, offset, found.total)}`,
  );
}

export interface Gauge {
  label: string;
  allowedCents: number;
  thresholdCents: number;
  reviewCents: number;
}

/** One bar: the allowed amount so far, with marks at the KX threshold and the review line. */
export function gaugeOf(gauge: Gauge): Html {
  const scale = Math.max(gauge.reviewCents, gauge.allowedCents) * 1.1 || 1;
  const percent = (cents: number) => Math.min(100, Math.round((cents / scale) * 1000) / 10);
  const state = gauge.allowedCents >= gauge.reviewCents ? "above the review line: claims may be reviewed" : gauge.allowedCents >= gauge.thresholdCents ? "above the KX threshold: KX on every line" : `${money(gauge.thresholdCents - gauge.allowedCents)} before KX is needed`;
  return html`<div class="kx">
    <p><strong>${gauge.label}</strong>: ${money(gauge.allowedCents)} allowed so far; KX threshold ${money(gauge.thresholdCents)}, review at ${money(gauge.reviewCents)} (${state}).</p>
    <div class="gauge" role="meter" aria-label="${gauge.label} allowed so far" aria-valuemin="0" aria-valuemax="${gauge.reviewCents / 100}" aria-valuenow="${gauge.allowedCents / 100}" aria-valuetext="${money(gauge.allowedCents)} of ${money(gauge.reviewCents)}">
      <div class="fill w${Math.round(percent(gauge.allowedCents))}"></div>
      <div class="mark m${Math.round(percent(gauge.thresholdCents))}" title="KX threshold"></div>
      <div class="mark m${Math.round(percent(gauge.reviewCents))}" title="review line"></div>
    </div>
  </div>`;
}

export async function patientPage(context: PageContext): Promise<Html> {
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  const { db } = context.store;
  const patient = ownRecord(await findPatient(db, id), context, "patient", id);
  const today = context.today as IsoDate;
  const year = today.slice(0, 4);
  const [plans, coverages, lines, names, claims] = await Promise.all([
    plansOfPatient(db, id),
    coveragesOfPatient(db, id),
    liveClaimLinesOfPatient(db, id, `${year}-01-01`, `${Number(year) + 1}-01-01`),
    practiceNames(db, context.principal.practiceId),
    db.selectFrom("claims").select(["id", "claim_number", "date_of_service", "status", "payer_id", "allowed_cents", "payment_cents", "patient_share_cents"]).where("patient_id", "=", id).orderBy("date_of_service", "desc").limit(200).execute(),
  ]);
  await audit(context, "read", "patients", id, [id]);
  const threshold = context.reference.on(today).kxThreshold;
  let ot = 0;
  let ptSlp = 0;
  for (const line of lines) {
    // Medicare Part B's threshold: other payers' lines do not count toward it.
    if (line.payerKind !== "medicare") continue;
    if (line.modifiers.includes("GO")) ot += line.allowedCents ?? 0;
    else if (line.modifiers.includes("GP") || line.modifiers.includes("GN")) ptSlp += line.allowedCents ?? 0;
  }
  const gauges = threshold
    ? html`${gaugeOf({ label: `OT ${year}`, allowedCents: ot, thresholdCents: threshold.ot, reviewCents: threshold.reviewOt })}${gaugeOf({ label: `PT and SLP ${year}`, allowedCents: ptSlp, thresholdCents: threshold.ptSlp, reviewCents: threshold.reviewPtSlp })}`
    : html`<p class="muted">No KX threshold is on file for ${year}.</p>`;

  const firstVisit = plans.reduce((earliest, plan) => (plan.initialEvaluationDate < earliest ? plan.initialEvaluationDate : earliest), today as string);
  const visits = await visitsOfPatientBetween(db, id, firstVisit, today);
  const planRows = plans.map((plan) => {
    const since = plan.progressReportDates.filter((date) => date <= today).at(-1) ?? plan.initialEvaluationDate;
    // Treatment days since the last report (or the evaluation, which counts as the first).
    const days = new Set(visits.filter((visit) => (visit.planOfCareId === plan.id || visit.planOfCareId === null) && visit.dateOfService > since && visit.dateOfService <= today).map((visit) => visit.dateOfService));
    const treatmentDays = days.size + (since === plan.initialEvaluationDate ? 1 : 0);
    const left = daysBetween(today, plan.certifiedThrough as IsoDate);
    // The report is due on the 10th treatment day of the period (MBPM ch.15 section 220.3.D).
    const remaining = 10 - treatmentDays;
    const due = remaining <= 0 ? html`<span class="badge badge-reject">overdue</span>` : remaining === 1 ? html`<span class="badge badge-review">due at the next treatment day</span>` : `due in ${remaining} treatment days`;
    return html`<tr>
      <td>${plan.discipline}</td><td>${plan.initialEvaluationDate}</td><td>${plan.certifiedFrom}</td><td>${plan.certifiedThrough}</td>
      <td class="num">${left < 0 ? html`<span class="badge badge-reject">expired ${-left} days ago</span>` : left}</td>
      <td class="date">${plan.signedDate ?? html`<span class="badge badge-review">not signed</span>`}</td>
      <td>${plan.progressReportDates.at(-1) ?? "—"}</td><td class="num">${treatmentDays}</td><td>${left < 0 ? "—" : due}</td>
    </tr>`;
  });

  const authorizationRows = coverages.flatMap((coverage) =>
    coverage.authorizations.map((auth) => {
      const used = new Set(visits.filter((visit) => visit.payerId === coverage.payerId && visit.dateOfService >= auth.startDate && visit.dateOfService <= auth.endDate).map((visit) => visit.id)).size;
      const allowed = auth.visitsAllowed ?? null;
      return html`<tr><td>${names.payers.get(coverage.payerId)?.name ?? ""}</td><td>${auth.number ?? ""}</td><td>${auth.startDate} to ${auth.endDate}</td>
        <td class="num">${allowed ?? ""}</td><td class="num">${used}</td><td class="num">${allowed === null ? "" : allowed - used < 0 ? html`<span class="badge badge-reject">${allowed - used}</span>` : allowed - used}</td></tr>`;
    }),
  );

  // Charges less payments, write-downs and the patient's part (src/remit/balances.ts).
  const balance = await patientBalance(db, id);

  return page(
    { title: personName(patient), section: "patients", principal: context.principal },
    html`<h1>${personName(patient)}</h1>
    <dl class="facts"><dt>Chart</dt><dd>${patient.externalId ?? ""}</dd><dt>Birth date</dt><dd>${patient.birthDate ?? ""}</dd>
      <dt>Coverage</dt><dd>${coverages.map((coverage, index) => `${index > 0 ? "; " : ""}${names.payers.get(coverage.payerId)?.name ?? ""} (member ${coverage.memberId}, priority ${coverage.priority})`)}</dd>
      <dt>As of</dt><dd>${today}</dd></dl>
    <div class="grid">
      <section class="panel" aria-labelledby="kx-title"><h2 id="kx-title">Medicare therapy threshold (KX), ${year}</h2>${gauges}</section>
      <section class="panel" aria-labelledby="balance-title"><h2 id="balance-title">Balance</h2>
        <dl class="facts"><dt>Charged</dt><dd class="num">${dollars(balance.charge)}</dd><dt>Paid by payers</dt><dd class="num">${dollars(balance.payments)}</dd>
          <dt>Contractual adjustments</dt><dd class="num">${dollars(balance.adjustments)}</dd><dt>Denied</dt><dd class="num">${dollars(balance.denied)}</dd>
          <dt>Owed by payers</dt><dd class="num">${dollars(balance.balance)}</dd><dt>Owed by the patient</dt><dd class="num">${dollars(balance.patientBalance)}</dd></dl>
        <p class="muted">${balance.claims} claim(s) billed.</p></section>
    </div>
    <h2>Plans of care</h2>
    <table><thead><tr><th>Discipline</th><th>Evaluation</th><th>Certified from</th><th>Certified through</th><th class="num">Days to recertification</th><th>Signed</th><th>Last progress report</th><th class="num">Treatment days since</th><th>Progress report</th></tr></thead>
      <tbody>${planRows}</tbody></table>
    <h2>Authorizations</h2>
    ${authorizationRows.length > 0 ? html`<table><thead><tr><th>Payer</th><th>Number</th><th>Dates</th><th class="num">Visits allowed</th><th class="num">Used</th><th class="num">Left</th></tr></thead><tbody>${authorizationRows}</tbody></table>` : html`<p class="muted">None on file.</p>`}
    <h2>Claims</h2>
    <table class="sortable"><thead><tr><th>Claim</th><th>Date</th><th>Payer</th><th>Status</th><th class="num">Allowed ($)</th><th class="num">Expected payment ($)</th><th class="num">Patient share ($)</th></tr></thead>
      <tbody>${claims.map((claim) => html`<tr><td><a href="/claims/${claim.id}">${claim.claim_number ?? `C-${claim.id}`}</a></td><td>${claim.date_of_service}</td><td>${names.payers.get(claim.payer_id)?.name ?? ""}</td><td>${statusBadge(claim.status)}</td>${moneyCell(claim.allowed_cents)}${moneyCell(claim.payment_cents)}${moneyCell(claim.patient_share_cents)}</tr>`)}</tbody></table>
    <p class="muted">${visits.length} visit(s) since ${firstVisit}.</p>`,
  );
}
