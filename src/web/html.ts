/**
 * The web app's templates: a tagged template that escapes every interpolated value unless
 * it is already `Html`. Escaping is the default (a forgotten `safe` cannot leak a patient's
 * name into markup), and templates stay plain typed TypeScript functions: no JSX runtime,
 * no compiler settings shared with the rest of the code base.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** A value in a template: markup, text, a number, nothing (null, undefined, false) or a list of them. */
export type Fragment = Html | string | number | boolean | null | undefined | readonly Fragment[];

function render(value: Fragment): string {
  if (value === null || value === undefined || value === false || value === true) return "";
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Fragment[]): Html {
  let out = strings[0]!;
  for (let index = 0; index < values.length; index += 1) out += render(values[index]!) + strings[index + 1]!;
  return new Html(out);
}

/** Markup that is already safe (the assets' own constant strings). */
export function raw(text: string): Html {
  return new Html(text);
}

/** A list of fragments joined without a separator. */
export function join(items: readonly Fragment[]): Html {
  return new Html(render(items));
}
