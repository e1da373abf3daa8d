/**
 * Migrations, in code: the list below is the whole history, so a bundled or compiled
 * otbill never depends on finding migration files on disk. Each migration is written
 * once for both databases; only the auto-increment id column differs.
 */
import { Migrator, type Migration, type MigrationProvider } from "kysely";
import { withId, type AnyDb, type DialectName, type Table } from "./migrations/table-builder.js";
import { accessMigration } from "./migrations/access.js";
import { claimsOutMigration } from "./migrations/claims-out.js";
import { payerProfilesMigration } from "./migrations/payer-profiles.js";
import { remittancesMigration } from "./migrations/remittances.js";
import { webIndexesMigration } from "./migrations/web-indexes.js";
import { listIndexesMigration } from "./migrations/list-indexes.js";
import { denialIndexesMigration } from "./migrations/denial-indexes.js";
import { agingIndexesMigration } from "./migrations/aging-indexes.js";
import { claimBalancesMigration } from "./migrations/claim-balances.js";
import { denialTotalsMigration } from "./migrations/denial-totals.js";
import { deniedLinesMigration } from "./migrations/denied-lines.js";
import { visitScrubsMigration } from "./migrations/visit-scrubs.js";
import { historyIndexesMigration } from "./migrations/history-indexes.js";

export type { DialectName };

function withVersion(table: Table): Table {
  return table.addColumn("version", "integer", (column) => column.notNull().defaultTo(1));
}

function initialSchema(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      const create = (name: string) => withId(db.schema.createTable(name) as Table, dialect);

      await withVersion(create("practices").addColumn("name", "text", (c) => c.notNull()).addColumn("npi", "text").addColumn("tax_id", "text")).execute();

      await withVersion(
        create("providers")
          .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
          .addColumn("npi", "text", (c) => c.notNull())
          .addColumn("first_name", "text", (c) => c.notNull())
          .addColumn("last_name", "text", (c) => c.notNull())
          .addColumn("discipline", "text", (c) => c.notNull())
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("qualifying_apm", "integer", (c) => c.notNull().defaultTo(0))
          .addUniqueConstraint("providers_practice_npi", ["practice_id", "npi"]),
      ).execute();

      await withVersion(
        create("payers")
          .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("unit_rule", "text")
          .addColumn("fee_schedule", "text")
          .addColumn("settings", "text", (c) => c.notNull().defaultTo("{}")),
      ).execute();

      await withVersion(
        create("patients")
          .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
          .addColumn("external_id", "text")
          .addColumn("first_name", "text", (c) => c.notNull())
          .addColumn("last_name", "text", (c) => c.notNull())
          .addColumn("birth_date", "text")
          .addUniqueConstraint("patients_practice_external_id", ["practice_id", "external_id"]),
      ).execute();

      await withVersion(
        create("coverages")
          .addColumn("patient_id", "integer", (c) => c.notNull().references("patients.id").onDelete("cascade"))
          .addColumn("payer_id", "integer", (c) => c.notNull().references("payers.id"))
          .addColumn("member_id", "text", (c) => c.notNull())
          .addColumn("priority", "integer", (c) => c.notNull().defaultTo(1))
          .addColumn("start_date", "text")
          .addColumn("end_date", "text"),
      ).execute();

      await create("authorizations")
        .addColumn("coverage_id", "integer", (c) => c.notNull().references("coverages.id").onDelete("cascade"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("number", "text")
        .addColumn("visits_allowed", "integer")
        .addColumn("units_allowed", "integer")
        .addColumn("start_date", "text", (c) => c.notNull())
        .addColumn("end_date", "text", (c) => c.notNull())
        .execute();

      await withVersion(
        create("plans_of_care")
          .addColumn("patient_id", "integer", (c) => c.notNull().references("patients.id").onDelete("cascade"))
          .addColumn("provider_id", "integer", (c) => c.references("providers.id"))
          .addColumn("discipline", "text", (c) => c.notNull())
          .addColumn("initial_evaluation_date", "text", (c) => c.notNull())
          .addColumn("certified_from", "text", (c) => c.notNull())
          .addColumn("certified_through", "text", (c) => c.notNull())
          .addColumn("signed_date", "text")
          .addColumn("progress_report_dates", "text", (c) => c.notNull().defaultTo("[]")),
      ).execute();

      await withVersion(
        create("visits")
          .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
          .addColumn("patient_id", "integer", (c) => c.notNull().references("patients.id"))
          .addColumn("provider_id", "integer", (c) => c.notNull().references("providers.id"))
          .addColumn("payer_id", "integer", (c) => c.notNull().references("payers.id"))
          .addColumn("coverage_id", "integer", (c) => c.references("coverages.id"))
          .addColumn("plan_of_care_id", "integer", (c) => c.references("plans_of_care.id"))
          .addColumn("external_id", "text")
          .addColumn("date_of_service", "text", (c) => c.notNull())
          .addColumn("place_of_service", "text")
          .addColumn("locality", "text")
          .addColumn("diagnoses", "text", (c) => c.notNull().defaultTo("[]"))
          .addColumn("total_treatment_minutes", "integer")
          .addUniqueConstraint("visits_practice_external_id", ["practice_id", "external_id"]),
      ).execute();

      await create("visit_services")
        .addColumn("visit_id", "integer", (c) => c.notNull().references("visits.id").onDelete("cascade"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("minutes", "integer")
        .addColumn("assistant_minutes", "integer")
        .addColumn("units", "integer")
        .addColumn("modifiers", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("distinct_service", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("diagnosis_pointers", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("description", "text")
        .addColumn("assistant_provider_id", "integer", (c) => c.references("providers.id"))
        .execute();

      await withVersion(
        create("claims")
          .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
          .addColumn("visit_id", "integer", (c) => c.notNull().references("visits.id"))
          .addColumn("patient_id", "integer", (c) => c.notNull().references("patients.id"))
          .addColumn("payer_id", "integer", (c) => c.notNull().references("payers.id"))
          .addColumn("date_of_service", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("scrub_status", "text", (c) => c.notNull())
          .addColumn("scrub_result", "text", (c) => c.notNull())
          .addColumn("allowed_cents", "integer")
          .addColumn("payment_cents", "integer")
          .addColumn("patient_share_cents", "integer"),
      ).execute();

      await create("claim_lines")
        .addColumn("claim_id", "integer", (c) => c.notNull().references("claims.id").onDelete("cascade"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("modifiers", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("units", "integer", (c) => c.notNull())
        .addColumn("minutes", "integer")
        .addColumn("diagnosis_pointers", "text", (c) => c.notNull().defaultTo("[]"))
        .addColumn("allowed_cents", "integer")
        .addColumn("payment_cents", "integer")
        .addColumn("patient_share_cents", "integer")
        .addColumn("status", "text", (c) => c.notNull())
        .execute();

      // The history queries (KX year-to-date, treatment days, authorization use) all
      // start from one patient's visits and claims in a date range.
      await db.schema.createIndex("visits_patient_date").on("visits").columns(["patient_id", "date_of_service"]).execute();
      await db.schema.createIndex("claims_patient_date").on("claims").columns(["patient_id", "date_of_service"]).execute();
      await db.schema.createIndex("claims_visit").on("claims").column("visit_id").execute();
      await db.schema.createIndex("visit_services_visit").on("visit_services").columns(["visit_id", "position"]).execute();
      await db.schema.createIndex("claim_lines_claim").on("claim_lines").columns(["claim_id", "position"]).execute();
      await db.schema.createIndex("authorizations_coverage").on("authorizations").column("coverage_id").execute();
      await db.schema.createIndex("coverages_patient").on("coverages").column("patient_id").execute();
      await db.schema.createIndex("plans_of_care_patient").on("plans_of_care").column("patient_id").execute();
    },
    async down(db: AnyDb) {
      for (const table of ["claim_lines", "claims", "visit_services", "visits", "plans_of_care", "authorizations", "coverages", "patients", "payers", "providers", "practices"]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}

/** Every migration otbill has, by name; names sort in the order they must run. */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    "0001_initial": initialSchema(dialect),
    "2026-12-01-access": accessMigration(dialect),
    "2026-12-01-claims-out": claimsOutMigration(dialect),
    "2026-12-01-payer-profiles": payerProfilesMigration(),
    "2026-12-01-remittances": remittancesMigration(dialect),
    // Sorts right after the remittances migration, whose tables it indexes.
    "2026-12-01-remittances-denial-indexes": denialIndexesMigration(),
    "2026-12-01-web-indexes": webIndexesMigration(),
    "2026-12-01-list-indexes": listIndexesMigration(),
    // Sorts after the remittances migration too: it indexes claim_payments.
    "2026-12-01-remittances-aging-indexes": agingIndexesMigration(),
    // Sorts after the remittances migration, whose payments it sums per claim.
    "2026-12-01-remittances-claim-balances": claimBalancesMigration(),
    // Sorts after the remittances migration, whose line payments it counts per day.
    "2026-12-01-remittances-denial-totals": denialTotalsMigration(),
    // Sorts after the remittances migration, whose denied lines it keeps.
    "2026-12-01-remittances-denied-lines": deniedLinesMigration(),
    // Sorts after every table whose writes it counts (physicians came with claims-out).
    "2026-12-01-visit-scrubs": visitScrubsMigration(dialect),
    "2026-12-01-history-indexes": historyIndexesMigration(),
  };
}

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.dialect);
  }
}

/** Brings the database to the newest schema; throws with the failing migration's name. */
export async function migrateToLatest(db: AnyDb, dialect: DialectName, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(dialect),
    // The 2026-12-01 migrations touch separate tables and indexes and were added side by side:
    // a database made before one of them (2026-12-01-list-indexes sorts before payer-profiles)
    // still gets it, instead of refusing to open.
    allowUnorderedMigrations: true,
    // In PostgreSQL the migration table lives in the store's schema, so test runs in
    // their own schema never see another schema's bookkeeping.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error");
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`);
  }
}
