/**
 * Payers: who pays, how it counts units (CMS total-time or AMA per-code), and its own fee
 * schedule when it does not pay Medicare's rates.
 */
import { addressText, toAddress } from "./addresses.js";
import { definedOnly, fromJsonText, toJsonText } from "./columns.js";
import type { Patch, Payer, PayerFeeScheduleCents, PayerInput } from "./entities.js";
import type { ProfileOverrides } from "../payers/profile-schema.js";
import { requireProfileId } from "../payers/profiles.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePractice } from "./references.js";
import type { PayerRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toPayer(row: PayerRow): Payer {
  return {
    id: row.id,
    practiceId: row.practice_id,
    name: row.name,
    kind: row.kind,
    unitRule: row.unit_rule,
    feeSchedule: fromJsonText<PayerFeeScheduleCents | null>(row.fee_schedule, null),
    settings: fromJsonText<Record<string, unknown>>(row.settings, {}),
    electronicPayerId: row.electronic_payer_id,
    address: toAddress(row.address),
    claimFilingIndicator: row.claim_filing_indicator,
    profile: row.profile,
    profileOverrides: fromJsonText<ProfileOverrides | null>(row.profile_overrides, null),
    version: row.version,
  };
}

function feeScheduleText(feeSchedule: PayerFeeScheduleCents | null | undefined): string | null | undefined {
  if (feeSchedule === undefined) return undefined;
  return feeSchedule === null ? null : toJsonText(feeSchedule);
}

export async function createPayer(db: Db, input: PayerInput): Promise<Payer> {
  requireProfileId(input.profile);
  return inTransaction(db, async (trx) => {
    await requirePractice(trx, input.practiceId);
    const row = await trx
      .insertInto("payers")
      .values({
        practice_id: input.practiceId,
        name: input.name,
        kind: input.kind,
        unit_rule: input.unitRule ?? null,
        fee_schedule: feeScheduleText(input.feeSchedule) ?? null,
        settings: toJsonText(input.settings ?? {}),
        electronic_payer_id: input.electronicPayerId ?? null,
        address: addressText(input.address) ?? null,
        claim_filing_indicator: input.claimFilingIndicator ?? null,
        profile: input.profile ?? null,
        profile_overrides: input.profileOverrides ? toJsonText(input.profileOverrides) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPayer(row);
  });
}

export async function findPayer(db: Db, id: number): Promise<Payer | undefined> {
  const row = await db.selectFrom("payers").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toPayer(row) : undefined;
}

export async function getPayer(db: Db, id: number): Promise<Payer> {
  const payer = await findPayer(db, id);
  if (!payer) throw notFound("payers", id);
  return payer;
}

/** The practice's payer of this kind and name (case-insensitive), for imports. */
export async function findPayerByName(db: Db, practiceId: number, kind: string, name: string): Promise<Payer | undefined> {
  const row = await db
    .selectFrom("payers")
    .selectAll()
    .where("practice_id", "=", practiceId)
    .where("kind", "=", kind)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()))
    .orderBy("id")
    .executeTakeFirst();
  return row ? toPayer(row) : undefined;
}

export async function updatePayer(db: Db, id: number, patch: Patch<Omit<PayerInput, "practiceId">>): Promise<Payer> {
  requireProfileId(patch.profile);
  return inTransaction(db, async (trx) => {
    await updateVersioned(
      trx,
      "payers",
      id,
      patch.version,
      definedOnly({
        name: patch.name,
        kind: patch.kind,
        unit_rule: patch.unitRule,
        fee_schedule: feeScheduleText(patch.feeSchedule),
        settings: patch.settings === undefined ? undefined : toJsonText(patch.settings),
        electronic_payer_id: patch.electronicPayerId,
        address: addressText(patch.address),
        claim_filing_indicator: patch.claimFilingIndicator,
        profile: patch.profile,
        profile_overrides: patch.profileOverrides === undefined ? undefined : patch.profileOverrides === null ? null : toJsonText(patch.profileOverrides),
      }),
    );
    return getPayer(trx, id);
  });
}

export interface PayerFilter {
  practiceId?: number;
  kind?: string;
}

export async function listPayers(db: Db, filter: PayerFilter = {}, page?: PageRequest): Promise<Page<Payer>> {
  let query = db.selectFrom("payers");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  if (filter.kind) query = query.where("kind", "=", filter.kind);
  const { rows, ...bounds } = await fetchPage<PayerRow>(query, "id", page);
  return { items: rows.map(toPayer), ...bounds };
}
