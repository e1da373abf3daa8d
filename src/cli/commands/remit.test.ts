import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { write835 } from "../../x12/835/test-support/write-835.js";
import { run } from "../test-support/run-cli.js";

const SAMPLES = join(import.meta.dirname, "../../../../shared/data/x12-samples/keironstoddart-edi-835-parser");

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "otbill-remit-")), "in.835");
  writeFileSync(path, text, "latin1");
  return path;
}

describe("otbill remit parse", () => {
  it("prints one object per claim payment, then one per provider adjustment", async () => {
    const path = file(
      write835({
        transactions: [
          { traceNumber: "T1", paymentDate: "2026-11-20", claims: [{ claimId: "C-1", lines: [{ code: "97530", chargeCents: 5000, serviceDate: "2026-11-02" }] }], providerAdjustments: [{ reason: "L6", amountCents: -100 }] },
          { traceNumber: "T2", paymentDate: "2026-11-21", claims: [{ claimId: "C-2", lines: [{ code: "97110", chargeCents: 4000, serviceDate: "2026-11-03" }] }] },
        ],
      }),
    );
    const result = await run(["remit", "parse", path]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const objects = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.map((object) => [object.type, object.claimId ?? object.reason, object.checkNumber])).toEqual([
      ["claim", "C-1", "T1"],
      ["claim", "C-2", "T2"],
      ["provider-adjustment", "L6", "T1"],
    ]);
  });

  it("reads every public sample without a crash: output, or a located error with exit 2", async () => {
    const uhc = await run(["remit", "parse", join(SAMPLES, "835_united_healthcare_legacy_sample.txt")]);
    expect(uhc.code).toBe(0);
    expect(uhc.stdout.trim().split("\n")).toHaveLength(2);
    const emedny = await run(["remit", "parse", join(SAMPLES, "835_emedny_sample.txt")]);
    expect(emedny.code).toBe(0);
    expect(emedny.stdout.trim().split("\n")).toHaveLength(3);
    const blueCross = await run(["remit", "parse", join(SAMPLES, "835_blue_cross_nc_sample.txt")]);
    expect(blueCross.code).toBe(2);
    expect(blueCross.stderr).toMatch(/835_blue_cross_nc_sample\.txt: segment 28 \(SVC\), byte 623, SVC02: SVC02 \(line item charge\) is required\n$/);
    expect(blueCross.stderr).not.toMatch(/ at .*\.ts:/);
  });

  it("warns about an unbalanced payment on stderr and still prints it", async () => {
    const path = file(write835({ transactions: [{ traceNumber: "T1", paymentDate: "2026-11-20", paymentCents: 1, claims: [{ claimId: "C-1", lines: [{ code: "97530", chargeCents: 5000, serviceDate: "2026-11-02" }] }] }] }));
    const result = await run(["remit", "parse", path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("warning: ");
    expect(result.stderr).toContain("the payment does not balance: BPR02 0.01 but the claims paid 50.00 less provider adjustments 0.00");
  });

  it("names a missing file", async () => {
    const result = await run(["remit", "parse", "/nonexistent/x.835"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("otbill: /nonexistent/x.835: no such file\n");
  });
});

describe("otbill remit import", () => {
  it("posts, prints the contract summary with --json, and refuses an unbalanced file without --accept-unbalanced", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "otbill-remit-db-")), "otbill.sqlite");
    const path = file(write835({ transactions: [{ traceNumber: "T9", paymentDate: "2026-11-20", claims: [{ claimId: "C-404", lines: [{ code: "97530", chargeCents: 5000, serviceDate: "2026-11-02" }] }] }] }));
    const result = await run(["remit", "import", path, "--db", db, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(summary).slice(0, 5)).toEqual(["remittanceId", "claimsPosted", "linesPosted", "unmatched", "alreadyPosted"]);
    expect(summary).toMatchObject({ claimsPosted: 0, linesPosted: 0, unmatched: ["C-404"], alreadyPosted: false });
    const again = await run(["remit", "import", path, "--db", db]);
    expect(again.stdout).toBe(`remittance ${summary.remittanceId as number} was already posted; nothing changed\n`);

    const off = file(write835({ transactions: [{ traceNumber: "T10", paymentDate: "2026-11-20", paymentCents: 7, claims: [{ claimId: "C-405", lines: [{ code: "97530", chargeCents: 5000, serviceDate: "2026-11-02" }] }] }] }));
    const refused = await run(["remit", "import", off, "--db", db, "--json"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("does not balance (payment T10: BPR02 is off by -49.93); nothing was posted");
    const accepted = await run(["remit", "import", off, "--db", db, "--json", "--accept-unbalanced"]);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ unmatched: ["C-405"], balanced: false });
  });
});
