/**
 * What is still owed on a claim, and by whom, from the payments that stand (neither a
 * reversal nor reversed):
 * - charge: what we billed (CLP03 as the payer echoed it; before any remittance, the
 *   practice's charge master on the date of service times the units);
 * - payments: what the payer paid (CLP04);
 * - adjustments: the contractual write-downs (CO-45, CO-253 ...) the contract requires;
 * - patientResponsibility: every PR amount (deductible, coinsurance, copay, non-covered);
 * - denied: what the payer denied (CO-97, CO-50 ...). A denial is never written off here:
 *   it stays in `balance` until a person appeals, corrects or writes it off;
 * - balance = charge - payments - adjustments - patientResponsibility (the payer's side);
 * - patientBalance = patientResponsibility (otbill records no patient payments yet).
 */
import { sql } from "kysely";
import type { IsoDate } from "../reference/dates.js";
import { centsToDollars } from "../reference/fixed.js";
import type { ClaimRecord } from "../store/entities.js";
import type { Db } from "../store/transaction.js";
import { kindOf } from "./classify.js";
import { REVERSAL } from "./claim-state.js";

export interface BalanceCents {
  chargeCents: number;
  paymentsCents: number;
  adjustmentsCents: number;
  patientResponsibilityCents: number;
  deniedCents: number;
  deductibleCents: number;
  coinsuranceCents: number;
  copayCents: number;
  balanceCents: number;
  patientBalanceCents: number;
}

export interface Balance {
  charge: number;
  payments: number;
  adjustments: number;
  patientResponsibility: number;
  denied: number;
  deductible: number;
  coinsurance: number;
  copay: number;
  balance: number;
  patientBalance: number;
}

export function emptyBalance(): BalanceCents {
  return { chargeCents: 0, paymentsCents: 0, adjustmentsCents: 0, patientResponsibilityCents: 0, deniedCents: 0, deductibleCents: 0, coinsuranceCents: 0, copayCents: 0, balanceCents: 0, patientBalanceCents: 0 };
}

export function addBalance(total: BalanceCents, part: BalanceCents): BalanceCents {
  const sum = emptyBalance();
  for (const key of Object.keys(sum) as (keyof BalanceCents)[]) sum[key] = total[key] + part[key];
  return sum;
}

export function balanceJson(balance: BalanceCents): Balance {
  return {
    charge: centsToDollars(balance.chargeCents),
    payments: centsToDollars(balance.paymentsCents),
    adjustments: centsToDollars(balance.adjustmentsCents),
    patientResponsibility: centsToDollars(balance.patientResponsibilityCents),
    denied: centsToDollars(balance.deniedCents),
    deductible: centsToDollars(balance.deductibleCents),
    coinsurance: centsToDollars(balance.coinsuranceCents),
    copay: centsToDollars(balance.copayCents),
    balance: centsToDollars(balance.balanceCents),
    patientBalance: centsToDollars(balance.patientBalanceCents),
  };
}

interface ClaimKey {
  id: number;
  practiceId: number;
  dateOfService: string;
  lines: readonly { code: string; units: number }[];
}

/** Claim lines grouped by claim in one pass (a filter per claim was claims x lines). */
export function linesByClaim<T extends { claim_id: number }>(rows: readonly T[], into: Map<number, T[]> = new Map()): Map<number, T[]> {
  for (const row of rows) {
    const list = into.get(row.claim_id);
    if (list) list.push(row);
    else into.set(row.claim_id, [row]);
  }
  return into;
}

/**
 * The charge master's charges for the lines of the claims no payer has answered: one query
 * per practice (not one per claim), resolved per date of service in memory with the same
 * rule as chargesInForce (effective_from <= date <= effective_through; the latest start wins).
 */
async function billedCharges(db: Db, claims: readonly ClaimKey[]): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  const byPractice = new Map<number, ClaimKey[]>();
  for (const claim of claims) byPractice.set(claim.practiceId, [...(byPractice.get(claim.practiceId) ?? []), claim]);
  for (const [practiceId, list] of byPractice) {
    const codes = [...new Set(list.flatMap((claim) => claim.lines.map((line) => line.code)))];
    const schedule = new Map<string, { from: string; through: string | null; cents: number }[]>();
    for (let start = 0; start < codes.length; start += 500) {
      const rows = await db
        .selectFrom("charge_master")
        .select(["code", "charge_cents", "effective_from", "effective_through"])
        .where("practice_id", "=", practiceId)
        .where("code", "in", codes.slice(start, start + 500))
        .orderBy("effective_from")
        .execute();
      for (const row of rows) schedule.set(row.code, [...(schedule.get(row.code) ?? []), { from: String(row.effective_from), through: row.effective_through === null ? null : String(row.effective_through), cents: row.charge_cents }]);
    }
    for (const claim of list) {
      let total = 0;
      for (const line of claim.lines) {
        let cents = 0;
        for (const entry of schedule.get(line.code) ?? []) if (entry.from <= claim.dateOfService && (entry.through === null || entry.through >= claim.dateOfService)) cents = entry.cents;
        total += cents * line.units;
      }
      result.set(claim.id, total);
    }
  }
  return result;
}

/** The day a payment counts from: the remittance's payment date (BPR16), else the day it was posted. */
const EFFECTIVE_DATE = sql<string>`coalesce(remittances.payment_date, substr(remittances.posted_at, 1, 10))`;

export interface BalanceOptions {
  /**
   * The balance as it stood at the end of this date: only payments dated on or before it
   * count, and a payment reversed by a reversal dated after it still stands.
   */
  asOf?: IsoDate;
}

/** Balances of many claims at once (a few queries per 500 claims, whatever their number). */
export async function balancesOf(db: Db, claims: readonly ClaimKey[], options: BalanceOptions = {}): Promise<Map<number, BalanceCents>> {
  const result = new Map<number, BalanceCents>();
  if (claims.length === 0) return result;
  const ids = claims.map((claim) => claim.id);
  const chunks: number[][] = [];
  for (let start = 0; start < ids.length; start += 500) chunks.push(ids.slice(start, start + 500));
  const payments: { id: number; claim_id: number | null; charge_cents: number; paid_cents: number }[] = [];
  const adjustments: { claim_payment_id: number; claim_id: number | null; group_code: string; reason: string; amount_cents: number }[] = [];
  const asOf = options.asOf;
  for (const chunk of chunks) {
    if (asOf === undefined) {
      payments.push(
        ...(await db
          .selectFrom("claim_payments")
          .select(["id", "claim_id", "charge_cents", "paid_cents"])
          .where("claim_id", "in", chunk)
          .where("reversed", "=", 0)
          .where("status_code", "!=", REVERSAL)
          .orderBy("id")
          .execute()),
      );
    } else {
      // Everything dated by the as-of date; what stood then is decided below.
      const dated = await db
        .selectFrom("claim_payments")
        .innerJoin("remittances", "remittances.id", "claim_payments.remittance_id")
        .select(["claim_payments.id", "claim_payments.claim_id", "claim_payments.charge_cents", "claim_payments.paid_cents", "claim_payments.status_code", "claim_payments.reverses_id"])
        .where("claim_payments.claim_id", "in", chunk)
        .where(EFFECTIVE_DATE, "<=", asOf)
        .orderBy("claim_payments.id")
        .execute();
      const reversedBy = new Set(dated.filter((payment) => payment.status_code === REVERSAL && payment.reverses_id !== null).map((payment) => payment.reverses_id));
      payments.push(...dated.filter((payment) => payment.status_code !== REVERSAL && !reversedBy.has(payment.id)));
    }
  }
  const standing = new Set(payments.map((payment) => payment.id));
  for (const chunk of chunks) {
    let query = db
      .selectFrom("payment_adjustments")
      .innerJoin("claim_payments", "claim_payments.id", "payment_adjustments.claim_payment_id")
      .select(["payment_adjustments.claim_payment_id", "claim_payments.claim_id", "payment_adjustments.group_code", "payment_adjustments.reason", "payment_adjustments.amount_cents"])
      .where("claim_payments.claim_id", "in", chunk)
      .where("claim_payments.status_code", "!=", REVERSAL);
    if (asOf === undefined) query = query.where("claim_payments.reversed", "=", 0);
    for (const adjustment of await query.execute()) if (standing.has(adjustment.claim_payment_id)) adjustments.push(adjustment);
  }
  const charged = new Map<number, number>();
  for (const claim of claims) result.set(claim.id, emptyBalance());
  for (const payment of payments) {
    const balance = result.get(payment.claim_id!)!;
    balance.paymentsCents += payment.paid_cents;
    // The latest standing payment's CLP03 is what we billed.
    charged.set(payment.claim_id!, payment.charge_cents);
  }
  for (const adjustment of adjustments) {
    const balance = result.get(adjustment.claim_id!)!;
    const kind = kindOf({ group: adjustment.group_code, reason: adjustment.reason });
    if (adjustment.group_code === "PR") {
      balance.patientResponsibilityCents += adjustment.amount_cents;
      if (kind === "deductible") balance.deductibleCents += adjustment.amount_cents;
      else if (kind === "coinsurance") balance.coinsuranceCents += adjustment.amount_cents;
      else if (kind === "copay") balance.copayCents += adjustment.amount_cents;
    } else if (kind === "denial") balance.deniedCents += adjustment.amount_cents;
    else balance.adjustmentsCents += adjustment.amount_cents;
  }
  const unanswered = await billedCharges(
    db,
    claims.filter((claim) => !charged.has(claim.id)),
  );
  for (const claim of claims) {
    const balance = result.get(claim.id)!;
    balance.chargeCents = charged.get(claim.id) ?? unanswered.get(claim.id) ?? 0;
    balance.balanceCents = balance.chargeCents - balance.paymentsCents - balance.adjustmentsCents - balance.patientResponsibilityCents;
    balance.patientBalanceCents = balance.patientResponsibilityCents;
  }
  return result;
}

export async function claimBalance(db: Db, claim: ClaimRecord): Promise<BalanceCents> {
  return (await balancesOf(db, [claim])).get(claim.id)!;
}

/** The claim record with its balance fields (the contract's claim shows them). */
export async function withBalance<T extends ClaimRecord>(db: Db, claim: T): Promise<T & Balance> {
  // A fresh object, as withBalances makes them (why: there).
  return Object.assign({}, claim, balanceJson(await claimBalance(db, claim)));
}

export async function withBalances<T extends ClaimRecord>(db: Db, claims: readonly T[]): Promise<(T & Balance)[]> {
  const balances = await balancesOf(db, claims);
  // Copied into a fresh object: adding the balance fields to a spread of the claim, which
  // starts from the claim's own hidden class, took V8's slow path and measured about 40 µs a
  // claim on a page of 50; into a fresh object, about 2.
  return claims.map((claim) => Object.assign({}, claim, balanceJson(balances.get(claim.id)!)));
}

/** Claims not billed yet owe nothing; void and replaced ones neither: their successor does. */
const NOT_OWED = ["draft", "ready", "void", "replaced"];

export interface PatientBalance extends Balance {
  patientId: number;
  claims: number;
}

export async function patientBalance(db: Db, patientId: number): Promise<PatientBalance> {
  const rows = await db.selectFrom("claims").select(["id", "practice_id", "date_of_service", "status"]).where("patient_id", "=", patientId).where("status", "not in", NOT_OWED as never[]).execute();
  const lines = new Map<number, { claim_id: number; code: string; units: number }[]>();
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500).map((row) => row.id);
    const found = await db.selectFrom("claim_lines").select(["claim_id", "code", "units"]).where("claim_id", "in", chunk).orderBy("claim_id").orderBy("position").execute();
    linesByClaim(found, lines);
  }
  const keys: ClaimKey[] = rows.map((row) => ({ id: row.id, practiceId: row.practice_id, dateOfService: row.date_of_service, lines: lines.get(row.id) ?? [] }));
  let total = emptyBalance();
  for (const balance of (await balancesOf(db, keys)).values()) total = addBalance(total, balance);
  return { patientId, claims: rows.length, ...balanceJson(total) };
}
