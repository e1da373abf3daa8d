/** Offset pagination for every list: `?limit=&offset=`, with the total so a UI can page. */
import type { SelectQueryBuilder } from "kysely";

export interface PageRequest {
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function pageBounds(request: PageRequest = {}): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.trunc(request.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const offset = Math.max(Math.trunc(request.offset ?? 0), 0);
  return { limit, offset };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table's filtered select
type FilteredSelect = SelectQueryBuilder<any, any, any>;

/**
 * Runs a filtered query twice: once for the count, once for the page ordered by id, so a
 * page never shifts when rows are only added after it.
 */
export async function fetchPage<Row>(query: FilteredSelect, orderColumn: string, request: PageRequest | undefined): Promise<Omit<Page<Row>, "items"> & { rows: Row[] }> {
  const { limit, offset } = pageBounds(request);
  const counted = (await query.select((eb) => eb.fn.countAll().as("count")).executeTakeFirst()) as { count: number | string | bigint } | undefined;
  const rows = (await query.selectAll().orderBy(orderColumn).limit(limit).offset(offset).execute()) as Row[];
  return { rows, total: Number(counted?.count ?? 0), limit, offset };
}
