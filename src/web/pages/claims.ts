/**
 * Claims: the list by status, payer and date (newest first), one claim with its lines and
 * its history, and the corrections of a sent claim (a replacement, frequency 7, or a void,
 * frequency 8) through the claims lifecycle (src/claims/lifecycle.ts).
 */
import { sql, type RawBuilder } from "kysely";
import { audit } from "../audit.js";
import { replaceClaim, voidClaim } from "../../claims/lifecycle.js";
import { todayIso } from "../../reference/today.js";
import { balancesOf, linesByClaim } from "../../remit/balances.js";
import { REVERSAL } from "../../remit/claim-state.js";
import { chargeMasterChargeOf } from "../../store/charge-master.js";
import { claimHistory, findClaim, SENT_STATUSES } from "../../store/claims.js";
import { CLAIM_STATUSES, type ClaimStatus } from "../../store/entities.js";
import { mayChange } from "../access.js";
import { isoDate, ownRecord, text, WebRefusal, wholeNumber, type PageContext } from "../context.js";
import { money, moneyCell, personName, statusBadge, statusWord } from "../format.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { practiceNames } from "../names.js";
import { exportForm } from "./claim-export.js";
import { PAGE_SIZE, pager } from "./pager.js";
import { sortHeader, sortOf, sortParams, type Sort } from "./sort.js";

/** The columns the claims list sorts by, and the stored columns each one orders by. */
export const CLAIM_SORT_COLUMNS = {
  claim: ["claims.id"],
  patient: ["patients.last_name", "patients.first_name"],
  date: ["claims.date_of_service"],
  payer: ["payers.name"],
  status: [],
  scrub: [],
  allowed: ["claims.allowed_cents"],
  // Charged, paid and owed are worked out from the payments (src/remit/balances.ts): see moneySort.
  charged: [],
  paid: [],
  owed: [],
  patientOwed: [],
} as const;
type ClaimSort = keyof typeof CLAIM_SORT_COLUMNS;
const CLAIM_SORTS = Object.keys(CLAIM_SORT_COLUMNS) as ClaimSort[];
/** Newest first. */
const CLAIMS_DEFAULT_SORT: Sort<ClaimSort> = { key: "date", dir: "desc" };

/** A claim not sent (or taken back, or replaced) owes nothing: its successor does. */
const NOT_OWING = ["draft", "ready", "void", "replaced"];
function owes(status: string): boolean {
  return !NOT_OWING.includes(status);
}

/**
 * The money columns as SQL over the claim's row, by the rules of balancesOf
 * (src/remit/balances.ts), so the database orders the whole list before it is paged:
 * - charged: the latest standing payment's CLP03, else the charge master's charge in force
 *   on the date of service (the latest start) times the units of each line;
 * - paid: the standing payments' CLP04;
 * - owed by the payer: charged - paid - the contractual write-downs and corrections - the
 *   patient's share (denials stay owed); owed by the patient: the PR adjustments.
 * Standing: neither a reversal (status 22) nor reversed. Owed is null for a claim that owes nothing.
 */
function moneySort(key: ClaimSort): { sql: RawBuilder<unknown>; nullable: boolean } | undefined {
  const standing = sql`cp.claim_id = claims.id and cp.reversed = 0 and cp.status_code <> ${sql.lit(REVERSAL)}`;
  // What the standing payments charged, paid and took off the payer's side (the patient's
  // share, corrections, contractual write-downs) is kept per claim as payments post
  // (claim_balances, src/remit/claim-balances.ts); a claim no payment reached has no row.
  const kept = (column: "charge_cents" | "paid_cents" | "reduced_cents") => sql`(select ${sql.ref(`cb.${column}`)} from claim_balances cb where cb.claim_id = claims.id)`;
  const charged = sql`coalesce(${kept("charge_cents")}, ${chargeMasterChargeOf("claims")}, 0)`;
  const paid = sql`coalesce(${kept("paid_cents")}, 0)`;
  const adjusted = (which: RawBuilder<unknown>) => sql`coalesce((select sum(pa.amount_cents) from payment_adjustments pa inner join claim_payments cp on cp.id = pa.claim_payment_id where ${standing} and ${which}), 0)`;
  const patientShare = adjusted(sql`pa.group_code = 'PR'`);
  const settled = sql`coalesce(${kept("paid_cents")} + ${kept("reduced_cents")}, 0)`;
  const owing = (amount: RawBuilder<unknown>) => sql`case when claims.status in (${sql.join(NOT_OWING.map((status) => sql.lit(status)))}) then null else ${amount} end`;
  if (key === "charged") return { sql: charged, nullable: false };
  if (key === "paid") return { sql: paid, nullable: false };
  if (key === "owed") return { sql: owing(sql`${charged} - ${settled}`), nullable: true };
  if (key === "patientOwed") return { sql: owing(patientShare), nullable: true };
  return undefined;
}

/** Beyond any amount a claim can owe (cents), so a claim that owes nothing sorts last. */
const NOT_OWED_LAST = 999_999_999_999;

function option(value: string | number, label: string, selected: string): Html {
  return html`<option value="${value}"${String(value) === selected ? html` selected` : ""}>${label}</option>`;
}

export async function claimsPage(context: PageContext): Promise<Html> {
  const query = context.request.query;
  const { db } = context.store;
  const practiceId = context.principal.practiceId;
  const status = text(query, "status");
  if (status && !CLAIM_STATUSES.includes(status as ClaimStatus)) throw new WebRefusal(400, `status: ${JSON.stringify(status)} is not a claim status (${CLAIM_STATUSES.join(", ")})`);
  const payerId = wholeNumber(query, "payer");
  const from = isoDate(query, "from");
  const to = isoDate(query, "to");
  const offset = wholeNumber(query, "offset") ?? 0;

  const sort = sortOf(query, CLAIM_SORTS, CLAIMS_DEFAULT_SORT);

  let claims = db.selectFrom("claims").where("claims.practice_id", "=", practiceId);
  if (status) claims = claims.where("claims.status", "=", status as ClaimStatus);
  if (payerId !== undefined) claims = claims.where("claims.payer_id", "=", payerId);
  if (from) claims = claims.where("claims.date_of_service", ">=", from);
  if (to) claims = claims.where("claims.date_of_service", "<=", to);
  const [{ count }] = (await claims.select((eb) => eb.fn.countAll().as("count")).execute()) as [{ count: number | string }];
  // The sort is part of the query, so it orders the whole list before it is paged; the claim id breaks ties.
  const columns = ["claims.id", "claims.claim_number", "claims.patient_id", "claims.payer_id", "claims.visit_id", "claims.date_of_service", "claims.status", "claims.scrub_status", "claims.frequency", "claims.allowed_cents", "claims.payment_cents", "claims.patient_share_cents"] as const;
  const listed = claims.innerJoin("patients", "patients.id", "claims.patient_id").innerJoin("payers", "payers.id", "claims.payer_id");
  const { dir } = sort;
  const amount = moneySort(sort.key);
  let rows;
  if (amount) {
    // Not owed (a claim not sent, void or replaced) shows blank: last either way, as unknown
    // amounts are, by a stand-in beyond any amount (so the amount is worked out once a row).
    const last = sql.lit(dir === "asc" ? NOT_OWED_LAST : -NOT_OWED_LAST);
    // The page's claims are picked by id and amount alone, which the claims' and the payments'
    // indexes hold (a claim's row, with its scrub result, is read only for the page's claims).
    const picked = listed
      .select(["claims.id", (amount.nullable ? sql`coalesce(${amount.sql}, ${last})` : amount.sql).as("amount")])
      .orderBy(sql`amount`, dir)
      .orderBy("claims.id", dir)
      .limit(PAGE_SIZE)
      .offset(offset);
    rows = await db.selectFrom(picked.as("picked")).innerJoin("claims", "claims.id", "picked.id").select(columns).orderBy("picked.amount", dir).orderBy("claims.id", dir).execute();
  } else {
    let ordered = listed.select(columns);
    // A status sorts in the order of the lifecycle (and scrub statuses worst first), not by its spelling.
    const rank = (column: string, order: readonly string[]) => sql`case ${sql.ref(column)} ${sql.join(order.map((name, index) => sql`when ${sql.lit(name)} then ${sql.lit(index)}`), sql` `)} end`;
    if (sort.key === "status") ordered = ordered.orderBy(rank("claims.status", CLAIM_STATUSES), dir);
    if (sort.key === "scrub") ordered = ordered.orderBy(rank("claims.scrub_status", ["reject", "review", "clean"]), dir);
    for (const column of CLAIM_SORT_COLUMNS[sort.key]) {
      // Amounts not known yet come last either way (SQLite and PostgreSQL disagree on where NULL sorts).
      if (column.endsWith("_cents")) ordered = ordered.orderBy(sql`${sql.ref(column)} is null`);
      ordered = ordered.orderBy(sql.ref(column), dir);
    }
    rows = await ordered.orderBy("claims.id", dir).limit(PAGE_SIZE).offset(offset).execute();
  }
  // Charged, paid and still owed for the page's claims (src/remit/balances.ts).
  const lines = rows.length === 0 ? [] : await db.selectFrom("claim_lines").select(["claim_id", "code", "units"]).where("claim_id", "in", rows.map((row) => row.id)).execute();
  const linesOf = linesByClaim(lines);
  const balances = await balancesOf(db, rows.map((row) => ({ id: row.id, practiceId, dateOfService: row.date_of_service, lines: linesOf.get(row.id) ?? [] })));
  const byStatus = await db.selectFrom("claims").select(["status", (eb) => eb.fn.countAll().as("count")]).where("practice_id", "=", practiceId).groupBy("status").execute();
  const names = await practiceNames(db, practiceId, rows.map((row) => row.patient_id));
  // The list names the page's patients: their access is audited, as the patients and denials lists do.
  await audit(context, "search", "claims", null, rows.map((row) => row.patient_id), { results: rows.length });
  const filters = { status, payer: text(query, "payer"), from: from ?? "", to: to ?? "" };
  const current = { ...filters, ...sortParams(sort, CLAIMS_DEFAULT_SORT) };
  const header = (label: string, key: ClaimSort, options: { num?: boolean } = {}) => sortHeader(label, key, "/claims", filters, sort, options);
  const counts = new Map(byStatus.map((row) => [row.status, Number(row.count)]));

  return page(
    { title: "Claims", section: "claims", principal: context.principal, ...(text(query, "notice") ? { notice: text(query, "notice") } : {}) },
    html`<h1>Claims</h1>
    <p>${CLAIM_STATUSES.filter((name) => counts.get(name)).map((name, index) => html`${index > 0 ? " · " : ""}<a href="/claims?status=${name}">${statusWord(name)}: ${counts.get(name)}</a>`)}</p>
    ${mayChange(context.principal.role, "claims") ? exportForm(context, counts.get("ready") ?? 0, names) : ""}
    <form class="filters" method="get" action="/claims" role="search" aria-label="Filter the claims">
      <label>Status<select name="status">${option("", "All", status)}${CLAIM_STATUSES.map((name) => option(name, statusWord(name), status))}</select></label>
      <label>Payer<select name="payer">${option("", "All", current.payer)}${[...names.payers].map(([id, payer]) => option(id, payer.name, current.payer))}</select></label>
      <label>From<input type="date" name="from" value="${current.from}"></label>
      <label>To<input type="date" name="to" value="${current.to}"></label>
      <button type="submit">Filter</button>
    </form>
    <table>
      <thead><tr>${header("Claim", "claim")}${header("Patient", "patient")}${header("Date", "date")}${header("Payer", "payer")}${header("Status", "status")}${header("Scrub", "scrub")}${header("Charged ($)", "charged", { num: true })}${header("Allowed ($)", "allowed", { num: true })}${header("Paid ($)", "paid", { num: true })}${header("Owed by payer ($)", "owed", { num: true })}${header("Owed by patient ($)", "patientOwed", { num: true })}</tr></thead>
      <tbody>${rows.map(
        (row) => html`<tr>
          <td><a href="/claims/${row.id}">${row.claim_number ?? `C-${row.id}`}</a>${row.frequency !== "1" ? html` <span class="muted">(${row.frequency === "7" ? "replacement" : "void"})</span>` : ""}</td>
          <td>${personName(names.patients.get(row.patient_id))}</td>
          <td class="date">${row.date_of_service}</td>
          <td>${names.payers.get(row.payer_id)?.name ?? ""}</td>
          <td>${statusBadge(row.status)}</td>
          <td>${statusBadge(row.scrub_status)}</td>
          ${moneyCell(balances.get(row.id)?.chargeCents)}${moneyCell(row.allowed_cents)}${moneyCell(balances.get(row.id)?.paymentsCents)}${moneyCell(owes(row.status) ? balances.get(row.id)?.balanceCents : null)}${moneyCell(owes(row.status) ? balances.get(row.id)?.patientBalanceCents : null)}
        </tr>`,
      )}</tbody>
    </table>
    ${pager("/claims", current, offset, Number(count))}`,
  );
}

async function claimOf(context: PageContext) {
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  return ownRecord(await findClaim(context.store.db, id), context, "claim", id);
}

export async function claimPage(context: PageContext): Promise<Html> {
  const claim = await claimOf(context);
  const { db } = context.store;
  const [history, names] = await Promise.all([claimHistory(db, claim.id), practiceNames(db, context.principal.practiceId, [claim.patientId])]);
  await audit(context, "read", "claims", claim.id, [claim.patientId]);
  const sent = SENT_STATUSES.includes(claim.status) && claim.frequency !== "8";
  const mayCorrect = mayChange(context.principal.role, "claims");
  const corrections =
    mayCorrect && sent
      ? html`<section class="panel" aria-labelledby="correct-title">
          <h2 id="correct-title">Correct or void this claim</h2>
          <p class="muted">A replacement (frequency 7) is built from the visit as it is now: change the visit first. A void (frequency 8) tells the payer to take the claim back.</p>
          <form method="post" action="/claims/${claim.id}/correct" class="filters">
            ${csrfField(context.principal)}
            <label>Payer claim control number (835 CLP07)<input name="payerClaimControlNumber" value="${claim.payerClaimControlNumber ?? ""}" size="22"></label>
            <label>Note<input name="note" size="30"></label>
            <button type="submit" name="action" value="replace">Replace (frequency 7)</button>
            <button type="submit" name="action" value="void" class="secondary">Void (frequency 8)</button>
          </form>
        </section>`
      : "";
  return page(
    { title: `Claim ${claim.claimNumber}`, section: "claims", principal: context.principal, ...(text(context.request.query, "notice") ? { notice: text(context.request.query, "notice") } : {}) },
    html`<h1>Claim ${claim.claimNumber} ${statusBadge(claim.status)}</h1>
    <dl class="facts">
      <dt>Patient</dt><dd><a href="/patients/${claim.patientId}">${personName(names.patients.get(claim.patientId))}</a></dd>
      <dt>Date of service</dt><dd>${claim.dateOfService}</dd>
      <dt>Payer</dt><dd>${names.payers.get(claim.payerId)?.name ?? ""}</dd>
      <dt>Visit</dt><dd><a href="/visits/${claim.visitId}">visit ${claim.visitId}</a></dd>
      <dt>Frequency</dt><dd>${claim.frequency === "1" ? "1 (original)" : claim.frequency === "7" ? "7 (replacement)" : "8 (void)"}${claim.payerClaimControlNumber ? `, payer claim ${claim.payerClaimControlNumber}` : ""}</dd>
      ${claim.replacesClaimId ? html`<dt>Corrects</dt><dd><a href="/claims/${claim.replacesClaimId}">C-${claim.replacesClaimId}</a></dd>` : ""}
      <dt>Built from a scrub that was</dt><dd>${statusBadge(claim.scrubStatus)}</dd>
    </dl>
    <h2>Lines</h2>
    <table>
      <thead><tr><th>Line</th><th>Code</th><th>Modifiers</th><th class="num">Units</th><th class="num">Minutes</th><th>Dx pointers</th><th class="num">Allowed ($)</th><th class="num">Payment ($)</th><th class="num">Patient share ($)</th><th>Status</th></tr></thead>
      <tbody>${claim.lines.map(
        (line) => html`<tr><td>${line.lineId}</td><td>${line.code}</td><td>${line.modifiers.join(" ")}</td><td class="num">${line.units}</td><td class="num">${line.minutes ?? ""}</td>
          <td>${line.diagnosisPointers.join(", ")}</td>${moneyCell(line.allowedCents)}${moneyCell(line.paymentCents)}${moneyCell(line.patientShareCents)}<td>${statusBadge(line.status)}</td></tr>`,
      )}</tbody>
      <tfoot><tr><td colspan="6">Total</td><td class="num">${money(claim.allowedCents)}</td><td class="num">${money(claim.paymentCents)}</td><td class="num">${money(claim.patientShareCents)}</td><td></td></tr></tfoot>
    </table>
    <h2>History</h2>
    <table>
      <thead><tr><th>When (UTC)</th><th>From</th><th>To</th><th>Who</th><th>Note</th></tr></thead>
      <tbody>${history.map((change) => html`<tr><td>${change.at.replace("T", " ").slice(0, 19)}</td><td>${change.from ? statusWord(change.from) : "—"}</td><td>${statusWord(change.to)}</td><td>${change.actor}</td><td>${change.note ?? ""}</td></tr>`)}</tbody>
    </table>
    ${corrections}`,
  );
}

export async function correctClaim(context: PageContext): Promise<void> {
  const claim = await claimOf(context);
  const body = context.request.body;
  const action = text(body, "action");
  const controlNumber = text(body, "payerClaimControlNumber").trim();
  const note = text(body, "note").trim();
  // A replacement is built today: the payer's timely filing limit is checked against today.
  const request = { claimDate: todayIso(), ...(controlNumber ? { payerClaimControlNumber: controlNumber } : {}), ...(note ? { note } : {}) };
  const who = { actor: context.principal.actor };
  if (action !== "replace" && action !== "void") throw new WebRefusal(400, `action: ${JSON.stringify(action)} is neither replace nor void`);
  const made = action === "replace" ? await replaceClaim(context.store.db, context.reference, claim.id, request, who) : await voidClaim(context.store.db, claim.id, request, who);
  await audit(context, "update", "claims", claim.id, [claim.patientId], { action, made: made.id });
  const notice = `${claim.claimNumber} ${action === "replace" ? "replaced" : "voided"} by ${made.claimNumber}, ready for the next batch`;
  context.reply.redirect(`/claims/${made.id}?notice=${encodeURIComponent(notice)}`, 303);
}
