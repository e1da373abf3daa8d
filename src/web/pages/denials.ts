/**
 * Denials: the worklist of denied lines (CARC and RARC in words, what to do, whether
 * otbill's scrub would have caught it; src/remit/denials.ts) and the charts a practice
 * watches (src/reports): denied dollars by reason, payer, code and month, the denial rate
 * month by month, and A/R aging by payer. Charts are Chart.js canvases whose data sits in
 * a data attribute (app.js draws them; no inline script), each with a table of its figures.
 */
import { denialWorklist, type DenialEntry } from "../../remit/denials.js";
import { AGING_BUCKETS, arAging } from "../../reports/ar.js";
import { denialReport, denialReports, type DenialReport } from "../../reports/denials.js";
import type { IsoDate } from "../../reference/dates.js";
import { audit } from "../audit.js";
import { isoDate, wholeNumber, type PageContext } from "../context.js";
import { dollars, money, personName } from "../format.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { practiceNames } from "../names.js";
import { rememberedScrub } from "../worklist-data.js";
import { PAGE_SIZE, pager } from "./pager.js";

/**
 * "Would otbill have caught it": the visit's history-aware scrub today reports a rule the
 * CARC's row in carc_actions.csv names (as src/remit/denials.ts decides it). Done for the
 * page's rows only, with the scrubs the worklist remembers, so a practice with thousands of
 * denials is not re-scrubbed on every page.
 */
async function judgeByScrub(context: PageContext, entries: DenialEntry[]): Promise<void> {
  const ids = [...new Set(entries.map((entry) => entry.visitId))];
  if (ids.length === 0) return;
  const versions = new Map((await context.store.db.selectFrom("visits").select(["id", "version"]).where("id", "in", ids).execute()).map((row) => [row.id, row.version]));
  for (const entry of entries) {
    const scrubbed = await rememberedScrub(context.store, context.reference, entry.visitId, versions.get(entry.visitId) ?? 0);
    if (scrubbed.problem) {
      entry.scrub = { caught: false, rules: [], status: null, error: scrubbed.problem };
      continue;
    }
    const found = new Set(scrubbed.result.findings.filter((finding) => finding.severity !== "info").map((finding) => finding.rule as string));
    const rules = [...new Set(entry.carc.flatMap((reason) => reason.relatedRules))].filter((rule) => found.has(rule));
    entry.scrub = { caught: rules.length > 0, rules, status: scrubbed.result.status };
  }
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

/** The denial rate of each month of service that has adjudicated lines. */
async function ratesByMonth(context: PageContext, months: string[]): Promise<ChartSpec> {
  const practiceId = context.principal.practiceId;
  const rates: number[] = [];
  for (const month of months) {
    // Dates compare as text: "-31" closes every month.
    const report = await denialReport(context.store.db, { practiceId, by: "month", from: `${month}-01`, to: `${month}-31` });
    rates.push(Math.round(report.denialRate * 1000) / 10);
  }
  return { type: "line", labels: months, datasets: [{ label: "Denial rate %", data: rates }] };
}

function short(text: string | null): string {
  if (!text) return "";
  return text.length <= 90 ? text : `${text.slice(0, text.lastIndexOf(" ", 88))} …`;
}

function carcWords(entry: DenialEntry): Html {
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

  const entries = await denialWorklist(db, undefined, filter);
  // The newest answers first: they are the ones still within the appeal window.
  entries.sort((a, b) => ((b.paymentDate ?? "") < (a.paymentDate ?? "") ? -1 : (b.paymentDate ?? "") > (a.paymentDate ?? "") ? 1 : a.linePaymentId - b.linePaymentId));
  const shown = entries.slice(offset, offset + PAGE_SIZE);
  await judgeByScrub(context, shown);
  const names = await practiceNames(db, practiceId, shown.map((entry) => entry.patientId));
  await audit(context, "search", "denials", null, shown.map((entry) => entry.patientId), { results: shown.length });

  const reports = await denialReports(db, filter, ["carc", "payer", "code", "month"]);
  const months = [...new Set(reports.month.groups.map((group) => group.key))].sort();
  const [rates, ar] = await Promise.all([ratesByMonth(context, months), arAging(db, { asOf: context.today as IsoDate, practiceId })]);
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
    ${pager("/denials", current, offset, entries.length)}`,
  );
}
