/**
 * `otbill demo [--db URL] [--anchor 2026-03-02] [--seed N]`: seeds a synthetic practice
 * (3 OTs, 2 OTAs, 40 patients, 8 weeks of visits with the usual mistakes, and their
 * claims). Deterministic: the same anchor and seed give the same practice.
 */
import type { Command } from "commander";
import { auditCli } from "../../audit/cli.js";
import { InputError } from "../../errors.js";
import { parseIsoDate } from "../../reference/dates.js";
import { loadReference } from "../../reference/reference.js";
import { openStoreFromOption } from "../../store/database.js";
import { DEMO_ANCHOR, DEMO_SEED } from "../../store/demo/generate.js";
import { seedDemo } from "../../store/demo/seed.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

export const registerDemo: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("demo")
    .description("seed a realistic synthetic practice (3 OTs, 2 OTAs, 40 patients, 8 weeks of visits and claims)")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .option("--anchor <date>", "the demo's 'today': visits fill the 8 weeks before it", DEMO_ANCHOR)
    .option("--seed <n>", "seed of the generator", String(DEMO_SEED))
    .action(async (options: { db?: string; anchor: string; seed: string }) => {
      const anchor = parseIsoDate(options.anchor, "--anchor");
      if (!/^\d{1,9}$/.test(options.seed)) throw new InputError("invalid_input", `--seed: ${JSON.stringify(options.seed)} is not a whole number`, { path: "--seed", value: options.seed });
      const store = await openStoreFromOption(options.db);
      try {
        const summary = await seedDemo(store.db, loadReference(), { anchor, seed: Number(options.seed) });
        if (!summary.seeded) {
          await write(io.stdout, `the demo practice is already in ${store.location} (practice ${summary.practiceId}); nothing added\n`);
          return;
        }
        await auditCli(store.db, { action: "import", resource: "demo", practiceId: summary.practiceId, outcome: "success", detail: { patients: summary.patients, visits: summary.visits } });
        const claims = Object.entries(summary.claims)
          .filter(([, count]) => count > 0)
          .map(([status, count]) => `${count} ${status}`)
          .join(", ");
        await write(
          io.stdout,
          `seeded practice ${summary.practiceId} in ${store.location}: ${summary.providers} providers, ${summary.patients} patients, ${summary.visits} visits; claims: ${claims}\n`,
        );
      } finally {
        await store.close();
      }
    });
};
