/**
 * `otbill price CODE [--units N] [--date D] [--locality MAC-LOCALITY] [--assistant] [--apm] [--nonpar] [--json]`:
 * the Medicare allowed amount of one code and every part of it, so a biller can check it
 * by hand. The shell's jobs only: parse and check the arguments, pick today's date when
 * none is given, then call the pure pricing core.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.js";
import { explainPricedLine } from "../../pricing/explain.js";
import { quoteCode, quoteReport } from "../../pricing/index.js";
import { parseIsoDate } from "../../reference/dates.js";
import { loadReference } from "../../reference/reference.js";
import { write, type CliIo } from "../io.js";
import { todayIso } from "../../reference/today.js";
import type { RegisterCommand } from "./index.js";

const MAX_UNITS = 99;

interface PriceOptions {
  units: string;
  date?: string;
  locality?: string;
  assistant?: boolean;
  apm?: boolean;
  nonpar?: boolean;
  json?: boolean;
}

function parseUnits(text: string): number {
  const units = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(units) || units < 1 || units > MAX_UNITS) {
    throw new InputError("invalid_input", `--units: ${JSON.stringify(text)} is not a whole number of units from 1 to ${MAX_UNITS}`, { path: "--units", value: text });
  }
  return units;
}

async function runPrice(io: CliIo, rawCode: string, options: PriceOptions): Promise<void> {
  const units = parseUnits(options.units);
  const date = options.date === undefined ? todayIso() : parseIsoDate(options.date.trim(), "--date");
  const reference = loadReference();
  const day = reference.on(date);
  const quote = quoteCode(reference, day, {
    code: rawCode,
    units,
    ...(options.locality !== undefined ? { locality: options.locality } : {}),
    assistant: Boolean(options.assistant),
    qualifyingApm: Boolean(options.apm),
    participating: !options.nonpar,
  });
  const { code, result } = quote;
  const line = result.lines[0];

  if (options.json) {
    await write(io.stdout, `${JSON.stringify(quoteReport(quote), null, 2)}\n`);
    return;
  }
  if (!line) {
    const rvu = day.feeSchedule?.rows.get(code);
    const reason = rvu && !["A", "T"].includes(rvu.status) ? `Medicare status ${rvu.status}: not paid separately under the fee schedule` : (result.findings[0]?.message ?? "no amount");
    await write(io.stdout, `${code}${rvu ? ` ${rvu.description}` : ""} on ${date}: no Medicare allowed amount (${reason}).\n`);
    return;
  }
  const text = explainPricedLine(line, result, { date, payerLabel: "Medicare" });
  if (units > 1 || line.parts.feeSchedule?.multipleProcedure === "5") {
    text.push("", "Priced alone: with other MULT_PROC 5 codes the same day, the visit's one full-PE unit may belong to another code (otbill scrub prices the whole visit).");
  }
  const notes = result.findings.filter((item) => item.rule === "pricing.assumption").map((item) => `note: ${item.message}`);
  await write(io.stdout, `${[...text, ...(notes.length ? ["", ...notes] : [])].join("\n")}\n`);
}

export const registerPriceCommand: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("price")
    .description("the Medicare allowed amount of a code and its parts (RVU x GPCI x CF, MPPR, CO/CQ)")
    .argument("<code>", "CPT/HCPCS code, e.g. 97530")
    .option("--units <n>", "units of the code", "1")
    .option("--date <date>", "date of service, YYYY-MM-DD (default: today)")
    .option("--locality <mac-locality>", "Medicare MAC-locality, e.g. 01112-05 (default: national)")
    .option("--assistant", "furnished in whole or in part by an assistant (CO/CQ)")
    .option("--apm", "qualifying APM participant (its own conversion factor from 2026)")
    .option("--nonpar", "non-participating provider (non-par amount and limiting charge)")
    .option("--json", "print JSON")
    .action(async (code: string, options: PriceOptions) => {
      await runPrice(io, code, options);
    });
};
