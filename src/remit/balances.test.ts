import { describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { createCharge } from "../store/charge-master.js";
import { getClaim } from "../store/claims.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture } from "../store/test-support/fixtures.js";
import { write835 } from "../x12/835/test-support/write-835.js";
import { balanceJson, balancesOf, claimBalance, linesByClaim, patientBalance } from "./balances.js";
import { importRemittance } from "./post.js";
import { submittedClaim } from "./test-support/submitted-claims.js";

const reference = loadReference();

describe("linesByClaim", () => {
  it("groups lines under their claim, in the order read", () => {
    const grouped = linesByClaim([
      { claim_id: 2, code: "97530" },
      { claim_id: 1, code: "97110" },
      { claim_id: 2, code: "97535" },
    ]);
    expect([...grouped.entries()]).toEqual([
      [2, [{ claim_id: 2, code: "97530" }, { claim_id: 2, code: "97535" }]],
      [1, [{ claim_id: 1, code: "97110" }]],
    ]);
  });
});

describeEachDatabase("claim and patient balances", (store) => {
  it("charge, payments, adjustments, patient responsibility; a denial stays in the balance", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Balance clinic");
    await createCharge(db, { practiceId: fixture.practice.id, code: "97530", chargeCents: 5500, effectiveFrom: "2026-01-01" });
    await createCharge(db, { practiceId: fixture.practice.id, code: "97535", chargeCents: 5000, effectiveFrom: "2026-01-01" });
    const answered = await submittedClaim(db, reference, fixture, "2026-02-02");
    const waiting = await submittedClaim(db, reference, fixture, "2026-02-03");
    // Before the payer answers: the charge master's charge (2 x 55.00 + 1 x 50.00) is all owed by the payer.
    expect(balanceJson(await claimBalance(db, waiting))).toMatchObject({ charge: 160, payments: 0, adjustments: 0, patientResponsibility: 0, balance: 160, patientBalance: 0 });

    await importRemittance(
      db,
      write835({
        transactions: [
          {
            traceNumber: "BAL1",
            paymentDate: "2026-03-01",
            claims: [
              {
                claimId: answered.claimNumber,
                lines: [
                  { code: "97530", units: 2, chargeCents: 11000, lineId: answered.lines[0]!.lineId, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "45", amountCents: 4988 }, { group: "PR", reason: "1", amountCents: 2000 }, { group: "PR", reason: "2", amountCents: 802 }, { group: "CO", reason: "253", amountCents: 64 }] },
                  { code: "97535", units: 1, chargeCents: 5000, lineId: answered.lines[1]!.lineId, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "97", amountCents: 5000 }] },
                ],
              },
            ],
          },
        ],
      }),
      { actor: "os:test" },
    );
    const paid = 11000 - 4988 - 2000 - 802 - 64;
    expect(balanceJson(await claimBalance(db, await getClaim(db, answered.id)))).toEqual({
      charge: 160,
      payments: paid / 100,
      adjustments: (4988 + 64) / 100,
      patientResponsibility: 28.02,
      denied: 50,
      deductible: 20,
      coinsurance: 8.02,
      copay: 0,
      // 160 - 31.46 - 50.52 - 28.02: the CO-97 denial (50.00) is not written off
      balance: 50,
      patientBalance: 28.02,
    });
    expect(await patientBalance(db, fixture.patient.id)).toEqual({
      patientId: fixture.patient.id,
      claims: 2,
      charge: 320,
      payments: 31.46,
      adjustments: 50.52,
      patientResponsibility: 28.02,
      denied: 50,
      deductible: 20,
      coinsurance: 8.02,
      copay: 0,
      balance: 210,
      patientBalance: 28.02,
    });
  });

  it("many unanswered claims: each is charged its own lines at the charge in force on its date of service", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Schedule clinic");
    await createCharge(db, { practiceId: fixture.practice.id, code: "97530", chargeCents: 5500, effectiveFrom: "2026-01-01", effectiveThrough: "2026-02-28" });
    await createCharge(db, { practiceId: fixture.practice.id, code: "97530", chargeCents: 6000, effectiveFrom: "2026-03-01" });
    await createCharge(db, { practiceId: fixture.practice.id, code: "97535", chargeCents: 5000, effectiveFrom: "2026-01-01" });
    const before = await submittedClaim(db, reference, fixture, "2026-02-27");
    const onTheDay = await submittedClaim(db, reference, fixture, "2026-03-02");
    // Each claim: 97530 x 2 and 97535 x 1.
    const balances = await balancesOf(db, [before, onTheDay]);
    expect(balances.get(before.id)!.balanceCents).toBe(2 * 5500 + 5000);
    expect(balances.get(onTheDay.id)!.balanceCents).toBe(2 * 6000 + 5000);
    expect(await patientBalance(db, fixture.patient.id)).toMatchObject({ claims: 2, charge: 330, balance: 330, patientBalance: 0 });
  });
});
