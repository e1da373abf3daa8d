/**
 * Migration 2026-12-01-visit-scrubs: each visit's history-aware scrub, kept, and the stamps
 * that say whether a kept scrub still holds.
 *
 * A visit's scrub reads more than the visit: the patient's other visits, claims and claim
 * lines (KX year to date, authorization use, treatment days since the progress report), plans
 * of care and coverages, and the practice's providers, payers and physicians. Rather than
 * trust every writer to say what it changed, triggers on those tables count each write in
 * `scrub_stamps`: one counter per patient and one per practice. A kept scrub records the
 * counters it was computed under and holds while they, the visit's version and the reference
 * data are the same; any write through any path (web, API, CLI, an 835 posting) makes it
 * stale, and only for the patient it touched.
 */
import { sql, type Migration } from "kysely";
import type { AnyDb, DialectName } from "./table-builder.js";

/** A table whose writes change scrubs, and how its row names their owner (patient or practice). */
interface StampedTable {
  table: string;
  scope: "patient" | "practice";
  /** SQL for the owner's id from the row `row` ("NEW" or "OLD") */
  owner: (row: string) => string;
  /**
   * What a scrub reads of the row, as SQL of `row`, when that is less than the whole row: an
   * update changing none of it changes no scrub (an 835 moving a claim from submitted to
   * paid, or setting its lines' statuses). Inserts and deletes always count.
   */
  read?: (row: string) => string[];
}

const column = (name: string) => (row: string) => `${row}.${name}`;
const through = (parent: string, key: string) => (row: string) => `(SELECT patient_id FROM ${parent} WHERE id = ${row}.${key})`;
const columns = (...names: string[]) => (row: string) => names.map((name) => `${row}.${name}`);

/**
 * The claim statuses that take a claim out of the patient's history (DEAD_STATUSES in
 * src/store/claims.ts): a claim moving in or out of them changes the KX year to date and the
 * authorization's units used (src/store/history.ts); a move between live statuses does not.
 */
const DEAD = "('denied', 'void', 'replaced')";

export const STAMPED_TABLES: readonly StampedTable[] = [
  { table: "patients", scope: "patient", owner: column("id") },
  { table: "visits", scope: "patient", owner: column("patient_id") },
  { table: "visit_services", scope: "patient", owner: through("visits", "visit_id") },
  // liveClaimLinesOfPatient and authorizationUse read a claim's patient, date, payer, visit, frequency and whether it is dead.
  { table: "claims", scope: "patient", owner: column("patient_id"), read: (row) => [`${row}.status IN ${DEAD}`, ...columns("frequency", "patient_id", "date_of_service", "payer_id", "visit_id")(row)] },
  // ... and a line's claim, modifiers (the discipline), allowed amount and units.
  { table: "claim_lines", scope: "patient", owner: through("claims", "claim_id"), read: columns("claim_id", "modifiers", "allowed_cents", "units") },
  { table: "plans_of_care", scope: "patient", owner: column("patient_id") },
  { table: "coverages", scope: "patient", owner: column("patient_id") },
  { table: "authorizations", scope: "patient", owner: through("coverages", "coverage_id") },
  { table: "practices", scope: "practice", owner: column("id") },
  { table: "providers", scope: "practice", owner: column("practice_id") },
  { table: "payers", scope: "practice", owner: column("practice_id") },
  { table: "physicians", scope: "practice", owner: column("practice_id") },
];

/** One more write for the row's owner (none when the row names no owner, e.g. a cascade whose parent is gone). */
function bump(stamped: StampedTable, row: string, also = ""): string {
  return (
    `INSERT INTO scrub_stamps (scope, owner_id, stamp) SELECT '${stamped.scope}', owner, 1 FROM (SELECT ${stamped.owner(row)} AS owner) AS written WHERE owner IS NOT NULL${also} ` +
    `ON CONFLICT (scope, owner_id) DO UPDATE SET stamp = scrub_stamps.stamp + 1`
  );
}

/** An update that moves a row to another owner changes both owners' scrubs. */
const moved = (stamped: StampedTable) => `${stamped.owner("OLD")} IS DISTINCT FROM ${stamped.owner("NEW")}`;

/** The update changed what a scrub reads (both databases take IS DISTINCT FROM, null-safe). */
function readChanged(stamped: StampedTable): string | undefined {
  if (!stamped.read) return undefined;
  const before = stamped.read("OLD");
  const after = stamped.read("NEW");
  return before.map((expression, index) => `(${expression}) IS DISTINCT FROM (${after[index]})`).join(" OR ");
}

function sqliteTriggers(stamped: StampedTable): string[] {
  const name = `scrub_stamp_${stamped.table}`;
  const when = readChanged(stamped);
  return [
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${stamped.table} BEGIN ${bump(stamped, "NEW")}; END`,
    `CREATE TRIGGER ${name}_update AFTER UPDATE ON ${stamped.table}${when ? ` WHEN ${when}` : ""} BEGIN ${bump(stamped, "NEW")}; ${bump(stamped, "OLD", ` AND ${moved(stamped)}`)}; END`,
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${stamped.table} BEGIN ${bump(stamped, "OLD")}; END`,
  ];
}

function postgresTriggers(stamped: StampedTable): string[] {
  const name = `scrub_stamp_${stamped.table}`;
  const when = readChanged(stamped);
  return [
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
      `IF TG_OP <> 'DELETE' THEN ${bump(stamped, "NEW")}; END IF; ` +
      `IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND ${moved(stamped)}) THEN ${bump(stamped, "OLD")}; END IF; ` +
      `RETURN NULL; END $$`,
    ...(when
      ? [
          `CREATE TRIGGER ${name} AFTER INSERT OR DELETE ON ${stamped.table} FOR EACH ROW EXECUTE FUNCTION ${name}()`,
          `CREATE TRIGGER ${name}_update AFTER UPDATE ON ${stamped.table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${name}()`,
        ]
      : [`CREATE TRIGGER ${name} AFTER INSERT OR UPDATE OR DELETE ON ${stamped.table} FOR EACH ROW EXECUTE FUNCTION ${name}()`]),
  ];
}

export function visitScrubsMigration(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable("scrub_stamps")
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("owner_id", "integer", (c) => c.notNull())
        .addColumn("stamp", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("scrub_stamps_pk", ["scope", "owner_id"])
        .execute();
      await db.schema
        .createTable("visit_scrubs")
        .addColumn("visit_id", "integer", (c) => c.primaryKey().references("visits.id").onDelete("cascade"))
        .addColumn("visit_version", "integer", (c) => c.notNull())
        .addColumn("patient_stamp", "integer", (c) => c.notNull())
        .addColumn("practice_stamp", "integer", (c) => c.notNull())
        // otbill's version and the reference data's content (src/reference/identity.ts)
        .addColumn("reference", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("allowed_cents", "integer")
        .addColumn("findings", "text", (c) => c.notNull())
        // a stored visit the scrub cannot read: its error message
        .addColumn("problem", "text")
        .execute();
      for (const stamped of STAMPED_TABLES) {
        for (const statement of dialect === "postgres" ? postgresTriggers(stamped) : sqliteTriggers(stamped)) await sql.raw(statement).execute(db);
      }
    },
    async down(db: AnyDb) {
      for (const stamped of STAMPED_TABLES) {
        const name = `scrub_stamp_${stamped.table}`;
        if (dialect === "postgres") {
          for (const trigger of [name, `${name}_update`]) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON ${stamped.table}`).execute(db);
          await sql.raw(`DROP FUNCTION IF EXISTS ${name}()`).execute(db);
        } else {
          for (const event of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS ${name}_${event}`).execute(db);
        }
      }
      await db.schema.dropTable("visit_scrubs").ifExists().execute();
      await db.schema.dropTable("scrub_stamps").ifExists().execute();
    },
  };
}
