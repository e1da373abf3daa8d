/**
 * The denial figures of each day of service, kept as payments post (tables line_outcome_days
 * and denial_reason_days, migration 2026-12-01-remittances-denial-totals) so that the Denials
 * page's charts read a few rows per day instead of every line payment and adjustment:
 * - line_outcome_days: per practice, date of service, payer and code, the lines of the
 *   payments that stand (src/remit/standing.ts) and how many of them are denied or partial;
 * - denial_reason_days: per the same and a CARC, the denied lines that carry that reason and
 *   its denied cents (a line's own CAS, or its share of a claim-level denial: the adjustments
 *   adjustmentsByLinePayment gives it, the denial reasons among them as isDenialReason says).
 *
 * A day's rows are rewritten from its line payments, never adjusted by a difference, in the
 * transaction of each write that ties a payment to a claim or reverses one (posting an 835,
 * resolving an unmatched payment by hand), for the days of service of the claims it touched,
 * so they always equal a recomputation. Claims keep their practice, payer and date of service
 * for life (a correction is a new claim), so nothing else moves a line to another day.
 */
import { sql } from "kysely";
import type { Db } from "../store/transaction.js";
import { rewriteDaysOfClaims, type DaysOfPractice } from "./claim-days.js";
import type { AnyDb } from "./kept-rewrite.js";
import { isDenialReason } from "./classify.js";
import { adjustmentsByLinePayment } from "./line-adjustments.js";
import { standingLinePayments } from "./standing.js";

const ROWS_PER_INSERT = 500;

/** Rewrites the denial figures of the days named (every day of every practice without a scope) from their line payments. */
export async function rewriteDenialTotalDays(db: Db, scope?: DaysOfPractice): Promise<void> {
  const within = <Q extends ReturnType<typeof standingLinePayments>>(query: Q): Q =>
    scope === undefined ? query : (query.where("claims.practice_id", "=", scope.practiceId).where("claims.date_of_service", "in", [...scope.days]) as Q);
  if (scope === undefined) {
    await db.deleteFrom("line_outcome_days").execute();
    await db.deleteFrom("denial_reason_days").execute();
  } else {
    await db.deleteFrom("line_outcome_days").where("practice_id", "=", scope.practiceId).where("date_of_service", "in", [...scope.days]).execute();
    await db.deleteFrom("denial_reason_days").where("practice_id", "=", scope.practiceId).where("date_of_service", "in", [...scope.days]).execute();
  }
  const denied = sql<number>`sum(case when line_payments.status in ('denied', 'partial') then 1 else 0 end)`;
  await db
    .insertInto("line_outcome_days")
    .columns(["practice_id", "date_of_service", "payer_id", "code", "adjudicated_lines", "denied_lines"])
    .expression(
      within(standingLinePayments(db))
        .select(["claims.practice_id", "claims.date_of_service", "claims.payer_id", "line_payments.code", (eb) => eb.fn.countAll<number>().as("adjudicated_lines"), denied.as("denied_lines")])
        .groupBy(["claims.practice_id", "claims.date_of_service", "claims.payer_id", "line_payments.code"]),
    )
    .execute();

  const lines = await within(standingLinePayments(db))
    .where("line_payments.status", "in", ["denied", "partial"])
    .select(["line_payments.id", "line_payments.claim_payment_id", "line_payments.code", "claims.practice_id", "claims.date_of_service", "claims.payer_id"])
    .orderBy("line_payments.id")
    .execute();
  const adjustmentsOf = await adjustmentsByLinePayment(db, lines);
  const totals = new Map<string, { practice_id: number; date_of_service: string; payer_id: number; code: string; reason: string; lines: number; cents: number }>();
  for (const line of lines) {
    // A line denied for two reasons counts once under each, with that reason's cents.
    const byReason = new Map<string, number>();
    for (const adjustment of adjustmentsOf.get(line.id) ?? []) {
      if (isDenialReason({ group: adjustment.group_code, reason: adjustment.reason })) byReason.set(adjustment.reason, (byReason.get(adjustment.reason) ?? 0) + adjustment.amount_cents);
    }
    for (const [reason, cents] of byReason) {
      const key = `${line.practice_id}\u0000${line.date_of_service}\u0000${line.payer_id}\u0000${line.code}\u0000${reason}`;
      const total = totals.get(key) ?? { practice_id: line.practice_id, date_of_service: line.date_of_service, payer_id: line.payer_id, code: line.code, reason, lines: 0, cents: 0 };
      total.lines++;
      total.cents += cents;
      totals.set(key, total);
    }
  }
  const rows = [...totals.values()];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) await db.insertInto("denial_reason_days").values(rows.slice(start, start + ROWS_PER_INSERT)).execute();
}

/** Rewrites the days of service of the claims named (every day's when none are named) from their line payments. */
export async function refreshDenialTotals(db: AnyDb, claimIds?: Iterable<number>): Promise<void> {
  await rewriteDaysOfClaims(db, claimIds, [rewriteDenialTotalDays]);
}
