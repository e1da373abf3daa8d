/**
 * Contract Part 2, claims out: `otbill claim 837`, `otbill claim 1500`,
 * checked from the outside against /work/shared/CONTRACT.md exactly as written. The 837P goes
 * through the independent validator (../shared/tools/x12-validate); the meaning the validator
 * cannot see (CLM02 sums, HI without dots, units and modifiers equal to the scrub's lines,
 * REF*6R unique, SBR09 per payer kind...) is checked here.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/test-support/run-cli.js";
import { BIN, built, cents, claimLoops, find, pdfAllText, pdfPageTexts, ROOT, segmentsOf, tempDir, validate, type Segment } from "./support.js";

type Json = Record<string, unknown>;
const example = JSON.parse(readFileSync(join(ROOT, "examples/claim.json"), "utf8")) as Json;
const clone = <T>(value: T): T => structuredClone(value);

interface Kind {
  kind: string;
  sbr09: string;
}
const KINDS: Kind[] = [
  { kind: "medicare", sbr09: "MB" },
  { kind: "medicare-advantage", sbr09: "16" },
  { kind: "medicaid", sbr09: "MC" },
  { kind: "tricare", sbr09: "CH" },
  { kind: "commercial", sbr09: "CI" },
  { kind: "workers-comp", sbr09: "WC" },
];

/** One claim document per payer kind; the commercial one is a replacement, the workers' comp one a void; two bill under the billing provider. */
function documents(): Json[] {
  return KINDS.map(({ kind }, index) => {
    const document = clone(example);
    const visit = document.visit as Json;
    document.claimId = `C-${2001 + index}`;
    visit.id = `V-${2001 + index}`;
    visit.payer = { kind, name: `${kind} plan` };
    if (kind === "medicaid") {
      // Health First Colorado needs its PAR and the certifying physician; give them so the visit is not rejected.
      visit.payer = { kind, name: "Health First Colorado", profile: "medicaid-colorado" };
      visit.authorization = { number: "PAR-1", visitsAllowed: 12, visitsUsed: 1, startDate: "2026-02-02", endDate: "2026-05-01" };
      (visit.planOfCare as Json).orderDate = "2026-01-20";
      (visit.planOfCare as Json).certifyingProvider = { firstName: "Mark", lastName: "Chen", npi: "1972543114" };
      document.priorAuthorization = "PAR-1";
    }
    if (kind !== "medicare") delete (visit.patient as Json).otAllowedYearToDate;
    if (kind === "commercial") {
      document.frequency = "7";
      document.payerClaimControlNumber = "PCN-COMM-7";
    }
    if (kind === "workers-comp") {
      document.frequency = "8";
      document.payerClaimControlNumber = "PCN-WC-8";
    }
    if (kind === "tricare" || kind === "commercial") delete document.renderingProvider;
    return document;
  });
}

const ymd = (date: string) => date.replaceAll("-", "");

describe("otbill claim 837 (built CLI)", () => {
  const dir = tempDir();
  const docs = documents();
  let segments: Segment[] = [];
  let text = "";
  let scrubbed: { id: string; status: string; lines: { code: string; modifiers: string[]; units: number; diagnosisPointers?: number[] }[] }[] = [];

  beforeAll(() => {
    writeFileSync(join(dir, "claims.ndjson"), docs.map((doc) => JSON.stringify(doc)).join("\n") + "\n");
    const out = built(["claim", "837", join(dir, "claims.ndjson"), "--out", join(dir, "out.837")], { env: { OTBILL_HOME: dir } });
    expect(out.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(out.code, out.stderr).toBe(0);
    text = readFileSync(join(dir, "out.837"), "utf8");
    segments = segmentsOf(text);
    writeFileSync(join(dir, "visits.ndjson"), docs.map((doc) => JSON.stringify(doc.visit)).join("\n") + "\n");
    const scrub = built(["scrub", join(dir, "visits.ndjson")], { env: { OTBILL_HOME: dir } });
    scrubbed = scrub.stdout.trim().split("\n").map((line) => JSON.parse(line));
  });

  it("writes one interchange the 005010X222A1 validator accepts", () => {
    const checked = validate(text, "claims.837");
    expect(checked.report).toContain("OK");
    expect(checked.ok, checked.report).toBe(true);
    expect(segments.filter((s) => s[0] === "ISA")).toHaveLength(1);
    expect(find(segments, "ST")?.[3]).toBe("005010X222A1");
    expect(find(segments, "GS")?.[8]).toBe("005010X222A1");
  });

  it("a JSON array on stdout gives the same claims as NDJSON with --out", () => {
    writeFileSync(join(dir, "claims.json"), JSON.stringify(docs));
    const out = built(["claim", "837", join(dir, "claims.json")], { env: { OTBILL_HOME: dir } });
    expect(out.code, out.stderr).toBe(0);
    expect(claimLoops(segmentsOf(out.stdout)).map((claim) => claim.clm[1])).toEqual(docs.map((doc) => doc.claimId));
  });

  it("CLM01 = claimId, CLM02 = sum of SV102, CLM05 = POS:B:frequency", () => {
    const claims = claimLoops(segments);
    expect(claims.map((claim) => claim.clm[1])).toEqual(docs.map((doc) => doc.claimId));
    claims.forEach((claim, index) => {
      const sv1 = claim.lines.map((line) => find(line, "SV1")!);
      expect(cents(claim.clm[2]!)).toBe(sv1.reduce((sum, s) => sum + cents(s[2]!), 0));
      expect(claim.clm[5]).toBe(`11:B:${docs[index]!.frequency}`);
    });
    // The example: 97530 x2 at $55 + 97140 x1 at $40.
    expect(claims[0]!.clm[2]).toMatch(/^150(\.00?)?$/);
  });

  it("HI: ABK then ABF, without dots, in the visit's order", () => {
    for (const claim of claimLoops(segments)) expect(find(claim.header, "HI")!.slice(1)).toEqual(["ABK:I69351", "ABF:M6281"]);
  });

  it("one 2400 per recommended line: SV101 HC:code:mods in the scrub's order, SV102 = charge x units, SV103 UN, SV104 units, SV107 pointers, DTP*472", () => {
    const claims = claimLoops(segments);
    claims.forEach((claim, index) => {
      const result = scrubbed[index]!;
      expect(result.status).not.toBe("reject");
      const master = docs[index]!.chargeMaster as Record<string, number>;
      expect(claim.lines).toHaveLength(result.lines.length);
      claim.lines.forEach((line, n) => {
        const expected = result.lines[n]!;
        const sv1 = find(line, "SV1")!;
        expect(sv1[1]).toBe(["HC", expected.code, ...expected.modifiers].join(":"));
        expect(cents(sv1[2]!)).toBe(Math.round(master[expected.code]! * 100) * expected.units);
        expect(sv1[3]).toBe("UN");
        expect(Number(sv1[4])).toBe(expected.units);
        expect(sv1[7]).toBe((expected.diagnosisPointers ?? [1]).join(":"));
        expect(find(line, "DTP", "472")?.slice(2)).toEqual(["D8", ymd(((docs[index]!.visit as Json).dateOfService as string))]);
      });
    });
    // the example's own lines, in the contract's words
    expect(claims[0]!.lines.map((line) => find(line, "SV1")!.slice(1, 5))).toEqual([
      ["HC:97530:GO", "110", "UN", "2"],
      ["HC:97140:GO:59", "40", "UN", "1"],
    ]);
  });

  it("REF*6R line item control numbers are unique within the interchange", () => {
    const ids = claimLoops(segments).flatMap((claim) => claim.lines.map((line) => find(line, "REF", "6R")?.[2]));
    expect(ids.every((id) => typeof id === "string" && id.length > 0 && id.length <= 50)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("SBR09 follows the payer kind", () => {
    expect(claimLoops(segments).map((claim) => claim.sbr?.[9])).toEqual(KINDS.map((kind) => kind.sbr09));
  });

  it("NM1*DN from referringProvider; NM1*82 only when the rendering provider differs from the billing provider", () => {
    claimLoops(segments).forEach((claim, index) => {
      const dn = find(claim.header, "NM1", "DN");
      expect(dn?.slice(3, 5)).toEqual(["Chen", "Mark"]);
      expect(dn?.[9]).toBe("1972543114");
      const rendering = find(claim.header, "NM1", "82");
      if (docs[index]!.renderingProvider) expect(rendering?.[9]).toBe("1245319599");
      else expect(rendering).toBeUndefined();
    });
  });

  it("REF*F8 carries payerClaimControlNumber on frequency 7 and 8 only", () => {
    claimLoops(segments).forEach((claim, index) => {
      const f8 = find(claim.header, "REF", "F8");
      const pcn = docs[index]!.payerClaimControlNumber;
      if (pcn) expect(f8?.[2]).toBe(pcn);
      else expect(f8).toBeUndefined();
    });
  });

  it("exit 2 on a bad billing NPI, naming the claim and the field; nothing written", () => {
    const bad = documents().slice(0, 2);
    bad[1]!.billingProvider = { ...(bad[1]!.billingProvider as Json), npi: "1234567890" };
    writeFileSync(join(dir, "bad.json"), JSON.stringify(bad));
    const out = built(["claim", "837", join(dir, "bad.json"), "--out", join(dir, "bad.837")], { env: { OTBILL_HOME: dir } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("C-2002: billingProvider.npi: check digit should be 3, not 0");
    expect(out.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "bad.837"))).toBe(false);
    const stdout = built(["claim", "837", join(dir, "bad.json")], { env: { OTBILL_HOME: dir } });
    expect(stdout.code).toBe(2);
    expect(stdout.stdout).toBe("");
  });

  it("a patient who is not the subscriber gets the 2000C loop: PAT01 from relationship, SBR02 empty", async () => {
    const codes: Record<string, string> = { spouse: "01", child: "19", other: "G8" };
    const claims = Object.keys(codes).map((relationship, n) => {
      const doc = clone(example);
      doc.claimId = `C-REL-${n}`;
      (doc.visit as Json).id = `V-REL-${n}`;
      doc.patient = { firstName: "Sam", lastName: "Doe", birthDate: "2012-05-05", sex: "M", relationship, address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" } };
      return doc;
    });
    writeFileSync(join(dir, "dependents.json"), JSON.stringify(claims));
    const out = await run(["claim", "837", join(dir, "dependents.json")]);
    expect(out.code, out.stderr).toBe(0);
    const checked = validate(out.stdout, "dependents.837");
    expect(checked.ok, checked.report).toBe(true);
    const all = segmentsOf(out.stdout);
    expect(all.filter((s) => s[0] === "PAT").map((s) => s[1])).toEqual(Object.values(codes));
    expect(all.filter((s) => s[0] === "HL" && s[3] === "23")).toHaveLength(3);
    for (const sbr of all.filter((s) => s[0] === "SBR")) expect(sbr[2]).toBe("");
    expect(all.filter((s) => s[0] === "NM1" && s[1] === "QC").map((s) => s[3])).toEqual(["Doe", "Doe", "Doe"]);
  });

  it("a reader that stops early (| head) gets no stack trace", async () => {
    const many = Array.from({ length: 200 }, (_, n) => ({ ...clone(example), claimId: `C-${3000 + n}`, visit: { ...(clone(example.visit) as Json), id: `V-${3000 + n}` } }));
    writeFileSync(join(dir, "many.ndjson"), many.map((doc) => JSON.stringify(doc)).join("\n") + "\n");
    const child = spawn(process.execPath, [BIN, "claim", "837", join(dir, "many.ndjson")], { cwd: ROOT, env: { ...process.env, OTBILL_HOME: dir }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).not.toBe(1);
  });

  it("exit 2 on a billed code without a charge, naming the claim and the code", async () => {
    const doc = clone(example);
    doc.chargeMaster = { "97530": 55 };
    writeFileSync(join(dir, "nocharge.json"), JSON.stringify([doc]));
    const out = await run(["claim", "837", join(dir, "nocharge.json")]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("C-1001");
    expect(out.stderr).toContain("97140");
    expect(out.stdout).toBe("");
  });

  it("exit 2 on a visit the scrub rejects, naming the claim and the findings", async () => {
    const doc = clone(example);
    (doc.visit as Json).diagnoses = [];
    writeFileSync(join(dir, "reject.json"), JSON.stringify([doc]));
    const out = await run(["claim", "837", join(dir, "reject.json")]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("C-1001");
    expect(out.stderr).toContain("diagnosis.missing");
    expect(out.stdout).toBe("");
  });

  it("exit 2 on frequency 7 or 8 without payerClaimControlNumber", async () => {
    const doc = clone(example);
    doc.frequency = "8";
    writeFileSync(join(dir, "void.json"), JSON.stringify([doc]));
    const out = await run(["claim", "837", join(dir, "void.json")]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("C-1001");
    expect(out.stderr).toContain("payerClaimControlNumber");
  });

  it("exit 2 on a claimId over 20 characters", async () => {
    const doc = clone(example);
    doc.claimId = "C-123456789012345678901";
    writeFileSync(join(dir, "long.json"), JSON.stringify([doc]));
    const out = await run(["claim", "837", join(dir, "long.json")]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("claimId");
  });
});

describe("otbill claim 1500", () => {
  const dir = tempDir();
  it("--out writes one CMS-1500 page per claim; --plain adds the form and keeps the pages", async () => {
    writeFileSync(join(dir, "two.json"), JSON.stringify(documents().slice(0, 2)));
    const red = await run(["claim", "1500", join(dir, "two.json"), "--out", join(dir, "red.pdf")]);
    expect(red.code, red.stderr).toBe(0);
    const plain = await run(["claim", "1500", join(dir, "two.json"), "--out", join(dir, "plain.pdf"), "--plain"]);
    expect(plain.code, plain.stderr).toBe(0);
    const redBytes = readFileSync(join(dir, "red.pdf"));
    const plainBytes = readFileSync(join(dir, "plain.pdf"));
    expect(redBytes.subarray(0, 5).toString()).toBe("%PDF-");
    const redPdf = await PDFDocument.load(redBytes);
    const plainPdf = await PDFDocument.load(plainBytes);
    expect(redPdf.getPageCount()).toBe(2);
    expect(plainPdf.getPageCount()).toBe(2);
    // CMS-1500 (02/12) is a US letter form: 8.5 x 11 in.
    expect(redPdf.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
    expect(plainBytes.length).toBeGreaterThan(redBytes.length);
    // the red form is pre-printed: only --plain draws its captions
    expect(await pdfAllText(plainBytes)).toContain("HEALTH INSURANCE CLAIM FORM");
    expect(await pdfAllText(redBytes)).not.toContain("HEALTH INSURANCE CLAIM FORM");
  });

  it("the page carries the claim's data in the form's boxes (NUCC 1500 instructions)", async () => {
    writeFileSync(join(dir, "example.json"), JSON.stringify([example]));
    const out = await run(["claim", "1500", join(dir, "example.json"), "--out", join(dir, "example.pdf")]);
    expect(out.code, out.stderr).toBe(0);
    const [page] = await pdfPageTexts(readFileSync(join(dir, "example.pdf")));
    const rows = page!.split("\n").map((row) => row.replace(/\s+/g, " ").trim());
    expect(page).toContain("1EG4TE5MK72"); // 1a insured's ID
    expect(page).toContain("DOE, JANE"); // 2 and 4
    expect(page).toContain("01 01 1950"); // 3 birth date
    expect(rows.some((row) => /\bCHEN\b/.test(row) && row.includes("1972543114"))).toBe(true); // 17 / 17b
    expect(rows.some((row) => /I69351 M6281/.test(row))).toBe(true); // 21 without dots
    expect(rows.some((row) => /03 10 26 03 10 26 11 97530 GO AB 110 00 2 1245319599/.test(row))).toBe(true); // 24A-J
    expect(rows.some((row) => /03 10 26 03 10 26 11 97140 GO 59 B 40 00 1 1245319599/.test(row))).toBe(true);
    expect(rows.some((row) => row.includes("841234567") && row.includes("C-1001") && row.includes("150 00"))).toBe(true); // 25, 26, 28
    expect(page).toContain("1234567893"); // 33a
  });

  it("exit 2 naming the claim and the field; no PDF written", async () => {
    const bad = documents().slice(0, 1);
    bad[0]!.billingProvider = { ...(bad[0]!.billingProvider as Json), npi: "1234567890" };
    writeFileSync(join(dir, "bad.json"), JSON.stringify(bad));
    const out = await run(["claim", "1500", join(dir, "bad.json"), "--out", join(dir, "bad.pdf")]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("C-2001: billingProvider.npi: check digit should be 3, not 0");
    expect(existsSync(join(dir, "bad.pdf"))).toBe(false);
  });
});
