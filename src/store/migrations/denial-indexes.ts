/**
 * Migration 2026-12-01-remittances-denial-indexes: the indexes the Denials page's figures
 * read from instead of the tables' rows (src/reports/denials.ts, src/reports/ar.ts):
 * - a line payment's adjustments by line, with their group, reason and amount: the denial
 *   reasons of the denied lines, and whether a line has CAS of its own (a line without takes
 *   its share of the claim's); the denial worklist and report read adjustments by line too;
 * - a claim payment's adjustments with the same columns: what the payer side no longer owes
 *   (A/R aging sums them per claim);
 * - a claim's status history by the status it went to, with the time: the day a claim was
 *   first submitted, from which A/R ages it.
 */
import type { Migration } from "kysely";
import { indexesMigration } from "./table-builder.js";

export const DENIAL_INDEXES = [
  { name: "line_payments_status", table: "line_payments", columns: ["status", "claim_payment_id"] },
  { name: "payment_adjustments_line_payment", table: "payment_adjustments", columns: ["line_payment_id", "group_code", "reason", "amount_cents"] },
  { name: "payment_adjustments_claim_payment_kind", table: "payment_adjustments", columns: ["claim_payment_id", "group_code", "reason", "amount_cents"] },
  { name: "claim_status_history_claim_status", table: "claim_status_history", columns: ["claim_id", "to_status", "at"] },
] as const;

export function denialIndexesMigration(): Migration {
  return indexesMigration(DENIAL_INDEXES);
}
