/**
 * Sorting a paged list on the server: `?sort=<column>&dir=asc|desc` is read here, applied by
 * the list's own query before it pages (so the order holds over the whole list, not one
 * page), and each sortable column header is a link to the list sorted by it, keeping the
 * list's filters. The header says which column sorts the list (aria-sort) for screen readers.
 */
import { InputError } from "../../errors.js";
import { text } from "../context.js";
import { html, type Html } from "../html.js";

export type Direction = "asc" | "desc";

export interface Sort<K extends string> {
  key: K;
  dir: Direction;
}

/** The list's sort from the address; an unknown column or direction is an error naming it. */
export function sortOf<K extends string>(query: unknown, columns: readonly K[], fallback: Sort<K>): Sort<K> {
  const key = text(query, "sort").trim();
  const dir = text(query, "dir").trim();
  if (key !== "" && !columns.includes(key as K)) throw new InputError("invalid_input", `sort: ${JSON.stringify(key)} is not a column to sort by (${columns.join(", ")})`, { path: "sort", value: key });
  if (dir !== "" && dir !== "asc" && dir !== "desc") throw new InputError("invalid_input", `dir: ${JSON.stringify(dir)} is neither asc nor desc`, { path: "dir", value: dir });
  if (key === "") return dir === "" ? fallback : { key: fallback.key, dir: dir as Direction };
  return { key: key as K, dir: (dir || "asc") as Direction };
}

/** The sort as address parameters (none when it is the list's default), for the pager's links. */
export function sortParams<K extends string>(sort: Sort<K>, fallback: Sort<K>): Record<string, string> {
  return sort.key === fallback.key && sort.dir === fallback.dir ? {} : { sort: sort.key, dir: sort.dir };
}

function address(path: string, filters: Record<string, string | undefined>, key: string, dir: Direction): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value && name !== "offset" && name !== "sort" && name !== "dir") params.set(name, value);
  params.set("sort", key);
  params.set("dir", dir);
  return `${path}?${params.toString()}`;
}

/**
 * A column header that sorts the list: a link to the list sorted by this column (the other
 * way round when it already sorts it), back at the first page.
 */
export function sortHeader<K extends string>(label: string, key: K, path: string, filters: Record<string, string | undefined>, sort: Sort<K>, options: { num?: boolean } = {}): Html {
  const current = sort.key === key;
  const next: Direction = current && sort.dir === "asc" ? "desc" : "asc";
  const state = current ? html` aria-sort="${sort.dir === "asc" ? "ascending" : "descending"}"` : html``;
  const mark = current ? html`<span class="sort-mark" aria-hidden="true">${sort.dir === "asc" ? " ▲" : " ▼"}</span>` : html``;
  return html`<th${options.num ? html` class="num"` : ""}${state}><a class="sort-link" href="${address(path, filters, key, next)}">${label}${mark}</a></th>`;
}
