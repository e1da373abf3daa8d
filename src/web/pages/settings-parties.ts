/**
 * The Settings page's referring physicians and charge master: adding and changing them
 * through the API's own schemas and record access (auditedCreate/auditedPatch: practice
 * scoping, the version check, the prior version kept, the audit entry, one transaction),
 * as POST and PATCH /api/physicians and /api/charge-master do. A refusal comes back as the
 * page with the message beside its field, naming the field and the value typed.
 *
 * A charge is in force over a period (src/store/charge-master.ts): a new price from a day
 * is a new row, and the row in force before it ends the day before, so the claims of
 * earlier dates of service keep the charge they were billed at. Correcting a row (a typo
 * in its price or dates) changes that row.
 */
import { appendAudit } from "../../audit/log.js";
import { auditContext } from "../../audit/records.js";
import { InputError, isInputError } from "../../errors.js";
import { addDays, type IsoDate } from "../../reference/dates.js";
import { chargeCreateSchema, chargePatchSchema, physicianCreateSchema, physicianPatchSchema } from "../../server/claim-party-schemas.js";
import { auditedCreate, auditedPatch } from "../../server/record-access.js";
import { createCharge, findCharge, getCharge, updateCharge } from "../../store/charge-master.js";
import type { Store } from "../../store/database.js";
import { createPhysician, getPhysician, updatePhysician } from "../../store/physicians.js";
import { inTransaction } from "../../store/transaction.js";
import { isoDate, ownRecord, text, wholeNumber, type PageContext } from "../context.js";
import { money } from "../format.js";
import type { Html } from "../html.js";
import { check, saveOrShow, versionOf } from "./settings-edit.js";
import { textFields } from "./settings-forms.js";

export const PHYSICIAN_FIELDS = ["firstName", "lastName", "npi"] as const;
export const NEW_CHARGE_FIELDS = ["code", "charge", "effectiveFrom", "effectiveThrough"] as const;
export const CHARGE_FIELDS = ["charge", "effectiveFrom", "effectiveThrough"] as const;
export const NEXT_CHARGE_FIELDS = ["charge", "effectiveFrom"] as const;

const PHYSICIANS = { name: "physicians", table: "physicians", create: { schema: physicianCreateSchema } } as const;
const CHARGES = { name: "charge-master", table: "charge_master", create: { schema: chargeCreateSchema } } as const;
/** The API's field names that a form field stands for (the form takes dollars, the API cents). */
const CHARGE_ALIASES: Record<string, string> = { chargeCents: "charge" };

/**
 * A refusal of one of the form's fields names that field and the value typed in it
 * (`npi "1234567890": check digit should be 3, not 0`), whatever part refused it.
 */
async function namingValues<T>(body: unknown, fields: readonly string[], aliases: Record<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isInputError(error) || !error.details.path) throw error;
    const path = error.details.path;
    const field = aliases[path] ?? path;
    if (!fields.includes(field)) throw error;
    const typed = text(body, field).trim();
    let problem = error.message;
    for (const prefix of [`${path}: `, `${field}: `, `${path} ${JSON.stringify(typed)}: `, `${field} ${JSON.stringify(typed)}: `]) if (problem.startsWith(prefix)) problem = problem.slice(prefix.length);
    if (problem.startsWith(`${JSON.stringify(typed)} `)) problem = problem.slice(JSON.stringify(typed).length + 1);
    throw new InputError(error.code, `${field} ${JSON.stringify(typed)}: ${problem}`, { path: field, value: typed });
  }
}

/** Dollars typed in a form ("61.50", "$1,200") as whole cents, exactly (no floating point). */
export function centsFromDollars(typed: string, field: string): number {
  const plain = typed.trim().replace(/^\$/, "").replace(/,/g, "");
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(plain);
  if (!match) throw new InputError("invalid_input", `${field} ${JSON.stringify(typed.trim())}: is not an amount in dollars, e.g. 61.50`, { path: field, value: typed });
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

function requiredDate(body: unknown, field: string, what: string): IsoDate {
  const day = isoDate(body, field);
  if (!day) throw new InputError("invalid_input", `${field} "": give ${what}`, { path: field, value: "" });
  return day as IsoDate;
}

/** A date field that may be blank: null (open-ended) when blank, undefined when the form did not send it. */
function optionalDate(body: unknown, field: string): IsoDate | null | undefined {
  if (!(field in ((body as Record<string, unknown> | undefined) ?? {}))) return undefined;
  return (isoDate(body, field) as IsoDate | undefined) ?? null;
}

function withStore(store: Store, db: Store["db"]): Store {
  return { dialect: store.dialect, location: store.location, close: () => store.close(), db };
}

export async function addPhysician(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  return saveOrShow(context, "physician-new", PHYSICIAN_FIELDS, "physicians-title", () =>
    namingValues(body, PHYSICIAN_FIELDS, {}, async () => {
      const valid = check(physicianCreateSchema, { practiceId: context.principal.practiceId, ...textFields(body, PHYSICIAN_FIELDS, PHYSICIAN_FIELDS) });
      const made = await auditedCreate(context.store, context.request, PHYSICIANS, valid, (db) => createPhysician(db, valid));
      return `Physician ${made.lastName}, ${made.firstName} (NPI ${made.npi}) added.`;
    }),
  );
}

export async function savePhysician(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  return saveOrShow(context, `physician-${id}`, PHYSICIAN_FIELDS, "physicians-title", () =>
    namingValues(body, PHYSICIAN_FIELDS, {}, async () => {
      const valid = check(physicianPatchSchema, { version: versionOf(body), ...textFields(body, PHYSICIAN_FIELDS, PHYSICIAN_FIELDS) });
      const saved = await auditedPatch(context.store, context.request, PHYSICIANS, id, (db) => getPhysician(db, id), (db) => updatePhysician(db, id, valid));
      return `Physician ${saved.lastName}, ${saved.firstName} saved.`;
    }),
  );
}

/** A charge for a code from a day on (open-ended unless the form names its last day). */
export async function addCharge(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  return saveOrShow(context, "charge-new", NEW_CHARGE_FIELDS, "charges-title", () =>
    namingValues(body, NEW_CHARGE_FIELDS, CHARGE_ALIASES, async () => {
      const chargeCents = centsFromDollars(text(body, "charge"), "charge");
      const effectiveFrom = requiredDate(body, "effectiveFrom", "the first day the charge is in force");
      const valid = check(chargeCreateSchema, { practiceId: context.principal.practiceId, code: text(body, "code").trim().toUpperCase(), chargeCents, effectiveFrom, effectiveThrough: optionalDate(body, "effectiveThrough") ?? null });
      const made = await auditedCreate(context.store, context.request, CHARGES, valid, (db) => createCharge(db, valid));
      return `Charge for ${made.code} added: ${money(made.chargeCents)} per unit from ${made.effectiveFrom}.`;
    }),
  );
}

/** Corrects one charge row: its price or its dates (a typo), keeping the row. */
export async function saveCharge(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  return saveOrShow(context, `charge-${id}`, CHARGE_FIELDS, "charges-title", () =>
    namingValues(body, CHARGE_FIELDS, CHARGE_ALIASES, async () => {
      const patch: Record<string, unknown> = { version: versionOf(body) };
      if ("charge" in (body as Record<string, unknown>)) patch.chargeCents = centsFromDollars(text(body, "charge"), "charge");
      if ("effectiveFrom" in (body as Record<string, unknown>)) patch.effectiveFrom = requiredDate(body, "effectiveFrom", "the first day the charge is in force");
      const through = optionalDate(body, "effectiveThrough");
      if (through !== undefined) patch.effectiveThrough = through;
      const valid = check(chargePatchSchema, patch);
      const saved = await auditedPatch(context.store, context.request, CHARGES, id, (db) => getCharge(db, id), (db) => updateCharge(db, id, valid));
      return `Charge for ${saved.code} from ${saved.effectiveFrom} saved: ${money(saved.chargeCents)} per unit.`;
    }),
  );
}

/**
 * A new price for a charge's code from a day on: a new row from that day (through the old
 * row's last day, if it had one), the old row ending the day before. Both changes and
 * their audit entries in one transaction.
 */
export async function addNextCharge(context: PageContext): Promise<Html | void> {
  const body = context.request.body;
  const id = wholeNumber(context.request.params, "id", { min: 1 })!;
  return saveOrShow(context, `charge-${id}-next`, NEXT_CHARGE_FIELDS, "charges-title", () =>
    namingValues(body, NEXT_CHARGE_FIELDS, CHARGE_ALIASES, async () => {
      const current = ownRecord(await findCharge(context.store.db, id), context, "charge", id);
      const chargeCents = centsFromDollars(text(body, "charge"), "charge");
      const from = requiredDate(body, "effectiveFrom", "the first day the new charge is in force");
      if (from <= current.effectiveFrom) {
        throw new InputError("invalid_input", `effectiveFrom ${JSON.stringify(from)}: must be after ${current.effectiveFrom}, the first day of the charge it follows`, { path: "effectiveFrom", value: from });
      }
      if (current.effectiveThrough !== null && from > current.effectiveThrough) {
        throw new InputError("invalid_input", `effectiveFrom ${JSON.stringify(from)}: must be on or before ${current.effectiveThrough}, the last day of the charge it follows`, { path: "effectiveFrom", value: from });
      }
      const ending = check(chargePatchSchema, { version: versionOf(body), effectiveThrough: addDays(from, -1) });
      const next = check(chargeCreateSchema, { practiceId: context.principal.practiceId, code: current.code, chargeCents, effectiveFrom: from, effectiveThrough: current.effectiveThrough });
      try {
        await inTransaction(context.store.db, async (trx) => {
          const store = withStore(context.store, trx);
          await auditedPatch(store, context.request, CHARGES, id, (db) => getCharge(db, id), (db) => updateCharge(db, id, ending));
          await auditedCreate(store, context.request, CHARGES, next, (db) => createCharge(db, next));
        });
      } catch (error) {
        // The transaction took its own entries back with it: the refused attempt is audited here.
        await appendAudit(context.store.db, { ...auditContext(context.request, context.principal), action: "update", resource: CHARGES.name, resourceId: id, outcome: isInputError(error) ? error.code : "error" }).catch(() => undefined);
        throw error;
      }
      return `Charge for ${current.code} from ${from}: ${money(chargeCents)} per unit (${money(current.chargeCents)} through ${addDays(from, -1)}).`;
    }),
  );
}
