/**
 * Settings (admin only): the practice and its billing details, providers, referring and
 * certifying physicians, payers, the charge master, the clearinghouse, users and API
 * tokens. Dense tables to read; forms for what an admin changes: the practice's billing
 * details, a provider, a physician (added or edited), a payer, a charge (added, a new
 * price from a day, or a row corrected: settings-parties.ts), the clearinghouse, a user,
 * an API token (shown once) and revoking one.
 */
import { audit } from "../audit.js";
import { ROLES } from "../../auth/principal.js";
import { createToken, listTokens, revokeToken } from "../../auth/tokens.js";
import { createUser, listUsers, parseRole } from "../../auth/users.js";
import { listCharges } from "../../store/charge-master.js";
import { clearinghouseOfPractice } from "../../store/clearinghouses.js";
import type { PostalAddress } from "../../store/entities.js";
import { listPayers } from "../../store/payers.js";
import { listPhysicians } from "../../store/physicians.js";
import { getPractice } from "../../store/practices.js";
import { listProviders } from "../../store/providers.js";
import { inTransaction } from "../../store/transaction.js";
import type { ProfileOverrides } from "../../payers/profile-schema.js";
import { payerProfilesOf } from "../../payers/profiles.js";
import type { IsoDate } from "../../reference/dates.js";
import { text, wholeNumber, type PageContext } from "../context.js";
import { money, personName } from "../format.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";
import { addressFields, choice, dollarsText, field, formError, openIf, versionField, type FormState } from "./settings-forms.js";

function address(value: PostalAddress | null | undefined): string {
  return value ? `${value.line1}${value.line2 ? `, ${value.line2}` : ""}, ${value.city}, ${value.state} ${value.zip}` : "";
}

const PERIODS = [
  { value: "calendar-year", label: "calendar year" },
  { value: "benefit-year", label: "benefit year" },
];
const SCOPES = [
  { value: "discipline", label: "per discipline" },
  { value: "combined", label: "PT, OT and SLP together" },
];

/** The payer's own rule values in words (those set through the API too). */
function overridesText(overrides: ProfileOverrides | null): string {
  if (!overrides) return "";
  const words: string[] = [];
  if (overrides.visitLimit?.basis === "visits") words.push(`${overrides.visitLimit.visits} visits a ${overrides.visitLimit.period === "benefit-year" ? "benefit" : "calendar"} year${overrides.visitLimit.scope === "combined" ? " (PT, OT, SLP together)" : ""}`);
  if (overrides.priorAuthorization?.required === "after-visits") words.push(`authorization after ${overrides.priorAuthorization.afterVisits} visits`);
  if (overrides.feeSchedule?.basis === "percent-of-medicare") words.push(`${overrides.feeSchedule.percent}% of Medicare`);
  const shownHere = new Set(["visitLimit", "priorAuthorization", "feeSchedule"]);
  const others = Object.keys(overrides).filter((name) => !shownHere.has(name) || (name === "visitLimit" && overrides.visitLimit?.basis !== "visits") || (name === "priorAuthorization" && overrides.priorAuthorization?.required !== "after-visits") || (name === "feeSchedule" && overrides.feeSchedule?.basis !== "percent-of-medicare"));
  if (others.length > 0) words.push(`also ${others.join(", ")}`);
  return words.join("; ");
}

function roleOptions(): Html {
  return html`${ROLES.map((role) => html`<option value="${role}">${role}</option>`)}`;
}

const DISCIPLINES = ["OT", "PT", "SLP"].map((value) => ({ value, label: value }));
const PROVIDER_ROLES = [
  { value: "therapist", label: "therapist" },
  { value: "assistant", label: "assistant (OTA/PTA)" },
];

export async function settingsPage(context: PageContext, shownToken?: { name: string; token: string }, state?: FormState): Promise<Html> {
  const { db } = context.store;
  const practiceId = context.principal.practiceId;
  const [practice, providers, physicians, payers, charges, clearinghouse, users, tokens] = await Promise.all([
    getPractice(db, practiceId),
    listProviders(db, { practiceId }, { limit: 500 }),
    listPhysicians(db, { practiceId }, { limit: 500 }),
    listPayers(db, { practiceId }, { limit: 500 }),
    listCharges(db, { practiceId }, { limit: 500 }),
    clearinghouseOfPractice(db, practiceId),
    listUsers(db),
    listTokens(db, practiceId),
  ]);
  const csrf = csrfField(context.principal);
  const chargeRows = [...charges.items].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.id - b.id));
  const catalog = payerProfilesOf(context.reference);
  const profiles = catalog.ids().map((id) => ({ value: id, label: `${catalog.get(id, context.today as IsoDate).name} (${id})` }));
  const notice = text(context.request.query, "notice");
  return page(
    { title: "Settings", section: "settings", principal: context.principal, ...(notice ? { notice } : {}) },
    html`<h1>Settings</h1>
    ${shownToken ? html`<div class="notice" role="status">API token <strong>${shownToken.name}</strong>: <code>${shownToken.token}</code>. Copy it now: it is not shown again.</div>` : ""}
    <section aria-labelledby="practice-title"><h2 id="practice-title">Practice</h2>
      <dl class="facts"><dt>Name</dt><dd>${practice.name}</dd><dt>Billing name</dt><dd>${practice.billingName ?? ""}</dd><dt>Group NPI</dt><dd>${practice.npi ?? ""}</dd><dt>Tax id</dt><dd>${practice.taxId ?? ""}</dd><dt>Taxonomy</dt><dd>${practice.taxonomy ?? ""}</dd>
        <dt>Phone</dt><dd>${practice.phone ?? ""}</dd><dt>Address</dt><dd>${address(practice.address)}</dd><dt>Pay-to address</dt><dd>${address(practice.payToAddress)}</dd></dl>
      <details class="edit"${openIf(state, "practice")}><summary>Edit the practice's billing details</summary>
      <form class="panel" method="post" action="/settings/practice">${csrf}${versionField(state, "practice", practice.version)}${formError(state, "practice")}
        <div class="fields">${field(state, "practice", "name", "Name", practice.name, { size: 30, required: true })}${field(state, "practice", "billingName", "Billing name (on claims)", practice.billingName, { size: 26 })}
        ${field(state, "practice", "npi", "Group NPI", practice.npi, { size: 10 })}${field(state, "practice", "taxId", "Tax id (EIN)", practice.taxId, { size: 10 })}
        ${field(state, "practice", "taxonomy", "Billing taxonomy", practice.taxonomy, { size: 10 })}${field(state, "practice", "phone", "Phone (10 digits)", practice.phone, { size: 12 })}</div>
        ${addressFields(state, "practice", "address", "Billing address (ZIP+4)", practice.address)}
        ${addressFields(state, "practice", "payToAddress", "Pay-to address (when payment goes elsewhere)", practice.payToAddress)}
        <button type="submit">Save the practice</button>
      </form></details>
    </section>
    <section aria-labelledby="providers-title"><h2 id="providers-title">Providers</h2>
      <table class="sortable"><thead><tr><th>Name</th><th>NPI</th><th>Discipline</th><th>Role</th><th>Taxonomy</th></tr></thead>
      <tbody>${providers.items.map((p) => html`<tr><td>${personName(p)}</td><td>${p.npi}</td><td>${p.discipline}</td><td>${p.role}</td><td>${p.taxonomy ?? ""}</td></tr>`)}</tbody></table>
      ${providers.items.map((p) => {
        const form = `provider-${p.id}`;
        return html`<details class="edit"${openIf(state, form)}><summary>Edit ${personName(p)}</summary>
        <form class="panel" method="post" action="/settings/providers/${p.id}">${csrf}${versionField(state, form, p.version)}${formError(state, form)}<div class="fields">
          ${field(state, form, "firstName", "First name", p.firstName, { size: 14, required: true })}${field(state, form, "lastName", "Last name", p.lastName, { size: 16, required: true })}
          ${field(state, form, "npi", "NPI", p.npi, { size: 10, required: true })}${choice(state, form, "discipline", "Discipline", p.discipline, DISCIPLINES)}
          ${choice(state, form, "role", "Role", p.role, PROVIDER_ROLES)}${field(state, form, "taxonomy", "Taxonomy", p.taxonomy, { size: 10 })}
          <button type="submit">Save ${personName(p)}</button></div></form></details>`;
      })}
    </section>
    <section aria-labelledby="physicians-title"><h2 id="physicians-title">Referring and certifying physicians</h2>
      ${physicians.items.length > 0 ? html`<table class="sortable"><thead><tr><th>Name</th><th>NPI</th></tr></thead><tbody>${physicians.items.map((p) => html`<tr><td>${personName(p)}</td><td>${p.npi}</td></tr>`)}</tbody></table>` : html`<p class="muted">None on file.</p>`}
      ${physicians.items.map((p) => {
        const form = `physician-${p.id}`;
        return html`<details class="edit"${openIf(state, form)}><summary>Edit ${personName(p)}</summary>
        <form class="panel" method="post" action="/settings/physicians/${p.id}">${csrf}${versionField(state, form, p.version)}${formError(state, form)}<div class="fields">
          ${field(state, form, "firstName", "First name", p.firstName, { size: 14, required: true })}${field(state, form, "lastName", "Last name", p.lastName, { size: 16, required: true })}
          ${field(state, form, "npi", "NPI", p.npi, { size: 10, maxlength: 10, required: true })}
          <button type="submit">Save ${personName(p)}</button></div></form></details>`;
      })}
      <details class="edit"${openIf(state, "physician-new")}><summary>Add a physician</summary>
      <form class="panel" method="post" action="/settings/physicians">${csrf}${formError(state, "physician-new")}<div class="fields">
        ${field(state, "physician-new", "firstName", "First name", "", { size: 14, required: true })}${field(state, "physician-new", "lastName", "Last name", "", { size: 16, required: true })}
        ${field(state, "physician-new", "npi", "NPI (10 digits)", "", { size: 10, maxlength: 10, required: true })}
        <button type="submit">Add the physician</button></div></form></details>
    </section>
    <section aria-labelledby="payers-title"><h2 id="payers-title">Payers</h2>
      <table class="sortable"><thead><tr><th>Name</th><th>Kind</th><th>Payer id</th><th>Filing indicator</th><th>Profile</th><th>Own rules</th><th>Unit rule</th><th>Fee schedule</th></tr></thead>
      <tbody>${payers.items.map((p) => html`<tr><td>${p.name}</td><td>${p.kind}</td><td>${p.electronicPayerId ?? ""}</td><td>${p.claimFilingIndicator ?? ""}</td><td>${p.profile ?? "by its kind"}</td><td>${overridesText(p.profileOverrides)}</td><td>${p.unitRule ?? "payer default"}</td><td>${p.feeSchedule?.percentOfMedicare !== undefined ? `${p.feeSchedule.percentOfMedicare}% of Medicare` : p.feeSchedule?.rateCents ? "own rates" : "Medicare"}</td></tr>`)}</tbody></table>
      ${payers.items.map((p) => {
        const form = `payer-${p.id}`;
        const own = p.profileOverrides ?? {};
        const limit = own.visitLimit?.basis === "visits" ? own.visitLimit : undefined;
        return html`<details class="edit"${openIf(state, form)}><summary>Edit ${p.name}</summary>
        <form class="panel" method="post" action="/settings/payers/${p.id}">${csrf}${versionField(state, form, p.version)}${formError(state, form)}<div class="fields">
          ${field(state, form, "name", "Name", p.name, { size: 24, required: true })}${field(state, form, "electronicPayerId", "Payer id (2010BB)", p.electronicPayerId, { size: 12 })}
          ${field(state, form, "claimFilingIndicator", "Claim filing indicator (SBR09)", p.claimFilingIndicator, { size: 3 })}
          ${choice(state, form, "profile", "Payer profile", p.profile, [{ value: "", label: `By its kind (${p.kind})` }, ...profiles])}</div>
          ${addressFields(state, form, "address", "Claims address", p.address)}
          <fieldset><legend>The payer's own rules (blank: the profile's)</legend><div class="fields">
          ${field(state, form, "profileOverrides.visitLimit.visits", "Visit limit", limit ? String(limit.visits) : "", { size: 4 })}
          ${choice(state, form, "profileOverrides.visitLimit.period", "per", limit?.period ?? "calendar-year", PERIODS)}
          ${choice(state, form, "profileOverrides.visitLimit.scope", "counted", limit?.scope ?? "discipline", SCOPES)}
          ${field(state, form, "profileOverrides.priorAuthorization.afterVisits", "Authorization after visits", own.priorAuthorization?.required === "after-visits" ? String(own.priorAuthorization.afterVisits) : "", { size: 4 })}
          ${field(state, form, "profileOverrides.feeSchedule.percent", "Percent of Medicare", own.feeSchedule?.basis === "percent-of-medicare" ? String(own.feeSchedule.percent) : "", { size: 5 })}</div></fieldset>
          <button type="submit">Save ${p.name}</button></form></details>`;
      })}
    </section>
    <section aria-labelledby="charges-title"><h2 id="charges-title">Charge master</h2>
      <table class="sortable"><thead><tr><th>Code</th><th class="num">Charge per unit ($)</th><th>From</th><th>Through</th></tr></thead>
      <tbody>${chargeRows.map((c) => html`<tr><td>${c.code}</td><td class="num" data-sort="${c.chargeCents}">${money(c.chargeCents)}</td><td>${c.effectiveFrom}</td><td>${c.effectiveThrough ?? ""}</td></tr>`)}</tbody></table>
      ${chargeRows.map((c) => {
        const form = `charge-${c.id}`;
        const next = `charge-${c.id}-next`;
        const label = `${c.code} from ${c.effectiveFrom}`;
        return html`<details class="edit"${openIf(state, form)}${openIf(state, next)}><summary>Change ${label}</summary>
        <form class="panel" method="post" action="/settings/charges/${c.id}/next">${csrf}${versionField(state, next, c.version)}${formError(state, next)}<div class="fields">
          ${field(state, next, "charge", "New charge per unit ($)", "", { size: 8, required: true })}${field(state, next, "effectiveFrom", "In force from", "", { type: "date", required: true })}
          <button type="submit">Charge the new amount for ${c.code} from that day</button></div></form>
        <form class="panel" method="post" action="/settings/charges/${c.id}">${csrf}${versionField(state, form, c.version)}${formError(state, form)}<div class="fields">
          ${field(state, form, "charge", "Charge per unit ($)", dollarsText(c.chargeCents), { size: 8, required: true })}${field(state, form, "effectiveFrom", "In force from", c.effectiveFrom, { type: "date", required: true })}
          ${field(state, form, "effectiveThrough", "Through (blank: open-ended)", c.effectiveThrough, { type: "date" })}
          <button type="submit" class="secondary">Correct ${label}</button></div></form></details>`;
      })}
      <details class="edit"${openIf(state, "charge-new")}><summary>Add a charge</summary>
      <form class="panel" method="post" action="/settings/charges">${csrf}${formError(state, "charge-new")}<div class="fields">
        ${field(state, "charge-new", "code", "Code", "", { size: 6, maxlength: 5, required: true })}${field(state, "charge-new", "charge", "Charge per unit ($)", "", { size: 8, required: true })}
        ${field(state, "charge-new", "effectiveFrom", "In force from", "", { type: "date", required: true })}${field(state, "charge-new", "effectiveThrough", "Through (blank: open-ended)", "", { type: "date" })}
        <button type="submit">Add the charge</button></div></form></details>
    </section>
    <section aria-labelledby="clearinghouse-title"><h2 id="clearinghouse-title">Clearinghouse</h2>
      ${clearinghouse ? html`<dl class="facts"><dt>Submitter</dt><dd>${clearinghouse.submitterName} (${clearinghouse.submitterId})</dd><dt>Contact</dt><dd>${clearinghouse.contactName}, ${clearinghouse.contactPhone}</dd>
        <dt>Receiver</dt><dd>${clearinghouse.receiverName} (${clearinghouse.receiverId})</dd><dt>Interchange</dt><dd>${clearinghouse.senderQualifier}:${clearinghouse.senderId} to ${clearinghouse.receiverQualifier}:${clearinghouse.interchangeReceiverId}, ${clearinghouse.usageIndicator === "P" ? "production" : "test"}</dd></dl>` : html`<p class="muted">Not set up.</p>`}
      <details class="edit"${openIf(state, "clearinghouse")}><summary>${clearinghouse ? "Edit the clearinghouse settings" : "Set up the clearinghouse"}</summary>
      <form class="panel" method="post" action="/settings/clearinghouse">${csrf}${clearinghouse ? versionField(state, "clearinghouse", clearinghouse.version) : ""}${formError(state, "clearinghouse")}<div class="fields">
        ${field(state, "clearinghouse", "submitterName", "Submitter name (1000A)", clearinghouse?.submitterName, { size: 20 })}${field(state, "clearinghouse", "submitterId", "Submitter id", clearinghouse?.submitterId, { size: 12 })}
        ${field(state, "clearinghouse", "contactName", "Contact name", clearinghouse?.contactName, { size: 16 })}${field(state, "clearinghouse", "contactPhone", "Contact phone (10 digits)", clearinghouse?.contactPhone, { size: 12 })}
        ${field(state, "clearinghouse", "receiverName", "Receiver name (1000B)", clearinghouse?.receiverName, { size: 20 })}${field(state, "clearinghouse", "receiverId", "Receiver id", clearinghouse?.receiverId, { size: 12 })}
        ${field(state, "clearinghouse", "senderQualifier", "Sender qualifier (ISA05)", clearinghouse?.senderQualifier ?? "ZZ", { size: 2, maxlength: 2 })}${field(state, "clearinghouse", "senderId", "Sender id (ISA06)", clearinghouse?.senderId, { size: 15 })}
        ${field(state, "clearinghouse", "receiverQualifier", "Receiver qualifier (ISA07)", clearinghouse?.receiverQualifier ?? "ZZ", { size: 2, maxlength: 2 })}${field(state, "clearinghouse", "interchangeReceiverId", "Interchange receiver id (ISA08)", clearinghouse?.interchangeReceiverId, { size: 15 })}
        ${choice(state, "clearinghouse", "usageIndicator", "Files are (ISA15)", clearinghouse?.usageIndicator ?? "T", [{ value: "T", label: "test" }, { value: "P", label: "production" }])}
        <button type="submit">Save the clearinghouse settings</button></div></form></details>
    </section>
    <section aria-labelledby="users-title"><h2 id="users-title">Users</h2>
      <table class="sortable"><thead><tr><th>Email</th><th>Role</th><th>Last sign-in</th><th>State</th><th>Disable</th></tr></thead>
      <tbody>${users.filter((u) => u.practiceId === practiceId).map((u) => html`<tr><td>${u.email}</td><td>${u.role}</td><td>${u.lastSignInAt?.slice(0, 16).replace("T", " ") ?? ""}</td><td>${u.disabled ? "disabled" : "active"}</td>
        <td>${u.disabled || u.id === context.principal.userId ? "" : html`<form method="post" action="/settings/users/${u.id}/disable">${csrf}<button type="submit" class="secondary" aria-label="Disable user ${u.email}">Disable</button></form>`}</td></tr>`)}</tbody></table>
      <form class="filters" method="post" action="/settings/users">${csrf}
        <label>New user's email<input name="email" type="email" required></label><label>Role<select name="role">${roleOptions()}</select></label>
        <label>Password (12 or more characters)<input name="password" type="password" autocomplete="new-password" required minlength="12"></label><button type="submit">Add the user</button></form>
    </section>
    <section aria-labelledby="tokens-title"><h2 id="tokens-title">API tokens</h2>
      <table class="sortable"><thead><tr><th>Name</th><th>Role</th><th>Created by</th><th>Created</th><th>Last used</th><th>State</th><th>Revoke</th></tr></thead>
      <tbody>${tokens.map((t) => html`<tr><td>${t.name}</td><td>${t.role}</td><td>${t.createdBy}</td><td>${t.createdAt.slice(0, 10)}</td><td>${t.lastUsedAt?.slice(0, 16).replace("T", " ") ?? ""}</td><td>${t.revokedAt ? "revoked" : "active"}</td>
        <td>${t.revokedAt ? "" : html`<form method="post" action="/settings/tokens/${t.id}/revoke">${csrf}<button type="submit" class="secondary" aria-label="Revoke token ${t.name}">Revoke</button></form>`}</td></tr>`)}</tbody></table>
      <form class="filters" method="post" action="/settings/tokens">${csrf}
        <label>Token name<input name="name" required maxlength="100"></label><label>Role<select name="role">${roleOptions()}</select></label><button type="submit">Create a token</button></form>
    </section>`,
  );
}

function back(context: PageContext, notice: string): void {
  context.reply.redirect(`/settings?notice=${encodeURIComponent(notice)}`, 303);
}

export async function addUser(context: PageContext): Promise<void> {
  const body = context.request.body;
  const user = await createUser(context.store.db, { email: text(body, "email"), role: parseRole(text(body, "role")), practiceId: context.principal.practiceId, password: text(body, "password") });
  await audit(context, "user-create", "users", user.id, [], { role: user.role });
  back(context, `User ${user.email} added.`);
}

export async function addToken(context: PageContext): Promise<Html> {
  const body = context.request.body;
  const made = await createToken(context.store.db, { name: text(body, "name"), role: parseRole(text(body, "role")), practiceId: context.principal.practiceId, createdBy: context.principal.actor, userId: context.principal.userId });
  await audit(context, "token-create", "tokens", made.record.id, [], { role: made.record.role });
  // Shown on this answer only (no redirect: the secret must not sit in an address or history).
  return settingsPage(context, { name: made.record.name, token: made.token });
}

export async function revokeApiToken(context: PageContext): Promise<void> {
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  // The revocation and its audit entry in one transaction, as DELETE /api/tokens/:id does.
  const token = await inTransaction(context.store.db, async (trx) => {
    const revoked = await revokeToken(trx, id, context.principal.practiceId);
    await audit(context, "token-revoke", "tokens", revoked.id, [], null, trx);
    return revoked;
  });
  back(context, `Token ${token.name} revoked.`);
}
