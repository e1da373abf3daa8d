import { expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { importRemittance } from "../remit/post.js";
import { submittedClaim } from "../remit/test-support/submitted-claims.js";
import { createCharge } from "../store/charge-master.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { seedPracticeFixture } from "../store/test-support/fixtures.js";
import { serviceLine as line, write835 } from "../x12/835/test-support/write-835.js";
import { DASHBOARD_GROUPINGS, denialDashboard, denialReport, denialReports } from "./denials.js";

const reference = loadReference();

describeEachDatabase("the Denials page's figures", (store) => {
  it("are the four denial reports and each month's own denial rate, line-level, claim-level, patient-side and reversed denials included", async () => {
    const { db } = store();
    const fixture = await seedPracticeFixture(db, "Dashboard clinic");
    for (const [code, cents] of [["97530", 5500], ["97535", 5000]] as const) await createCharge(db, { practiceId: fixture.practice.id, code, chargeCents: cents, effectiveFrom: "2026-01-01" });
    const bundled = await submittedClaim(db, reference, fixture, "2026-01-20");
    const clean = await submittedClaim(db, reference, fixture, "2026-01-28", { payerId: fixture.commercial.id });
    const patientSide = await submittedClaim(db, reference, fixture, "2026-02-03");
    const claimLevel = await submittedClaim(db, reference, fixture, "2026-02-10", { payerId: fixture.commercial.id });
    const reversed = await submittedClaim(db, reference, fixture, "2026-02-20", { payerId: fixture.commercial.id });
    const reversedLines = (sign: number) => [line("97530", 2, sign * 11000, "2026-02-20", [{ group: "CO", reason: "236", amountCents: sign * 11000 }]), line("97535", 1, sign * 5000, "2026-02-20", [{ group: "CO", reason: "236", amountCents: sign * 5000 }])];
    await importRemittance(
      db,
      write835({
        transactions: [
          {
            traceNumber: "DASH1",
            paymentDate: "2026-03-02",
            claims: [
              { claimId: bundled.claimNumber, lines: [line("97530", 2, 11000, "2026-01-20", [{ group: "CO", reason: "45", amountCents: 4988 }]), line("97535", 1, 5000, "2026-01-20", [{ group: "CO", reason: "97", amountCents: 5000 }])] },
              {
                claimId: patientSide.claimNumber,
                lines: [
                  line("97530", 2, 11000, "2026-02-03", [
                    { group: "PR", reason: "204", amountCents: 3000 },
                    { group: "PR", reason: "2", amountCents: 1000 },
                  ]),
                  line("97535", 1, 5000, "2026-02-03", [
                    { group: "CO", reason: "50", amountCents: 2000 },
                    { group: "CO", reason: "50", amountCents: 1000 },
                    { group: "CO", reason: "45", amountCents: 2000 },
                  ]),
                ],
              },
            ],
          },
          {
            traceNumber: "DASH2",
            paymentDate: "2026-03-05",
            payer: { name: "ACME HEALTH", id: "60054" },
            claims: [
              { claimId: clean.claimNumber, lines: [line("97530", 2, 11000, "2026-01-28", [{ group: "CO", reason: "45", amountCents: 3000 }]), line("97535", 1, 5000, "2026-01-28", [{ group: "CO", reason: "45", amountCents: 1000 }])] },
              { claimId: claimLevel.claimNumber, statusCode: "4", chargeCents: 16000, paidCents: 0, adjustments: [{ group: "CO", reason: "50", amountCents: 16000 }], lines: [] },
              { claimId: reversed.claimNumber, statusCode: "4", payerClaimControlNumber: "ICN-R", lines: reversedLines(1) },
            ],
          },
        ],
      }),
      { actor: "os:test" },
    );
    await importRemittance(
      db,
      write835({ transactions: [{ traceNumber: "DASH3", paymentDate: "2026-03-09", payer: { name: "ACME HEALTH", id: "60054" }, claims: [{ claimId: reversed.claimNumber, statusCode: "22", payerClaimControlNumber: "ICN-R", lines: reversedLines(-1) }] }] }),
      { actor: "os:test" },
    );
    const scope = { practiceId: fixture.practice.id };

    const all = await denialDashboard(db, scope);
    // CO-97 50.00; PR-204 30.00 (not the PR-2 coinsurance); CO-50 twice on one line, 30.00; the claim-level CO-50 160.00 on two lines; the reversed CO-236 not at all.
    expect(all.reports.carc.groups.map((group) => [group.key, group.lines, group.dollars])).toEqual([
      ["50", 3, 190],
      ["97", 1, 50],
      ["204", 1, 30],
    ]);
    expect(all.reports.payer.groups.map((group) => [group.key, group.lines, group.dollars])).toEqual([
      ["Acme Health", 2, 160],
      ["Medicare Part B", 3, 110],
    ]);
    expect(all.reports.code.groups.map((group) => [group.key, group.lines, group.dollars])).toEqual([
      // The claim-level 160.00 is shared by charge: 110.00 on 97530, 50.00 on 97535.
      ["97530", 2, 140],
      ["97535", 3, 130],
    ]);
    expect(all.reports.month.groups.map((group) => [group.key, group.lines, group.dollars])).toEqual([
      ["2026-01", 1, 50],
      ["2026-02", 4, 220],
    ]);
    expect(all.reports.carc).toMatchObject({ deniedLines: 5, deniedDollars: 270, adjudicatedLines: 8, denialRate: 0.625 });
    expect(all.monthlyRates).toEqual([
      { month: "2026-01", denialRate: 0.25 },
      { month: "2026-02", denialRate: 1 },
    ]);

    for (const filter of [{}, { from: "2026-01-25" }, { to: "2026-02-05" }, { from: "2026-01-25", to: "2026-02-05" }, { from: "2026-02-04", to: "2026-02-28" }, { from: "2026-04-01" }, { to: "2026-01-25" }]) {
      const dashboard = await denialDashboard(db, { ...scope, ...filter });
      expect(dashboard.reports, JSON.stringify(filter)).toEqual(await denialReports(db, { ...scope, ...filter }, DASHBOARD_GROUPINGS));
      const rates = [];
      for (const group of dashboard.reports.month.groups) rates.push({ month: group.key, denialRate: (await denialReport(db, { ...scope, by: "month", from: `${group.key}-01`, to: `${group.key}-31` })).denialRate });
      expect(dashboard.monthlyRates, JSON.stringify(filter)).toEqual(rates);
    }
    // A filter that ends inside a month: the headline rate is the filter's, the month's rate the whole month's.
    const early = await denialDashboard(db, { ...scope, to: "2026-01-25" });
    expect(early.reports.month.groups).toEqual([{ key: "2026-01", label: "2026-01", lines: 1, dollars: 50 }]);
    expect(early.reports.carc).toMatchObject({ deniedLines: 1, deniedDollars: 50, adjudicatedLines: 2, denialRate: 0.5 });
    expect(early.monthlyRates).toEqual([{ month: "2026-01", denialRate: 0.25 }]);
  });
});
