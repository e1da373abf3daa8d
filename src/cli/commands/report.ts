/**
 * `otbill report denials|ar|payments|clean-claims`: the revenue-cycle read models of
 * src/reports as tables for people, or the contract's JSON with --json.
 */
import Table from "cli-table3";
import type { Command } from "commander";
import { auditCli } from "../../audit/cli.js";
import { InputError, isInputError } from "../../errors.js";
import { parseIsoDate, type IsoDate } from "../../reference/dates.js";
import { formatDollars, dollarsToCents } from "../../reference/fixed.js";
import { todayIso } from "../../reference/today.js";
import { AGING_BUCKETS, arAging } from "../../reports/ar.js";
import { cleanClaimRate } from "../../reports/clean-claims.js";
import { DENIAL_GROUPINGS, denialReport, type DenialGrouping } from "../../reports/denials.js";
import { paymentsByPayerMonth } from "../../reports/payments.js";
import { openStoreFromOption } from "../../store/database.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

const DB_OPTION = "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)";

interface RangeOptions {
  db?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

function range(options: RangeOptions): { from?: IsoDate; to?: IsoDate } {
  return {
    ...(options.from !== undefined ? { from: parseIsoDate(options.from, "--from") } : {}),
    ...(options.to !== undefined ? { to: parseIsoDate(options.to, "--to") } : {}),
  };
}

const money = (dollars: number): string => formatDollars(dollarsToCents(dollars));

function table(head: string[], rows: (string | number)[][]): string {
  const out = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) out.push(row.map(String));
  return out.toString() + "\n";
}

/**
 * Runs one report and audits it as the OS user who ran it (the reports read patient
 * data: claims, payments, denials): "read" of resource "reports", the report's name as
 * the record, its options and size as detail (ids and counts only), and the outcome.
 */
async function withStore<T>(option: string | undefined, report: string, options: Record<string, unknown>, work: (db: Awaited<ReturnType<typeof openStoreFromOption>>["db"]) => Promise<T>, size: (result: T) => number): Promise<T> {
  const store = await openStoreFromOption(option);
  try {
    const detail = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    const result = await work(store.db).catch(async (error: unknown) => {
      await auditCli(store.db, { action: "read", resource: "reports", resourceId: report, practiceId: null, outcome: isInputError(error) ? error.code : "error", detail }).catch(() => undefined);
      throw error;
    });
    await auditCli(store.db, { action: "read", resource: "reports", resourceId: report, practiceId: null, outcome: "success", detail: { ...detail, rows: size(result) } });
    return result;
  } finally {
    await store.close();
  }
}

export const registerReport: RegisterCommand = (program: Command, io: CliIo) => {
  const report = program.command("report").description("revenue-cycle reports from posted remittances: denials, A/R aging, payments, clean-claim rate");
  report
    .command("denials")
    .description("denied lines and dollars, grouped, with the denial rate (denied lines / adjudicated lines); dates are dates of service")
    .option("--from <date>", "first date of service")
    .option("--to <date>", "last date of service")
    .option("--by <grouping>", `carc, payer, code, provider or month (default carc)`)
    .option("--db <url>", DB_OPTION)
    .option("--json", "print JSON")
    .action(async (options: RangeOptions & { by?: string }) => {
      const by = (options.by ?? "carc") as DenialGrouping;
      if (!DENIAL_GROUPINGS.includes(by)) throw new InputError("invalid_input", `--by ${JSON.stringify(options.by)}: use ${DENIAL_GROUPINGS.join(", ")}`, { path: "--by", value: options.by });
      const result = await withStore(options.db, "denials", { ...range(options), by }, (db) => denialReport(db, { ...range(options), by }), (report) => report.groups.length);
      if (options.json) return write(io.stdout, JSON.stringify(result) + "\n");
      const body = table(
        [by, "", "lines", "dollars"],
        result.groups.map((group) => [group.key, group.label === group.key ? "" : group.label.slice(0, 60), group.lines, money(group.dollars)]),
      );
      return write(io.stdout, `${body}denied ${result.deniedLines} of ${result.adjudicatedLines} adjudicated lines (${(result.denialRate * 100).toFixed(1)}%), ${money(result.deniedDollars)}\n`);
    });
  report
    .command("ar")
    .description("open balances by payer in aging buckets 0-30, 31-60, 61-90, 91-120 and over 120 days from the date submitted")
    .option("--as-of <date>", "the date the ages are counted to (default today)")
    .option("--db <url>", DB_OPTION)
    .option("--json", "print JSON")
    .action(async (options: { asOf?: string; db?: string; json?: boolean }) => {
      const asOf = options.asOf !== undefined ? parseIsoDate(options.asOf, "--as-of") : todayIso();
      const result = await withStore(options.db, "ar", { asOf }, (db) => arAging(db, { asOf }), (report) => report.payers.length);
      if (options.json) return write(io.stdout, JSON.stringify(result) + "\n");
      const rows = result.payers.map((payer) => [payer.payer, ...AGING_BUCKETS.map((bucket) => money(payer.buckets[bucket])), money(payer.total)]);
      rows.push(["total", ...AGING_BUCKETS.map((bucket) => money(result.totals.buckets[bucket])), money(result.totals.total)]);
      return write(io.stdout, `A/R as of ${result.asOf}\n` + table(["payer", ...AGING_BUCKETS, "total"], rows));
    });
  report
    .command("payments")
    .description("payments by payer and month of payment")
    .option("--from <date>", "first payment date")
    .option("--to <date>", "last payment date")
    .option("--db <url>", DB_OPTION)
    .option("--json", "print JSON")
    .action(async (options: RangeOptions) => {
      const result = await withStore(options.db, "payments", range(options), (db) => paymentsByPayerMonth(db, range(options)), (report) => report.rows.length);
      if (options.json) return write(io.stdout, JSON.stringify(result) + "\n");
      return write(io.stdout, table(["payer", "month", "remittances", "claims", "paid", "PLB", "deposited"], result.rows.map((row) => [row.payer, row.month, row.remittances, row.claims, money(row.paid), money(row.providerAdjustments), money(row.deposited)])));
    });
  report
    .command("clean-claims")
    .description("first-pass clean-claim rate: claims whose first remittance paid every line")
    .option("--from <date>", "first date of service")
    .option("--to <date>", "last date of service")
    .option("--db <url>", DB_OPTION)
    .option("--json", "print JSON")
    .action(async (options: RangeOptions) => {
      const result = await withStore(options.db, "clean-claims", range(options), (db) => cleanClaimRate(db, range(options)), (report) => report.adjudicatedClaims);
      if (options.json) return write(io.stdout, JSON.stringify(result) + "\n");
      return write(io.stdout, `${result.cleanClaims} of ${result.adjudicatedClaims} adjudicated claims were paid in full on the first pass (${(result.rate * 100).toFixed(1)}%)\n`);
    });
};
