/**
 * Migration 2026-12-01-history-indexes: the history-aware scrub's largest lookup, a
 * patient's claims of the year with what tells a live one (status, frequency) and the payer
 * and visit it names (liveClaimLinesOfPatient in src/store/claims.ts), read from an index
 * instead of the claims' rows, each of which keeps its whole scrub result.
 */
import type { Kysely, Migration } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the database as it was, not the current schema type */
type AnyDb = Kysely<any>;

export const HISTORY_INDEXES = [
  { name: "claims_patient_date_live", table: "claims", columns: ["patient_id", "date_of_service", "status", "frequency", "payer_id", "visit_id"] },
] as const;

export function historyIndexesMigration(): Migration {
  return {
    async up(db: AnyDb) {
      for (const index of HISTORY_INDEXES) await db.schema.createIndex(index.name).on(index.table).columns([...index.columns]).execute();
    },
    async down(db: AnyDb) {
      for (const index of HISTORY_INDEXES) await db.schema.dropIndex(index.name).execute();
    },
  };
}
