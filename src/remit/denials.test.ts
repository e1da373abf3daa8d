import { expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture } from "../store/test-support/fixtures.js";
import { write835 } from "../x12/835/test-support/write-835.js";
import { denialReport } from "../reports/denials.js";
import { createCharge } from "../store/charge-master.js";
import { getClaim } from "../store/claims.js";
import { balanceJson, claimBalance } from "./balances.js";
import { denialWorklist, setAppeal } from "./denials.js";
import { importRemittance } from "./post.js";
import { submittedClaim } from "./test-support/submitted-claims.js";
import { underpaidLines } from "./underpayments.js";

const reference = loadReference();

describeEachDatabase("denial worklist and underpayments", (store) => {
  it("lists each denied line with CARC/RARC words, what to do, the re-scrub's verdict and the appeal; finds underpaid lines", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Denial clinic");
    const bundled = await submittedClaim(db, reference, fixture, "2026-02-02");
    // Before the plan of care starts (2026-01-05): today's scrub says poc.missing.
    const unplanned = await submittedClaim(db, reference, fixture, "2026-01-02");
    const expected = bundled.lines[0]!.allowedCents!;
    expect(expected).toBeGreaterThan(1000);
    const text = write835({
      transactions: [
        {
          traceNumber: "DEN1",
          paymentDate: "2026-03-01",
          claims: [
            {
              claimId: bundled.claimNumber,
              lines: [
                { code: "97530", units: 2, chargeCents: 11000, lineId: bundled.lines[0]!.lineId, serviceDate: "2026-02-02", allowedCents: expected - 500, adjustments: [{ group: "CO", reason: "45", amountCents: 11000 - expected + 500 }] },
                { code: "97535", units: 1, chargeCents: 5000, lineId: bundled.lines[1]!.lineId, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "97", amountCents: 5000 }], remarks: ["M15"] },
              ],
            },
            {
              claimId: unplanned.claimNumber,
              statusCode: "4",
              lines: unplanned.lines.map((line) => ({ code: line.code, units: line.units, chargeCents: 5000, lineId: line.lineId, serviceDate: "2026-01-02", adjustments: [{ group: "CO" as const, reason: "50", amountCents: 5000 }] })),
            },
          ],
        },
      ],
    });
    await importRemittance(db, text, { actor: "os:test" });
    const worklist = await denialWorklist(db, reference, { practiceId: fixture.practice.id });
    expect(worklist.map((entry) => [entry.claimNumber, entry.code, entry.status, entry.denied, entry.carc.map((carc) => `${carc.group}-${carc.reason}`), entry.scrub.caught, entry.scrub.rules])).toEqual([
      [unplanned.claimNumber, "97530", "denied", 50, ["CO-50"], true, ["poc.missing"]],
      [unplanned.claimNumber, "97535", "denied", 50, ["CO-50"], true, ["poc.missing"]],
      [bundled.claimNumber, "97535", "denied", 50, ["CO-97"], false, []],
    ]);
    const bundledEntry = worklist[2]!;
    expect(bundledEntry.carc[0]).toMatchObject({ title: "Included in the payment for another service (bundled)", relatedRules: ["ncci.ptp", "modifier.distinct"], appealable: false });
    expect(bundledEntry.carc[0]!.description).toMatch(/^The benefit for this service is included in the payment\/allowance for another service/);
    expect(bundledEntry.rarc).toEqual([{ code: "M15", description: "Separately billed services/tests have been bundled as they are considered components of the same procedure. Separate payment is not allowed." }]);
    expect(bundledEntry.whatToDo).toContain("add 59 or XU and send a replacement claim");
    expect(bundledEntry).toMatchObject({ caughtByScrub: false, wouldChange: bundledEntry.whatToDo });
    expect(worklist[0]!.caughtByScrub).toBe(true);
    expect(bundledEntry.appeal).toEqual({ status: "none", note: null, updatedAt: null });

    const appeal = await setAppeal(db, worklist[0]!.linePaymentId, { status: "appealed", note: "plan of care signed 2025-12-20 attached" }, fixture.practice.id);
    expect(appeal).toMatchObject({ status: "appealed", note: "plan of care signed 2025-12-20 attached" });
    expect((await denialWorklist(db, reference, { appeal: "appealed" })).map((entry) => entry.linePaymentId)).toEqual([worklist[0]!.linePaymentId]);
    await expect(setAppeal(db, 999999, { status: "won" })).rejects.toThrow("no denied line 999999");

    const short = await underpaidLines(db, { practiceId: fixture.practice.id });
    expect(short).toHaveLength(1);
    expect(short[0]).toMatchObject({ rule: "remit.underpaid", claimNumber: bundled.claimNumber, code: "97530", allowed: (expected - 500) / 100, expected: expected / 100, shortBy: 5 });
  });

  it("a claim denied at claim level (CLP02 = 4, claim-level CAS, no SVC): one entry per line of our claim, counted in the denial report", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Claim-level clinic");
    for (const [code, cents] of [["97530", 5500], ["97535", 5000]] as const) await createCharge(db, { practiceId: fixture.practice.id, code, chargeCents: cents, effectiveFrom: "2026-01-01" });
    const claim = await submittedClaim(db, reference, fixture, "2026-01-02");
    const text = write835({
      transactions: [{ traceNumber: "CLV1", paymentDate: "2026-03-01", claims: [{ claimId: claim.claimNumber, statusCode: "4", chargeCents: 16000, paidCents: 0, adjustments: [{ group: "CO", reason: "50", amountCents: 16000 }], remarks: ["N115"], lines: [] }] }],
    });
    await importRemittance(db, text, { actor: "os:test" });
    expect((await getClaim(db, claim.id)).status).toBe("denied");
    const worklist = await denialWorklist(db, reference, { practiceId: fixture.practice.id });
    // The 160.00 denied is shared by charge: 2 x 55.00 on 97530, 50.00 on 97535.
    expect(worklist.map((entry) => [entry.claimNumber, entry.lineId, entry.code, entry.units, entry.status, entry.charge, entry.paid, entry.denied, entry.carc.map((carc) => [`${carc.group}-${carc.reason}`, carc.amount]), entry.rarc.map((rarc) => rarc.code), entry.scrub.caught])).toEqual([
      [claim.claimNumber, claim.lines[0]!.lineId, "97530", 2, "denied", 110, 0, 110, [["CO-50", 110]], ["N115"], true],
      [claim.claimNumber, claim.lines[1]!.lineId, "97535", 1, "denied", 50, 0, 50, [["CO-50", 50]], ["N115"], true],
    ]);
    expect(await denialReport(db, { practiceId: fixture.practice.id, by: "carc" })).toMatchObject({
      groups: [{ key: "50", lines: 2, dollars: 160 }],
      deniedLines: 2,
      deniedDollars: 160,
      adjudicatedLines: 2,
      denialRate: 1,
    });
    // The claim-level CAS counts once in the balance: the whole charge stays denied, owed until resolved.
    expect(balanceJson(await claimBalance(db, await getClaim(db, claim.id)))).toMatchObject({ charge: 160, payments: 0, denied: 160, balance: 160 });
    // Each line can be appealed.
    expect(await setAppeal(db, worklist[1]!.linePaymentId, { status: "planned" }, fixture.practice.id)).toMatchObject({ status: "planned" });
  });
});
