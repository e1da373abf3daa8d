import { expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { getClaim } from "../store/claims.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../store/test-support/fixtures.js";
import type { Db } from "../store/transaction.js";
import { write835, type ClaimSpec } from "../x12/835/test-support/write-835.js";
import { importRemittance } from "./post.js";
import { submittedClaim } from "./test-support/submitted-claims.js";

const reference = loadReference();
const ACTOR = { actor: "os:test" };

async function counts(db: Db): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of ["remittances", "claim_payments", "line_payments", "payment_adjustments", "unmatched_payments", "provider_adjustments"] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

async function lineStatuses(db: Db, claimId: number): Promise<string[]> {
  return (await getClaim(db, claimId)).lines.map((line) => line.status);
}

describeEachDatabase("posting an 835", (store) => {
  let fixture: PracticeFixture;
  it("posts a paid claim by REF*6R and a partial one (deductible, coinsurance, a CO-97 denial) by code", async () => {
    const { db } = store();
    fixture = await seedPracticeFixture(db);
    const paid = await submittedClaim(db, reference, fixture, "2026-02-02");
    const partial = await submittedClaim(db, reference, fixture, "2026-02-03");
    expect(paid.lines.map((line) => [line.code, line.units, line.lineId])).toEqual([
      ["97530", 2, `${paid.claimNumber}-1`],
      ["97535", 1, `${paid.claimNumber}-2`],
    ]);
    const claims: ClaimSpec[] = [
      {
        claimId: paid.claimNumber,
        lines: [
          { code: "97530", modifiers: ["GO"], units: 2, chargeCents: 11000, lineId: paid.lines[0]!.lineId, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "45", amountCents: 4988 }, { group: "PR", reason: "2", amountCents: 1202 }] },
          { code: "97535", modifiers: ["GO"], units: 1, chargeCents: 5000, lineId: paid.lines[1]!.lineId, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "45", amountCents: 1800 }, { group: "PR", reason: "3", amountCents: 500 }] },
        ],
      },
      {
        claimId: partial.claimNumber,
        lines: [
          // No REF*6R and no modifiers: matched by code and date.
          { code: "97530", units: 2, chargeCents: 11000, serviceDate: "2026-02-03", adjustments: [{ group: "CO", reason: "45", amountCents: 4988 }, { group: "PR", reason: "1", amountCents: 5000 }, { group: "PR", reason: "2", amountCents: 202 }] },
          { code: "97535", units: 1, chargeCents: 5000, serviceDate: "2026-02-03", adjustments: [{ group: "CO", reason: "97", amountCents: 5000 }], remarks: ["M15"] },
        ],
      },
    ];
    const text = write835({ transactions: [{ traceNumber: "EFT1001", paymentDate: "2026-03-01", claims }] });
    const summary = await importRemittance(db, text, { ...ACTOR, fileName: "feb.835" });
    expect(summary).toMatchObject({ claimsPosted: 2, linesPosted: 4, unmatched: [], alreadyPosted: false, balanced: true });
    expect(summary.remittanceId).toBeTypeOf("number");
    expect((await getClaim(db, paid.id)).status).toBe("paid");
    expect(await lineStatuses(db, paid.id)).toEqual(["paid", "paid"]);
    expect((await getClaim(db, partial.id)).status).toBe("partial");
    expect(await lineStatuses(db, partial.id)).toEqual(["paid", "denied"]);
    const payment = await db.selectFrom("claim_payments").selectAll().where("claim_id", "=", partial.id).executeTakeFirstOrThrow();
    expect([payment.paid_cents, payment.deductible_cents, payment.coinsurance_cents, payment.copay_cents, payment.patient_responsibility_cents]).toEqual([11000 - 4988 - 5202, 5000, 202, 0, 5202]);
    const lines = await db.selectFrom("line_payments").select(["claim_line_id", "status", "allowed_cents"]).where("claim_payment_id", "=", payment.id).orderBy("position").execute();
    expect(lines).toEqual([
      { claim_line_id: expect.any(Number), status: "paid", allowed_cents: 11000 - 4988 },
      { claim_line_id: expect.any(Number), status: "denied", allowed_cents: 5000 - 5000 },
    ]);
    const history = await db.selectFrom("claim_status_history").select(["to_status", "actor"]).where("claim_id", "=", paid.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(history).toEqual({ to_status: "paid", actor: "os:test" });

    // The same file again: nothing changes.
    const before = await counts(db);
    const again = await importRemittance(db, text, { ...ACTOR, fileName: "feb.835" });
    expect(again).toMatchObject({ remittanceId: summary.remittanceId, claimsPosted: 0, linesPosted: 0, unmatched: [], alreadyPosted: true });
    expect(await counts(db)).toEqual(before);
  });

  it("keeps a payment for a claim never sent in the queue, and a reversal undoes the earlier posting", async () => {
    const { db } = store();
    const claim = await submittedClaim(db, reference, fixture, "2026-02-09");
    const line = (cents: number) => ({ code: "97530", units: 2, chargeCents: cents, serviceDate: "2026-02-09", adjustments: [{ group: "CO" as const, reason: "45", amountCents: cents < 0 ? -4988 : 4988 }] });
    const first = write835({ transactions: [{ traceNumber: "EFT2001", paymentDate: "2026-03-02", claims: [{ claimId: claim.claimNumber, payerClaimControlNumber: "ICN9", lines: [line(11000)] }, { claimId: "C-999999", lines: [line(11000)] }] }] });
    const posted = await importRemittance(db, first, ACTOR);
    expect(posted).toMatchObject({ claimsPosted: 1, unmatched: ["C-999999"] });
    expect((await getClaim(db, claim.id)).status).toBe("partial");
    const queue = await db.selectFrom("unmatched_payments").innerJoin("claim_payments", "claim_payments.id", "unmatched_payments.claim_payment_id").select(["claim_payments.claim_number", "unmatched_payments.status"]).execute();
    expect(queue).toEqual([{ claim_number: "C-999999", status: "open" }]);

    const reversal = write835({ transactions: [{ traceNumber: "EFT2002", paymentDate: "2026-03-09", claims: [{ claimId: claim.claimNumber, statusCode: "22", payerClaimControlNumber: "ICN9", lines: [line(-11000)] }] }] });
    expect(await importRemittance(db, reversal, ACTOR)).toMatchObject({ claimsPosted: 1, alreadyPosted: false });
    expect((await getClaim(db, claim.id)).status).toBe("submitted");
    expect(await lineStatuses(db, claim.id)).toEqual(["submitted", "submitted"]);
    const payments = await db.selectFrom("claim_payments").select(["status_code", "reversed", "reverses_id"]).where("claim_id", "=", claim.id).orderBy("id").execute();
    expect(payments.map((payment) => [payment.status_code, payment.reversed, payment.reverses_id !== null])).toEqual([
      ["1", 1, false],
      ["22", 0, true],
    ]);
  });

  it("refuses an unbalanced remittance, posting nothing of the file, unless accepted", async () => {
    const { db } = store();
    const claim = await submittedClaim(db, reference, fixture, "2026-02-10");
    const spec = {
      transactions: [
        { traceNumber: "EFT3001", paymentDate: "2026-03-03", claims: [{ claimId: claim.claimNumber, lines: [{ code: "97530", chargeCents: 11000, serviceDate: "2026-02-10" }] }] },
        { traceNumber: "EFT3002", paymentDate: "2026-03-03", paymentCents: 1, claims: [{ claimId: "C-888888", lines: [{ code: "97530", chargeCents: 100, serviceDate: "2026-02-10" }] }] },
      ],
    };
    const before = await counts(db);
    await expect(importRemittance(db, write835(spec), { ...ACTOR, fileName: "off.835" })).rejects.toThrow(
      "off.835: the remittance does not balance (payment EFT3002: BPR02 is off by -0.99); nothing was posted. Post it as it is with --accept-unbalanced",
    );
    expect(await counts(db)).toEqual(before);
    expect((await getClaim(db, claim.id)).status).toBe("submitted");
    const accepted = await importRemittance(db, write835(spec), { ...ACTOR, acceptUnbalanced: true });
    expect(accepted).toMatchObject({ balanced: false, claimsPosted: 1, unmatched: ["C-888888"] });
  });
});
