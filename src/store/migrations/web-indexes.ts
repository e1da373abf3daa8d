/**
 * Migration 2026-12-01-web-indexes: the indexes the web app's lists page by. Claims rows are
 * wide (each keeps its whole scrub result), so counting and ordering them must come from an
 * index, not a scan: the claims list (by practice and date, or by practice, status and date),
 * the counts by status, the worklist's "has this visit a claim with the payer" test (visit,
 * status, frequency) and its visits by practice and date.
 */
import type { Kysely, Migration } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the database as it was, not the current schema type */
type AnyDb = Kysely<any>;

export function webIndexesMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.createIndex("claims_practice_date").on("claims").columns(["practice_id", "date_of_service", "id"]).execute();
      await db.schema.createIndex("claims_practice_status_date").on("claims").columns(["practice_id", "status", "date_of_service", "id"]).execute();
      await db.schema.createIndex("claims_visit_status").on("claims").columns(["visit_id", "status", "frequency"]).execute();
      await db.schema.createIndex("visits_practice_date").on("visits").columns(["practice_id", "date_of_service", "id"]).execute();
    },
    async down(db: AnyDb) {
      for (const name of ["claims_practice_date", "claims_practice_status_date", "claims_visit_status", "visits_practice_date"]) await db.schema.dropIndex(name).execute();
    },
  };
}
