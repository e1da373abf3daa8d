/**
 * The denied and partly denied lines of the payments that stand, kept as payments post (table
 * denied_lines, migration 2026-12-01-remittances-denied-lines): each line's practice, date of
 * service and the day its remittance was paid, so that the Denials page picks its page of
 * lines, newest answers first, from narrow rows instead of joining every line payment to its
 * claim payment, claim and remittance, and reads only the lines it shows.
 *
 * Rewritten for the days of service of the claims a write touched, in its transaction, as
 * the denial figures of each day are (src/remit/denial-totals.ts): posting an 835 and
 * resolving an unmatched payment by hand; a claim keeps its practice and date of service.
 */
import { sql } from "kysely";
import type { Db } from "../store/transaction.js";
import { rewriteDaysOfClaims, type DaysOfPractice } from "./claim-days.js";
import type { AnyDb } from "./kept-rewrite.js";
import { standingLinePayments } from "./standing.js";

/** Rewrites the denied lines of the days named (every day of every practice without a scope). */
export async function rewriteDeniedLineDays(db: Db, scope?: DaysOfPractice): Promise<void> {
  let lines = standingLinePayments(db)
    .innerJoin("remittances", "remittances.id", "claim_payments.remittance_id")
    .where("line_payments.status", "in", ["denied", "partial"])
    .select(["line_payments.id as line_payment_id", "claims.practice_id", "claims.date_of_service", "remittances.payment_date"]);
  if (scope === undefined) await db.deleteFrom("denied_lines").execute();
  else {
    await db.deleteFrom("denied_lines").where("practice_id", "=", scope.practiceId).where("date_of_service", "in", [...scope.days]).execute();
    lines = lines.where("claims.practice_id", "=", scope.practiceId).where("claims.date_of_service", "in", [...scope.days]);
  }
  await db.insertInto("denied_lines").columns(["line_payment_id", "practice_id", "date_of_service", "payment_date"]).expression(lines).execute();
}

/** Rewrites the denied lines of the days of service of the claims named (every day's when none are named). */
export async function refreshDeniedLines(db: AnyDb, claimIds?: Iterable<number>): Promise<void> {
  await rewriteDaysOfClaims(db, claimIds, [rewriteDeniedLineDays]);
}

/**
 * The ids of one page of a practice's denied lines (of dates of service from and to, as ISO
 * text), newest answers first (a line whose remittance has no payment date last), then by id.
 */
export async function pageOfDeniedLines(db: Db, filter: { practiceId: number; from?: string; to?: string }, page: { offset: number; limit: number }): Promise<number[]> {
  const rows = await db
    .selectFrom("denied_lines")
    .select("line_payment_id")
    .where("practice_id", "=", filter.practiceId)
    .$if(Boolean(filter.from), (query) => query.where("date_of_service", ">=", filter.from!))
    .$if(Boolean(filter.to), (query) => query.where("date_of_service", "<=", filter.to!))
    .orderBy(sql`payment_date is null`)
    .orderBy("payment_date", "desc")
    .orderBy("line_payment_id")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((row) => row.line_payment_id);
}
