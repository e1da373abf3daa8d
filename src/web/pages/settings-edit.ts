/**
 * The Settings page's changes: a provider, a payer (its profile and the payer's own rule
 * values), the clearinghouse settings, the practice's billing details, disabling a user.
 * Each goes through the API's own zod schema and record access (auditedPatch/auditedCreate:
 * practice scoping, the version check, the prior version kept, the audit entry, one
 * transaction), so the web app cannot store what PATCH /api/... would refuse. A refusal
 * comes back as the page with the message beside the field the API names.
 */
import type { z } from "zod";
import { appendAudit } from "../../audit/log.js";
import { auditContext } from "../../audit/records.js";
import { disableUser, listUsers } from "../../auth/users.js";
import { isInputError } from "../../errors.js";
import type { ProfileOverrides } from "../../payers/profile-schema.js";
import { describeError } from "../../server/errors.js";
import { clearinghouseCreateSchema, clearinghousePatchSchema } from "../../server/claim-party-schemas.js";
import { auditedCreate, auditedPatch } from "../../server/record-access.js";
import { validate } from "../../server/route.js";
import { payerCreateSchema, payerPatchSchema, practiceCreateSchema, practicePatchSchema, providerCreateSchema, providerPatchSchema } from "../../server/schemas.js";
import { clearinghouseOfPractice, createClearinghouse, getClearinghouse, updateClearinghouse } from "../../store/clearinghouses.js";
import { getPayer, updatePayer } from "../../store/payers.js";
import { getPractice, updatePractice } from "../../store/practices.js";
import { getProvider, updateProvider } from "../../store/providers.js";
import { inTransaction } from "../../store/transaction.js";
import { text, WebRefusal, wholeNumber, type PageContext } from "../context.js";
import type { Html } from "../html.js";
import { addressFrom, fieldOfPath, formValues, numberFrom, textFields } from "./settings-forms.js";
import { settingsPage } from "./settings.js";

export const PRACTICE_FIELDS = ["name", "billingName", "npi", "taxId", "taxonomy", "phone", ...addressNames("address"), ...addressNames("payToAddress")] as const;
export const PROVIDER_FIELDS = ["firstName", "lastName", "npi", "discipline", "role", "taxonomy"] as const;
export const PAYER_FIELDS = [
  "name",
  "electronicPayerId",
  "claimFilingIndicator",
  ...addressNames("address"),
  "profile",
  "profileOverrides.visitLimit.visits",
  "profileOverrides.visitLimit.period",
  "profileOverrides.visitLimit.scope",
  "profileOverrides.priorAuthorization.afterVisits",
  "profileOverrides.feeSchedule.percent",
] as const;
export const CLEARINGHOUSE_FIELDS = [
  "submitterName",
  "submitterId",
  "contactName",
  "contactPhone",
  "receiverName",
  "receiverId",
  "senderQualifier",
  "senderId",
  "receiverQualifier",
  "interchangeReceiverId",
  "usageIndicator",
] as const;

function addressNames(prefix: string): string[] {
  return ["line1", "line2", "city", "state", "zip"].map((part) => `${prefix}.${part}`);
}

/** Runs a change; on success back to Settings with a notice, on a refusal the page with the message beside its field. */
export async function saveOrShow(context: PageContext, form: string, fields: readonly string[], anchor: string, work: () => Promise<string>): Promise<Html | void> {
  // The record routes' access layer reads who is asking from the request, as the API's hook sets it.
  context.request.principal = context.principal;
  try {
    const notice = await work();
    context.reply.redirect(`/settings?notice=${encodeURIComponent(notice)}#${anchor}`, 303);
  } catch (error) {
    if (!isInputError(error) || error.code === "not_found") throw error;
    const field = fieldOfPath(error.details.path, fields);
    // Beside its field the message need not repeat the field's path.
    const message = field && error.message.startsWith(`${error.details.path}: `) ? error.message.slice(`${error.details.path}: `.length) : error.message;
    context.reply.status(describeError(error).status);
    return settingsPage(context, undefined, { form, values: formValues(context.request.body), errors: { [field]: message } });
  }
}

export function versionOf(body: unknown): number | string {
  return numberFrom(text(body, "version"));
}

export function check<T>(schema: z.ZodType<T>, body: unknown): T {
  return validate(schema, body, "body");
}

export async function savePractice(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  const id = context.principal.practiceId;
  return saveOrShow(context, "practice", PRACTICE_FIELDS, "practice-title", async () => {
    const patch = { version: versionOf(body), ...textFields(body, ["name", "billingName", "npi", "taxId", "taxonomy", "phone"], ["name"]) } as Record<string, unknown>;
    for (const prefix of ["address", "payToAddress"]) {
      const address = addressFrom(body, prefix);
      if (address !== undefined) patch[prefix] = address;
    }
    if (typeof patch.phone === "string") patch.phone = patch.phone.replace(/\D/g, "");
    const valid = check(practicePatchSchema, patch);
    await auditedPatch(context.store, context.request, { name: "practices", table: "practices", create: { schema: practiceCreateSchema } }, id, (db) => getPractice(db, id), (db) => updatePractice(db, id, valid));
    return "Practice saved.";
  });
}

export async function saveProvider(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  return saveOrShow(context, `provider-${id}`, PROVIDER_FIELDS, "providers-title", async () => {
    const patch: Record<string, unknown> = { version: versionOf(body), ...textFields(body, PROVIDER_FIELDS, ["firstName", "lastName", "npi", "discipline", "role"]) };
    if (typeof patch.taxonomy === "string") patch.taxonomy = patch.taxonomy.toUpperCase();
    const valid = check(providerPatchSchema, patch);
    const saved = await auditedPatch(context.store, context.request, { name: "providers", table: "providers", create: { schema: providerCreateSchema } }, id, (db) => getProvider(db, id), (db) => updateProvider(db, id, valid));
    return `Provider ${saved.lastName}, ${saved.firstName} saved.`;
  });
}

/**
 * The payer's own rule values: the three the form edits (a visit limit, an authorization
 * after so many visits, a percentage of Medicare) are set from their fields, blank meaning
 * "the profile's"; every other override the payer has (set through the API) is kept.
 */
export function overridesFrom(body: unknown, existing: ProfileOverrides | null): Record<string, unknown> | null | undefined {
  const source = (body as Record<string, unknown> | undefined) ?? {};
  if (!("profileOverrides.visitLimit.visits" in source)) return undefined;
  const next: Record<string, unknown> = { ...(existing ?? {}) };
  const visits = text(body, "profileOverrides.visitLimit.visits").trim();
  if (visits !== "") {
    const before = existing?.visitLimit?.basis === "visits" ? existing.visitLimit : undefined;
    next.visitLimit = {
      basis: "visits",
      visits: numberFrom(visits),
      period: text(body, "profileOverrides.visitLimit.period") || before?.period || "calendar-year",
      scope: text(body, "profileOverrides.visitLimit.scope") || before?.scope || "discipline",
      ...(before?.benefitYearStart ? { benefitYearStart: before.benefitYearStart } : {}),
      ...(before?.warnAtPercent !== undefined ? { warnAtPercent: before.warnAtPercent } : {}),
    };
  } else if (existing?.visitLimit?.basis === "visits") delete next.visitLimit;
  const afterVisits = text(body, "profileOverrides.priorAuthorization.afterVisits").trim();
  if (afterVisits !== "") next.priorAuthorization = { required: "after-visits", afterVisits: numberFrom(afterVisits) };
  else if (existing?.priorAuthorization?.required === "after-visits") delete next.priorAuthorization;
  const percent = text(body, "profileOverrides.feeSchedule.percent").trim();
  if (percent !== "") next.feeSchedule = { basis: "percent-of-medicare", percent: numberFrom(percent) };
  else if (existing?.feeSchedule?.basis === "percent-of-medicare") delete next.feeSchedule;
  return Object.keys(next).length > 0 ? next : null;
}

export async function savePayer(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  return saveOrShow(context, `payer-${id}`, PAYER_FIELDS, "payers-title", async () => {
    const payer = await getPayer(context.store.db, id);
    if (payer.practiceId !== context.principal.practiceId) throw new WebRefusal(404, `payer ${id} not found`);
    const patch = { version: versionOf(body), ...textFields(body, ["name", "electronicPayerId", "claimFilingIndicator", "profile"], ["name"]) } as Record<string, unknown>;
    const address = addressFrom(body, "address");
    if (address !== undefined) patch.address = address;
    const overrides = overridesFrom(body, payer.profileOverrides);
    if (overrides !== undefined) patch.profileOverrides = overrides;
    const valid = check(payerPatchSchema, patch);
    const saved = await auditedPatch(context.store, context.request, { name: "payers", table: "payers", create: { schema: payerCreateSchema } }, id, (db) => getPayer(db, id), (db) => updatePayer(db, id, valid));
    return `Payer ${saved.name} saved.`;
  });
}

/** The practice's clearinghouse settings: changed when there are some, else set up. */
export async function saveClearinghouse(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  const practiceId = context.principal.practiceId;
  return saveOrShow(context, "clearinghouse", CLEARINGHOUSE_FIELDS, "clearinghouse-title", async () => {
    const fields = textFields(body, CLEARINGHOUSE_FIELDS, CLEARINGHOUSE_FIELDS) as Record<string, unknown>;
    if (typeof fields.contactPhone === "string") fields.contactPhone = fields.contactPhone.replace(/\D/g, "");
    for (const name of ["senderQualifier", "receiverQualifier", "usageIndicator"]) if (fields[name] === "") delete fields[name];
    const existing = await clearinghouseOfPractice(context.store.db, practiceId);
    const resource = { name: "clearinghouse-settings", table: "clearinghouse_settings", create: { schema: clearinghouseCreateSchema } } as const;
    if (existing) {
      const valid = check(clearinghousePatchSchema, { version: versionOf(body), ...fields });
      await auditedPatch(context.store, context.request, resource, existing.id, (db) => getClearinghouse(db, existing.id), (db) => updateClearinghouse(db, existing.id, valid));
    } else {
      const valid = check(clearinghouseCreateSchema, { practiceId, ...fields });
      await auditedCreate(context.store, context.request, resource, valid, (db) => createClearinghouse(db, valid));
    }
    return "Clearinghouse settings saved.";
  });
}

/** Disables a user of the practice: they cannot sign in and their sessions end at once. */
export async function disablePracticeUser(context: PageContext): Promise<void> {
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  const user = (await listUsers(context.store.db)).find((candidate) => candidate.id === id && candidate.practiceId === context.principal.practiceId);
  if (!user) throw new WebRefusal(404, `user ${id} not found`);
  if (user.id === context.principal.userId) throw new WebRefusal(400, "you cannot disable yourself: another admin must");
  await inTransaction(context.store.db, async (trx) => {
    await disableUser(trx, user.email);
    await appendAudit(trx, { ...auditContext(context.request, context.principal), action: "user-disable", resource: "users", resourceId: user.id, outcome: "success", detail: { via: "web" } });
  });
  context.reply.redirect(`/settings?notice=${encodeURIComponent(`User ${user.email} disabled; their sessions have ended.`)}#users-title`, 303);
}
