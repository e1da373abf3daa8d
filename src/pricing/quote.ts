/**
 * One code's Medicare price on a date, as `otbill price` and GET /api/price answer it:
 * the request checked against the day's reference (a loaded fee schedule, a known code,
 * a real MAC-locality), priced alone, and the JSON report both shells return.
 */
import { InputError } from "../errors.js";
import { centsToDollars, formatScaled } from "../reference/fixed.js";
import type { DayReference, Reference } from "../reference/reference.js";
import { priceVisit } from "./price-visit.js";
import type { PricingContext, PricingResult } from "./types.js";

const LOCALITY_FORM = /^\d{5}-\d{2}$/;

export interface QuoteRequest {
  code: string;
  units: number;
  locality?: string;
  assistant?: boolean;
  qualifyingApm?: boolean;
  participating?: boolean;
}

export interface Quote {
  code: string;
  units: number;
  day: DayReference;
  result: PricingResult;
}

function checkCode(reference: Reference, day: DayReference, code: string): void {
  const schedule = day.feeSchedule;
  if (!schedule) {
    throw new InputError("unprocessable", `no Medicare fee schedule is loaded for ${day.date}; the loaded years are ${reference.feeScheduleYears.join(", ")}`, {
      path: "date",
      value: day.date,
    });
  }
  if (schedule.rows.has(code)) return;
  const deleted = reference.catalog.deleted(code);
  const typo = reference.catalog.typo(code);
  const hint = deleted ? ` (deleted ${deleted.deletedOn}; use ${deleted.replacements.join(" or ")})` : typo ? ` (did you mean ${typo.meant}?)` : "";
  throw new InputError("unknown_code", `${JSON.stringify(code)} is not in the ${schedule.release} Medicare fee schedule${hint}`, { path: "code", value: code });
}

function checkLocality(day: DayReference, locality: string): void {
  if (!LOCALITY_FORM.test(locality) || !day.gpci(locality)) {
    throw new InputError("unknown_locality", `locality ${JSON.stringify(locality)} is not a Medicare MAC-locality in ${day.year} (run otbill localities QUERY to find one, e.g. 01112-05)`, {
      path: "locality",
      value: locality,
    });
  }
}

/** Checks the request and prices the code alone; throws InputError naming the field at fault. */
export function quoteCode(reference: Reference, day: DayReference, request: QuoteRequest): Quote {
  const code = request.code.trim().toUpperCase();
  checkCode(reference, day, code);
  const locality = request.locality?.trim();
  if (locality !== undefined) checkLocality(day, locality);
  const context: PricingContext = {
    day,
    payerKind: "medicare",
    participating: request.participating ?? true,
    qualifyingApm: request.qualifyingApm ?? false,
    ...(locality !== undefined ? { locality } : {}),
  };
  const result = priceVisit([{ code, units: request.units, assistant: request.assistant ?? false }], context);
  return { code, units: request.units, day, result };
}

/** The JSON answer: dollars for people and scripts, with every part of the amount. */
export function quoteReport(quote: Quote): Record<string, unknown> {
  const { result } = quote;
  const line = result.lines[0];
  return {
    code: quote.code,
    units: quote.units,
    dateOfService: quote.day.date,
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
