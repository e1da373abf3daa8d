/**
 * The worklist page: visits that need a person, worst first, with each finding in words
 * and its fix. Filters: therapist, payer, rule, date range; 50 rows a page.
 */
import { audit } from "../audit.js";
import { RULE_IDS } from "../../engine/findings.js";
import type { PageContext } from "../context.js";
import { isoDate, text, wholeNumber } from "../context.js";
import { moneyCell, personName, severityBadge, statusBadge } from "../format.js";
import { html, type Html } from "../html.js";
import { page } from "../layout.js";
import { practiceNames } from "../names.js";
import { WORKLIST_SORTS, worklistPage, type WorklistFilter, type WorklistItem, type WorklistSort } from "../worklist-data.js";
import { PAGE_SIZE, pager } from "./pager.js";
import { sortHeader, sortOf, sortParams } from "./sort.js";

const WORST_FIRST: WorklistSort = { key: "status", dir: "asc" };

function option(value: string | number, label: string, selected: string): Html {
  return html`<option value="${value}"${String(value) === selected ? html` selected` : ""}>${label}</option>`;
}

function findingsCell(item: WorklistItem): Html {
  if (item.problem) return html`<td>${item.problem}</td>`;
  // Notes (what the scrub did by itself) stay on the visit page; the worklist says what a person must do.
  const needing = item.findings.filter((finding) => finding.severity !== "info");
  if (needing.length === 0) return html`<td class="muted">${item.claimStatus === "ready" ? "Claim ready to send" : "Clean: build the claim"}</td>`;
  return html`<td><ul class="findings">${needing.map(
    (finding) => html`<li>${severityBadge(finding.severity)} ${finding.message}${finding.fix ? html`<span class="fix">Fix: ${finding.fix}</span>` : ""}</li>`,
  )}</ul></td>`;
}

const SORT_WORDS: Record<WorklistSort["key"], string> = { status: "status", patient: "patient", date: "date of service", therapist: "therapist", payer: "payer", atStake: "money at stake" };

/** The worklist with its filters, back in its own order. */
function sortedAway(filters: Record<string, string>): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value));
  const search = params.toString();
  return `/worklist${search ? `?${search}` : ""}`;
}

export async function worklistView(context: PageContext): Promise<Html> {
  const query = context.request.query;
  const filter: WorklistFilter = {};
  const providerId = wholeNumber(query, "therapist");
  const payerId = wholeNumber(query, "payer");
  const from = isoDate(query, "from");
  const to = isoDate(query, "to");
  const rule = text(query, "rule");
  if (providerId !== undefined) filter.providerId = providerId;
  if (payerId !== undefined) filter.payerId = payerId;
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (rule) filter.rule = rule;
  const offset = wholeNumber(query, "offset") ?? 0;
  const sort = sortOf(query, WORKLIST_SORTS, WORST_FIRST);

  const { items: shown, total, counts } = await worklistPage(context.store, context.reference, context.principal.practiceId, filter, { offset, limit: PAGE_SIZE }, sort);
  const names = await practiceNames(context.store.db, context.principal.practiceId, shown.map((item) => item.patientId));
  await audit(context, "search", "visits", null, shown.map((item) => item.patientId), { results: shown.length, worklist: true });

  const therapists = [...names.providers].filter(([, provider]) => provider.role === "therapist");
  const rows = shown.map((item) => {
    const patient = names.patients.get(item.patientId);
    return html`<tr>
      <td>${statusBadge(item.status)}</td>
      <td><a href="/visits/${item.visitId}">${personName(patient)}</a></td>
      <td class="date">${item.dateOfService}</td>
      <td>${personName(names.providers.get(item.providerId))}</td>
      <td>${names.payers.get(item.payerId)?.name ?? ""}</td>
      ${moneyCell(item.atStakeCents)}
      ${findingsCell(item)}
    </tr>`;
  });
  const filters = { therapist: text(query, "therapist"), payer: text(query, "payer"), rule, from: from ?? "", to: to ?? "" };
  const current = { ...filters, ...sortParams(sort, WORST_FIRST) };
  const header = (label: string, key: WorklistSort["key"], options: { num?: boolean } = {}) => sortHeader(label, key, "/worklist", filters, sort, options);
  return page(
    { title: "Worklist", section: "worklist", principal: context.principal },
    html`<h1>Worklist</h1>
    <p>${counts.reject} will be denied as they stand, ${counts.review} need review, ${counts.clean} are clean and not billed yet.</p>
    <form class="filters" method="get" action="/worklist" role="search" aria-label="Filter the worklist">
      <label>Therapist<select name="therapist">${option("", "All", current.therapist)}${therapists.map(([id, person]) => option(id, personName(person), current.therapist))}</select></label>
      <label>Payer<select name="payer">${option("", "All", current.payer)}${[...names.payers].map(([id, payer]) => option(id, payer.name, current.payer))}</select></label>
      <label>Rule<select name="rule">${option("", "All", current.rule)}${RULE_IDS.map((id) => option(id, id, current.rule))}</select></label>
      <label>From<input type="date" name="from" value="${current.from}"></label>
      <label>To<input type="date" name="to" value="${current.to}"></label>
      <button type="submit">Filter</button>
    </form>
    <table class="worklist">
      <caption class="muted">${sort.key === "status" && sort.dir === "asc" ? "Worst first: will be denied, then needs review, then clean but not billed" : html`Sorted by ${SORT_WORDS[sort.key]}, ${sort.dir === "asc" ? "ascending" : "descending"}. <a href="${sortedAway(filters)}">Worst first</a>`}</caption>
      <thead><tr>${header("Status", "status")}${header("Patient", "patient")}${header("Date", "date")}${header("Therapist", "therapist")}${header("Payer", "payer")}${header("At stake ($)", "atStake", { num: true })}<th>Findings and fixes</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
    ${pager("/worklist", current, offset, total)}`,
  );
}
