/**
 * Reference look-ups over HTTP, the same answers as the CLI's `codes`, `icd`, `price`
 * and `units --json`: code and ICD-10-CM search, one code's Medicare allowed amount with
 * its parts, and the unit count with its reasoning.
 */
import { z } from "zod";
import { searchCodes, searchIcd } from "../../codes/search.js";
import { unitsReport } from "../../engine/units-report.js";
import { quoteCode, quoteReport } from "../../pricing/index.js";
import type { Reference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import { route, type Route } from "../route.js";
import { codeQuerySchema, icdQuerySchema, priceQuerySchema, unitsBodySchema } from "../schemas.js";

type PriceQuery = z.output<typeof priceQuerySchema>;

function priceCode(reference: Reference, query: PriceQuery): unknown {
  // A date is part of the request; the server's clock only fills it in when it is left out.
  const day = reference.on(query.date ?? todayIso());
  return quoteReport(
    quoteCode(reference, day, {
      code: query.code,
      units: query.units ?? 1,
      ...(query.locality !== undefined ? { locality: query.locality } : {}),
      assistant: query.assistant === "true",
      qualifyingApm: query.apm === "true",
    }),
  );
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
