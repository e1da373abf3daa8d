/**
 * `otbill codes [QUERY...] [--json] [--limit N] [--date D]`: searches the therapy code
 * catalog in billers' words, answers deleted and mistyped codes with what to bill
 * instead, and with no query lists the whole catalog.
 */
import Table from "cli-table3";
import type { Command } from "commander";
import { searchCodes, type CodeSearchHit } from "../../codes/search.js";
import { InputError } from "../../errors.js";
import { parseIsoDate } from "../../reference/dates.js";
import { loadReference } from "../../reference/reference.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

/** Parses --limit: a whole number of at least 1 (shared with `otbill icd`). */
export function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new InputError("invalid_input", `--limit: ${JSON.stringify(text)} is not a whole number of at least 1`, { path: "--limit", value: text });
  }
  return Number(text);
}

/** A borderless-looking, wrapping table; colours only on a terminal, so pipes get plain text. */
export function searchTable(io: CliIo, head: string[], colWidths: number[]): Table.Table {
  return new Table({
    head,
    colWidths,
    wordWrap: true,
    style: { head: io.stdoutIsTty ? ["cyan"] : [], border: io.stdoutIsTty ? ["grey"] : [] },
  });
}

function timing(hit: CodeSearchHit): string {
  if (hit.timed === undefined) return "";
  return hit.timed ? `${hit.unitMinutes ?? 15} min` : "untimed";
}

function description(hit: CodeSearchHit): string {
  return hit.shortDescriptor && hit.inCatalog ? `${hit.label}\n(CMS: ${hit.shortDescriptor})` : hit.label;
}

function noteFor(hit: CodeSearchHit): string {
  const notes = [hit.note, hit.addOnPrimary ? `Add-on: needs ${hit.addOnPrimary} the same day.` : undefined];
  return notes.filter(Boolean).join(" ");
}

export function formatCodeTable(io: CliIo, hits: readonly CodeSearchHit[], withStatus: boolean): string {
  const head = ["Code", "Description", "Timed", "For", ...(withStatus ? ["Medicare"] : []), "Note"];
  const widths = [7, 42, 9, 9, ...(withStatus ? [12] : []), 34];
  const table = searchTable(io, head, widths);
  for (const hit of hits) {
    const status = hit.medicareStatus ? `${hit.medicareStatus.status}: ${hit.medicareStatus.meaning.split(":")[0]}` : "";
    table.push([hit.code, description(hit), timing(hit), hit.discipline ?? "", ...(withStatus ? [status] : []), noteFor(hit)]);
  }
  return table.toString();
}

interface CodesOptions {
  json?: boolean;
  limit?: string;
  date?: string;
}

export const registerCodes: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("codes")
    .description("search the therapy code catalog (codes, descriptors, synonyms); no query lists the whole catalog")
    .argument("[query...]", 'words or codes, e.g. dressing, "meal preparation", 97003, 975')
    .option("--json", "print JSON for scripts")
    .option("--limit <n>", "most results to show (default 10; the whole catalog without a query)")
    .option("--date <date>", "date of service YYYY-MM-DD: adds that day's Medicare status")
    .action(async (words: string[], options: CodesOptions) => {
      const query = words.join(" ").trim();
      const limit = parseLimit(options.limit);
      const date = options.date === undefined ? undefined : parseIsoDate(options.date, "--date");
      const reference = loadReference();
      const hits = searchCodes(reference, query, { ...(limit !== undefined ? { limit } : {}), ...(date ? { date } : {}) });
      if (options.json) {
        // The same fields as GET /api/codes (query, hits), so scripts can use either.
        await write(io.stdout, `${JSON.stringify({ query, ...(date ? { date } : {}), count: hits.length, hits }, null, 2)}\n`);
        return;
      }
      if (hits.length === 0) {
        await write(io.stdout, `No code matches ${JSON.stringify(query)}. Try other words, or \`otbill codes\` for the whole catalog.\n`);
        return;
      }
      const footer = query === "" ? `${hits.length} codes in the catalog.` : `${hits.length} result${hits.length === 1 ? "" : "s"} for ${JSON.stringify(query)}.`;
      await write(io.stdout, `${formatCodeTable(io, hits, date !== undefined)}\n${footer}\n`);
    });
};
