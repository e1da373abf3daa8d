/**
 * Clearinghouse settings, one per practice: who submits (837P 1000A), who receives
 * (1000B), the ISA sender and receiver, and whether files are test or production (ISA15).
 * The interchange control number counter (ISA13) lives beside them: control numbers are
 * unique and increasing per practice, taken inside the batch's transaction.
 */
import { sql } from "kysely";
import { InputError } from "../errors.js";
import { definedOnly } from "./columns.js";
import type { Clearinghouse, ClearinghouseInput, Patch } from "./entities.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePractice } from "./references.js";
import type { ClearinghouseSettingsRow } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toClearinghouse(row: ClearinghouseSettingsRow): Clearinghouse {
  return {
    id: row.id,
    practiceId: row.practice_id,
    submitterId: row.submitter_id,
    submitterName: row.submitter_name,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    receiverId: row.receiver_id,
    receiverName: row.receiver_name,
    senderQualifier: row.sender_qualifier,
    senderId: row.sender_id,
    receiverQualifier: row.receiver_qualifier,
    interchangeReceiverId: row.interchange_receiver_id,
    usageIndicator: row.usage_indicator,
    version: row.version,
  };
}

export async function createClearinghouse(db: Db, input: ClearinghouseInput): Promise<Clearinghouse> {
  return inTransaction(db, async (trx) => {
    await requirePractice(trx, input.practiceId);
    const existing = await trx.selectFrom("clearinghouse_settings").select("id").where("practice_id", "=", input.practiceId).executeTakeFirst();
    if (existing) throw new InputError("conflict", `practice ${input.practiceId} already has clearinghouse settings ${existing.id}; change them with PATCH`, { path: "practiceId", value: input.practiceId });
    const row = await trx
      .insertInto("clearinghouse_settings")
      .values({
        practice_id: input.practiceId,
        submitter_id: input.submitterId,
        submitter_name: input.submitterName,
        contact_name: input.contactName,
        contact_phone: input.contactPhone,
        receiver_id: input.receiverId,
        receiver_name: input.receiverName,
        sender_qualifier: input.senderQualifier ?? "ZZ",
        sender_id: input.senderId,
        receiver_qualifier: input.receiverQualifier ?? "ZZ",
        interchange_receiver_id: input.interchangeReceiverId,
        usage_indicator: input.usageIndicator ?? "T",
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toClearinghouse(row);
  });
}

export async function findClearinghouse(db: Db, id: number): Promise<Clearinghouse | undefined> {
  const row = await db.selectFrom("clearinghouse_settings").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toClearinghouse(row) : undefined;
}

export async function getClearinghouse(db: Db, id: number): Promise<Clearinghouse> {
  const settings = await findClearinghouse(db, id);
  if (!settings) throw notFound("clearinghouse_settings", id);
  return settings;
}

export async function clearinghouseOfPractice(db: Db, practiceId: number): Promise<Clearinghouse | undefined> {
  const row = await db.selectFrom("clearinghouse_settings").selectAll().where("practice_id", "=", practiceId).executeTakeFirst();
  return row ? toClearinghouse(row) : undefined;
}

export async function updateClearinghouse(db: Db, id: number, patch: Patch<Omit<ClearinghouseInput, "practiceId">>): Promise<Clearinghouse> {
  return inTransaction(db, async (trx) => {
    await updateVersioned(
      trx,
      "clearinghouse_settings",
      id,
      patch.version,
      definedOnly({
        submitter_id: patch.submitterId,
        submitter_name: patch.submitterName,
        contact_name: patch.contactName,
        contact_phone: patch.contactPhone,
        receiver_id: patch.receiverId,
        receiver_name: patch.receiverName,
        sender_qualifier: patch.senderQualifier,
        sender_id: patch.senderId,
        receiver_qualifier: patch.receiverQualifier,
        interchange_receiver_id: patch.interchangeReceiverId,
        usage_indicator: patch.usageIndicator,
      }),
    );
    return getClearinghouse(trx, id);
  });
}

export async function listClearinghouses(db: Db, filter: { practiceId?: number } = {}, page?: PageRequest): Promise<Page<Clearinghouse>> {
  let query = db.selectFrom("clearinghouse_settings");
  if (filter.practiceId !== undefined) query = query.where("practice_id", "=", filter.practiceId);
  const { rows, ...bounds } = await fetchPage<ClearinghouseSettingsRow>(query, "id", page);
  return { items: rows.map(toClearinghouse), ...bounds };
}

/** ISA13 is 9 digits. */
export const MAX_CONTROL_NUMBER = 999_999_999;

/**
 * The practice's next interchange control number. Call inside the batch's transaction: the
 * counter row's update locks it until commit (PostgreSQL), and SQLite writes one transaction
 * at a time, so two batches never get the same number, and a failed batch gives its number back.
 */
export async function nextControlNumber(db: Db, practiceId: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    await trx.insertInto("interchange_counters").values({ practice_id: practiceId, last_control_number: 0 }).onConflict((oc) => oc.column("practice_id").doNothing()).execute();
    const row = await trx
      .updateTable("interchange_counters")
      .set({ last_control_number: sql`last_control_number + 1` })
      .where("practice_id", "=", practiceId)
      .returning("last_control_number")
      .executeTakeFirstOrThrow();
    if (row.last_control_number > MAX_CONTROL_NUMBER) throw new InputError("unprocessable", `practice ${practiceId} has used every interchange control number (ISA13 is 9 digits)`);
    return row.last_control_number;
  });
}
