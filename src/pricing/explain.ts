/**
 * A priced line as text a biller can check by hand with a calculator: each RVU x GPCI,
 * their sum, x CF, each unit with its MPPR effect, the assistant and non-par
 * percentages, the total, then who pays what. Pure: returns lines of text.
 */
import { formatDollars, formatScaled } from "../reference/fixed.js";
import { formatPercent } from "./exact.js";
import type { PricedLine, PricingResult, UnitParts } from "./types.js";

function dollars(cents: number): string {
  return formatDollars(cents);
}

function plain(cents: number): string {
  return formatDollars(cents).replace("$", "");
}

function unitLabel(unit: UnitParts): string {
  if (unit.mpprRank === undefined) return "not subject to MPPR";
  return unit.mpprReduced ? `PE at ${formatPercent(unit.pePercentPaid)}% (MPPR)` : "full PE";
}

function unitLine(line: PricedLine, unit: UnitParts, width: number): string {
  const fee = unit.feeScheduleExact;
  const steps: string[] = [];
  if (line.parts.assistant && line.parts.assistant.percent !== 100) steps.push(`x ${formatPercent(line.parts.assistant.percent)}% (assistant, CO/CQ)`);
  if (line.parts.nonParticipating) steps.push(`x ${formatPercent(line.parts.nonParticipating.percent)}% (non-participating)`);
  if (line.parts.payer?.percentOfMedicare !== undefined) steps.push(`x ${formatPercent(line.parts.payer.percentOfMedicare)}% (payer's percentage of Medicare)`);
  const label = `unit ${unit.unit}: ${line.parts.basis === "payer-rate" ? "payer rate" : unitLabel(unit)}`.padEnd(width);
  const chain = fee !== undefined && steps.length > 0 ? `${fee} ${steps.join(" ")} = ${unit.exact ?? ""}` : (unit.exact ?? "");
  const limiting = unit.limitingChargeCents !== undefined ? `   (limiting charge ${dollars(unit.limitingChargeCents)})` : "";
  return `  ${label} ${chain} -> ${dollars(unit.cents)}${limiting}`;
}

export interface ExplainHeading {
  date: string;
  /** e.g. "Medicare" or "commercial" */
  payerLabel?: string;
}

/** The explanation of one priced line of a result. */
export function explainPricedLine(line: PricedLine, result: PricingResult, heading: ExplainHeading): string[] {
  const out: string[] = [];
  const fee = line.parts.feeSchedule;
  out.push(`${line.code}${fee?.description ? ` ${fee.description}` : ""}: ${line.units} unit${line.units === 1 ? "" : "s"} on ${heading.date}${heading.payerLabel ? `, ${heading.payerLabel}` : ""}`);

  const gpci = result.gpci;
  if (gpci && fee) {
    const where = gpci.locality === undefined ? "national (all GPCIs 1.000)" : `${gpci.locality} ${gpci.name} (GPCIs ${gpci.year ?? ""})`;
    const floor = gpci.workFloorApplied ? "; the 1.0 work GPCI floor applies on this date" : "";
    out.push(`Locality: ${where}${floor}`);
  }
  if (fee) {
    const mppr = fee.multipleProcedure === "5" ? "therapy MPPR applies" : "no multiple procedure reduction";
    out.push(`Fee schedule: ${fee.release}, status ${fee.status}, MULT_PROC ${fee.multipleProcedure} (${mppr}); non-facility RVUs`);
    const cf = result.conversionFactor;
    const cfNote = cf ? ` (${cf.end ? `${cf.start} to ${cf.end}` : `from ${cf.start}`}${cf.qualifyingApm ? ", qualifying APM participants" : ""})` : "";
    out.push(`Conversion factor: $${formatScaled(fee.conversionFactor, 4)}${cfNote}`);
    out.push("");
    const rows: [string, number, number, string][] = [
      ["work", fee.work.rvu, fee.work.gpci, fee.work.product],
      ["practice expense", fee.pe.rvu, fee.pe.gpci, fee.pe.product],
      ["malpractice", fee.mp.rvu, fee.mp.gpci, fee.mp.product],
    ];
    out.push(`  ${"".padEnd(18)} ${"RVU".padStart(6)}   ${"GPCI".padStart(6)}   RVU x GPCI`);
    for (const [name, rvu, gpciValue, product] of rows) {
      out.push(`  ${name.padEnd(18)} ${formatScaled(rvu, 2).padStart(6)} x ${formatScaled(gpciValue, 3).padStart(6)} = ${product}`);
    }
    out.push(`  ${"sum".padEnd(18)} ${"".padStart(6)}   ${"".padStart(6)}   ${fee.sum}`);
    const cfText = formatScaled(fee.conversionFactor, 4);
    out.push(`  ${fee.sum} x ${cfText} = ${fee.fullUnitExact} -> ${dollars(fee.fullUnitCents)} a unit in full`);
    if (fee.reducedSum !== undefined && fee.mpprPePercentPaid !== undefined) {
      out.push(
        `  MPPR: one unit of the visit (the highest PE payment) is paid in full; every other MULT_PROC 5 unit gets ${formatPercent(fee.mpprPePercentPaid)}% of its PE:`,
        `  ${fee.work.product} + ${fee.reducedPeProduct} + ${fee.mp.product} = ${fee.reducedSum}; ${fee.reducedSum} x ${cfText} = ${fee.reducedUnitExact} -> ${dollars(fee.reducedUnitCents ?? 0)}`,
      );
    }
    out.push("");
  } else if (line.parts.payer?.rateCents !== undefined) {
    out.push(`Payer rate: ${dollars(line.parts.payer.rateCents)} a unit (no MPPR on a contract rate)`, "");
  }

  const width = Math.max(...line.parts.units.map((unit) => `unit ${unit.unit}: ${unitLabel(unit)}`.length), 0);
  for (const unit of line.parts.units) out.push(unitLine(line, unit, width));
  const sumText = line.unitAllowedCents.length > 1 ? ` (${line.unitAllowedCents.map(plain).join(" + ")})` : "";
  out.push("", `Allowed: ${dollars(line.allowedCents)}${sumText}`);

  const nonpar = line.parts.nonParticipating;
  if (nonpar) out.push(`Limiting charge (${formatPercent(nonpar.limitingChargePercent)}% of the non-participating amount, unassigned claims): ${dollars(nonpar.limitingChargeCents)}`);

  const parts = line.parts;
  if (parts.coinsurancePercent !== undefined) {
    const coinsurance = `${formatPercent(parts.coinsurancePercent)}% coinsurance ${dollars(parts.coinsuranceCents)}`;
    out.push(`Patient: ${parts.deductibleCents > 0 ? `deductible ${dollars(parts.deductibleCents)} + ${coinsurance} = ${dollars(line.patientShareCents)}` : coinsurance}`);
    const before = line.allowedCents - parts.deductibleCents - parts.coinsuranceCents;
    out.push(`Medicare: ${dollars(before)} less sequestration ${formatPercent(parts.sequestrationPercent ?? 0)}% ${dollars(parts.sequestrationCents)} = ${dollars(line.paymentCents)}`);
  } else {
    out.push(`Payment: ${dollars(line.paymentCents)}; patient: ${dollars(line.patientShareCents)}`);
  }
  return out;
}
