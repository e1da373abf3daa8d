/**
 * The charge master: what the practice charges per unit of each code (the claim's SV102 is
 * charge x units; the payer's allowed amount is its own business). A charge is in force
 * from `effectiveFrom` through `effectiveThrough` (open-ended when null); periods of one
 * code never overlap, so the charge for a date of service is never ambiguous.
 */
import { sql, type RawBuilder } from "kysely";
import { InputError } from "../errors.js";
import { definedOnly } from "./columns.js";
import type { Charge, ChargeInput, Patch } from "./entities.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePractice } from "./references.js";
import type { ChargeMasterRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

/**
 * In SQL, what a claim (the query's alias `claim`, e.g. "claims") was billed by the charge
 * master: each line's units times the charge in force on the claim's date of service (the
 * latest start), 0 for a code without one; null for a claim without lines. A claim no payment
 * echoed a charge for (CLP03) is worth this in A/R and in the claims list.
 */
export function chargeMasterChargeOf(claim: string): RawBuilder<number> {
  const practiceId = sql.ref(`${claim}.practice_id`);
  const date = sql.ref(`${claim}.date_of_service`);
  return sql<number>`(select sum(cl.units * coalesce((select cm.charge_cents from charge_master cm
      where cm.practice_id = ${practiceId} and cm.code = cl.code and cm.effective_from <= ${date} and (cm.effective_through is null or cm.effective_through >= ${date})
      order by cm.effective_from desc limit 1), 0))
    from claim_lines cl where cl.claim_id = ${sql.ref(`${claim}.id`)})`;
}

function toCharge(row: ChargeMasterRow): Charge {
  return {
    id: row.id,
    practiceId: row.practice_id,
    code: row.code,
    chargeCents: row.charge_cents,
    effectiveFrom: row.effective_from,
    effectiveThrough: row.effective_through,
    version: row.version,
  };
}

/** Another charge of the same code whose period meets this one's is a conflict naming it. */
async function checkOverlap(db: Db, charge: Charge): Promise<void> {
  if (charge.effectiveThrough !== null && charge.effectiveThrough < charge.effectiveFrom) {
    throw new InputError("invalid_input", `effectiveThrough ${charge.effectiveThrough} is before effectiveFrom ${charge.effectiveFrom}`, { path: "effectiveThrough", value: charge.effectiveThrough });
  }
  let query = db
    .selectFrom("charge_master")
    .selectAll()
    .where("practice_id", "=", charge.practiceId)
    .where("code", "=", charge.code)
    .where("id", "!=", charge.id)
    .where((eb) => eb.or([eb("effective_through", "is", null), eb("effective_through", ">=", charge.effectiveFrom)]));
  if (charge.effectiveThrough !== null) query = query.where("effective_from", "<=", charge.effectiveThrough);
  const other = await query.orderBy("effective_from").executeTakeFirst();
  if (other) {
    throw new InputError(
      "conflict",
      `code ${charge.code}: charge ${other.id} is already in force ${other.effective_from} through ${other.effective_through ?? "(open)"}; end it before ${charge.effectiveFrom} first`,
      { path: "effectiveFrom", value: charge.effectiveFrom },
    );
  }
}

export async function createCharge(db: Db, input: ChargeInput): Promise<Charge> {
  return inTransaction(db, async (trx) => {
    await requirePractice(trx, input.practiceId);
    const row = await trx
      .insertInto("charge_master")
      .values({
        practice_id: input.practiceId,
        code: input.code,
        charge_cents: input.chargeCents,
        effective_from: input.effectiveFrom,
        effective_through: input.effectiveThrough ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const charge = toCharge(row);
    await checkOverlap(trx, charge);
    return charge;
  });
}

export async function findCharge(db: Db, id: number): Promise<Charge | undefined> {
  const row = await db.selectFrom("charge_master").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toCharge(row) : undefined;
}

export async function getCharge(db: Db, id: number): Promise<Charge> {
  const charge = await findCharge(db, id);
  if (!charge) throw notFound("charge_master", id);
  return charge;
}

export async function updateCharge(db: Db, id: number, patch: Patch<Omit<ChargeInput, "practiceId">>): Promise<Charge> {
  return inTransaction(db, async (trx) => {
    await updateVersioned(
      trx,
      "charge_master",
      id,
      patch.version,
      definedOnly({ code: patch.code, charge_cents: patch.chargeCents, effective_from: patch.effectiveFrom, effective_through: patch.effectiveThrough }),
    );
    const charge = await getCharge(trx, id);
    await checkOverlap(trx, charge);
    return charge;
  });
}

export interface ChargeFilter {
  practiceId?: number;
  code?: string;
  /** charges in force on this date */
  activeOn?: string;
}

export async function listCharges(db: Db, filter: ChargeFilter = {}, page?: PageRequest): Promise<Page<Charge>> {
  let query = db.selectFrom("charge_master");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.code) query = query.where("code", "=", filter.code);
  if (filter.activeOn) {
    const day = filter.activeOn;
    query = query.where("effective_from", "<=", day).where((eb) => eb.or([eb("effective_through", "is", null), eb("effective_through", ">=", day)]));
  }
  const { rows, ...bounds } = await fetchPage<ChargeMasterRow>(query, "id", page);
  return { items: rows.map(toCharge), ...bounds };
}

/** The practice's charge per unit, in cents, for each of `codes` on the date of service; codes without one are absent. */
export async function chargesInForce(db: Db, practiceId: number, codes: readonly string[], dateOfService: string): Promise<Map<string, number>> {
  const charges = new Map<string, number>();
  if (codes.length === 0) return charges;
  const rows = await db
    .selectFrom("charge_master")
    .select(["code", "charge_cents"])
    .where("practice_id", "=", practiceId)
    .where("code", "in", [...new Set(codes)])
    .where("effective_from", "<=", dateOfService)
    .where((eb) => eb.or([eb("effective_through", "is", null), eb("effective_through", ">=", dateOfService)]))
    .execute();
  for (const row of rows) charges.set(row.code, row.charge_cents);
  return charges;
}
