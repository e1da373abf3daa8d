/** The human report of `otbill scrub --pretty`: the claim lines, totals and findings of a visit. */
import type { ScrubResult } from "../contract/result.js";
import { lazyPackage } from "../lazy-package.js";

/** cli-table3, loaded by the first --pretty report (the NDJSON output never needs it). */
const tables = lazyPackage<typeof import("cli-table3")>("cli-table3");

function money(value: number | undefined): string {
  return value === undefined ? "-" : `$${value.toFixed(2)}`;
}

const MARK = { error: "ERROR  ", warning: "WARNING", info: "info   " } as const;

export function formatResultText(result: ScrubResult & { error?: { message: string } }): string {
  const out: string[] = [];
  out.push(`Visit ${result.id ?? "(no id)"}${result.dateOfService ? ` on ${result.dateOfService}` : ""}: ${result.status.toUpperCase()}`);
  if (result.error) {
    out.push(`  cannot scrub: ${result.error.message}`);
    return `${out.join("\n")}\n`;
  }
  if (result.lines.length > 0) {
    const Table = tables();
    const table = new Table({
      head: ["code", "modifiers", "units", "min", "dx", "allowed", "payment", "patient"],
      style: { head: [], border: [] },
    });
    for (const line of result.lines) {
      table.push([
        line.code,
        line.modifiers.join(" "),
        String(line.units),
        line.minutes === undefined ? "" : String(line.minutes),
        line.diagnosisPointers.join(","),
        money(line.allowed),
        money(line.payment),
        money(line.patientShare),
      ]);
    }
    out.push(table.toString());
  } else {
    out.push("  (no billable lines)");
  }
  const t = result.totals;
  out.push(`  timed: ${t.timedMinutes} min = ${t.timedUnits} unit(s); untimed units: ${t.untimedUnits}; allowed ${money(t.allowed)}, payment ${money(t.payment)}, patient ${money(t.patientShare)}`);
  for (const item of result.findings) {
    out.push(`  ${MARK[item.severity]} ${item.rule}${item.code ? ` [${item.code}]` : ""}: ${item.message}`);
    if (item.fix) out.push(`          fix: ${item.fix}`);
    out.push(`          source: ${item.source}`);
  }
  return `${out.join("\n")}\n`;
}
