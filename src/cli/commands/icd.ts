/**
 * `otbill icd QUERY... [--json] [--limit N] [--date D]`: searches ICD-10-CM by words
 * and code prefixes ("I69.35" lists the billable codes under the header).
 */
import type { Command } from "commander";
import { searchIcd, type IcdSearchHit } from "../../codes/search.js";
import { parseIsoDate } from "../../reference/dates.js";
import { icdForDate, latestIcdSet, loadIcdCodeSets, type IcdForDay } from "../../codes/icd-releases.js";
import { write, type CliIo } from "../io.js";
import { parseLimit, searchTable } from "./codes.js";
import type { RegisterCommand } from "./index.js";

interface IcdOptions {
  json?: boolean;
  limit?: string;
  date?: string;
}

function formatIcdTable(io: CliIo, hits: readonly IcdSearchHit[]): string {
  const table = searchTable(io, ["Code", "Description"], [10, 80]);
  for (const hit of hits) table.push([hit.code, hit.description]);
  return table.toString();
}

/** Lines above the table: which code set answered, and what a header or unknown code means for the claim. */
function preamble(icd: IcdForDay, query: string, hits: readonly IcdSearchHit[]): string[] {
  const lines = [`ICD-10-CM FY${icd.fiscalYear}${icd.fallback ? " (the date's own fiscal year is not loaded)" : ""}`];
  for (const token of query.split(/[\s,;]+/).filter(Boolean)) {
    const status = icd.codeSet.status(token);
    if (status.kind === "header") lines.push(`${token} is a category, not billable: bill one of the ${status.childCount} codes under it.`);
  }
  if (hits.some((hit) => hit.match === "nearest-prefix")) lines.push(`${query} is not an ICD-10-CM code; the nearest codes are:`);
  return lines;
}

export const registerIcd: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("icd")
    .description("search ICD-10-CM by words or code prefix")
    .argument("<query...>", 'words or a code prefix, e.g. "muscle weakness", I69.35')
    .option("--json", "print JSON for scripts")
    .option("--limit <n>", "most results to show (default 10)")
    .option("--date <date>", "date of service YYYY-MM-DD: the fiscal year's code set (default: the newest loaded)")
    .action(async (words: string[], options: IcdOptions) => {
      const query = words.join(" ").trim();
      const limit = parseLimit(options.limit);
      // Only the ICD-10-CM code sets: the rest of the reference (fee schedules, GPCIs, NCCI) is never read here.
      const sets = loadIcdCodeSets();
      const latest = latestIcdSet(sets);
      const icd: IcdForDay =
        options.date === undefined
          ? { codeSet: latest, fiscalYear: latest.release.fiscalYear, fallback: false }
          : icdForDate(sets, parseIsoDate(options.date, "--date"));
      const hits = searchIcd(icd.codeSet, query, limit !== undefined ? { limit } : {});
      if (options.json) {
        // The same fields as GET /api/icd (query, hits), so scripts can use either.
        const result = { query, fiscalYear: icd.fiscalYear, fallback: icd.fallback, count: hits.length, hits };
        await write(io.stdout, `${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const lines = preamble(icd, query, hits);
      if (hits.length === 0) {
        await write(io.stdout, `${lines.join("\n")}\nNo ICD-10-CM code matches ${JSON.stringify(query)}.\n`);
        return;
      }
      await write(io.stdout, `${lines.join("\n")}\n${formatIcdTable(io, hits)}\n`);
    });
};
