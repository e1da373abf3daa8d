import { describe, expect, it } from "vitest";
import { addDays, type IsoDate } from "../reference/dates.js";
import { loadReference } from "../reference/reference.js";
import { importRemittance } from "../remit/post.js";
import { submittedClaim } from "../remit/test-support/submitted-claims.js";
import { createCharge } from "../store/charge-master.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture } from "../store/test-support/fixtures.js";
import { serviceLine as line, write835, type LineSpec } from "../x12/835/test-support/write-835.js";
import { arAging, bucketOf } from "./ar.js";
import { cleanClaimRate } from "./clean-claims.js";
import { DENIAL_GROUPINGS, denialReport, denialReports } from "./denials.js";
import { paymentsByPayerMonth } from "./payments.js";

const reference = loadReference();

describe("bucketOf", () => {
  it.each([
    [0, "0-30"],
    [30, "0-30"],
    [31, "31-60"],
    [60, "31-60"],
    [61, "61-90"],
    [90, "61-90"],
    [91, "91-120"],
    [120, "91-120"],
    [121, "over-120"],
  ])("%i days is %s", (days, bucket) => {
    expect(bucketOf(days)).toBe(bucket);
  });
});

describeEachDatabase("reports", (store) => {
  it("denials by carc, payer and month; A/R aging; payments by payer and month; the clean-claim rate", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Report clinic");
    for (const [code, cents] of [["97530", 5500], ["97535", 5000]] as const) await createCharge(db, { practiceId: fixture.practice.id, code, chargeCents: cents, effectiveFrom: "2026-01-01" });
    const paid = await submittedClaim(db, reference, fixture, "2026-02-02");
    const partial = await submittedClaim(db, reference, fixture, "2026-02-03");
    const denied = await submittedClaim(db, reference, fixture, "2026-02-04", { payerId: fixture.commercial.id });
    const waiting = await submittedClaim(db, reference, fixture, "2026-02-05");
    const submittedOn = new Date().toISOString().slice(0, 10) as IsoDate;
    await importRemittance(
      db,
      write835({
        transactions: [
          {
            traceNumber: "RPT1",
            paymentDate: "2026-03-02",
            claims: [
              { claimId: paid.claimNumber, lines: [line("97530", 2, 11000, "2026-02-02", [{ group: "CO", reason: "45", amountCents: 4988 }]), line("97535", 1, 5000, "2026-02-02", [{ group: "CO", reason: "45", amountCents: 2000 }])] },
              { claimId: partial.claimNumber, lines: [line("97530", 2, 11000, "2026-02-03", [{ group: "CO", reason: "45", amountCents: 4988 }]), line("97535", 1, 5000, "2026-02-03", [{ group: "CO", reason: "97", amountCents: 5000 }])] },
            ],
          },
          {
            traceNumber: "RPT2",
            paymentDate: "2026-04-01",
            payer: { name: "ACME HEALTH", id: "60054" },
            claims: [{ claimId: denied.claimNumber, statusCode: "4", lines: [line("97530", 2, 11000, "2026-02-04", [{ group: "CO", reason: "236", amountCents: 11000 }]), line("97535", 1, 5000, "2026-02-04", [{ group: "CO", reason: "236", amountCents: 5000 }])] }],
          },
        ],
      }),
      { actor: "os:test" },
    );
    const scope = { practiceId: fixture.practice.id };
    expect(await denialReport(db, { ...scope, by: "carc" })).toEqual({
      by: "carc",
      from: null,
      to: null,
      groups: [
        { key: "236", label: "NCCI procedure-to-procedure edit", lines: 2, dollars: 160 },
        { key: "97", label: "Included in the payment for another service (bundled)", lines: 1, dollars: 50 },
      ],
      deniedLines: 3,
      deniedDollars: 210,
      adjudicatedLines: 6,
      denialRate: 0.5,
    });
    expect((await denialReport(db, { ...scope, by: "payer" })).groups).toEqual([
      { key: "Acme Health", label: "Acme Health", lines: 2, dollars: 160 },
      { key: "Medicare Part B", label: "Medicare Part B", lines: 1, dollars: 50 },
    ]);
    expect((await denialReport(db, { ...scope, by: "month", from: "2026-02-04" })).groups).toEqual([{ key: "2026-02", label: "2026-02", lines: 2, dollars: 160 }]);
    expect((await denialReport(db, { ...scope, by: "code" })).groups.map((group) => [group.key, group.lines])).toEqual([
      ["97530", 1],
      ["97535", 2],
    ]);
    // Several groupings read at once are each the report of that grouping alone.
    const together = await denialReports(db, scope, DENIAL_GROUPINGS);
    for (const by of DENIAL_GROUPINGS) expect(together[by]).toEqual(await denialReport(db, { ...scope, by }));

    // Aged from the day the claims were submitted (today, in this test).
    const ar = await arAging(db, { ...scope, asOf: addDays(submittedOn, 45) });
    expect(ar.asOf).toBe(addDays(submittedOn, 45));
    expect(ar.payers).toEqual([
      { payer: "Acme Health", payerId: fixture.commercial.id, buckets: { "0-30": 0, "31-60": 160, "61-90": 0, "91-120": 0, "over-120": 0 }, total: 160, claims: 1 },
      // the partial claim's CO-97 (50.00) and the unanswered claim's charge (2 x 55.00 + 50.00)
      { payer: "Medicare Part B", payerId: fixture.medicare.id, buckets: { "0-30": 0, "31-60": 210, "61-90": 0, "91-120": 0, "over-120": 0 }, total: 210, claims: 2 },
    ]);
    expect((await arAging(db, { ...scope, asOf: addDays(submittedOn, -1) })).payers).toEqual([]);
    expect(waiting.status).toBe("submitted");

    expect(await paymentsByPayerMonth(db, scope)).toEqual({
      rows: [
        { payer: "ACME HEALTH", month: "2026-04", remittances: 1, claims: 1, paid: 0, providerAdjustments: 0, deposited: 0 },
        { payer: "MEDICARE JL", month: "2026-03", remittances: 1, claims: 2, paid: 60.12 + 30 + 60.12, providerAdjustments: 0, deposited: 150.24 },
      ],
    });
    expect(await cleanClaimRate(db, scope)).toEqual({ adjudicatedClaims: 3, cleanClaims: 1, rate: 0.3333 });
  });

  it("A/R as of a date: a payment dated after it does not reduce the balance yet, a reversal dated after it does not restore it yet", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "As-of clinic");
    for (const [code, cents] of [["97530", 5500], ["97535", 5000]] as const) await createCharge(db, { practiceId: fixture.practice.id, code, chargeCents: cents, effectiveFrom: "2026-01-01" });
    const claim = await submittedClaim(db, reference, fixture, "2026-02-02");
    const submittedOn = new Date().toISOString().slice(0, 10) as IsoDate;
    const lines = (sign: number): LineSpec[] => [
      { code: "97530", units: 2, chargeCents: sign * 11000, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "45", amountCents: sign * 4988 }] },
      { code: "97535", units: 1, chargeCents: sign * 5000, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "45", amountCents: sign * 2000 }] },
    ];
    await importRemittance(db, write835({ transactions: [{ traceNumber: "ASOF1", paymentDate: addDays(submittedOn, 10), claims: [{ claimId: claim.claimNumber, payerClaimControlNumber: "ICN1", lines: lines(1) }] }] }), { actor: "os:test" });
    await importRemittance(db, write835({ transactions: [{ traceNumber: "ASOF2", paymentDate: addDays(submittedOn, 20), claims: [{ claimId: claim.claimNumber, statusCode: "22", payerClaimControlNumber: "ICN1", lines: lines(-1) }] }] }), { actor: "os:test" });
    const scope = { practiceId: fixture.practice.id };
    const owed = { payer: "Medicare Part B", payerId: fixture.medicare.id, buckets: { "0-30": 160, "31-60": 0, "61-90": 0, "91-120": 0, "over-120": 0 }, total: 160, claims: 1 };
    // Before the payment date: the whole charge (2 x 55.00 + 50.00) is open.
    expect((await arAging(db, { ...scope, asOf: addDays(submittedOn, 9) })).payers).toEqual([owed]);
    // Paid in full on day 10 (60.12 + 30.00 paid, 69.88 CO-45): nothing open from then ...
    expect((await arAging(db, { ...scope, asOf: addDays(submittedOn, 10) })).payers).toEqual([]);
    expect((await arAging(db, { ...scope, asOf: addDays(submittedOn, 19) })).payers).toEqual([]);
    // ... until the reversal of day 20 takes the payment back.
    expect((await arAging(db, { ...scope, asOf: addDays(submittedOn, 20) })).payers).toEqual([owed]);
    // Submitted after the as-of date: not in the A/R at all.
    expect((await arAging(db, { ...scope, asOf: addDays(submittedOn, -1) })).totals).toEqual({ buckets: { "0-30": 0, "31-60": 0, "61-90": 0, "91-120": 0, "over-120": 0 }, total: 0, claims: 0 });
  });
});
