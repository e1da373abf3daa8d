/**
 * Settings (admin only): the practice and its billing details, providers, referring and
 * certifying physicians, payers, the charge master, the clearinghouse, users and API
 * tokens. Dense tables to read; forms for what an admin changes most: the practice's
 * billing details, a charge, a user, an API token (shown once) and revoking one.
 */
import { audit } from "../audit.js";
import { ROLES } from "../../auth/principal.js";
import { createToken, listTokens, revokeToken } from "../../auth/tokens.js";
import { createUser, listUsers, parseRole } from "../../auth/users.js";
import { createCharge, listCharges } from "../../store/charge-master.js";
import { clearinghouseOfPractice } from "../../store/clearinghouses.js";
import type { PostalAddress } from "../../store/entities.js";
import { listPayers } from "../../store/payers.js";
import { listPhysicians } from "../../store/physicians.js";
import { getPractice, updatePractice } from "../../store/practices.js";
import { listProviders } from "../../store/providers.js";
import { dollarsToCents } from "../../reference/fixed.js";
import { isoDate, text, WebRefusal, wholeNumber, type PageContext } from "../context.js";
import { money, personName } from "../format.js";
import { html, type Html } from "../html.js";
import { csrfField, page } from "../layout.js";

function address(value: PostalAddress | null | undefined): string {
  return value ? `${value.line1}${value.line2 ? `, ${value.line2}` : ""}, ${value.city}, ${value.state} ${value.zip}` : "";
}

function roleOptions(): Html {
  return html`${ROLES.map((role) => html`<option value="${role}">${role}</option>`)}`;
}

export async function settingsPage(context: PageContext, shownToken?: { name: string; token: string }): Promise<Html> {
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
  const notice = text(context.request.query, "notice");
  return page(
    { title: "Settings", section: "settings", principal: context.principal, ...(notice ? { notice } : {}) },
    html`<h1>Settings</h1>
    ${shownToken ? html`<div class="notice" role="status">API token <strong>${shownToken.name}</strong>: <code>${shownToken.token}</code>. Copy it now: it is not shown again.</div>` : ""}
    <section aria-labelledby="practice-title"><h2 id="practice-title">Practice</h2>
      <form class="panel filters" method="post" action="/settings/practice">${csrf}<input type="hidden" name="version" value="${practice.version}">
        <label>Name<input name="name" value="${practice.name}" size="36" required></label>
        <label>Billing name<input name="billingName" value="${practice.billingName ?? ""}" size="30"></label>
        <label>Phone<input name="phone" value="${practice.phone ?? ""}" size="12"></label>
        <button type="submit">Save the practice</button>
      </form>
      <dl class="facts"><dt>Group NPI</dt><dd>${practice.npi ?? ""}</dd><dt>Tax id</dt><dd>${practice.taxId ?? ""}</dd><dt>Taxonomy</dt><dd>${practice.taxonomy ?? ""}</dd>
        <dt>Address</dt><dd>${address(practice.address)}</dd><dt>Pay-to address</dt><dd>${address(practice.payToAddress)}</dd></dl>
    </section>
    <section aria-labelledby="providers-title"><h2 id="providers-title">Providers</h2>
      <table class="sortable"><thead><tr><th>Name</th><th>NPI</th><th>Discipline</th><th>Role</th><th>Taxonomy</th></tr></thead>
      <tbody>${providers.items.map((p) => html`<tr><td>${personName(p)}</td><td>${p.npi}</td><td>${p.discipline}</td><td>${p.role}</td><td>${p.taxonomy ?? ""}</td></tr>`)}</tbody></table>
    </section>
    <section aria-labelledby="physicians-title"><h2 id="physicians-title">Referring and certifying physicians</h2>
      ${physicians.items.length > 0 ? html`<table class="sortable"><thead><tr><th>Name</th><th>NPI</th></tr></thead><tbody>${physicians.items.map((p) => html`<tr><td>${personName(p)}</td><td>${p.npi}</td></tr>`)}</tbody></table>` : html`<p class="muted">None on file.</p>`}
    </section>
    <section aria-labelledby="payers-title"><h2 id="payers-title">Payers</h2>
      <table class="sortable"><thead><tr><th>Name</th><th>Kind</th><th>Payer id</th><th>Filing indicator</th><th>Unit rule</th><th>Fee schedule</th></tr></thead>
      <tbody>${payers.items.map((p) => html`<tr><td>${p.name}</td><td>${p.kind}</td><td>${p.electronicPayerId ?? ""}</td><td>${p.claimFilingIndicator ?? ""}</td><td>${p.unitRule ?? "payer default"}</td><td>${p.feeSchedule?.percentOfMedicare !== undefined ? `${p.feeSchedule.percentOfMedicare}% of Medicare` : p.feeSchedule?.rateCents ? "own rates" : "Medicare"}</td></tr>`)}</tbody></table>
    </section>
    <section aria-labelledby="charges-title"><h2 id="charges-title">Charge master</h2>
      <table class="sortable"><thead><tr><th>Code</th><th class="num">Charge per unit ($)</th><th>From</th><th>Through</th></tr></thead>
      <tbody>${charges.items.map((c) => html`<tr><td>${c.code}</td><td class="num" data-sort="${c.chargeCents}">${money(c.chargeCents)}</td><td>${c.effectiveFrom}</td><td>${c.effectiveThrough ?? ""}</td></tr>`)}</tbody></table>
      <form class="filters" method="post" action="/settings/charges">${csrf}
        <label>Code<input name="code" size="6" maxlength="5" required></label><label>Charge per unit ($)<input name="charge" size="8" required inputmode="decimal"></label>
        <label>In force from<input type="date" name="effectiveFrom" required></label><button type="submit">Add the charge</button></form>
    </section>
    <section aria-labelledby="clearinghouse-title"><h2 id="clearinghouse-title">Clearinghouse</h2>
      ${clearinghouse ? html`<dl class="facts"><dt>Submitter</dt><dd>${clearinghouse.submitterName} (${clearinghouse.submitterId})</dd><dt>Contact</dt><dd>${clearinghouse.contactName}, ${clearinghouse.contactPhone}</dd>
        <dt>Receiver</dt><dd>${clearinghouse.receiverName} (${clearinghouse.receiverId})</dd><dt>Interchange</dt><dd>${clearinghouse.senderQualifier}:${clearinghouse.senderId} to ${clearinghouse.receiverQualifier}:${clearinghouse.interchangeReceiverId}, ${clearinghouse.usageIndicator === "P" ? "production" : "test"}</dd></dl>` : html`<p class="muted">Not set up.</p>`}
    </section>
    <section aria-labelledby="users-title"><h2 id="users-title">Users</h2>
      <table class="sortable"><thead><tr><th>Email</th><th>Role</th><th>Last sign-in</th><th>State</th></tr></thead>
      <tbody>${users.filter((u) => u.practiceId === practiceId).map((u) => html`<tr><td>${u.email}</td><td>${u.role}</td><td>${u.lastSignInAt?.slice(0, 16).replace("T", " ") ?? ""}</td><td>${u.disabled ? "disabled" : "active"}</td></tr>`)}</tbody></table>
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

export async function savePractice(context: PageContext): Promise<void> {
  const body = context.request.body;
  const version = wholeNumber(body, "version", { min: 1 });
  if (version === undefined) throw new WebRefusal(400, "version: missing (reload the page)");
  const name = text(body, "name").trim();
  if (!name) throw new WebRefusal(400, "name: the practice needs a name");
  await updatePractice(context.store.db, context.principal.practiceId, { version, name, billingName: text(body, "billingName").trim() || null, phone: text(body, "phone").trim() || null });
  back(context, "Practice saved.");
}

export async function addCharge(context: PageContext): Promise<void> {
  const body = context.request.body;
  const code = text(body, "code").trim().toUpperCase();
  const charge = text(body, "charge").trim();
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(charge)) throw new WebRefusal(400, `charge: ${JSON.stringify(charge)} is not an amount in dollars`);
  const effectiveFrom = isoDate(body, "effectiveFrom");
  if (!effectiveFrom) throw new WebRefusal(400, "effectiveFrom: give the first day the charge is in force");
  await createCharge(context.store.db, { practiceId: context.principal.practiceId, code, chargeCents: dollarsToCents(Number(charge)), effectiveFrom });
  back(context, `Charge for ${code} added.`);
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
  const token = await revokeToken(context.store.db, id, context.principal.practiceId);
  await audit(context, "token-revoke", "tokens", token.id);
  back(context, `Token ${token.name} revoked.`);
}
