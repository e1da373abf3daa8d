/** Practices: the top of every record; a billing company keeps many in one database. */
import { lowerContains } from "./like.js";
import type { Practice, PracticeInput, Patch } from "./entities.js";
import { addressText, toAddress } from "./addresses.js";
import { definedOnly } from "./columns.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import type { PracticeRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toPractice(row: PracticeRow): Practice {
  return {
    id: row.id,
    name: row.name,
    npi: row.npi,
    taxId: row.tax_id,
    billingName: row.billing_name,
    address: toAddress(row.address),
    phone: row.phone,
    taxonomy: row.taxonomy,
    payToAddress: toAddress(row.pay_to_address),
    version: row.version,
  };
}

export async function createPractice(db: Db, input: PracticeInput): Promise<Practice> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("practices")
      .values({
        name: input.name,
        npi: input.npi ?? null,
        tax_id: input.taxId ?? null,
        billing_name: input.billingName ?? null,
        address: addressText(input.address) ?? null,
        phone: input.phone ?? null,
        taxonomy: input.taxonomy ?? null,
        pay_to_address: addressText(input.payToAddress) ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPractice(row);
  });
}

export async function findPractice(db: Db, id: number): Promise<Practice | undefined> {
  const row = await db.selectFrom("practices").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toPractice(row) : undefined;
}

export async function getPractice(db: Db, id: number): Promise<Practice> {
  const practice = await findPractice(db, id);
  if (!practice) throw notFound("practices", id);
  return practice;
}

export async function updatePractice(db: Db, id: number, patch: Patch<PracticeInput>): Promise<Practice> {
  return inTransaction(db, async (trx) => {
    await updateVersioned(trx, "practices", id, patch.version, definedOnly({
        name: patch.name,
        npi: patch.npi,
        tax_id: patch.taxId,
        billing_name: patch.billingName,
        address: addressText(patch.address),
        phone: patch.phone,
        taxonomy: patch.taxonomy,
        pay_to_address: addressText(patch.payToAddress),
      }));
    return getPractice(trx, id);
  });
}

export interface PracticeFilter {
  /** part of the name, any case */
  q?: string;
}

export async function listPractices(db: Db, filter: PracticeFilter = {}, page?: PageRequest): Promise<Page<Practice>> {
  let query = db.selectFrom("practices");
  if (filter.q) query = query.where(lowerContains("name", filter.q));
  const { rows, ...bounds } = await fetchPage<PracticeRow>(query, "id", page);
  return { items: rows.map(toPractice), ...bounds };
}
