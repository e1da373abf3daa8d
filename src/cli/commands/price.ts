/**
 * `otbill price CODE [--units N] [--date D] [--locality MAC-LOCALITY] [--assistant] [--apm] [--nonpar] [--json]`:
 * the Medicare allowed amount of one code and every part of it, so a biller can check it
 * by hand. The shell's jobs only: parse and check the arguments, pick today's date when
 * none is given, then call the pure pricing core.
 */
import type { Command } from "commander";
import { InputError } from "../../errors.js";
import { explainPricedLine } from "../../pricing/explain.js";
import { priceVisit, type PricingContext, type PricingResult } from "../../pricing/index.js";
import { parseIsoDate } from "../../reference/dates.js";
import { centsToDollars, formatScaled } from "../../reference/fixed.js";
import { loadReference, type DayReference, type Reference } from "../../reference/reference.js";
import { write, type CliIo } from "../io.js";
import { todayIso } from "../today.js";
import type { RegisterCommand } from "./index.js";

const MAX_UNITS = 99;
const LOCALITY_FORM = /^\d{5}-\d{2}$/;

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

function checkCode(day: DayReference, reference: Reference, code: string): void {
  const schedule = day.feeSchedule;
  if (!schedule) {
    throw new InputError("unprocessable", `no Medicare fee schedule is loaded for ${day.date}; the loaded years are ${reference.feeScheduleYears.join(", ")}`, {
      path: "--date",
      value: day.date,
    });
  }
  if (schedule.rows.has(code)) return;
  const deleted = reference.catalog.deleted(code);
  const typo = reference.catalog.typo(code);
  const hint = deleted
    ? ` (deleted ${deleted.deletedOn}; use ${deleted.replacements.join(" or ")})`
    : typo
      ? ` (did you mean ${typo.meant}?)`
      : "";
  throw new InputError("unknown_code", `${JSON.stringify(code)} is not in the ${schedule.release} Medicare fee schedule${hint}`, { path: "CODE", value: code });
}

function checkLocality(day: DayReference, locality: string): void {
  if (!LOCALITY_FORM.test(locality) || !day.gpci(locality)) {
    throw new InputError("unknown_locality", `--locality: ${JSON.stringify(locality)} is not a Medicare MAC-locality in ${day.year} (run otbill localities QUERY to find one, e.g. 01112-05)`, {
      path: "--locality",
      value: locality,
    });
  }
}

function jsonReport(code: string, units: number, date: string, result: PricingResult): unknown {
  const line = result.lines[0];
  return {
    code,
    units,
    dateOfService: date,
    locality: result.gpci?.locality ?? null,
    priced: Boolean(line),
    ...(line
      ? {
          allowed: centsToDollars(line.allowedCents),
          payment: centsToDollars(line.paymentCents),
          patientShare: centsToDollars(line.patientShareCents),
          unitAmounts: line.unitAllowedCents.map(centsToDollars),
          mpprReducedUnits: line.mpprReducedUnits,
          ...(line.assistantPercent !== undefined ? { assistantPercent: line.assistantPercent } : {}),
        }
      : {}),
    conversionFactor: result.conversionFactor ? Number(formatScaled(result.conversionFactor.value, 4)) : null,
    gpci: result.gpci
      ? { ...result.gpci, work: Number(formatScaled(result.gpci.work, 3)), pe: Number(formatScaled(result.gpci.pe, 3)), mp: Number(formatScaled(result.gpci.mp, 3)) }
      : null,
    feeScheduleRelease: result.feeScheduleRelease ?? null,
    parts: line?.parts ?? null,
    findings: result.findings,
  };
}

async function runPrice(io: CliIo, rawCode: string, options: PriceOptions): Promise<void> {
  const code = rawCode.trim().toUpperCase();
  const units = parseUnits(options.units);
  const date = options.date === undefined ? todayIso() : parseIsoDate(options.date.trim(), "--date");
  const reference = loadReference();
  const day = reference.on(date);
  checkCode(day, reference, code);
  if (options.locality !== undefined) checkLocality(day, options.locality.trim());

  const context: PricingContext = {
    day,
    payerKind: "medicare",
    participating: !options.nonpar,
    qualifyingApm: Boolean(options.apm),
  };
  if (options.locality !== undefined) context.locality = options.locality.trim();
  const result = priceVisit([{ code, units, assistant: Boolean(options.assistant) }], context);
  const line = result.lines[0];

  if (options.json) {
    await write(io.stdout, `${JSON.stringify(jsonReport(code, units, date, result), null, 2)}\n`);
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
