/**
 * Contract Part 2, stored claims out and remittances in: `otbill claims export`, `otbill remit parse` (the NDJSON field names and values of
 * the contract's own example), `otbill remit import --json` against claims exported from the
 * demo practice, the stored claim's money fields, and `otbill report denials|ar --json`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/test-support/run-cli.js";
import { loadReference } from "../../src/reference/reference.js";
import { buildServer } from "../../src/server/app.js";
import { bearerFor } from "../../src/server/test-support/auth.js";
import { openStore } from "../../src/store/database.js";
import { cents, claimLoops, copyDatabase, find, segmentsOf, tempDir, validate, write835, type RemitClaim } from "./support.js";

/** The contract's claim payment, as the payer's 835 would carry it (a second line makes the $155 charge). */
const CONTRACT_835 = `ISA*00*          *00*          *ZZ*04112          *ZZ*SUB123         *261120*1200*^*00501*000000101*0*P*:~
GS*HP*04112*SUB123*20261120*1200*101*X*005010X221A1~
ST*835*0001~
BPR*I*65.8*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*888888888*DA*654321*20261120~
TRN*1*EFT88812*1512345678~
DTM*405*20261120~
N1*PR*MEDICARE JL~
N3*PO BOX 1~
N4*DENVER*CO*80202~
REF*2U*04112~
PER*BL*EDI*TE*8005551212~
N1*PE*Sunrise Occupational Therapy*XX*1234567893~
LX*1~
CLP*C-1001*1*155*64.55*16.46*MB*22026334112300*11*1~
NM1*QC*1*DOE*JANE****MI*1EG4TE5MK72~
SVC*HC:97530:GO*110*47.14**2~
DTM*472*20260310~
CAS*CO*45*49.88~
CAS*PR*2*12.02~
CAS*CO*253*0.96~
REF*6R*C-1001-1~
AMT*B6*60.12~
SVC*HC:97110:GO*45*17.41**1~
DTM*472*20260310~
CAS*CO*45*22.8~
CAS*PR*2*4.44~
CAS*CO*253*0.35~
REF*6R*C-1001-2~
AMT*B6*22.2~
PLB*1234567893*20261231*L6:C-1001*-1.25~
SE*29*0001~
GE*1*101~
IEA*1*000000101~
`;

const STATUSES: [string, string][] = [
  ["1", "processed-primary"],
  ["2", "processed-secondary"],
  ["3", "processed-tertiary"],
  ["4", "denied"],
  ["19", "forwarded"],
  ["20", "forwarded"],
  ["21", "forwarded"],
  ["22", "reversal"],
  ["23", "not-our-claim"],
];

const reference = loadReference();

/** The demo practice seeded once for this file; each test works on a copy. */
let seeding: Promise<string> | undefined;
function demoTemplate(): Promise<string> {
  seeding ??= (async () => {
    const file = join(tempDir(), "demo-template.sqlite");
    const seeded = await run(["demo", "--db", file]);
    expect(seeded.code, seeded.stderr).toBe(0);
    return file;
  })();
  return seeding;
}

const ndjson = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);

describe("otbill remit parse", () => {
  const dir = tempDir();
  it("prints the contract's claim payment with its exact names and values, then the PLB", async () => {
    const checked = validate(CONTRACT_835, "contract.835");
    expect(checked.ok, checked.report).toBe(true);
    writeFileSync(join(dir, "a.835"), CONTRACT_835);
    const out = await run(["remit", "parse", join(dir, "a.835")]);
    expect(out.code, out.stderr).toBe(0);
    const [claim, plb, ...rest] = ndjson(out.stdout);
    expect(rest).toEqual([]);
    expect(claim).toMatchObject({
      type: "claim",
      claimId: "C-1001",
      payerClaimControlNumber: "22026334112300",
      status: "processed-primary",
      statusCode: "1",
      charge: 155,
      paid: 64.55,
      patientResponsibility: 16.46,
      paymentDate: "2026-11-20",
      checkNumber: "EFT88812",
      payer: { name: "MEDICARE JL", id: "04112" },
      adjustments: [],
      balanced: true,
    });
    const lines = claim!.lines as Record<string, unknown>[];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      lineId: "C-1001-1",
      code: "97530",
      modifiers: ["GO"],
      units: 2,
      charge: 110,
      allowed: 60.12,
      paid: 47.14,
      adjustments: [
        { group: "CO", reason: "45", amount: 49.88 },
        { group: "PR", reason: "2", amount: 12.02 },
        { group: "CO", reason: "253", amount: 0.96 },
      ],
      remarks: [],
    });
    expect(lines[1]).toMatchObject({ lineId: "C-1001-2", code: "97110", units: 1, charge: 45, allowed: 22.2, paid: 17.41 });
    expect(plb!.type).not.toBe("claim");
    expect(JSON.stringify(plb)).toContain("-1.25");
    expect(JSON.stringify(plb)).toContain("L6");
  });

  it("status from CLP02 for every code the contract names", async () => {
    const claims = STATUSES.map(([code], n): RemitClaim => ({
      claimId: `C-9${n}`,
      status: code,
      chargeCents: 5000,
      filing: "MB",
      pcn: `PCN${n}`,
      lines: [{ code: "97530", modifiers: ["GO"], units: 1, chargeCents: 5000, paidCents: code === "4" ? 0 : 3000, lineId: `C-9${n}-1`, serviceDate: "2026-03-10", adjustments: [{ group: "CO", reason: code === "4" ? "50" : "45", amountCents: code === "4" ? 5000 : 2000 }] }],
    }));
    const text = write835({ trace: "EFT-ST", paymentDate: "2026-11-20", payer: { name: "MEDICARE JL", id: "04112" }, payee: { name: "Sunrise", npi: "1234567893" }, claims });
    writeFileSync(join(dir, "statuses.835"), text);
    const out = await run(["remit", "parse", join(dir, "statuses.835")]);
    expect(out.code, out.stderr).toBe(0);
    expect(ndjson(out.stdout).map((p) => [p.statusCode, p.status])).toEqual(STATUSES);
  });

  it("an unbalanced payment still parses, with balanced false and the difference in imbalance", async () => {
    writeFileSync(join(dir, "off.835"), CONTRACT_835.replace("SVC*HC:97530:GO*110*47.14**2", "SVC*HC:97530:GO*110*47.04**2"));
    const out = await run(["remit", "parse", join(dir, "off.835")]);
    expect(out.code, out.stderr).toBe(0);
    const [claim] = ndjson(out.stdout);
    expect(claim!.balanced).toBe(false);
    // the line is off by $0.10 (the claim's own totals still agree)
    expect((claim!.lines as Record<string, unknown>[])[0]!.imbalance).toBe(0.1);
    writeFileSync(join(dir, "off-claim.835"), CONTRACT_835.replace("CLP*C-1001*1*155*64.55", "CLP*C-1001*1*155*64.45"));
    const claimOff = ndjson((await run(["remit", "parse", join(dir, "off-claim.835")])).stdout)[0]!;
    expect(claimOff.balanced).toBe(false);
    expect(claimOff.imbalance).toBe(0.1);
  });

  it("exit 2 on a file that is not an 835, naming it", async () => {
    writeFileSync(join(dir, "junk.835"), "hello");
    const out = await run(["remit", "parse", join(dir, "junk.835")]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("junk.835");
  });
});

describe("otbill remit import and the reports (demo practice)", () => {
  const dir = tempDir();
  const db = join(dir, "demo.sqlite");
  let exported: ReturnType<typeof claimLoops> = [];
  let remit = "";
  const denialsJson = async (extra: string[] = []) => {
    const out = await run(["report", "denials", "--json", "--db", db, ...extra]);
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as { by: string; groups: { key: string; lines: number; dollars: number }[]; deniedLines: number; deniedDollars: number; adjudicatedLines: number; denialRate: number };
  };

  beforeAll(async () => {
    copyDatabase(await demoTemplate(), db);
    const out = await run(["claims", "export", "--format", "837p", "--db", db]);
    expect(out.code, out.stderr).toBe(0);
    exported = claimLoops(segmentsOf(out.stdout)).filter((claim) => claim.lines.length >= 2);
    expect(exported.length).toBeGreaterThanOrEqual(2);
    const [paid, partial] = exported;
    const date = (line: string[][]) => find(line, "DTP", "472")![3]!.replace(/(\d{4})(\d\d)(\d\d)/, "$1-$2-$3");
    const linesOf = (claim: (typeof exported)[number], answer: (n: number, charge: number) => { paidCents: number; adjustments: { group: string; reason: string; amountCents: number }[] }) =>
      claim.lines.map((line, n) => {
        const sv1 = find(line, "SV1")!;
        const [, code, ...modifiers] = sv1[1]!.split(":");
        const charge = cents(sv1[2]!);
        return { code: code!, modifiers, units: Number(sv1[4]), chargeCents: charge, lineId: find(line, "REF", "6R")![2]!, serviceDate: date(line), ...answer(n, charge) };
      });
    const toClaim = (claim: (typeof exported)[number], lines: RemitClaim["lines"]): RemitClaim => ({ claimId: claim.clm[1]!, status: "1", chargeCents: cents(claim.clm[2]!), filing: claim.sbr![9] === "CI" ? "12" : claim.sbr![9]! /* 835 CLP06 has no CI */, pcn: `PCN-${claim.clm[1]}`, lines });
    remit = write835({
      trace: "EFT-CONTRACT-1",
      paymentDate: "2026-03-20",
      payer: { name: paid!.payer![3]!, id: paid!.payer![9]! },
      payee: { name: "Lakeside Occupational Therapy", npi: "1589302110" },
      claims: [
        toClaim(paid!, linesOf(paid!, (_n, charge) => ({ paidCents: charge - 1000, adjustments: [{ group: "CO", reason: "45", amountCents: 1000 }] }))),
        // without REF*6R: posting matches this claim's lines by code, modifiers and date
        toClaim(partial!, linesOf(partial!, (n, charge) => (n === 0 ? { paidCents: charge - 1500, adjustments: [{ group: "PR", reason: "1", amountCents: 1500 }] } : { paidCents: 0, adjustments: [{ group: "CO", reason: "50", amountCents: charge }] })).map((line) => ({ ...line, lineId: "" }))),
        { claimId: "C-NOT-OURS", status: "1", chargeCents: 5000, filing: "12", pcn: "PCN-X", lines: [{ code: "97530", modifiers: ["GO"], units: 1, chargeCents: 5000, paidCents: 5000, lineId: "C-NOT-OURS-1", serviceDate: "2026-02-20", adjustments: [] }] },
      ],
    });
    writeFileSync(join(dir, "pay.835"), remit);
  }, 60_000);

  it("--json prints { remittanceId, claimsPosted, linesPosted, unmatched, alreadyPosted }; the same 835 again changes nothing", async () => {
    const checked = validate(remit, "pay.835");
    expect(checked.ok, checked.report).toBe(true);
    const before = await denialsJson();
    const arTotal = async () => {
      // a month after today: the claims exported today are open then
      const asOf = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const ar = await run(["report", "ar", "--json", "--as-of", asOf, "--db", db]);
      expect(ar.code, ar.stderr).toBe(0);
      return (JSON.parse(ar.stdout) as { payers: { total: number }[] }).payers.reduce((sum, payer) => sum + cents(payer.total), 0);
    };
    const arBefore = await arTotal();
    const out = await run(["remit", "import", join(dir, "pay.835"), "--json", "--db", db]);
    expect(out.code, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout);
    const lines = exported[0]!.lines.length + exported[1]!.lines.length;
    expect(summary).toMatchObject({ claimsPosted: 2, linesPosted: lines, unmatched: ["C-NOT-OURS"], alreadyPosted: false });
    expect(summary.remittanceId).toBeDefined();

    const store = await openStore({ dialect: "sqlite", file: db });
    const app = buildServer({ store, reference });
    try {
      const practice = (await store.db.selectFrom("practices").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
      const biller = await bearerFor(store, { role: "biller", practiceId: practice });
      const claimOf = async (id: string) => (await app.inject({ method: "GET", url: `/api/claims/${id.slice(2)}`, headers: biller })).json();
      const paid = await claimOf(exported[0]!.clm[1]!);
      const charge = cents(exported[0]!.clm[2]!);
      expect(paid.status).toBe("paid");
      expect(cents(paid.payments)).toBe(charge - 1000 * exported[0]!.lines.length);
      expect(cents(paid.adjustments)).toBe(1000 * exported[0]!.lines.length);
      expect(paid.patientResponsibility).toBe(0);
      expect(paid.balance).toBe(0);
      expect(paid.patientBalance).toBe(0);

      const partial = await claimOf(exported[1]!.clm[1]!);
      expect(partial.status).toBe("partial");
      expect(partial.patientResponsibility).toBe(15);
      expect(partial.patientBalance).toBe(15);
      expect(cents(partial.payments)).toBe(cents(find(exported[1]!.lines[0]!, "SV1")![2]!) - 1500);
      // balance: charge less payments and adjustments, less what the patient owes
      expect(cents(partial.balance)).toBe(cents(exported[1]!.clm[2]!) - cents(partial.payments) - cents(partial.adjustments) - cents(partial.patientResponsibility));
      // A/R: the paid claim leaves it; the partial one stays with its open balance
      expect(arBefore - (await arTotal())).toBe(charge + cents(exported[1]!.clm[2]!) - cents(partial.balance));
      const lineStatuses = (partial.lines as { status: string }[]).map((line) => line.status);
      expect(lineStatuses.slice(1).every((status) => status === "denied")).toBe(true);

      const again = await run(["remit", "import", join(dir, "pay.835"), "--json", "--db", db]);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ alreadyPosted: true, remittanceId: summary.remittanceId });
      expect((await claimOf(exported[0]!.clm[1]!)).payments).toBe(paid.payments);

      // An 835 that cannot be read posts nothing.
      writeFileSync(join(dir, "cut.835"), remit.replace("EFT-CONTRACT-1", "EFT-CONTRACT-2").split("SVC*").slice(0, 2).join("SVC*"));
      const cut = await run(["remit", "import", join(dir, "cut.835"), "--json", "--db", db]);
      expect(cut.code).toBe(2);
      expect((await claimOf(exported[0]!.clm[1]!)).payments).toBe(paid.payments);

      // A reversal (CLP02 22) undoes the earlier posting; the corrected payment in the same 835 stands alone.
      const first = exported[0]!;
      const reversalLines = (sign: number, adjustmentCents: number) =>
        first.lines.map((line) => {
          const sv1 = find(line, "SV1")!;
          const [, code, ...modifiers] = sv1[1]!.split(":");
          const charge = cents(sv1[2]!);
          return { code: code!, modifiers, units: Number(sv1[4]), chargeCents: sign * charge, paidCents: sign * (charge - adjustmentCents), lineId: find(line, "REF", "6R")![2]!, serviceDate: find(line, "DTP", "472")![3]!.replace(/(\d{4})(\d\d)(\d\d)/, "$1-$2-$3"), adjustments: [{ group: "CO", reason: "45", amountCents: sign * adjustmentCents }] };
        });
      const filing = first.sbr![9] === "CI" ? "12" : first.sbr![9]!;
      const reversal = write835({
        trace: "EFT-CONTRACT-REV",
        paymentDate: "2026-03-27",
        payer: { name: first.payer![3]!, id: first.payer![9]! },
        payee: { name: "Lakeside Occupational Therapy", npi: "1589302110" },
        claims: [
          { claimId: first.clm[1]!, status: "22", chargeCents: -cents(first.clm[2]!), filing, pcn: `PCN-${first.clm[1]}`, lines: reversalLines(-1, 1000) },
          { claimId: first.clm[1]!, status: "1", chargeCents: cents(first.clm[2]!), filing, pcn: `PCN-${first.clm[1]}-B`, lines: reversalLines(1, 500) },
        ],
      });
      writeFileSync(join(dir, "reversal.835"), reversal);
      const reversed = await run(["remit", "import", join(dir, "reversal.835"), "--json", "--db", db]);
      expect(reversed.code, reversed.stderr).toBe(0);
      const corrected = await claimOf(first.clm[1]!);
      expect(cents(corrected.payments)).toBe(charge - 500 * first.lines.length);
      expect(cents(corrected.adjustments)).toBe(500 * first.lines.length);
      expect(corrected.balance).toBe(0);
    } finally {
      await app.close();
      await store.close();
    }

    const after = await denialsJson();
    expect(after.deniedLines - before.deniedLines).toBe(exported[1]!.lines.length - 1);
    expect(after.adjudicatedLines - before.adjudicatedLines).toBe(lines);
  });

  it("report denials --json: { by, groups[{key, lines, dollars}], deniedLines, deniedDollars, adjudicatedLines, denialRate } for every --by", async () => {
    for (const by of ["carc", "payer", "code", "provider", "month"]) {
      const report = await denialsJson(["--by", by, "--from", "2025-01-01", "--to", "2026-12-31"]);
      expect(Object.keys(report)).toEqual(expect.arrayContaining(["by", "groups", "deniedLines", "deniedDollars", "adjudicatedLines", "denialRate"]));
      expect(report.by).toBe(by);
      expect(report.groups.length).toBeGreaterThan(0);
      for (const group of report.groups) {
        expect(typeof group.key).toBe("string");
        expect(Number.isInteger(group.lines)).toBe(true);
        expect(typeof group.dollars).toBe("number");
      }
      if (by !== "carc") {
        expect(report.groups.reduce((sum, group) => sum + group.lines, 0)).toBe(report.deniedLines);
        expect(report.groups.reduce((sum, group) => sum + cents(group.dollars), 0)).toBe(cents(report.deniedDollars));
      }
      expect(report.denialRate).toBeCloseTo(report.deniedLines / report.adjudicatedLines, 3);
    }
    // dates are dates of service: a range after every visit holds nothing
    expect(await denialsJson(["--from", "2030-01-01"])).toMatchObject({ groups: [], deniedLines: 0, deniedDollars: 0, adjudicatedLines: 0 });
    const carc = await denialsJson(["--by", "carc"]);
    expect(carc.groups.map((group) => group.key)).toContain("50");
    const bad = await run(["report", "denials", "--json", "--by", "weekday", "--db", db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("weekday");
  });

  it("report ar --json: { asOf, payers[{payer, buckets{0-30, 31-60, 61-90, 91-120, over-120}, total}] }", async () => {
    const out = await run(["report", "ar", "--json", "--as-of", "2026-05-15", "--db", db]);
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout) as { asOf: string; payers: { payer: string; buckets: Record<string, number>; total: number }[] };
    expect(report.asOf).toBe("2026-05-15");
    expect(report.payers.length).toBeGreaterThan(0);
    for (const payer of report.payers) {
      expect(typeof payer.payer).toBe("string");
      expect(Object.keys(payer.buckets).sort()).toEqual(["0-30", "31-60", "61-90", "91-120", "over-120"].sort());
      expect(cents(payer.total)).toBe(Object.values(payer.buckets).reduce((sum, amount) => sum + cents(amount), 0));
    }
    const later = JSON.parse((await run(["report", "ar", "--json", "--as-of", new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10), "--db", db])).stdout) as typeof report;
    // more than 120 days after every claim was sent (the demo's, and today's export): everything open is over 120
    for (const payer of later.payers) expect(payer.buckets["over-120"]).toBe(payer.total);
  });
});

describe("otbill claims export (stored claims)", () => {
  const dir = tempDir();
  let template = "";
  beforeAll(async () => {
    template = await demoTemplate();
  }, 60_000);

  it("--format 837p: a valid batch of the ready claims; they become submitted and the batch is recorded with its control number", async () => {
    const db = copyDatabase(template, join(dir, "a.sqlite"));
    const out = await run(["claims", "export", "--format", "837p", "--db", db, "--out", join(dir, "a.837")]);
    expect(out.code, out.stderr).toBe(0);
    const text = readFileSync(join(dir, "a.837"), "utf8");
    const checked = validate(text, "export.837");
    expect(checked.ok, checked.report).toBe(true);
    const segments = segmentsOf(text);
    const claims = claimLoops(segments);
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) {
      expect(claim.clm[1]).toMatch(/^C-\d+$/);
      claim.lines.forEach((line, n) => expect(find(line, "REF", "6R")?.[2]).toBe(`${claim.clm[1]}-${n + 1}`));
      expect(cents(claim.clm[2]!)).toBe(claim.lines.reduce((sum, line) => sum + cents(find(line, "SV1")![2]!), 0));
    }
    const store = await openStore({ dialect: "sqlite", file: db });
    const app = buildServer({ store, reference });
    try {
      const practice = (await store.db.selectFrom("practices").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
      const biller = await bearerFor(store, { role: "biller", practiceId: practice });
      for (const claim of claims) {
        const stored = await app.inject({ method: "GET", url: `/api/claims/${claim.clm[1]!.slice(2)}`, headers: biller });
        expect(stored.statusCode, stored.body).toBe(200);
        expect(stored.json().status).toBe("submitted");
      }
      const batches = await app.inject({ method: "GET", url: "/api/claims/batches", headers: biller });
      expect(batches.statusCode, batches.body).toBe(200);
      expect(JSON.stringify(batches.json())).toContain(String(Number(find(segments, "ISA")![13])));
    } finally {
      await app.close();
      await store.close();
    }
    // nothing ready is left: a second export sends no claim twice
    const again = await run(["claims", "export", "--format", "837p", "--db", db, "--out", join(dir, "again.837")]);
    const resent = existsSync(join(dir, "again.837")) ? claimLoops(segmentsOf(readFileSync(join(dir, "again.837"), "utf8"))).map((c) => c.clm[1]) : [];
    expect(resent.filter((id) => claims.some((claim) => claim.clm[1] === id))).toEqual([]);
    expect([0, 2]).toContain(again.code);
  });

  it("exit 2 on a stored claim that cannot be written, naming the claim and the field; nothing written, no claim changes status", async () => {
    const db = copyDatabase(template, join(dir, "bad.sqlite"));
    const raw = new Database(db);
    raw.prepare("UPDATE practices SET npi = '1234567890'").run();
    const ready = () => (raw.prepare("SELECT COUNT(*) AS n FROM claims WHERE status = 'ready'").get() as { n: number }).n;
    const before = ready();
    const out = await run(["claims", "export", "--format", "837p", "--db", db, "--out", join(dir, "bad.837")]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/C-\d+: billingProvider\.npi: check digit should be 3, not 0/);
    expect(existsSync(join(dir, "bad.837"))).toBe(false);
    expect(ready()).toBe(before);
    raw.close();
  });

  it("--format 1500 writes the ready claims as a PDF; --payer picks one payer's claims", async () => {
    const db = copyDatabase(template, join(dir, "b.sqlite"));
    const probe = copyDatabase(template, join(dir, "probe.sqlite"));
    const all = await run(["claims", "export", "--format", "837p", "--db", probe]);
    expect(all.code, all.stderr).toBe(0);
    const claims = claimLoops(segmentsOf(all.stdout));
    const payerId = claims[0]!.payer![9]!;
    const pdf = await run(["claims", "export", "--format", "1500", "--payer", payerId, "--db", db, "--out", join(dir, "b.pdf")]);
    expect(pdf.code, pdf.stderr).toBe(0);
    const pages = (await PDFDocument.load(readFileSync(join(dir, "b.pdf")))).getPageCount();
    const ofPayer = claims.filter((claim) => claim.payer?.[9] === payerId);
    expect(ofPayer.length).toBeLessThan(claims.length + 1);
    expect(pages).toBeGreaterThanOrEqual(ofPayer.length);
    // the other payers' claims are still ready: an 837p export of the rest leaves out this payer's
    const rest = await run(["claims", "export", "--format", "837p", "--db", db]);
    expect(rest.code, rest.stderr).toBe(0);
    expect(claimLoops(segmentsOf(rest.stdout)).filter((claim) => claim.payer?.[9] === payerId)).toEqual([]);
  });
});
