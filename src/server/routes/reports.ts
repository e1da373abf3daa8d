/**
 * The revenue-cycle reports over HTTP, in the same JSON as `otbill report ... --json`:
 * denials grouped (by carc, payer, code, provider or month), A/R aging by payer,
 * payments by payer and month, and the first-pass clean-claim rate; each scoped to the
 * caller's practice.
 */
import { z } from "zod";
import { principalOf } from "../../auth/access-hook.js";
import type { IsoDate } from "../../reference/dates.js";
import { todayIso } from "../../reference/today.js";
import { arAging } from "../../reports/ar.js";
import { cleanClaimRate } from "../../reports/clean-claims.js";
import { DENIAL_GROUPINGS, denialReport } from "../../reports/denials.js";
import { paymentsByPayerMonth } from "../../reports/payments.js";
import type { Store } from "../../store/database.js";
import { route, type Route } from "../route.js";

const date = () => z.string().date();
const range = { from: date().optional(), to: date().optional() };

export function reportRoutes(store: Store): Route[] {
  return [
    route({
      method: "GET",
      url: "/api/reports/denials",
      tag: "reports",
      summary: "Denied lines and dollars grouped by carc, payer, code, provider or month (of service), with the denial rate",
      query: z.strictObject({ ...range, by: z.enum(DENIAL_GROUPINGS).optional() }),
      errors: [400],
      handler: ({ query, request }) => denialReport(store.db, { ...query, practiceId: principalOf(request).practiceId }),
    }),
    route({
      method: "GET",
      url: "/api/reports/ar",
      tag: "reports",
      summary: "Open balances by payer in aging buckets 0-30, 31-60, 61-90, 91-120, over-120 days from the date submitted",
      query: z.strictObject({ asOf: date().optional().describe("default today") }),
      errors: [400],
      handler: ({ query, request }) => arAging(store.db, { asOf: (query.asOf as IsoDate | undefined) ?? todayIso(), practiceId: principalOf(request).practiceId }),
    }),
    route({
      method: "GET",
      url: "/api/reports/payments",
      tag: "reports",
      summary: "Payments by payer and month of payment",
      query: z.strictObject(range),
      errors: [400],
      handler: ({ query, request }) => paymentsByPayerMonth(store.db, { ...query, practiceId: principalOf(request).practiceId }),
    }),
    route({
      method: "GET",
      url: "/api/reports/clean-claims",
      tag: "reports",
      summary: "First-pass clean-claim rate: adjudicated claims whose first remittance paid every line",
      query: z.strictObject(range),
      errors: [400],
      handler: ({ query, request }) => cleanClaimRate(store.db, { ...query, practiceId: principalOf(request).practiceId }),
    }),
  ];
}
