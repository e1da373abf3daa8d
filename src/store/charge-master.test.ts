import { expect, it } from "vitest";
import { isInputError } from "../errors.js";
import { chargesInForce, createCharge, listCharges, updateCharge } from "./charge-master.js";
import { createClearinghouse, nextControlNumber } from "./clearinghouses.js";
import { createPractice } from "./practices.js";
import { describeEachDatabase } from "./test-support/databases.js";
import { inTransaction } from "./transaction.js";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isInputError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "ok";
}

describeEachDatabase("charge master and control numbers", (store) => {
  it("gives the charge in force on the date of service, through the last day of its period", async () => {
    const { db } = store();
    const practice = await createPractice(db, { name: "Charges Clinic" });
    const old = await createCharge(db, { practiceId: practice.id, code: "97530", chargeCents: 5000, effectiveFrom: "2025-01-01", effectiveThrough: "2025-12-31" });
    await createCharge(db, { practiceId: practice.id, code: "97530", chargeCents: 5500, effectiveFrom: "2026-01-01" });
    await createCharge(db, { practiceId: practice.id, code: "97110", chargeCents: 4500, effectiveFrom: "2026-03-01" });
    expect(Object.fromEntries(await chargesInForce(db, practice.id, ["97530", "97110"], "2025-12-31"))).toEqual({ "97530": 5000 });
    expect(Object.fromEntries(await chargesInForce(db, practice.id, ["97530", "97110"], "2026-01-01"))).toEqual({ "97530": 5500 });
    expect(Object.fromEntries(await chargesInForce(db, practice.id, ["97530", "97110", "97530"], "2026-03-01"))).toEqual({ "97530": 5500, "97110": 4500 });
    expect((await listCharges(db, { practiceId: practice.id, activeOn: "2026-02-28" })).items.map((charge) => [charge.code, charge.chargeCents])).toEqual([["97530", 5500]]);

    // Periods of one code never meet: the open-ended 2026 charge blocks a new one from June.
    expect(await codeOf(createCharge(db, { practiceId: practice.id, code: "97530", chargeCents: 5800, effectiveFrom: "2026-06-01" }))).toMatch(/^conflict: code 97530: charge \d+ is already in force 2026-01-01 through \(open\); end it before 2026-06-01 first$/);
    expect(await codeOf(updateCharge(db, old.id, { version: old.version, effectiveThrough: "2026-01-01" }))).toMatch(/^conflict: code 97530: charge \d+ is already in force 2026-01-01/);
    expect(await codeOf(updateCharge(db, old.id, { version: old.version, effectiveThrough: "2024-12-31" }))).toBe("invalid_input: effectiveThrough 2024-12-31 is before effectiveFrom 2025-01-01");
  });

  it("control numbers are unique and increasing per practice, also when batches run at once", async () => {
    const { db } = store();
    const first = await createPractice(db, { name: "Control Clinic A" });
    const second = await createPractice(db, { name: "Control Clinic B" });
    await createClearinghouse(db, { practiceId: first.id, submitterId: "SUBA", submitterName: "A", contactName: "Office", contactPhone: "3035551212", receiverId: "RCV", receiverName: "R", senderId: "SUBA", interchangeReceiverId: "RCV" });
    const numbers = await Promise.all(Array.from({ length: 6 }, () => inTransaction(db, (trx) => nextControlNumber(trx, first.id))));
    expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await nextControlNumber(db, second.id)).toBe(1);
    // A batch that fails gives its number back.
    await expect(
      inTransaction(db, async (trx) => {
        await nextControlNumber(trx, first.id);
        throw new Error("the file could not be written");
      }),
    ).rejects.toThrow("could not be written");
    expect(await nextControlNumber(db, first.id)).toBe(7);
    expect(await codeOf(createClearinghouse(db, { practiceId: first.id, submitterId: "SUBA", submitterName: "A", contactName: "Office", contactPhone: "3035551212", receiverId: "RCV", receiverName: "R", senderId: "SUBA", interchangeReceiverId: "RCV" }))).toMatch(
      /^conflict: practice \d+ already has clearinghouse settings \d+; change them with PATCH$/,
    );
  });
});
