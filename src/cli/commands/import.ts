/**
 * `otbill import visits FILE.csv [--db URL] [--practice ID]`: one row per service line,
 * grouped into visits by visit_id (docs/import-visits.md, examples/visits-template.csv).
 * All or nothing: any bad row is reported as file:line and nothing is stored (exit 2).
 */
import type { Command } from "commander";
import { auditCli } from "../../audit/cli.js";
import { InputError, isInputError } from "../../errors.js";
import { openStoreFromOption } from "../../store/database.js";
import { importVisitFile } from "../../store/import-visits.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

function parsePracticeId(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError("invalid_input", `--practice: ${JSON.stringify(text)} is not a practice id`, { path: "--practice", value: text });
  return Number(text);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export const registerImport: RegisterCommand = (program: Command, io: CliIo) => {
  const importCommand = program.command("import").description("import records into the practice database");
  importCommand
    .command("visits")
    .description("import visits from a CSV file, one row per service line (see docs/import-visits.md); all or nothing")
    .argument("<file>", "the CSV file")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .option("--practice <id>", "the practice to import into (needed when the database has several)")
    .action(async (file: string, options: { db?: string; practice?: string }) => {
      const practiceId = parsePracticeId(options.practice);
      const store = await openStoreFromOption(options.db);
      try {
        const summary = await importVisitFile(store.db, file, practiceId === undefined ? {} : { practiceId }).catch(async (error: unknown) => {
          await auditCli(store.db, { action: "import", resource: "visits", practiceId: practiceId ?? null, outcome: isInputError(error) ? error.code : "error" }).catch(() => undefined);
          throw error;
        });
        await auditCli(store.db, { action: "import", resource: "visits", practiceId: summary.practice.id, outcome: "success", detail: { visits: summary.visits, services: summary.services } });
        const { created } = summary;
        const made = [plural(created.patients, "patient"), plural(created.payers, "payer"), plural(created.providers, "provider")].join(", ");
        await write(
          io.stdout,
          `imported ${plural(summary.visits, "visit")} (${plural(summary.services, "service line")}) into practice ${summary.practice.id} ${JSON.stringify(summary.practice.name)}${created.practice ? " (new)" : ""}; created ${made}\n`,
        );
      } finally {
        await store.close();
      }
    });
};
