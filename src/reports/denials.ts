/**
 * Denials by CARC, payer, code, rendering provider or month of service: lines and
 * dollars denied, and the denial rate = denied lines / adjudicated lines (the lines of
 * payments that stand). A line partly denied counts as denied; its dollars are the
 * denial adjustments only (not the contractual write-down, not the patient's share).
 * Dates are dates of service.
 */
import { centsToDollars } from "../reference/fixed.js";
import { isDenialReason } from "../remit/classify.js";
import { loadRemitCodeSets } from "../remit/codesets.js";
import { adjustmentsByLinePayment, type LineAdjustment } from "../remit/line-adjustments.js";
import { standingLinePayments } from "../remit/standing.js";
import type { Db } from "../store/transaction.js";

export const DENIAL_GROUPINGS = ["carc", "payer", "code", "provider", "month"] as const;
export type DenialGrouping = (typeof DENIAL_GROUPINGS)[number];

export interface DenialReportFilter {
  from?: string;
  to?: string;
  by?: DenialGrouping;
  practiceId?: number;
}

export interface DenialGroup {
  key: string;
  label: string;
  lines: number;
  dollars: number;
}

export interface DenialReport {
  by: DenialGrouping;
  from: string | null;
  to: string | null;
  groups: DenialGroup[];
  deniedLines: number;
  deniedDollars: number;
  adjudicatedLines: number;
  /** denied lines / adjudicated lines, 4 decimals; 0 when nothing was adjudicated */
  denialRate: number;
}

export async function denialReport(db: Db, filter: DenialReportFilter = {}): Promise<DenialReport> {
  const by = filter.by ?? "carc";
  return (await denialReports(db, filter, [by]))[by]!;
}

/** The same denials grouped several ways, read from the database once (the web's Denials page). */
export async function denialReports<G extends DenialGrouping>(db: Db, filter: Omit<DenialReportFilter, "by">, groupings: readonly G[]): Promise<Record<G, DenialReport>> {
  const { denied, adjustmentsOf, adjudicatedLines } = await readDenials(db, filter);
  const reports = {} as Record<G, DenialReport>;
  for (const by of groupings) reports[by] = groupDenials(denied, adjustmentsOf, adjudicatedLines, by, filter);
  return reports;
}

type DeniedLine = Awaited<ReturnType<typeof readDenials>>["denied"][number];
type AdjustmentsByLine = Map<number | null, LineAdjustment[]>;

async function readDenials(db: Db, filter: Omit<DenialReportFilter, "by">) {
  const query = standingLinePayments(db, filter)
    .innerJoin("payers", "payers.id", "claims.payer_id")
    .innerJoin("visits", "visits.id", "claims.visit_id")
    .innerJoin("providers", "providers.id", "visits.provider_id")
    .select(["line_payments.id", "line_payments.claim_payment_id", "line_payments.status", "line_payments.code", "line_payments.service_date", "claims.date_of_service", "payers.name as payer", "providers.first_name", "providers.last_name", "providers.npi"]);
  const adjudicated = standingLinePayments(db, filter).select((eb) => eb.fn.countAll().as("lines"));
  // The database counts the adjudicated lines and sends only the denied ones (a seventh of
  // them on the demo generator's practice): reading every line was most of the report's time.
  const adjudicatedLines = Number((await adjudicated.executeTakeFirstOrThrow()).lines);
  const denied = await query.where("line_payments.status", "in", ["denied", "partial"]).orderBy("line_payments.id").execute();
  // Grouped once by line payment: a filter per line was lines x adjustments.
  const adjustmentsOf = await adjustmentsByLinePayment(db, denied);
  return { denied, adjustmentsOf, adjudicatedLines };
}

function groupDenials(denied: DeniedLine[], adjustmentsOf: AdjustmentsByLine, adjudicatedLines: number, by: DenialGrouping, filter: Omit<DenialReportFilter, "by">): DenialReport {
  const carcWords = by === "carc" ? loadRemitCodeSets() : undefined;
  const groups = new Map<string, { label: string; lines: number; cents: number }>();
  const add = (key: string, label: string, cents: number) => {
    const group = groups.get(key) ?? { label, lines: 0, cents: 0 };
    group.lines++;
    group.cents += cents;
    groups.set(key, group);
  };
  let deniedCents = 0;
  for (const line of denied) {
    const reasons = (adjustmentsOf.get(line.id) ?? []).filter((adjustment) => isDenialReason({ group: adjustment.group_code, reason: adjustment.reason }));
    const cents = reasons.reduce((total, adjustment) => total + adjustment.amount_cents, 0);
    deniedCents += cents;
    if (by === "carc") {
      // A line denied for two reasons counts once under each, with that reason's dollars.
      const byReason = new Map<string, number>();
      for (const reason of reasons) byReason.set(reason.reason, (byReason.get(reason.reason) ?? 0) + reason.amount_cents);
      for (const [reason, amount] of byReason) {
        const action = carcWords!.actions.get(reason);
        add(reason, action?.title ?? carcWords!.carc.get(reason) ?? reason, amount);
      }
    } else if (by === "payer") add(line.payer, line.payer, cents);
    else if (by === "code") add(line.code, line.code, cents);
    else if (by === "provider") add(line.npi, `${line.first_name} ${line.last_name}`, cents);
    else add(line.date_of_service.slice(0, 7), line.date_of_service.slice(0, 7), cents);
  }
  const sorted = [...groups.entries()].sort((a, b) => (by === "month" ? (a[0] < b[0] ? -1 : 1) : b[1].cents - a[1].cents || b[1].lines - a[1].lines || (a[0] < b[0] ? -1 : 1)));
  return {
    by,
    from: filter.from ?? null,
    to: filter.to ?? null,
    groups: sorted.map(([key, group]) => ({ key, label: group.label, lines: group.lines, dollars: centsToDollars(group.cents) })),
    deniedLines: denied.length,
    deniedDollars: centsToDollars(deniedCents),
    adjudicatedLines,
    denialRate: adjudicatedLines === 0 ? 0 : Math.round((denied.length / adjudicatedLines) * 10000) / 10000,
  };
}

/** The groupings the web's Denials page shows. */
export const DASHBOARD_GROUPINGS = ["carc", "payer", "code", "month"] as const;
export type DashboardGrouping = (typeof DASHBOARD_GROUPINGS)[number];

export interface DenialDashboard {
  reports: Record<DashboardGrouping, DenialReport>;
  /**
   * The denial rate of each month of service that has denied lines in the filter, over the
   * whole month (the report of that month alone: `denialReport` from its first to its last day).
   */
  monthlyRates: { month: string; denialRate: number }[];
}

function rateOf(denied: number, adjudicated: number): number {
  return adjudicated === 0 ? 0 : Math.round((denied / adjudicated) * 10000) / 10000;
}

/**
 * What the Denials page charts: the four groupings of `denialReports` and each month's
 * `denialReport` rate, the same figures, read from the denial figures kept per day of service
 * as payments post (src/remit/denial-totals.ts: lines adjudicated and denied per day, payer and
 * code, and each CARC's denied lines and cents) instead of every line payment and adjustment:
 * three grouped reads of a few rows per day.
 */
export async function denialDashboard(db: Db, filter: Omit<DenialReportFilter, "by">): Promise<DenialDashboard> {
  /** The days of the filter ("filter") or of the whole months it touches ("months": each month's rate is the whole month's). */
  const range = (days: "filter" | "months") => ({
    // Dates compare as text: "-31" closes every month.
    from: filter.from && (days === "filter" ? filter.from : `${filter.from.slice(0, 7)}-01`),
    to: filter.to && (days === "filter" ? filter.to : `${filter.to.slice(0, 7)}-31`),
  });
  const outcomes = (days: "filter" | "months") => {
    const { from, to } = range(days);
    return db
      .selectFrom("line_outcome_days as t")
      .innerJoin("payers", "payers.id", "t.payer_id")
      .$if(filter.practiceId !== undefined, (query) => query.where("t.practice_id", "=", filter.practiceId!))
      .$if(Boolean(from), (query) => query.where("t.date_of_service", ">=", from!))
      .$if(Boolean(to), (query) => query.where("t.date_of_service", "<=", to!));
  };
  const { from, to } = range("filter");
  const reasonDays = db
    .selectFrom("denial_reason_days as t")
    .innerJoin("payers", "payers.id", "t.payer_id")
    .$if(filter.practiceId !== undefined, (query) => query.where("t.practice_id", "=", filter.practiceId!))
    .$if(Boolean(from), (query) => query.where("t.date_of_service", ">=", from!))
    .$if(Boolean(to), (query) => query.where("t.date_of_service", "<=", to!));
  const inFilter = (day: string) => (!filter.from || day >= filter.from) && (!filter.to || day <= filter.to);

  const [lineGroups, reasonGroups, adjudicatedDays] = await Promise.all([
    // Denied lines by payer, code and day, over the whole months (the filter is applied to the days here).
    outcomes("months")
      .where("t.denied_lines", ">", 0)
      .select(["payers.name as payer", "t.code", "t.date_of_service", (eb) => eb.fn.sum<number | string>("t.denied_lines").as("lines")])
      .groupBy(["payers.name", "t.code", "t.date_of_service"])
      .execute(),
    reasonDays
      .select(["payers.name as payer", "t.code", "t.date_of_service", "t.reason", (eb) => eb.fn.sum<number | string>("t.lines").as("lines"), (eb) => eb.fn.sum<number | string>("t.cents").as("cents")])
      .groupBy(["payers.name", "t.code", "t.date_of_service", "t.reason"])
      .execute(),
    outcomes("months")
      .select(["t.date_of_service", (eb) => eb.fn.sum<number | string>("t.adjudicated_lines").as("lines")])
      .groupBy("t.date_of_service")
      .execute(),
  ]);

  // (payer, code, month) cells of the filter: lines and denied cents; each whole month's denied and adjudicated lines.
  const cellKey = (payer: string, code: string, monthKey: string) => `${payer}\u0000${code}\u0000${monthKey}`;
  const cells = new Map<string, { payer: string; code: string; month: string; lines: number; cents: number }>();
  const monthCounts = new Map<string, { denied: number; adjudicated: number }>();
  const countOf = (monthKey: string) => {
    const counts = monthCounts.get(monthKey) ?? { denied: 0, adjudicated: 0 };
    monthCounts.set(monthKey, counts);
    return counts;
  };
  for (const row of lineGroups) {
    const day = String(row.date_of_service);
    const monthKey = day.slice(0, 7);
    countOf(monthKey).denied += Number(row.lines);
    if (!inFilter(day)) continue;
    const key = cellKey(row.payer, row.code, monthKey);
    const cell = cells.get(key) ?? { payer: row.payer, code: row.code, month: monthKey, lines: 0, cents: 0 };
    cell.lines += Number(row.lines);
    cells.set(key, cell);
  }
  let adjudicatedLines = 0;
  for (const row of adjudicatedDays) {
    const day = String(row.date_of_service);
    countOf(day.slice(0, 7)).adjudicated += Number(row.lines);
    if (inFilter(day)) adjudicatedLines += Number(row.lines);
  }
  const reasons = new Map<string, { lines: number; cents: number }>();
  for (const row of reasonGroups) {
    const cents = Number(row.cents);
    cells.get(cellKey(row.payer, row.code, String(row.date_of_service).slice(0, 7)))!.cents += cents;
    const entry = reasons.get(row.reason) ?? { lines: 0, cents: 0 };
    entry.lines += Number(row.lines);
    entry.cents += cents;
    reasons.set(row.reason, entry);
  }

  let deniedLineCount = 0;
  let deniedCents = 0;
  const rollUp = (keyOf: (cell: { payer: string; code: string; month: string }) => string) => {
    const groups = new Map<string, { label: string; lines: number; cents: number }>();
    for (const cell of cells.values()) {
      const key = keyOf(cell);
      const group = groups.get(key) ?? { label: key, lines: 0, cents: 0 };
      group.lines += cell.lines;
      group.cents += cell.cents;
      groups.set(key, group);
    }
    return groups;
  };
  for (const cell of cells.values()) {
    deniedLineCount += cell.lines;
    deniedCents += cell.cents;
  }
  const carcWords = loadRemitCodeSets();
  const carcGroups = new Map([...reasons].map(([reason, entry]) => [reason, { label: carcWords.actions.get(reason)?.title ?? carcWords.carc.get(reason) ?? reason, ...entry }]));
  const report = (by: DashboardGrouping, groups: Map<string, { label: string; lines: number; cents: number }>): DenialReport => ({
    by,
    from: filter.from ?? null,
    to: filter.to ?? null,
    groups: [...groups.entries()]
      .sort((a, b) => (by === "month" ? (a[0] < b[0] ? -1 : 1) : b[1].cents - a[1].cents || b[1].lines - a[1].lines || (a[0] < b[0] ? -1 : 1)))
      .map(([key, group]) => ({ key, label: group.label, lines: group.lines, dollars: centsToDollars(group.cents) })),
    deniedLines: deniedLineCount,
    deniedDollars: centsToDollars(deniedCents),
    adjudicatedLines,
    denialRate: rateOf(deniedLineCount, adjudicatedLines),
  });
  const reports: Record<DashboardGrouping, DenialReport> = {
    carc: report("carc", carcGroups),
    payer: report("payer", rollUp((cell) => cell.payer)),
    code: report("code", rollUp((cell) => cell.code)),
    month: report("month", rollUp((cell) => cell.month)),
  };
  const monthlyRates = reports.month.groups.map((group) => {
    const counts = monthCounts.get(group.key);
    return { month: group.key, denialRate: counts ? rateOf(counts.denied, counts.adjudicated) : 0 };
  });
  return { reports, monthlyRates };
}
