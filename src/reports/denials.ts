/**
 * Denials by CARC, payer, code, rendering provider or month of service: lines and
 * dollars denied, and the denial rate = denied lines / adjudicated lines (the lines of
 * payments that stand). A line partly denied counts as denied; its dollars are the
 * denial adjustments only (not the contractual write-down, not the patient's share).
 * Dates are dates of service.
 */
import { centsToDollars } from "../reference/fixed.js";
import { isDenialReason } from "../remit/classify.js";
import { REVERSAL } from "../remit/claim-state.js";
import { loadRemitCodeSets } from "../remit/codesets.js";
import { adjustmentsByLinePayment, type LineAdjustment } from "../remit/line-adjustments.js";
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
  let query = db
    .selectFrom("line_payments")
    .innerJoin("claim_payments", "claim_payments.id", "line_payments.claim_payment_id")
    .innerJoin("claims", "claims.id", "claim_payments.claim_id")
    .innerJoin("payers", "payers.id", "claims.payer_id")
    .innerJoin("visits", "visits.id", "claims.visit_id")
    .innerJoin("providers", "providers.id", "visits.provider_id")
    .select(["line_payments.id", "line_payments.claim_payment_id", "line_payments.status", "line_payments.code", "line_payments.service_date", "claims.date_of_service", "payers.name as payer", "providers.first_name", "providers.last_name", "providers.npi"])
    .where("claim_payments.reversed", "=", 0)
    .where("claim_payments.status_code", "!=", REVERSAL);
  let adjudicated = db
    .selectFrom("line_payments")
    .innerJoin("claim_payments", "claim_payments.id", "line_payments.claim_payment_id")
    .innerJoin("claims", "claims.id", "claim_payments.claim_id")
    .select((eb) => eb.fn.countAll().as("lines"))
    .where("claim_payments.reversed", "=", 0)
    .where("claim_payments.status_code", "!=", REVERSAL);
  if (filter.practiceId !== undefined) {
    query = query.where("claims.practice_id", "=", filter.practiceId);
    adjudicated = adjudicated.where("claims.practice_id", "=", filter.practiceId);
  }
  if (filter.from) {
    query = query.where("claims.date_of_service", ">=", filter.from);
    adjudicated = adjudicated.where("claims.date_of_service", ">=", filter.from);
  }
  if (filter.to) {
    query = query.where("claims.date_of_service", "<=", filter.to);
    adjudicated = adjudicated.where("claims.date_of_service", "<=", filter.to);
  }
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
