/**
 * `otbill payers [PROFILE] [--date D] [--json]`: the payer profiles (data/payers/) in force on
 * a date; with a profile id, each of its rules with its value and public source, and the
 * rules it has no source for (they take commercial-default's value).
 */
import Table from "cli-table3";
import type { Command } from "commander";
import { RULE_NAMES, type PayerProfile } from "../../payers/profile-schema.js";
import { payerProfilesOf } from "../../payers/profiles.js";
import { parseIsoDate } from "../../reference/dates.js";
import { loadReference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface PayersOptions {
  date?: string;
  json?: boolean;
}

/** A rule value in a few words: "20 visits a calendar-year (combined)", "365 days"... */
export function describeValue(value: unknown): string {
  if (value === null) return "none";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, part]) => `${key}: ${typeof part === "object" && part !== null ? JSON.stringify(part) : String(part)}`)
    .join(", ");
}

function profileTable(profile: PayerProfile): string {
  const table = new Table({ head: ["rule", "value", "source"], colWidths: [20, 34, 70], wordWrap: true, style: { head: [], border: [] } });
  for (const name of RULE_NAMES) {
    const origin = profile.origins[name];
    table.push([name + (origin.fallback ? " *" : ""), describeValue(profile.rules[name]), origin.source]);
  }
  return table.toString();
}

async function runPayers(io: CliIo, id: string | undefined, options: PayersOptions): Promise<void> {
  const date = options.date === undefined ? todayIso() : parseIsoDate(options.date.trim(), "--date");
  const profiles = payerProfilesOf(loadReference());
  const chosen = id === undefined ? profiles.ids().map((each) => profiles.get(each, date)) : [profiles.get(id, date)];
  if (options.json) {
    await write(io.stdout, `${JSON.stringify(id === undefined ? chosen : chosen[0], null, 2)}\n`);
    return;
  }
  if (id === undefined) {
    const table = new Table({ head: ["profile", "kind", "name", "version"], style: { head: [], border: [] } });
    for (const profile of chosen) table.push([profile.id, profile.kind, profile.name, profile.version]);
    await write(io.stdout, `${table.toString()}\nPayer profiles in force on ${date}; \`otbill payers ID\` shows one profile's rules and sources.\n`);
    return;
  }
  const profile = chosen[0]!;
  const fallbacks = RULE_NAMES.filter((name) => profile.origins[name].fallback);
  const note = fallbacks.length > 0 ? `\n* not found in a public source: commercial-default's value is used (${fallbacks.join(", ")}).` : "";
  await write(io.stdout, `${profile.name} (${profile.id}, ${profile.kind}), version of ${profile.version}, on ${date}\n${profileTable(profile)}${note}\n`);
}

export const registerPayers: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("payers")
    .description("the payer profiles (data/payers/): each payer's billing rules with their public sources")
    .argument("[profile]", "a profile id, e.g. medicaid-colorado")
    .option("--date <date>", "the date the rules apply on, YYYY-MM-DD (default: today)")
    .option("--json", "print JSON")
    .action(async (profile: string | undefined, options: PayersOptions) => {
      await runPayers(io, profile, options);
    });
};
