/**
 * Reference look-ups over HTTP, the same answers as the CLI's `codes`, `icd`, `price`
 * and `units --json`: code and ICD-10-CM search, one code's Medicare allowed amount with
 * its parts, and the unit count with its reasoning.
 */
import { z } from "zod";
import { searchCodes, searchIcd } from "../../codes/search.js";
import { unitsReport } from "../../engine/units-report.js";
import { InputError } from "../../errors.js";
import { priceVisit, type PricingContext } from "../../pricing/index.js";
import type { IsoDate } from "../../reference/dates.js";
import { centsToDollars, formatScaled } from "../../reference/fixed.js";
import type { Reference } from "../../reference/reference.js";
import { todayIso } from "../../cli/today.js";
import { route, type Route } from "../route.js";
import { codeQuerySchema, icdQuerySchema, priceQuerySchema, unitsBodySchema } from "../schemas.js";

type PriceQuery = z.output<typeof priceQuerySchema>;

function priceCode(reference: Reference, query: PriceQuery): unknown {
  const code = query.code.toUpperCase();
  const units = query.units ?? 1;
  // A date is part of the request; the server's clock only fills it in when it is left out.
  const date: IsoDate = query.date ?? todayIso();
  const day = reference.on(date);
  if (!day.feeSchedule) {
    throw new InputError("unprocessable", `no Medicare fee schedule is loaded for ${date}; the loaded years are ${reference.feeScheduleYears.join(", ")}`, { path: "date" });
  }
  if (!day.feeSchedule.rows.has(code)) {
    const deleted = reference.catalog.deleted(code);
    const typo = reference.catalog.typo(code);
    const hint = deleted ? ` (deleted ${deleted.deletedOn}; use ${deleted.replacements.join(" or ")})` : typo ? ` (did you mean ${typo.meant}?)` : "";
    throw new InputError("unknown_code", `${JSON.stringify(code)} is not in the ${day.feeSchedule.release} Medicare fee schedule${hint}`, { path: "code", value: code });
  }
  if (query.locality !== undefined && (!/^\d{5}-\d{2}$/.test(query.locality) || !day.gpci(query.locality))) {
    throw new InputError("unknown_locality", `${JSON.stringify(query.locality)} is not a Medicare MAC-locality in ${day.year} (e.g. 01112-05)`, { path: "locality", value: query.locality });
  }
  const context: PricingContext = { day, payerKind: "medicare", qualifyingApm: query.apm === "true", ...(query.locality ? { locality: query.locality } : {}) };
  const result = priceVisit([{ code, units, assistant: query.assistant === "true" }], context);
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
    gpci: result.gpci ? { ...result.gpci, work: Number(formatScaled(result.gpci.work, 3)), pe: Number(formatScaled(result.gpci.pe, 3)), mp: Number(formatScaled(result.gpci.mp, 3)) } : null,
    feeScheduleRelease: result.feeScheduleRelease ?? null,
    parts: line?.parts ?? null,
    findings: result.findings,
  };
}

export function lookupRoutes(reference: Reference): Route[] {
  return [
    route({
      method: "GET",
      url: "/api/codes",
      tag: "reference",
      summary: "Search the therapy code catalog (codes, descriptors, synonyms); deleted codes and typos name what to bill instead",
      query: codeQuerySchema,
      response: z.object({ query: z.string(), hits: z.array(z.looseObject({ code: z.string(), label: z.string() })) }),
      errors: [400],
      handler: ({ query }) => ({
        query: query.q ?? "",
        hits: searchCodes(reference, query.q ?? "", { ...(query.limit ? { limit: query.limit } : {}), ...(query.date ? { date: query.date } : {}) }),
      }),
    }),
    route({
      method: "GET",
      url: "/api/icd",
      tag: "reference",
      summary: "Search ICD-10-CM (newest code set loaded): codes, prefixes or words",
      query: icdQuerySchema,
      response: z.object({ query: z.string(), fiscalYear: z.number().int(), hits: z.array(z.looseObject({ code: z.string(), description: z.string() })) }),
      errors: [400],
      handler: ({ query }) => {
        const codeSet = reference.latestIcd;
        return { query: query.q, fiscalYear: codeSet.release.fiscalYear, hits: searchIcd(codeSet, query.q, query.limit ? { limit: query.limit } : {}) };
      },
    }),
    route({
      method: "GET",
      url: "/api/price",
      tag: "reference",
      summary: "One code's Medicare allowed amount and its parts (RVU x GPCI x CF, MPPR, CO 85%, coinsurance, sequestration)",
      query: priceQuerySchema,
      response: z.looseObject({ code: z.string(), units: z.number().int(), priced: z.boolean(), allowed: z.number().optional() }),
      errors: [400, 422],
      handler: ({ query }) => priceCode(reference, query),
    }),
    route({
      method: "POST",
      url: "/api/units",
      tag: "reference",
      summary: "Count timed units under the CMS or AMA rule, with the reasoning and the assistant (CO) split",
      body: unitsBodySchema,
      response: z.looseObject({ rule: z.string(), totalMinutes: z.number(), totalUnits: z.number(), explanation: z.string() }),
      errors: [400, 413],
      handler: ({ body }) =>
        unitsReport(reference, {
          services: body.services,
          rule: body.rule ?? "cms",
          date: body.date ?? todayIso(),
          ...(body.discipline ? { discipline: body.discipline } : {}),
        }),
    }),
  ];
}
