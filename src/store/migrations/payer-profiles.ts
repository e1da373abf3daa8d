/**
 * Migration 2026-12-01-payer-profiles: a payer names the profile it is billed by
 * (data/payers/<id>.json; null = the profile of its kind) and keeps its own rule values
 * on top of it (JSON, src/payers/profile-schema.ts `profileOverrides`), e.g. "20 visits a
 * year, PT/OT combined, authorization after visit 12, 110% of Medicare". A coverage keeps
 * the patient's copay and coinsurance under the plan.
 */
import type { Kysely, Migration } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the database as it was, not the current schema type */
type AnyDb = Kysely<any>;

export function payerProfilesMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable("payers").addColumn("profile", "text").execute();
      await db.schema.alterTable("payers").addColumn("profile_overrides", "text").execute();
      // The patient's cost sharing under a coverage: the copay, then the coinsurance of the rest.
      await db.schema.alterTable("coverages").addColumn("copay_cents", "integer").execute();
      await db.schema.alterTable("coverages").addColumn("coinsurance_basis_points", "integer").execute();
    },
    async down(db: AnyDb) {
      await db.schema.alterTable("coverages").dropColumn("coinsurance_basis_points").execute();
      await db.schema.alterTable("coverages").dropColumn("copay_cents").execute();
      await db.schema.alterTable("payers").dropColumn("profile_overrides").execute();
      await db.schema.alterTable("payers").dropColumn("profile").execute();
    },
  };
}
