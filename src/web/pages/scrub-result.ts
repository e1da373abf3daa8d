/**
 * A scrub result as a biller reads it: the claim lines with their modifiers, units, minutes
 * and money; how the timed units were counted; every finding with its message, fix and
 * source. Used by the visit page and by its live preview (htmx swaps this panel).
 */
import type { ScrubResult } from "../../contract/result.js";
import type { ScrubHistory } from "../../engine/scrub.js";
import { dollars, money, severityBadge, statusBadge } from "../format.js";
import { html, type Html } from "../html.js";

const UNIT_RULES: Record<string, string> = {
  cms: "Medicare's 8-minute rule: the day's timed minutes together give the units (MCPM ch.5 section 20.2)",
  ama: "the CPT midpoint rule: each timed code on its own needs 8 minutes for its first unit",
};

function numberCell(value: number | undefined): Html {
  return html`<td class="num">${value ?? ""}</td>`;
}

function moneyCell(value: number | undefined): Html {
  return html`<td class="num">${dollars(value)}</td>`;
}

export function resultPanel(result: ScrubResult, history: ScrubHistory | undefined, options: { preview?: boolean } = {}): Html {
  const allocation = result.findings.filter((finding) => finding.rule === "units.allocation");
  const others = result.findings.filter((finding) => finding.rule !== "units.allocation");
  const lines = result.lines.map(
    (line) => html`<tr>
      <td>${line.code}</td><td>${line.modifiers.join(" ")}</td>${numberCell(line.units)}${numberCell(line.minutes)}${numberCell(line.assistantMinutes)}
      <td>${line.diagnosisPointers.join(", ")}</td>${moneyCell(line.allowed)}${moneyCell(line.payment)}${moneyCell(line.patientShare)}
    </tr>`,
  );
  const kx = history
    ? html`<p class="muted">Medicare therapy allowed this year before this visit: OT ${money(history.otAllowedYearToDateCents ?? 0)}, PT and SLP ${money(history.ptSlpAllowedYearToDateCents ?? 0)}${
        history.treatmentDaysSinceProgressReport !== undefined ? `; ${history.treatmentDaysSinceProgressReport} treatment day(s) since the last progress report` : ""
      }.</p>`
    : "";
  return html`<section id="result" aria-live="polite" aria-labelledby="result-title">
    <h2 id="result-title">${options.preview ? "Scrub result with your changes (not saved)" : "Scrub result"}: ${statusBadge(result.status)}</h2>
    <table class="lines">
      <caption class="muted">The claim lines otbill would send</caption>
      <thead><tr><th>Code</th><th>Modifiers</th><th class="num">Units</th><th class="num">Minutes</th><th class="num">Assistant min.</th><th>Dx pointers</th><th class="num">Allowed ($)</th><th class="num">Payment ($)</th><th class="num">Patient share ($)</th></tr></thead>
      <tbody>${lines.length > 0 ? lines : html`<tr><td colspan="9" class="muted">No billable line.</td></tr>`}</tbody>
      <tfoot><tr><td colspan="2">Total</td>${numberCell(result.totals.timedUnits + result.totals.untimedUnits)}${numberCell(result.totals.timedMinutes)}<td></td><td></td>${moneyCell(result.totals.allowed)}${moneyCell(result.totals.payment)}${moneyCell(result.totals.patientShare)}</tr></tfoot>
    </table>
    <h3>How the units were counted</h3>
    <p>${result.totals.timedMinutes} timed minute(s) gave ${result.totals.timedUnits} timed unit(s) under ${UNIT_RULES[result.unitRule ?? "cms"] ?? result.unitRule}; ${result.totals.untimedUnits} untimed unit(s).</p>
    ${allocation.length > 0 ? html`<ul>${allocation.map((finding) => html`<li>${finding.message}${finding.fix ? html` <span class="muted">${finding.fix}</span>` : ""}</li>`)}</ul>` : ""}
    ${kx}
    <h3>Findings (${others.length})</h3>
    ${
      others.length === 0
        ? html`<p>Nothing to fix.</p>`
        : html`<ul class="findings">${others.map(
            (finding) => html`<li>${severityBadge(finding.severity)} <strong>${finding.rule}</strong>${finding.code ? ` (${finding.code})` : ""}: ${finding.message}
              ${finding.fix ? html`<span class="fix">Fix: ${finding.fix}</span>` : ""}
              <span class="source">Source: ${finding.source}${finding.path ? ` · field ${finding.path}` : ""}</span></li>`,
          )}</ul>`
    }
  </section>`;
}
