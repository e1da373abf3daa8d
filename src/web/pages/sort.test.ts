import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balancesOf } from "../../remit/balances.js";
import { listClaims } from "../../store/claims.js";
import { listPatients } from "../../store/patients.js";
import { openWebFixture, type WebFixture } from "../test-support.js";
import { worklistPage } from "../worklist-data.js";
import { sortOf } from "./sort.js";

/** The claim numbers of a claims page, in the order shown. */
function claimNumbers(body: string): string[] {
  return [...body.matchAll(/<td><a href="\/claims\/\d+">(C-\d+)<\/a>/g)].map((match) => match[1]!);
}

describe("sorting a list over all its pages, on the server", () => {
  let fixture: WebFixture;
  beforeAll(async () => {
    fixture = await openWebFixture(24);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("reads ?sort=&dir= and names an unknown column or direction", () => {
    const columns = ["date", "allowed"] as const;
    expect(sortOf({}, columns, { key: "date", dir: "desc" })).toEqual({ key: "date", dir: "desc" });
    expect(sortOf({ sort: "allowed" }, columns, { key: "date", dir: "desc" })).toEqual({ key: "allowed", dir: "asc" });
    expect(sortOf({ dir: "asc" }, columns, { key: "date", dir: "desc" })).toEqual({ key: "date", dir: "asc" });
    expect(() => sortOf({ sort: "charged" }, columns, { key: "date", dir: "desc" })).toThrow('sort: "charged" is not a column to sort by (date, allowed)');
    expect(() => sortOf({ sort: "date", dir: "up" }, columns, { key: "date", dir: "desc" })).toThrow('dir: "up" is neither asc nor desc');
  });

  it("sorts the claims by allowed amount across pages, unknown amounts last, the pager keeping the sort", async () => {
    const app = await fixture.as("biller");
    const all = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId }, { limit: 500 })).items;
    expect(all.length).toBeGreaterThan(50);
    const expected = [...all]
      .sort((a, b) => (a.allowedCents === null ? 1 : 0) - (b.allowedCents === null ? 1 : 0) || (a.allowedCents ?? 0) - (b.allowedCents ?? 0) || a.id - b.id)
      .map((claim) => claim.claimNumber);
    const first = await app.inject({ method: "GET", url: "/claims?sort=allowed&dir=asc" });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<th class="num" aria-sort="ascending"><a class="sort-link" href="/claims?sort=allowed&amp;dir=desc">Allowed ($)<span class="sort-mark" aria-hidden="true"> ▲</span></a></th>');
    expect(first.body).toContain('<th><a class="sort-link" href="/claims?sort=date&amp;dir=asc">Date</a></th>');
    expect(first.body).toContain('<a href="/claims?sort=allowed&amp;dir=asc&amp;offset=50" rel="next">Next</a>');
    const second = await app.inject({ method: "GET", url: "/claims?sort=allowed&dir=asc&offset=50" });
    expect([...claimNumbers(first.body), ...claimNumbers(second.body)]).toEqual(expected.slice(0, 100));
    const descending = await app.inject({ method: "GET", url: "/claims?sort=allowed&dir=desc" });
    const known = [...all].filter((claim) => claim.allowedCents !== null).sort((a, b) => b.allowedCents! - a.allowedCents! || b.id - a.id);
    expect(claimNumbers(descending.body)).toEqual(known.slice(0, 50).map((claim) => claim.claimNumber));
  });

  it("sorts the claims by charged, paid and owed amounts across pages as balancesOf works them out, not owed last", async () => {
    const app = await fixture.as("biller");
    const all = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId }, { limit: 500 })).items;
    const balances = await balancesOf(fixture.store.db, all);
    const owing = (claim: (typeof all)[number]) => !["draft", "ready", "void", "replaced"].includes(claim.status);
    const amounts: Record<string, (claim: (typeof all)[number]) => number | null> = {
      charged: (claim) => balances.get(claim.id)!.chargeCents,
      paid: (claim) => balances.get(claim.id)!.paymentsCents,
      owed: (claim) => (owing(claim) ? balances.get(claim.id)!.balanceCents : null),
      patientOwed: (claim) => (owing(claim) ? balances.get(claim.id)!.patientBalanceCents : null),
    };
    // The fixture has amounts to tell apart: paid claims, unpaid ones, claims that owe nothing, a patient share.
    expect(all.filter((claim) => amounts.paid!(claim)! > 0).length).toBeGreaterThan(5);
    expect(all.filter((claim) => amounts.paid!(claim) === 0).length).toBeGreaterThan(5);
    expect(all.filter((claim) => amounts.owed!(claim) === null).length).toBeGreaterThan(5);
    expect(all.filter((claim) => amounts.patientOwed!(claim)! > 0).length).toBeGreaterThan(0);
    expect(new Set(all.map((claim) => amounts.charged!(claim))).size).toBeGreaterThan(5);
    for (const [key, amountOf] of Object.entries(amounts)) {
      const order = (dir: 1 | -1) => [...all].sort((a, b) => {
        const x = amountOf(a);
        const y = amountOf(b);
        if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || dir * (a.id - b.id);
        return dir * (x - y) || dir * (a.id - b.id);
      });
      const first = await app.inject({ method: "GET", url: `/claims?sort=${key}&dir=asc` });
      const second = await app.inject({ method: "GET", url: `/claims?sort=${key}&dir=asc&offset=50` });
      expect([...claimNumbers(first.body), ...claimNumbers(second.body)], `${key} ascending`).toEqual(order(1).slice(0, 100).map((claim) => claim.claimNumber));
      const descending = await app.inject({ method: "GET", url: `/claims?sort=${key}&dir=desc` });
      expect(claimNumbers(descending.body), `${key} descending`).toEqual(order(-1).slice(0, 50).map((claim) => claim.claimNumber));
    }
    const page = await app.inject({ method: "GET", url: "/claims?sort=owed&dir=desc" });
    expect(page.body).toContain('<th class="num" aria-sort="descending"><a class="sort-link" href="/claims?sort=owed&amp;dir=asc">Owed by payer ($)<span class="sort-mark" aria-hidden="true"> ▼</span></a></th>');
    expect(page.body).toContain('<th class="num"><a class="sort-link" href="/claims?sort=charged&amp;dir=asc">Charged ($)</a></th>');
    // The first row is the largest amount owed by a payer, in its cell.
    const largest = Math.max(...all.filter(owing).map((claim) => amounts.owed!(claim)!));
    const firstRow = /<tbody><tr>([\s\S]*?)<\/tr>/.exec(page.body)![1]!;
    expect([...firstRow.matchAll(/<td class="num" data-sort="(-?\d*)">/g)].map((match) => match[1])[3]).toBe(String(largest));
  });

  it("sorts the claims by patient name and by status in lifecycle order, keeping a filter", async () => {
    const app = await fixture.as("biller");
    const patients = new Map((await listPatients(fixture.store.db, { practiceId: fixture.demo.practiceId }, { limit: 500 })).items.map((p) => [p.id, `${p.lastName}\u0000${p.firstName}`]));
    const submitted = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId, status: "submitted" }, { limit: 500 })).items;
    const byPatient = [...submitted].sort((a, b) => (patients.get(a.patientId)! < patients.get(b.patientId)! ? -1 : patients.get(a.patientId)! > patients.get(b.patientId)! ? 1 : a.id - b.id));
    const answer = await app.inject({ method: "GET", url: "/claims?status=submitted&sort=patient&dir=asc" });
    expect(claimNumbers(answer.body)).toEqual(byPatient.slice(0, 50).map((claim) => claim.claimNumber));
    expect(answer.body).toContain('<th aria-sort="ascending"><a class="sort-link" href="/claims?status=submitted&amp;sort=patient&amp;dir=desc">Patient');

    const order = ["draft", "ready", "submitted", "paid", "partial", "denied", "appealed", "void", "replaced"];
    const all = (await listClaims(fixture.store.db, { practiceId: fixture.demo.practiceId }, { limit: 500 })).items;
    const byStatus = [...all].sort((a, b) => order.indexOf(b.status) - order.indexOf(a.status) || b.id - a.id);
    const statuses = await app.inject({ method: "GET", url: "/claims?sort=status&dir=desc" });
    expect(claimNumbers(statuses.body)).toEqual(byStatus.slice(0, 50).map((claim) => claim.claimNumber));
    const bad = await app.inject({ method: "GET", url: "/claims?sort=balance" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("sort: &quot;balance&quot; is not a column to sort by (claim, patient, date, payer, status, scrub, allowed, charged, paid, owed, patientOwed)");
  });

  it("sorts the whole worklist before paging it; the default stays worst first", async () => {
    const { store, reference } = fixture;
    const practiceId = fixture.demo.practiceId;
    const everything = await worklistPage(store, reference, practiceId, {}, { offset: 0, limit: 1000 }, { key: "date", dir: "desc" });
    expect(everything.total).toBeGreaterThan(10);
    const dates = everything.items.map((item) => item.dateOfService);
    expect(dates).toEqual([...dates].sort().reverse());
    const pageOne = await worklistPage(store, reference, practiceId, {}, { offset: 0, limit: 5 }, { key: "date", dir: "desc" });
    const pageTwo = await worklistPage(store, reference, practiceId, {}, { offset: 5, limit: 5 }, { key: "date", dir: "desc" });
    expect([...pageOne.items, ...pageTwo.items].map((item) => item.visitId)).toEqual(everything.items.slice(0, 10).map((item) => item.visitId));
    const money = await worklistPage(store, reference, practiceId, {}, { offset: 0, limit: 1000 }, { key: "atStake", dir: "desc" });
    const amounts = money.items.map((item) => item.atStakeCents).filter((cents) => cents !== null);
    expect(amounts).toEqual([...amounts].sort((a, b) => b! - a!));
    expect(money.items.findIndex((item) => item.atStakeCents === null)).toBe(money.items.some((item) => item.atStakeCents === null) ? amounts.length : -1);
    const worst = await worklistPage(store, reference, practiceId);
    expect(worst.items[0]!.status).toBe("reject");

    const app = await fixture.as("biller");
    const page = await app.inject({ method: "GET", url: "/worklist?sort=date&dir=desc&payer=" });
    expect(page.statusCode).toBe(200);
    const shown = [...page.body.matchAll(/<td class="date">(\d{4}-\d{2}-\d{2})<\/td>/g)].map((match) => match[1]!);
    expect(shown).toEqual(dates.slice(0, 50));
    expect(page.body).toContain('<th aria-sort="descending"><a class="sort-link" href="/worklist?sort=date&amp;dir=asc">Date<span class="sort-mark" aria-hidden="true"> ▼</span></a></th>');
    expect(page.body).toContain('Sorted by date of service, descending. <a href="/worklist">Worst first</a>');
    expect(page.body).not.toContain('class="sortable worklist"');
    const bad = await app.inject({ method: "GET", url: "/worklist?sort=findings" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("sort: &quot;findings&quot; is not a column to sort by (status, patient, date, therapist, payer, atStake)");
  });
});
