/**
 * What every migration builds tables with: the database as it was when the migration ran
 * (not today's schema type), and the auto-increment id, the one column the two dialects
 * write differently.
 */
import type { CreateTableBuilder, Kysely, Migration } from "kysely";

export type DialectName = "sqlite" | "postgres";

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the database as it was, not the current schema type */
export type AnyDb = Kysely<any>;
export type Table = CreateTableBuilder<string, never>;

export function withId(table: Table, dialect: DialectName): Table {
  return dialect === "postgres"
    ? table.addColumn("id", "serial", (column) => column.primaryKey())
    : table.addColumn("id", "integer", (column) => column.primaryKey().autoIncrement());
}

/** An index a migration adds: its name, table and columns (in the order the index keeps them). */
export interface IndexSpec {
  name: string;
  table: string;
  columns: readonly string[];
}

/** A migration that only adds indexes (and drops them on the way down). */
export function indexesMigration(indexes: readonly IndexSpec[]): Migration {
  return {
    async up(db: AnyDb) {
      for (const index of indexes) await db.schema.createIndex(index.name).on(index.table).columns([...index.columns]).execute();
    },
    async down(db: AnyDb) {
      for (const index of indexes) await db.schema.dropIndex(index.name).execute();
    },
  };
}
