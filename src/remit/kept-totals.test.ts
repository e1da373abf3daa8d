import { expect, it } from "vitest";
import { daysBetween, type IsoDate } from "../reference/dates.js";
import { centsToDollars } from "../reference/fixed.js";
import { loadReference } from "../reference/reference.js";
import { replaceClaim, voidClaim } from "../claims/lifecycle.js";
import { AGING_BUCKETS, arAging, bucketOf, type AgingBucket, type ArReport } from "../reports/ar.js";
import { DASHBOARD_GROUPINGS, denialDashboard, denialReports } from "../reports/denials.js";
import { createCharge } from "../store/charge-master.js";
import { claimHistory, getClaim, updateClaim } from "../store/claims.js";
import type { ClaimRecord } from "../store/entities.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../store/test-support/fixtures.js";
import type { Db } from "../store/transaction.js";
import { serviceLine as line, write835, type ClaimSpec, type LineSpec } from "../x12/835/test-support/write-835.js";
import { balancesOf } from "./balances.js";
import { refreshClaimBalances } from "./claim-balances.js";
import { REVERSAL } from "./claim-state.js";
import { refreshDenialTotals } from "./denial-totals.js";
import { pageOfDeniedLines, refreshDeniedLines } from "./denied-lines.js";
import { importRemittance } from "./post.js";
import { standingLinePayments } from "./standing.js";
import { submittedClaim } from "./test-support/submitted-claims.js";
import { listUnmatched, resolveUnmatched } from "./unmatched.js";

const reference = loadReference();
const ACTOR = { actor: "os:test" };
const BILLED = ["submitted", "paid", "partial", "denied", "appealed"];
const TODAY = new Date().toISOString().slice(0, 10) as IsoDate;

async function keptBalances(db: Db) {
  return db.selectFrom("claim_balances").selectAll().orderBy("claim_id").execute();
}

async function keptDenials(db: Db) {
  const days = await db.selectFrom("line_outcome_days").selectAll().orderBy("practice_id").orderBy("date_of_service").orderBy("payer_id").orderBy("code").execute();
  const reasons = await db.selectFrom("denial_reason_days").selectAll().orderBy("practice_id").orderBy("date_of_service").orderBy("payer_id").orderBy("code").orderBy("reason").execute();
  const lines = await db.selectFrom("denied_lines").selectAll().orderBy("line_payment_id").execute();
  return { days, reasons, lines };
}

/** The ids of a page of denied lines read from the line payments themselves, newest answers first. */
async function deniedLinesFromScratch(db: Db, filter: { practiceId: number; from?: string; to?: string }, offset: number, limit: number): Promise<number[]> {
  const rows = await standingLinePayments(db, filter)
    .innerJoin("remittances", "remittances.id", "claim_payments.remittance_id")
    .where("line_payments.status", "in", ["denied", "partial"])
    .select(["line_payments.id", "remittances.payment_date"])
    .execute();
  rows.sort((a, b) => (a.payment_date === b.payment_date ? a.id - b.id : a.payment_date === null ? 1 : b.payment_date === null ? -1 : a.payment_date < b.payment_date ? 1 : -1));
  return rows.slice(offset, offset + limit).map((row) => row.id);
}

/** Each claim's payment side worked out from scratch by balancesOf (src/remit/balances.ts), in the kept row's terms. */
async function balancesFromScratch(db: Db) {
  const payments = await db
    .selectFrom("claim_payments")
    .innerJoin("remittances", "remittances.id", "claim_payments.remittance_id")
    .select(["claim_payments.claim_id", "claim_payments.reversed", "claim_payments.status_code", "remittances.payment_date", "remittances.posted_at"])
    .where("claim_payments.claim_id", "is not", null)
    .execute();
  const ids = [...new Set(payments.map((payment) => payment.claim_id!))].sort((a, b) => a - b);
  const claims = await Promise.all(ids.map((id) => getClaim(db, id)));
  const balances = await balancesOf(db, claims);
  return ids.map((id) => {
    const own = payments.filter((payment) => payment.claim_id === id);
    const balance = balances.get(id)!;
    const stands = own.some((payment) => payment.reversed === 0 && payment.status_code !== REVERSAL);
    return {
      claim_id: id,
      charge_cents: stands ? balance.chargeCents : null,
      paid_cents: balance.paymentsCents,
      reduced_cents: balance.adjustmentsCents + balance.patientResponsibilityCents,
      last_dated: own.map((payment) => payment.payment_date ?? payment.posted_at.slice(0, 10)).sort().at(-1)!,
    };
  });
}

/** A/R aging from scratch: each billed claim's balancesOf as of the date, bucketed by the age of its first submission. */
async function agingFromScratch(db: Db, practiceId: number, asOf: IsoDate): Promise<ArReport> {
  const rows = await db.selectFrom("claims").select("id").where("practice_id", "=", practiceId).where("status", "in", BILLED as never[]).orderBy("id").execute();
  const claims: (ClaimRecord & { since: string })[] = [];
  for (const row of rows) {
    const claim = await getClaim(db, row.id);
    const submitted = (await claimHistory(db, row.id)).filter((change) => change.to === "submitted").map((change) => change.at.slice(0, 10));
    const since = submitted.sort()[0] ?? claim.dateOfService;
    if (since <= asOf) claims.push({ ...claim, since });
  }
  const balances = await balancesOf(db, claims, { asOf });
  const empty = (): Record<AgingBucket, number> => ({ "0-30": 0, "31-60": 0, "61-90": 0, "91-120": 0, "over-120": 0 });
  const payers = new Map<number, { buckets: Record<AgingBucket, number>; cents: number; claims: number }>();
  const totals = { buckets: empty(), cents: 0, claims: 0 };
  for (const claim of claims) {
    const open = balances.get(claim.id)!.balanceCents;
    if (open === 0) continue;
    const bucket = bucketOf(daysBetween(claim.since as IsoDate, asOf));
    const entry = payers.get(claim.payerId) ?? { buckets: empty(), cents: 0, claims: 0 };
    for (const sum of [entry, totals]) {
      sum.buckets[bucket] += open;
      sum.cents += open;
      sum.claims++;
    }
    payers.set(claim.payerId, entry);
  }
  const names = new Map((await db.selectFrom("payers").select(["id", "name"]).execute()).map((payer) => [payer.id, payer.name]));
  const dollars = (buckets: Record<AgingBucket, number>) => Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, centsToDollars(buckets[bucket])])) as Record<AgingBucket, number>;
  return {
    asOf,
    payers: [...payers.entries()]
      .map(([payerId, entry]) => ({ payer: names.get(payerId)!, payerId, buckets: dollars(entry.buckets), total: centsToDollars(entry.cents), claims: entry.claims }))
      .sort((a, b) => (a.payer < b.payer ? -1 : a.payer > b.payer ? 1 : a.payerId - b.payerId)),
    totals: { buckets: dollars(totals.buckets), total: centsToDollars(totals.cents), claims: totals.claims },
  };
}

/**
 * What every write must leave: the kept rows equal to the ones rewritten from every payment
 * (the migrations' fill), the claims' sums equal to balancesOf's, the Denials page's figures
 * and pages of denied lines equal to those read from the line payments, and A/R aging equal to one worked
 * out claim by claim, on dates before, between and after the payments.
 */
async function expectKeptAsRecomputed(db: Db, fixture: PracticeFixture): Promise<void> {
  const balances = await keptBalances(db);
  const denials = await keptDenials(db);
  expect(balances).toEqual(await balancesFromScratch(db));
  await refreshClaimBalances(db);
  await refreshDenialTotals(db);
  await refreshDeniedLines(db);
  expect(await keptBalances(db)).toEqual(balances);
  expect(await keptDenials(db)).toEqual(denials);
  const scope = { practiceId: fixture.practice.id };
  for (const filter of [{}, { from: "2026-02-04" }, { to: "2026-02-05" }, { from: "2026-02-03", to: "2026-02-09" }]) {
    expect((await denialDashboard(db, { ...scope, ...filter })).reports, JSON.stringify(filter)).toEqual(await denialReports(db, { ...scope, ...filter }, DASHBOARD_GROUPINGS));
    for (const [offset, limit] of [[0, 50], [1, 2], [3, 50]] as const) {
      expect(await pageOfDeniedLines(db, { ...scope, ...filter }, { offset, limit }), JSON.stringify(filter)).toEqual(await deniedLinesFromScratch(db, { ...scope, ...filter }, offset, limit));
    }
  }
  for (const asOf of [TODAY, "2027-01-10", "2027-01-25", "2027-12-31"] as IsoDate[]) {
    expect(await arAging(db, { asOf, practiceId: fixture.practice.id }), asOf).toEqual(await agingFromScratch(db, fixture.practice.id, asOf));
  }
}

const paidLines = (date: string): LineSpec[] => [
  line("97530", 2, 11000, date, [
    { group: "CO", reason: "45", amountCents: 4988 },
    { group: "PR", reason: "2", amountCents: 1000 },
  ]),
  line("97535", 1, 5000, date, [{ group: "CO", reason: "45", amountCents: 2000 }]),
];

describeEachDatabase("the balances and denial figures kept as payments post", (store) => {
  it("equal a recomputation after every write: an 835 posted, a claim-level denial, a reversal, unmatched payments resolved and dismissed, claims voided, replaced and moved", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Kept totals clinic");
    for (const [code, cents] of [["97530", 5500], ["97535", 5000]] as const) await createCharge(db, { practiceId: fixture.practice.id, code, chargeCents: cents, effectiveFrom: "2026-01-01" });
    const paid = await submittedClaim(db, reference, fixture, "2026-02-02");
    const partial = await submittedClaim(db, reference, fixture, "2026-02-03");
    const claimLevel = await submittedClaim(db, reference, fixture, "2026-02-04", { payerId: fixture.commercial.id });
    const reversedLater = await submittedClaim(db, reference, fixture, "2026-02-05", { payerId: fixture.commercial.id });
    const byHand = await submittedClaim(db, reference, fixture, "2026-02-06");
    const reversedByHand = await submittedClaim(db, reference, fixture, "2026-02-09");
    const waiting = await submittedClaim(db, reference, fixture, "2026-02-10");
    const voided = await submittedClaim(db, reference, fixture, "2026-02-11");
    const replaced = await submittedClaim(db, reference, fixture, "2026-02-12");
    await expectKeptAsRecomputed(db, fixture);
    expect(await keptBalances(db)).toEqual([]);

    const deniedLines = (sign: number): LineSpec[] => [line("97530", 2, sign * 11000, "2026-02-05", [{ group: "CO", reason: "236", amountCents: sign * 11000 }]), line("97535", 1, sign * 5000, "2026-02-05", [{ group: "CO", reason: "236", amountCents: sign * 5000 }])];
    const claims: ClaimSpec[] = [
      { claimId: paid.claimNumber, lines: paidLines("2026-02-02") },
      {
        claimId: partial.claimNumber,
        lines: [
          line("97530", 2, 11000, "2026-02-03", [
            { group: "CO", reason: "45", amountCents: 4988 },
            { group: "PR", reason: "1", amountCents: 2500 },
          ]),
          line("97535", 1, 5000, "2026-02-03", [
            { group: "CO", reason: "97", amountCents: 5000 },
          ]),
        ],
      },
      { claimId: claimLevel.claimNumber, statusCode: "4", chargeCents: 16000, paidCents: 0, adjustments: [{ group: "CO", reason: "50", amountCents: 16000 }], lines: [] },
      { claimId: reversedLater.claimNumber, statusCode: "4", payerClaimControlNumber: "ICN-R", lines: deniedLines(1) },
      { claimId: reversedByHand.claimNumber, payerClaimControlNumber: "ICN-H", lines: paidLines("2026-02-09") },
      { claimId: voided.claimNumber, payerClaimControlNumber: "ICN-V", lines: paidLines("2026-02-11") },
      { claimId: replaced.claimNumber, payerClaimControlNumber: "ICN-P", lines: paidLines("2026-02-12") },
      // A number the payer mangled: it waits for a person.
      { claimId: "C-MANGLED", lines: paidLines("2026-02-06") },
    ];
    await importRemittance(db, write835({ transactions: [{ traceNumber: "KEPT1", paymentDate: "2026-11-20", claims }] }), ACTOR);
    await expectKeptAsRecomputed(db, fixture);
    const rowOf = async (claim: ClaimRecord) => (await keptBalances(db)).find((row) => row.claim_id === claim.id);
    // 160.00 billed, 49.88 + 20.00 written down, 10.00 coinsurance: 80.12 paid.
    expect(await rowOf(paid)).toEqual({ claim_id: paid.id, charge_cents: 16000, paid_cents: 8012, reduced_cents: 7988, last_dated: "2026-11-20" });
    // The CO-97 denial stays owed: only the write-down and the deductible are off the payer's side.
    expect(await rowOf(partial)).toEqual({ claim_id: partial.id, charge_cents: 16000, paid_cents: 3512, reduced_cents: 7488, last_dated: "2026-11-20" });
    expect(await rowOf(claimLevel)).toEqual({ claim_id: claimLevel.id, charge_cents: 16000, paid_cents: 0, reduced_cents: 0, last_dated: "2026-11-20" });
    expect(await rowOf(waiting)).toBeUndefined();
    const dashboard = await denialDashboard(db, { practiceId: fixture.practice.id });
    // CO-236 160.00 on two lines, the claim-level CO-50 160.00 shared over two, CO-97 50.00.
    expect(dashboard.reports.carc.groups.map((group) => [group.key, group.lines, group.dollars])).toEqual([
      ["236", 2, 160],
      ["50", 2, 160],
      ["97", 1, 50],
    ]);
    expect(dashboard.reports.carc).toMatchObject({ deniedLines: 5, deniedDollars: 370, adjudicatedLines: 14 });

    // The payer takes back the denial after the as-of dates before it.
    await importRemittance(db, write835({ transactions: [{ traceNumber: "KEPT2", paymentDate: "2027-01-20", payer: { name: "ACME HEALTH", id: "60054" }, claims: [{ claimId: reversedLater.claimNumber, statusCode: REVERSAL, payerClaimControlNumber: "ICN-R", lines: deniedLines(-1) }] }] }), ACTOR);
    await expectKeptAsRecomputed(db, fixture);
    expect(await rowOf(reversedLater)).toEqual({ claim_id: reversedLater.id, charge_cents: null, paid_cents: 0, reduced_cents: 0, last_dated: "2027-01-20" });
    expect((await denialDashboard(db, { practiceId: fixture.practice.id })).reports.carc).toMatchObject({ deniedLines: 3, deniedDollars: 210, adjudicatedLines: 12 });

    // A reversal of a payment under a number no claim has, and a payment nobody can place.
    const reversal: ClaimSpec = { claimId: "C-GONE", statusCode: REVERSAL, payerClaimControlNumber: "ICN-H", lines: paidLines("2026-02-09").map((spec) => ({ ...spec, chargeCents: -spec.chargeCents, adjustments: spec.adjustments!.map((adjustment) => ({ ...adjustment, amountCents: -adjustment.amountCents })) })) };
    await importRemittance(db, write835({ transactions: [{ traceNumber: "KEPT3", paymentDate: "2027-01-05", claims: [reversal, { claimId: "C-NOBODY", lines: paidLines("2026-02-10") }] }] }), ACTOR);
    await expectKeptAsRecomputed(db, fixture);
    const open = await listUnmatched(db, { status: "open" });
    expect(open.map((item) => item.claimId)).toEqual(["C-MANGLED", "C-GONE", "C-NOBODY"]);

    await resolveUnmatched(db, open[0]!.id, { action: "post", claimId: byHand.id }, ACTOR);
    await expectKeptAsRecomputed(db, fixture);
    expect(await rowOf(byHand)).toEqual({ claim_id: byHand.id, charge_cents: 16000, paid_cents: 8012, reduced_cents: 7988, last_dated: "2026-11-20" });

    await resolveUnmatched(db, open[1]!.id, { action: "post", claimId: reversedByHand.id }, ACTOR);
    await expectKeptAsRecomputed(db, fixture);
    expect(await rowOf(reversedByHand)).toEqual({ claim_id: reversedByHand.id, charge_cents: null, paid_cents: 0, reduced_cents: 0, last_dated: "2027-01-05" });

    await resolveUnmatched(db, open[2]!.id, { action: "dismiss", note: "not ours" }, ACTOR);
    await expectKeptAsRecomputed(db, fixture);

    // Claim status changes: a void and a replacement of paid claims, an appeal, a claim paid in full moved by hand.
    await voidClaim(db, voided.id, { payerClaimControlNumber: "ICN-V" }, ACTOR);
    await expectKeptAsRecomputed(db, fixture);
    await replaceClaim(db, reference, replaced.id, { payerClaimControlNumber: "ICN-P" }, ACTOR);
    await expectKeptAsRecomputed(db, fixture);
    const denied = await getClaim(db, claimLevel.id);
    await updateClaim(db, denied.id, { status: "appealed", version: denied.version }, ACTOR);
    await expectKeptAsRecomputed(db, fixture);
    const stillPaid = await getClaim(db, paid.id);
    expect(stillPaid.status).toBe("paid");
    expect((await arAging(db, { asOf: "2027-12-31" as IsoDate, practiceId: fixture.practice.id })).totals.claims).toBeGreaterThan(0);
  });

  it("equal a recomputation after two postings at once that touch the same claims' days", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Concurrent postings clinic");
    const claims = [];
    for (let index = 0; index < 6; index++) claims.push(await submittedClaim(db, reference, fixture, "2026-02-16"));
    const denied = (claim: ClaimRecord): ClaimSpec => ({ claimId: claim.claimNumber, lines: [line("97530", 2, 11000, "2026-02-16", [{ group: "CO", reason: "45", amountCents: 4988 }]), line("97535", 1, 5000, "2026-02-16", [{ group: "CO", reason: "97", amountCents: 5000 }])] });
    await Promise.all(
      [claims.slice(0, 3), claims.slice(3)].map((part, index) => importRemittance(db, write835({ transactions: [{ traceNumber: `SAME-DAY-${index}`, paymentDate: "2026-11-20", claims: part.map(denied) }] }), ACTOR)),
    );
    await expectKeptAsRecomputed(db, fixture);
    expect((await denialDashboard(db, { practiceId: fixture.practice.id })).reports.carc).toMatchObject({ deniedLines: 6, deniedDollars: 300, adjudicatedLines: 12 });
  });
});
