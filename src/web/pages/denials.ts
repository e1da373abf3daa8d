/**
 * Denials: the worklist of denied lines (CARC and RARC in words, what to do, whether
 * otbill's scrub would have caught it; src/remit/denials.ts) and the charts a practice
 * watches (src/reports): denied dollars by reason, payer, code and month, the denial rate
 * month by month, and A/R aging by payer. Charts are Chart.js canvases whose data sits in
 * a data attribute (app.js draws them; no inline script), each with a table of its figures.
 */
import { sql } from "kysely";
import type { IsoDate } from "../../reference/dates.js";
import { centsToDollars } from "../../reference/fixed.js";
import { isDenialReason } from "../../remit/classify.js";
import { loadRemitCodeSets } from "../../remit/codesets.js";
import type { DenialEntry } from "../../remit/denials.js";
import { pageOfDeniedLines } from "../../remit/denied-lines.js";
import { adjustmentsByLinePayment } from "../../remit/line-adjustments.js";
import { standingLinePayments } from "../../remit/standing.js";
import { AGING_BUCKETS, arAging } from "../../reports/ar.js";
import { denialDashboard, type DenialDashboard, type DenialReport } from "../../reports/denials.js";
import { fromJsonText } from "../../store/columns.js";
import { currentScrubs } from "../../store/visit-scrubs.js";
import type { Db } from "../../store/transaction.js";
import { audit } from "../audit.js";
import { isoDate, wholeNumber, type PageContext } from "../context.js";
import { dollars, money, personName } from "../format.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { practiceNames } from "../names.js";
import { PAGE_SIZE, pager } from "./pager.js";

/**
 * "Would otbill have caught it": the visit's history-aware scrub today reports a rule the
 * CARC's row in carc_actions.csv names (as src/remit/denials.ts decides it). Done for the
 * page's rows only, with the scrubs kept in the database (src/store/visit-scrubs.ts), so a
 * practice with thousands of denials is not re-scrubbed on every page.
 */
async function judgeByScrub(context: PageContext, practiceId: number, entries: PageEntry[]): Promise<void> {
  const ids = [...new Set(entries.map((entry) => entry.visitId))];
  if (ids.length === 0) return;
  const scrubs = await currentScrubs(context.store.db, context.reference, practiceId, ids);
  for (const entry of entries) {
    const scrubbed = scrubs.get(entry.visitId);
    if (!scrubbed || scrubbed.problem) {
      entry.scrub = { caught: false, rules: [], status: null, error: scrubbed?.problem ?? `visit ${entry.visitId} is not stored` };
      continue;
    }
    const found = new Set(scrubbed.findings.filter((finding) => finding.severity !== "info").map((finding) => finding.rule as string));
    const rules = [...new Set(entry.carc.flatMap((reason) => reason.relatedRules))].filter((rule) => found.has(rule));
    entry.scrub = { caught: rules.length > 0, rules, status: scrubbed.status };
  }
}

/** What a row of the denied lines shows: the denial worklist's entry (src/remit/denials.ts), the fields this page uses. */
type PageEntry = Pick<DenialEntry, "linePaymentId" | "claimId" | "claimNumber" | "patientId" | "visitId" | "dateOfService" | "paymentDate" | "code" | "modifiers" | "denied" | "rarc" | "whatToDo" | "scrub"> & {
  payer: { name: string };
  carc: Pick<DenialEntry["carc"][number], "group" | "reason" | "description" | "title" | "action" | "relatedRules">[];
  appeal: { status: DenialEntry["appeal"]["status"] };
};

/**
 * One page of the denied lines, newest answers first (they are the ones still within the
 * appeal window), with the same words as the denial worklist (src/remit/denials.ts): the
 * database orders and pages the kept denied lines, and only the page's lines are read and get
 * their reasons.
 */
async function deniedLinesPage(db: Db, filter: { practiceId: number; from?: string; to?: string }, offset: number): Promise<PageEntry[]> {
  // The page's ids from the kept denied lines (src/remit/denied-lines.ts); only its rows are read.
  const ids = await pageOfDeniedLines(db, filter, { offset, limit: PAGE_SIZE });
  if (ids.length === 0) return [];
  // By id alone: the ids are the filter's already, and a date range would lead the database to every claim of the range.
  const query = standingLinePayments(db)
    .innerJoin("payers", "payers.id", "claims.payer_id")
    .innerJoin("remittances", "remittances.id", "claim_payments.remittance_id")
    .select([
      "line_payments.id",
      "line_payments.claim_payment_id",
      "line_payments.code",
      "line_payments.modifiers",
      "line_payments.remarks",
      "line_payments.appeal_status",
      "claims.id as claim_id",
      "claims.claim_number",
      "claims.patient_id",
      "claims.visit_id",
      "claims.date_of_service",
      "payers.name as payer_name",
      "remittances.payment_date",
    ])
    .where("line_payments.id", "in", ids);
  const rows = await query.orderBy(sql`remittances.payment_date is null`).orderBy("remittances.payment_date", "desc").orderBy("line_payments.id").execute();
  // The page's lines only, each with its own adjustments or its share of the claim's.
  const adjustmentsOf = await adjustmentsByLinePayment(db, rows);
  const sets = loadRemitCodeSets();
  return rows.map((row) => {
    const reasons = (adjustmentsOf.get(row.id) ?? []).filter((adjustment) => isDenialReason({ group: adjustment.group_code, reason: adjustment.reason }));
    const carc = reasons.map((adjustment) => {
      const action = sets.actions.get(adjustment.reason);
      return { group: adjustment.group_code, reason: adjustment.reason, description: sets.carc.get(adjustment.reason) ?? null, title: action?.title ?? null, action: action?.billerAction ?? null, relatedRules: action?.otbillRules ?? [] };
    });
    return {
      linePaymentId: row.id,
      claimId: row.claim_id,
      claimNumber: row.claim_number ?? `C-${row.claim_id}`,
      patientId: row.patient_id,
      visitId: row.visit_id,
      payer: { name: row.payer_name },
      dateOfService: row.date_of_service,
      paymentDate: row.payment_date,
      code: row.code,
      modifiers: fromJsonText<string[]>(row.modifiers, []),
      denied: centsToDollars(reasons.filter((adjustment) => adjustment.group_code !== "PR").reduce((total, adjustment) => total + adjustment.amount_cents, 0)),
      carc,
      rarc: fromJsonText<string[]>(row.remarks, []).map((code) => ({ code, description: sets.rarc.get(code) ?? null })),
      whatToDo: carc.find((reason) => reason.action !== null)?.action ?? null,
      scrub: { caught: false, rules: [], status: null, error: "not checked yet" },
      appeal: { status: row.appeal_status },
    };
  });
}

interface ChartSpec {
  type: "bar" | "line";
  labels: string[];
  datasets: { label: string; data: number[] }[];
  stacked?: boolean;
}

function chart(id: string, title: string, spec: ChartSpec, unit: string): Html {
  const empty = spec.labels.length === 0;
  return html`<section class="panel" aria-labelledby="${id}-title">
    <h3 id="${id}-title">${title}</h3>
    ${
      empty
        ? html`<p class="muted">Nothing yet.</p>`
        : html`<div class="chart-box"><canvas id="${id}" role="img" aria-label="${title}: chart; the same figures are in the table below it" data-chart="${JSON.stringify(spec)}"></canvas></div>
      <details><summary>Figures</summary><table><thead><tr><th>${spec.datasets.length > 1 ? "Payer" : "Group"}</th>${spec.datasets.length > 1 ? spec.datasets.map((set) => html`<th class="num">${set.label}</th>`) : html`<th class="num">${unit}</th>`}</tr></thead>
      <tbody>${spec.labels.map((label, index) => html`<tr><td>${label}</td>${spec.datasets.map((set) => html`<td class="num">${unit === "%" ? `${set.data[index]}%` : money(Math.round((set.data[index] ?? 0) * 100))}</td>`)}</tr>`)}</tbody></table></details>`
    }
  </section>`;
}

function byGroup(report: DenialReport): ChartSpec {
  const groups = report.groups.slice(0, 12);
  return { type: "bar", labels: groups.map((group) => (group.label && group.label !== group.key ? `${group.key} ${group.label}`.slice(0, 26) : group.key)), datasets: [{ label: "Denied $", data: groups.map((group) => group.dollars) }] };
}

/** The denial rate of each month of service that has denied lines, in percent to one decimal. */
function ratesByMonth(rates: DenialDashboard["monthlyRates"]): ChartSpec {
  return { type: "line", labels: rates.map((rate) => rate.month), datasets: [{ label: "Denial rate %", data: rates.map((rate) => Math.round(rate.denialRate * 1000) / 10) }] };
}

function short(text: string | null): string {
  if (!text) return "";
  return text.length <= 90 ? text : `${text.slice(0, text.lastIndexOf(" ", 88))} …`;
}

function carcWords(entry: PageEntry): Html {
  // The short title in the row; the code set's full wording one click away.
  return html`${entry.carc.map((reason) => html`<div><strong>${reason.group}-${reason.reason}</strong> ${reason.title ?? short(reason.description)}${reason.description && reason.title ? html` <details><summary>wording</summary>${reason.description}</details>` : ""}</div>`)}${entry.rarc.map(
    (remark) => html`<div class="muted"><strong>${remark.code}</strong> ${short(remark.description)}</div>`,
  )}`;
}

export async function denialsPage(context: PageContext): Promise<Html> {
  const query = context.request.query;
  const from = isoDate(query, "from");
  const to = isoDate(query, "to");
  const offset = wholeNumber(query, "offset") ?? 0;
  const practiceId = context.principal.practiceId;
  const { db } = context.store;
  const filter = { practiceId, ...(from ? { from } : {}), ...(to ? { to } : {}) };

  const shown = await deniedLinesPage(db, filter, offset);
  await judgeByScrub(context, practiceId, shown);
  const names = await practiceNames(db, practiceId, shown.map((entry) => entry.patientId));
  await audit(context, "search", "denials", null, shown.map((entry) => entry.patientId), { results: shown.length });

  const [{ reports, monthlyRates }, ar] = await Promise.all([denialDashboard(db, filter), arAging(db, { asOf: context.today as IsoDate, practiceId })]);
  const rates = ratesByMonth(monthlyRates);
  const aging: ChartSpec = {
    type: "bar",
    stacked: true,
    labels: ar.payers.map((payer) => payer.payer),
    datasets: AGING_BUCKETS.map((bucket) => ({ label: `${bucket} days`, data: ar.payers.map((payer) => payer.buckets[bucket]) })),
  };
  const monthly = { ...byGroup(reports.month), labels: reports.month.groups.map((group) => group.key) };
  const current = { from: from ?? "", to: to ?? "" };

  return page(
    { title: "Denials", section: "denials", principal: context.principal, charts: true },
    html`<h1>Denials</h1>
    <p>${reports.carc.deniedLines} denied line(s), ${money(Math.round(reports.carc.deniedDollars * 100))} denied, of ${reports.carc.adjudicatedLines} adjudicated: a denial rate of ${(reports.carc.denialRate * 100).toFixed(1)}%.</p>
    <form class="filters" method="get" action="/denials" role="search" aria-label="Dates of service">
      <label>From<input type="date" name="from" value="${current.from}"></label><label>To<input type="date" name="to" value="${current.to}"></label><button type="submit">Show</button>
    </form>
    <h2>Charts</h2>
    <div class="grid charts">
      ${chart("by-carc", "Denied dollars by reason (CARC)", byGroup(reports.carc), "Denied $")}
      ${chart("by-payer", "Denied dollars by payer", byGroup(reports.payer), "Denied $")}
      ${chart("by-code", "Denied dollars by code", byGroup(reports.code), "Denied $")}
      ${chart("by-month", "Denied dollars by month of service", monthly, "Denied $")}
      ${chart("rate", "Denial rate by month of service", rates, "%")}
      ${chart("aging", `A/R aging by payer, as of ${ar.asOf}`, aging, "Open $")}
    </div>
    <h2>Denied lines</h2>
    <table class="sortable denials">
      <thead><tr><th>Claim</th><th>Patient</th><th>Date</th><th>Payer</th><th>Code</th><th class="num">Denied ($)</th><th>Reason (CARC / RARC)</th><th>What to do</th><th>Would otbill have caught it?</th><th>Appeal</th></tr></thead>
      <tbody>${shown.map(
        (entry) => html`<tr>
          <td><a href="/claims/${entry.claimId}">${entry.claimNumber}</a></td>
          <td><a href="/patients/${entry.patientId}">${personName(names.patients.get(entry.patientId))}</a></td>
          <td class="date">${entry.dateOfService}</td><td>${entry.payer.name}</td><td>${entry.code}${entry.modifiers.length ? ` ${entry.modifiers.join(" ")}` : ""}</td>
          <td class="num" data-sort="${Math.round(entry.denied * 100)}">${dollars(entry.denied)}</td>
          <td>${carcWords(entry)}</td><td>${entry.whatToDo ?? ""}</td>
          <td>${entry.scrub.status === null && entry.scrub.error ? html`<span class="muted">not checked</span>` : entry.scrub.caught ? html`<span class="badge badge-reject">yes</span> ${entry.scrub.rules.join(", ")}` : "no"}</td>
          <td>${entry.appeal.status}</td>
        </tr>`,
      )}</tbody>
    </table>
    ${pager("/denials", current, offset, reports.carc.deniedLines)}`,
  );
}
