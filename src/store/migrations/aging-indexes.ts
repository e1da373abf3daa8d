/**
 * Migration 2026-12-01-remittances-aging-indexes: the indexes A/R aging (src/reports/ar.ts) and the
 * claims list's money sorts (src/web/pages/claims.ts) read from instead of the tables' rows
 * (a claim's row keeps its whole scrub result and a claim payment's its 835 document, so
 * each row read is a page read):
 * - a practice's claims by status with the payer and date of service: the billed claims;
 * - a claim's payments with what tells a standing one (reversed, status, the remittance and
 *   the payment it reverses) and its charge and payment;
 * - a claim's lines with the code and units: the charge of a claim not paid yet.
 */
import type { Migration } from "kysely";
import { indexesMigration } from "./table-builder.js";

export const AGING_INDEXES = [
  { name: "claims_practice_status_payer", table: "claims", columns: ["practice_id", "status", "payer_id", "date_of_service", "id", "patient_id"] },
  {
    name: "claim_payments_claim_standing",
    table: "claim_payments",
    columns: ["claim_id", "reversed", "id", "status_code", "remittance_id", "reverses_id", "charge_cents", "paid_cents"],
  },
  { name: "claim_lines_claim_code_units", table: "claim_lines", columns: ["claim_id", "code", "units"] },
] as const;

export function agingIndexesMigration(): Migration {
  return indexesMigration(AGING_INDEXES);
}
