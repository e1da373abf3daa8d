/**
 * The Settings page's edit forms: labelled fields whose names are the API's field paths
 * ("address.zip", "profileOverrides.visitLimit.visits"), so the field path a zod issue names
 * is the field its message is shown beside, and the form's text turned into the body the
 * API's PATCH takes (then validated by the API's own schemas).
 */
import type { PostalAddress } from "../../store/entities.js";
import { text } from "../context.js";
import { html, type Html } from "../html.js";

/** A form sent back with a problem: which form, what was typed, and the message per field. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of Object.keys((body as Record<string, unknown> | undefined) ?? {})) if (key !== "_csrf") values[key] = text(body, key);
  return values;
}

function idOf(form: string, name: string): string {
  return `${form}-${name.replace(/[^A-Za-z0-9-]/g, "-")}`;
}

/** The value to show: what was typed when this form comes back with a problem, else the record's. */
function shown(state: FormState | undefined, form: string, name: string, value: string): string {
  return state?.form === form ? (state.values[name] ?? "") : value;
}

function problem(state: FormState | undefined, form: string, name: string): string | undefined {
  return state?.form === form ? state.errors[name] : undefined;
}

function described(state: FormState | undefined, form: string, name: string): Html {
  return problem(state, form, name) ? html` aria-invalid="true" aria-describedby="${idOf(form, name)}-error"` : html``;
}

function fieldError(state: FormState | undefined, form: string, name: string): Html {
  const message = problem(state, form, name);
  return message ? html`<span class="field-error" id="${idOf(form, name)}-error">${message}</span>` : html``;
}

export interface FieldOptions {
  size?: number;
  type?: string;
  required?: boolean;
  maxlength?: number;
}

export function field(state: FormState | undefined, form: string, name: string, label: string, value: string | null | undefined, options: FieldOptions = {}): Html {
  const id = idOf(form, name);
  return html`<span class="field"><label for="${id}">${label}</label><input id="${id}" name="${name}" value="${shown(state, form, name, value ?? "")}"${options.type ? html` type="${options.type}"` : ""}${
    options.size ? html` size="${options.size}"` : ""
  }${options.maxlength ? html` maxlength="${options.maxlength}"` : ""}${options.required ? html` required` : ""}${described(state, form, name)}>${fieldError(state, form, name)}</span>`;
}

export function choice(state: FormState | undefined, form: string, name: string, label: string, value: string | null | undefined, options: readonly { value: string; label: string }[]): Html {
  const id = idOf(form, name);
  const current = shown(state, form, name, value ?? "");
  return html`<span class="field"><label for="${id}">${label}</label><select id="${id}" name="${name}"${described(state, form, name)}>${options.map(
    (option) => html`<option value="${option.value}"${option.value === current ? html` selected` : ""}>${option.label}</option>`,
  )}</select>${fieldError(state, form, name)}</span>`;
}

/** The five lines of an address under one prefix ("address", "payToAddress"). */
export function addressFields(state: FormState | undefined, form: string, prefix: string, legend: string, value: PostalAddress | null | undefined): Html {
  return html`<fieldset class="address"><legend>${legend}</legend>
    ${field(state, form, `${prefix}.line1`, "Street", value?.line1, { size: 26 })}${field(state, form, `${prefix}.line2`, "Line 2", value?.line2, { size: 12 })}
    ${field(state, form, `${prefix}.city`, "City", value?.city, { size: 14 })}${field(state, form, `${prefix}.state`, "State", value?.state, { size: 2, maxlength: 2 })}${field(state, form, `${prefix}.zip`, "ZIP", value?.zip, { size: 10 })}
</fieldset>`;
}

/** A problem the form has no field for (a stale version, a conflict): shown at the top of the form. */
export function formError(state: FormState | undefined, form: string): Html {
  const message = problem(state, form, "");
  return message ? html`<div class="error" role="alert">${message}</div>` : html``;
}

/** Opens the edit panel that came back with a problem. */
export function openIf(state: FormState | undefined, form: string): Html {
  return state?.form === form ? html` open` : html``;
}

// Form text -> the API's PATCH body. A field the form did not send stays as it is; a blank
// one clears a field that may be empty (null), so the API's schema says what is missing.

/** The body's text fields that the form sent, blank as null. */
export function textFields(body: unknown, names: readonly string[], required: readonly string[] = []): Record<string, string | null> {
  const source = (body as Record<string, unknown> | undefined) ?? {};
  const patch: Record<string, string | null> = {};
  for (const name of names) {
    if (!(name in source)) continue;
    const value = text(body, name).trim();
    patch[name] = value === "" && !required.includes(name) ? null : value;
  }
  return patch;
}

/** An address from its five fields: all blank is none (null); not sent at all is unchanged. */
export function addressFrom(body: unknown, prefix: string): Record<string, string | null> | null | undefined {
  const source = (body as Record<string, unknown> | undefined) ?? {};
  const parts = ["line1", "line2", "city", "state", "zip"] as const;
  if (!parts.some((part) => `${prefix}.${part}` in source)) return undefined;
  const values = Object.fromEntries(parts.map((part) => [part, text(body, `${prefix}.${part}`).trim()]));
  if (parts.every((part) => values[part] === "")) return null;
  return { line1: values.line1!, line2: values.line2 || null, city: values.city!, state: values.state!.toUpperCase(), zip: values.zip!.replace(/-/g, "") };
}

/** A number typed in a form: a number when it reads as one, else the text (the schema then names the field). */
export function numberFrom(value: string): number | string {
  const trimmed = value.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The field a message belongs beside: the issue's path when the form has it (or a field under it), else the form's top (""). */
export function fieldOfPath(path: string | undefined, fields: readonly string[]): string {
  if (!path) return "";
  if (fields.includes(path)) return path;
  return fields.find((name) => name.startsWith(`${path}.`)) ?? fields.find((name) => path.startsWith(`${name}.`)) ?? "";
}

/** Cents as the text a charge field shows ("61.50", no thousands separator). */
export function dollarsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** The version the form was read at (what was sent, when it comes back with a problem). */
export function versionField(state: FormState | undefined, form: string, version: number): Html {
  return html`<input type="hidden" name="version" value="${shown(state, form, "version", String(version))}">`;
}
