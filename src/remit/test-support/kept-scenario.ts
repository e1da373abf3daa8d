/**
 * A practice with answered claims for the tests of the kept balances and denial figures: one
 * paid with write-downs and coinsurance, one partly denied (CO-97) with a deductible, one
 * denied at claim level (CO-50 on the CLP), one denied and then reversed, one not answered.
 * Test support only.
 */
import type { Reference } from "../../reference/reference.js";
import { createCharge } from "../../store/charge-master.js";
import type { ClaimRecord } from "../../store/entities.js";
import { seedPracticeFixture, type PracticeFixture } from "../../store/test-support/fixtures.js";
import type { Db } from "../../store/transaction.js";
import { serviceLine as line, write835, type LineSpec } from "../../x12/835/test-support/write-835.js";
import { REVERSAL } from "../claim-state.js";
import { importRemittance } from "../post.js";
import { submittedClaim } from "./submitted-claims.js";

export interface KeptScenario {
  fixture: PracticeFixture;
  paid: ClaimRecord;
  partial: ClaimRecord;
  claimLevel: ClaimRecord;
  reversed: ClaimRecord;
  waiting: ClaimRecord;
}

export async function postKeptScenario(db: Db, reference: Reference): Promise<KeptScenario> {
  const fixture = await seedPracticeFixture(db, "Kept scenario clinic");
  for (const [code, cents] of [["97530", 5500], ["97535", 5000]] as const) await createCharge(db, { practiceId: fixture.practice.id, code, chargeCents: cents, effectiveFrom: "2026-01-01" });
  const paid = await submittedClaim(db, reference, fixture, "2026-02-02");
  const partial = await submittedClaim(db, reference, fixture, "2026-02-03");
  const claimLevel = await submittedClaim(db, reference, fixture, "2026-02-04", { payerId: fixture.commercial.id });
  const reversed = await submittedClaim(db, reference, fixture, "2026-02-05", { payerId: fixture.commercial.id });
  const waiting = await submittedClaim(db, reference, fixture, "2026-02-06");
  const denied = (sign: number): LineSpec[] => [line("97530", 2, sign * 11000, "2026-02-05", [{ group: "CO", reason: "236", amountCents: sign * 11000 }]), line("97535", 1, sign * 5000, "2026-02-05", [{ group: "CO", reason: "236", amountCents: sign * 5000 }])];
  const claims = [
    {
      claimId: paid.claimNumber,
      lines: [
        line("97530", 2, 11000, "2026-02-02", [
          { group: "CO", reason: "45", amountCents: 4988 },
          { group: "PR", reason: "2", amountCents: 1000 },
        ]),
        line("97535", 1, 5000, "2026-02-02", [{ group: "CO", reason: "45", amountCents: 2000 }]),
      ],
    },
    {
      claimId: partial.claimNumber,
      lines: [
        line("97530", 2, 11000, "2026-02-03", [
          { group: "CO", reason: "45", amountCents: 4988 },
          { group: "PR", reason: "1", amountCents: 2500 },
        ]),
        line("97535", 1, 5000, "2026-02-03", [{ group: "CO", reason: "97", amountCents: 5000 }]),
      ],
    },
    { claimId: claimLevel.claimNumber, statusCode: "4", chargeCents: 16000, paidCents: 0, adjustments: [{ group: "CO" as const, reason: "50", amountCents: 16000 }], lines: [] },
    { claimId: reversed.claimNumber, statusCode: "4", payerClaimControlNumber: "ICN-R", lines: denied(1) },
  ];
  await importRemittance(db, write835({ transactions: [{ traceNumber: "SCEN1", paymentDate: "2026-03-02", claims }] }), { actor: "os:test" });
  await importRemittance(
    db,
    write835({ transactions: [{ traceNumber: "SCEN2", paymentDate: "2026-03-09", payer: { name: "ACME HEALTH", id: "60054" }, claims: [{ claimId: reversed.claimNumber, statusCode: REVERSAL, payerClaimControlNumber: "ICN-R", lines: denied(-1) }] }] }),
    { actor: "os:test" },
  );
  return { fixture, paid, partial, claimLevel, reversed, waiting };
}
