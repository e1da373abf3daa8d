/**
 * Migration 2026-12-01-history-indexes: the history-aware scrub's largest lookup, a
 * patient's claims of the year with what tells a live one (status, frequency) and the payer
 * and visit it names (liveClaimLinesOfPatient in src/store/claims.ts), read from an index
 * instead of the claims' rows, each of which keeps its whole scrub result.
 */
import type { Migration } from "kysely";
import { indexesMigration } from "./table-builder.js";

export const HISTORY_INDEXES = [
  { name: "claims_patient_date_live", table: "claims", columns: ["patient_id", "date_of_service", "status", "frequency", "payer_id", "visit_id"] },
] as const;

export function historyIndexesMigration(): Migration {
  return indexesMigration(HISTORY_INDEXES);
}
