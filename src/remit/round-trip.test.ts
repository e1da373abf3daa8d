/**
 * The revenue cycle end to end: stored claims exported as an 837P batch, an 835 answering
 * it (written from the 837P's own CLM01, SV1 and REF*6R), posted, and every figure checked:
 * statuses, balances, the denial worklist, underpayments, reports; the same file again
 * changes nothing. Both databases.
 */
import { expect, it } from "vitest";
import { exportClaimBatches } from "../claims/batches.js";
import { buildClaimForVisit } from "../claims/lifecycle.js";
import { seedClaimsFixture, type ClaimsFixture } from "../claims/test-support/stored-claims.js";
import { loadReference } from "../reference/reference.js";
import { cleanClaimRate } from "../reports/clean-claims.js";
import { denialReport } from "../reports/denials.js";
import { getClaim, updateClaim } from "../store/claims.js";
import type { ClaimRecord } from "../store/entities.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { visitInput } from "../store/test-support/fixtures.js";
import type { Db } from "../store/transaction.js";
import { createVisit } from "../store/visits.js";
import { readAllSegments } from "../x12/835/reader.js";
import { validate835 } from "../x12/835/test-support/validate-835.js";
import { write835, type AdjustmentSpec, type ClaimSpec, type LineSpec } from "../x12/835/test-support/write-835.js";
import { balanceJson, claimBalance } from "./balances.js";
import { denialWorklist } from "./denials.js";
import { importRemittance } from "./post.js";
import { underpaidLines } from "./underpayments.js";

const reference = loadReference();
const ACTOR = { actor: "os:round-trip" };

interface SentLine {
  code: string;
  modifiers: string[];
  chargeCents: number;
  units: number;
  lineId: string;
  date: string;
}

/** CLM01 -> the lines as the 837P sent them (SV1, DTP*472, REF*6R). */
function sentClaims(x12: string): Map<string, SentLine[]> {
  const { segments, reader } = readAllSegments(x12);
  const component = reader.delimiters!.component;
  const claims = new Map<string, SentLine[]>();
  let current: SentLine[] = [];
  for (const segment of segments) {
    const [id, ...elements] = segment.elements;
    if (id === "CLM") claims.set(elements[0]!, (current = []));
    else if (id === "SV1") {
      const [, code = "", ...modifiers] = elements[0]!.split(component);
      current.push({ code, modifiers, chargeCents: Math.round(Number(elements[1]) * 100), units: Number(elements[3]), lineId: "", date: "" });
    } else if (id === "DTP" && elements[0] === "472") current.at(-1)!.date = `${elements[2]!.slice(0, 4)}-${elements[2]!.slice(4, 6)}-${elements[2]!.slice(6, 8)}`;
    else if (id === "REF" && elements[0] === "6R") current.at(-1)!.lineId = elements[1]!;
  }
  return claims;
}

async function claimFor(db: Db, fixture: ClaimsFixture, date: string, services?: Parameters<typeof visitInput>[2]): Promise<ClaimRecord> {
  const visit = await createVisit(db, visitInput(fixture, date, services));
  const claim = await buildClaimForVisit(db, reference, visit.id, ACTOR);
  // A claim the scrub sent to review (a warning) is released by a biller, as in practice.
  if (claim.status === "draft") return updateClaim(db, claim.id, { version: claim.version, status: "ready" }, ACTOR);
  return claim;
}

/** The Medicare answer for a paid line: allowed as otbill computed it (less `short`), 20% coinsurance, 2% sequestration. */
function paidLine(sent: SentLine, allowedCents: number, extra: Partial<LineSpec> = {}, deductibleCents = 0): LineSpec {
  const coinsurance = Math.round((allowedCents - deductibleCents) * 0.2);
  const sequestration = Math.round((allowedCents - deductibleCents - coinsurance) * 0.02);
  const adjustments: AdjustmentSpec[] = [{ group: "CO", reason: "45", amountCents: sent.chargeCents - allowedCents }];
  if (deductibleCents > 0) adjustments.push({ group: "PR", reason: "1", amountCents: deductibleCents });
  adjustments.push({ group: "PR", reason: "2", amountCents: coinsurance }, { group: "CO", reason: "253", amountCents: sequestration });
  return { code: sent.code, modifiers: sent.modifiers, units: sent.units, chargeCents: sent.chargeCents, lineId: sent.lineId, serviceDate: sent.date, allowedCents, adjustments, ...extra };
}

function deniedLine(sent: SentLine, group: AdjustmentSpec["group"], reason: string, remarks: string[] = []): LineSpec {
  return { code: sent.code, modifiers: sent.modifiers, units: sent.units, chargeCents: sent.chargeCents, lineId: sent.lineId, serviceDate: sent.date, adjustments: [{ group, reason, amountCents: sent.chargeCents }], remarks };
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

async function tableCounts(db: Db): Promise<number[]> {
  const counts: number[] = [];
  for (const table of ["remittances", "claim_payments", "line_payments", "payment_adjustments", "unmatched_payments", "provider_adjustments", "claim_status_history"] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts.push(Number(row.n));
  }
  return counts;
}

describeEachDatabase("837P out, 835 in: the round trip", (store) => {
  it("posts the payer's answer to the claims sent and shows exact balances, statuses, denials and underpayments", async () => {
    const { db } = store();
    const fixture = await seedClaimsFixture(db, "Round trip clinic");
    const paid = await claimFor(db, fixture, "2026-02-02");
    const partial = await claimFor(db, fixture, "2026-02-03");
    // 97530 with 97140 not documented as distinct: the scrub warns (an NCCI pair), the biller sent it anyway.
    const ncci = await claimFor(db, fixture, "2026-02-04", { services: [{ code: "97530", minutes: 30, diagnosisPointers: [1] }, { code: "97140", minutes: 15, diagnosisPointers: [1] }] });
    const overLimit = await claimFor(db, fixture, "2026-02-05");
    const notCovered = await claimFor(db, fixture, "2026-02-06");
    const reversed = await claimFor(db, fixture, "2026-02-09");
    const [batch] = await exportClaimBatches(db, reference, { format: "837p", practiceId: fixture.practice.id, now: new Date("2026-02-10T15:00:00Z") }, ACTOR);
    const x12 = new TextDecoder().decode(batch!.content);
    const sent = sentClaims(x12);
    expect([...sent.keys()]).toEqual([paid, partial, ncci, overLimit, notCovered, reversed].map((claim) => claim.claimNumber));
    for (const claim of [paid, partial, ncci, overLimit, notCovered, reversed]) expect((await getClaim(db, claim.id)).status).toBe("submitted");
    const lines = (claim: ClaimRecord) => sent.get(claim.claimNumber)!;
    const expected = async (claim: ClaimRecord) => (await getClaim(db, claim.id)).lines.map((line) => line.allowedCents!);

    // First the payer paid the last claim ...
    const [reversedAllowed1, reversedAllowed2] = await expected(reversed);
    const firstAnswer = write835({ controlNumber: 40, transactions: [{ traceNumber: "EFT-0001", paymentDate: "2026-03-02", claims: [{ claimId: reversed.claimNumber, payerClaimControlNumber: "ICN-R1", lines: [paidLine(lines(reversed)[0]!, reversedAllowed1!), paidLine(lines(reversed)[1]!, reversedAllowed2!)] }] }] });
    expect(validate835(firstAnswer).ok).toBe(true);
    await importRemittance(db, firstAnswer, { ...ACTOR, fileName: "first.835" });
    expect((await getClaim(db, reversed.id)).status).toBe("paid");

    // ... then answered the batch: paid, partial (deductible, coinsurance, CO-97), CO-236, CO-119, PR-204, the reversal, interest, and a claim never sent.
    const [paidAllowed1, paidAllowed2] = await expected(paid);
    const [partialAllowed1] = await expected(partial);
    const claims: ClaimSpec[] = [
      // the second line one cent short: rounding, not an underpayment
      { claimId: paid.claimNumber, lines: [paidLine(lines(paid)[0]!, paidAllowed1!), paidLine(lines(paid)[1]!, paidAllowed2! - 1)] },
      {
        claimId: partial.claimNumber,
        // 2.50 short of what otbill computes, with 40.00 of deductible
        lines: [paidLine(lines(partial)[0]!, partialAllowed1! - 250, {}, 4000), deniedLine(lines(partial)[1]!, "CO", "97", ["M15"])],
      },
      { claimId: ncci.claimNumber, lines: [paidLine(lines(ncci)[0]!, (await expected(ncci))[0]!), deniedLine(lines(ncci)[1]!, "CO", "236", ["N20"])] },
      // payers drop what they do not need: no REF*6R, no modifiers
      { claimId: overLimit.claimNumber, statusCode: "4", lines: lines(overLimit).map((line) => ({ ...deniedLine(line, "CO", "119", ["N640"]), lineId: undefined, modifiers: [] })) },
      { claimId: notCovered.claimNumber, statusCode: "4", lines: lines(notCovered).map((line) => deniedLine(line, "PR", "204", ["N130"])) },
      {
        claimId: reversed.claimNumber,
        statusCode: "22",
        payerClaimControlNumber: "ICN-R1",
        lines: [paidLine(lines(reversed)[0]!, reversedAllowed1!), paidLine(lines(reversed)[1]!, reversedAllowed2!)].map((line) => ({
          ...line,
          chargeCents: -line.chargeCents,
          adjustments: line.adjustments!.map((adjustment) => ({ ...adjustment, amountCents: -adjustment.amountCents })),
          allowedCents: -line.allowedCents!,
        })),
      },
      { claimId: "C-999999", lines: [{ code: "97530", units: 2, chargeCents: 11000, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "45", amountCents: 4988 }] }] },
    ];
    const answer = write835({ controlNumber: 41, transactions: [{ traceNumber: "EFT-0002", paymentDate: "2026-03-09", claims, providerAdjustments: [{ reason: "L6", reference: "INTEREST", amountCents: -137 }] }] });
    expect(validate835(answer).output).toContain(": OK");
    const summary = await importRemittance(db, answer, { ...ACTOR, fileName: "answer.835" });
    expect(summary).toMatchObject({ claimsPosted: 6, linesPosted: 12, unmatched: ["C-999999"], alreadyPosted: false, balanced: true });

    const statuses = async (claim: ClaimRecord) => {
      const stored = await getClaim(db, claim.id);
      return [stored.status, ...stored.lines.map((line) => line.status)];
    };
    expect(await statuses(paid)).toEqual(["paid", "paid", "paid"]);
    expect(await statuses(partial)).toEqual(["partial", "paid", "denied"]);
    expect(await statuses(ncci)).toEqual(["partial", "paid", "denied"]);
    expect(await statuses(overLimit)).toEqual(["denied", "denied", "denied"]);
    expect(await statuses(notCovered)).toEqual(["denied", "denied", "denied"]);
    expect(await statuses(reversed)).toEqual(["submitted", "submitted", "submitted"]);

    // Balances, from the amounts written above.
    const charge = (claim: ClaimRecord) => sum(lines(claim).map((line) => line.chargeCents));
    const paidSpec = claims[0]!.lines;
    const adjusted = (specs: LineSpec[], test: (adjustment: AdjustmentSpec) => boolean) => sum(specs.flatMap((line) => line.adjustments ?? []).filter(test).map((adjustment) => adjustment.amountCents));
    const paidCents = sum(paidSpec.map((line) => line.chargeCents - adjusted([line], () => true)));
    expect(await claimBalance(db, await getClaim(db, paid.id))).toEqual({
      chargeCents: charge(paid),
      paymentsCents: paidCents,
      adjustmentsCents: adjusted(paidSpec, (adjustment) => adjustment.group === "CO"),
      patientResponsibilityCents: adjusted(paidSpec, (adjustment) => adjustment.group === "PR"),
      deniedCents: 0,
      deductibleCents: 0,
      coinsuranceCents: adjusted(paidSpec, (adjustment) => adjustment.reason === "2"),
      copayCents: 0,
      balanceCents: 0,
      patientBalanceCents: adjusted(paidSpec, (adjustment) => adjustment.group === "PR"),
    });
    const partialBalance = balanceJson(await claimBalance(db, await getClaim(db, partial.id)));
    expect(partialBalance.deductible).toBe(40);
    expect(partialBalance.denied).toBe(lines(partial)[1]!.chargeCents / 100);
    // The CO-97 denial is not written off: it is the whole open balance.
    expect(partialBalance.balance).toBe(lines(partial)[1]!.chargeCents / 100);
    expect(balanceJson(await claimBalance(db, await getClaim(db, notCovered.id)))).toMatchObject({ payments: 0, adjustments: 0, denied: 0, patientResponsibility: charge(notCovered) / 100, balance: 0, patientBalance: charge(notCovered) / 100 });
    expect(balanceJson(await claimBalance(db, await getClaim(db, overLimit.id)))).toMatchObject({ payments: 0, denied: charge(overLimit) / 100, balance: charge(overLimit) / 100, patientBalance: 0 });
    // Reversed: nothing stands; the payer owes the whole charge again.
    expect(balanceJson(await claimBalance(db, await getClaim(db, reversed.id)))).toMatchObject({ payments: 0, adjustments: 0, patientResponsibility: 0, balance: charge(reversed) / 100 });

    // The worklist: each denied line, its reasons in words, and whether otbill's scrub would have caught it.
    const worklist = await denialWorklist(db, reference, { practiceId: fixture.practice.id });
    expect(worklist.map((entry) => [entry.claimNumber, entry.code, entry.carc.map((carc) => `${carc.group}-${carc.reason}`).join(","), entry.rarc.map((rarc) => rarc.code).join(","), entry.scrub.caught])).toEqual([
      [partial.claimNumber, "97535", "CO-97", "M15", false],
      [ncci.claimNumber, "97140", "CO-236", "N20", true],
      [overLimit.claimNumber, "97530", "CO-119", "N640", false],
      [overLimit.claimNumber, "97535", "CO-119", "N640", false],
      [notCovered.claimNumber, "97530", "PR-204", "N130", false],
      [notCovered.claimNumber, "97535", "PR-204", "N130", false],
    ]);
    expect(worklist[1]!.scrub.rules).toEqual(expect.arrayContaining(["modifier.distinct"]));
    expect(worklist.every((entry) => entry.whatToDo !== null && entry.carc[0]!.description !== null)).toBe(true);

    // Underpayments: 2.50 short is listed, 0.01 short is not.
    expect((await underpaidLines(db, { practiceId: fixture.practice.id })).map((line) => [line.claimNumber, line.code, line.shortBy])).toEqual([[partial.claimNumber, "97530", 2.5]]);

    const report = await denialReport(db, { practiceId: fixture.practice.id, by: "carc" });
    expect(report.groups.map((group) => [group.key, group.lines, group.dollars])).toEqual([
      ["119", 2, charge(overLimit) / 100],
      ["204", 2, charge(notCovered) / 100],
      ["97", 1, lines(partial)[1]!.chargeCents / 100],
      ["236", 1, lines(ncci)[1]!.chargeCents / 100],
    ]);
    expect(report).toMatchObject({ deniedLines: 6, adjudicatedLines: 10, denialRate: 0.6 });
    expect(await cleanClaimRate(db, { practiceId: fixture.practice.id })).toEqual({ adjudicatedClaims: 6, cleanClaims: 2, rate: 0.3333 });

    const remittance = await db.selectFrom("remittances").selectAll().where("id", "=", summary.remittanceId!).executeTakeFirstOrThrow();
    expect([remittance.payer_id, remittance.practice_id, remittance.provider_adjustment_cents, remittance.balanced]).toEqual([fixture.medicare.id, fixture.practice.id, -137, 1]);
    expect(remittance.raw.startsWith("ST*835*0001")).toBe(true);

    // The same file again changes nothing.
    const before = await tableCounts(db);
    const again = await importRemittance(db, answer, { ...ACTOR, fileName: "answer.835" });
    expect(again).toMatchObject({ alreadyPosted: true, claimsPosted: 0, remittanceId: summary.remittanceId });
    expect(await tableCounts(db)).toEqual(before);
    expect(await statuses(partial)).toEqual(["partial", "paid", "denied"]);
  });
});
