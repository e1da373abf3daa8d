/** `otbill units 97530:24 97110:23 [--rule cms|ama]`: the unit count and its reasoning. */
import type { Command } from "commander";
import { unitsReport } from "../../engine/units-report.js";
import { InputError } from "../../errors.js";
import { parseIsoDate, type IsoDate } from "../../reference/dates.js";
import { loadReference } from "../../reference/reference.js";
import type { CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";
import { todayIso } from "../../reference/today.js";

/** "97530:24" or "97110:23:10" (code:minutes[:assistant minutes]) */
function parseService(text: string): { code: string; minutes: number; assistantMinutes?: number } {
  const match = /^([0-9A-Za-z]{5}):(\d{1,4})(?::(\d{1,4}))?$/.exec(text);
  if (!match) throw new InputError("invalid_input", `${JSON.stringify(text)} is not CODE:MINUTES (e.g. 97530:24, or 97530:24:10 with the assistant's minutes)`, { value: text });
  return {
    code: match[1]!.toUpperCase(),
    minutes: Number(match[2]),
    ...(match[3] !== undefined ? { assistantMinutes: Number(match[3]) } : {}),
  };
}

export const registerUnits: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("units")
    .description("count timed units for CODE:MINUTES pairs, with the reasoning")
    .argument("<services...>", "CODE:MINUTES[:ASSISTANT_MINUTES], e.g. 97530:24 97110:23")
    .option("--rule <rule>", "cms (total time, Medicare) or ama (per code)", "cms")
    .option("--date <date>", "date of service (YYYY-MM-DD); today by default")
    .option("--json", "JSON output")
    .action((services: string[], options: { rule: string; date?: string; json?: boolean }) => {
      if (options.rule !== "cms" && options.rule !== "ama") {
        throw new InputError("invalid_input", `--rule: ${JSON.stringify(options.rule)} is not cms or ama`, { path: "rule", value: options.rule });
      }
      const date: IsoDate = options.date ? parseIsoDate(options.date, "--date") : todayIso();
      const report = unitsReport(loadReference(), { services: services.map(parseService), rule: options.rule, date });
      if (options.json) {
        io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const rule = report.rule === "cms" ? "CMS total-time rule (8-minute rule)" : "AMA/CPT per-code rule";
      io.stdout.write(`${rule}, ${report.date}\n${report.explanation}\n\n`);
      for (const line of report.lines) {
        io.stdout.write(`  ${line.code.padEnd(6)} ${String(line.units).padStart(2)} unit(s)${line.modifiers.length > 0 ? `  ${line.modifiers.join(" ")}` : ""}\n`);
      }
      for (const item of report.findings.filter((finding) => finding.rule !== "units.allocation")) {
        io.stdout.write(`\n  ${item.severity}: ${item.message}${item.fix ? `\n    fix: ${item.fix}` : ""}\n`);
      }
    });
};
