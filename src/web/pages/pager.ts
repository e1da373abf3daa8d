/** Previous / next links for a paged list, keeping the list's filters in the address. */
import { html, type Html } from "../html.js";

export const PAGE_SIZE = 50;

export function pager(path: string, query: Record<string, string | undefined>, offset: number, total: number, size = PAGE_SIZE): Html {
  const link = (to: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value && key !== "offset") params.set(key, value);
    if (to > 0) params.set("offset", String(to));
    const search = params.toString();
    return `${path}${search ? `?${search}` : ""}`;
  };
  const last = Math.min(offset + size, total);
  return html`<nav class="pager" aria-label="Pages">
    <span>${total === 0 ? "Nothing to show" : `${offset + 1}–${last} of ${total}`}</span>
    ${offset > 0 ? html`<a href="${link(Math.max(offset - size, 0))}" rel="prev">Previous</a>` : ""}
    ${last < total ? html`<a href="${link(offset + size)}" rel="next">Next</a>` : ""}
  </nav>`;
}
