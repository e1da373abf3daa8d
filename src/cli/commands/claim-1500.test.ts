import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimDocument, withField } from "../../claims/test-support/claim-fixtures.js";
import { layoutPages, textInBox } from "../../forms/test-support/sample-claims.js";
import { run } from "../test-support/run-cli.js";
import { parseOffset } from "./claim-1500.js";

const dir = mkdtempSync(join(tmpdir(), "otbill-claim-1500-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** `otbill claim 1500 ...` through the CLI's main(). */
async function claim1500(args: string[]): Promise<{ code: number; stderr: string }> {
  const result = await run(["claim", "1500", ...args]);
  return { code: result.code, stderr: result.stderr };
}

describe("otbill claim 1500", () => {
  it("a JSON array of two claims -> one PDF, a page each, values in their boxes", async () => {
    const input = file("two.json", JSON.stringify([claimDocument("C-1001"), claimDocument("C-1002")]));
    const out = join(dir, "two.pdf");
    const result = await claim1500([input, "--out", out, "--date", "2026-11-04"]);
    expect(result).toEqual({ code: 0, stderr: "" });
    expect(layoutPages(out)).toHaveLength(2);
    expect(textInBox(out, 1, { lines: [8, 8], columns: [50, 79] })).toBe("1EG4TE5MK72");
    expect(textInBox(out, 2, { lines: [56, 56], columns: [23, 36] })).toBe("C-1002");
    // 97530 32 minutes (2 units at $55) and 97140 10 minutes (1 unit at $40): $150.00
    expect(textInBox(out, 1, { lines: [44, 44], columns: [25, 31] })).toBe("97530");
    expect(textInBox(out, 1, { lines: [56, 56], columns: [52, 56] })).toBe("150");
    expect(textInBox(out, 1, { lines: [61, 61], columns: [1, 21] })).toBe("11 04 26");
  });

  it("NDJSON, --plain and --offset", async () => {
    const input = file("two.ndjson", `${JSON.stringify(claimDocument("C-1"))}\n${JSON.stringify(claimDocument("C-2"))}\n`);
    const out = join(dir, "plain.pdf");
    expect((await claim1500([input, "--out", out, "--plain", "--offset", "7.2,12"])).code).toBe(0);
    expect(layoutPages(out)).toHaveLength(2);
    expect(layoutPages(out)[0]).toContain("1a. INSURED'S I.D. NUMBER");
    expect(textInBox(out, 1, { lines: [9, 9], columns: [51, 80] })).toContain("1EG4TE5MK72");
  });

  it("a claim that cannot be written: exit 2 naming the claim and the field, and no file", async () => {
    const bad = withField(claimDocument("C-1002"), "billingProvider.npi", "1234567890");
    const input = file("bad.json", JSON.stringify([claimDocument("C-1001"), bad]));
    const out = join(dir, "bad.pdf");
    const result = await claim1500([input, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("otbill: C-1002: billingProvider.npi: check digit should be 3, not 0 (got \"1234567890\")\n");
    expect(existsSync(out)).toBe(false);
  });

  it("a claim id longer than item 26 holds: exit 2, no file", async () => {
    const input = file("long-id.json", JSON.stringify([claimDocument("C-20261104000001")]));
    const out = join(dir, "long-id.pdf");
    const result = await claim1500([input, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("C-20261104000001: claimId:");
    expect(existsSync(out)).toBe(false);
  });

  it("bad options and unwritable output: exit 2, nothing left behind", async () => {
    const input = file("one.json", JSON.stringify(claimDocument("C-1")));
    const offset = await claim1500([input, "--out", join(dir, "x.pdf"), "--offset", "left"]);
    expect(offset).toEqual({ code: 2, stderr: 'otbill: --offset: "left" is not X,Y in points (e.g. 3,-1.5: right 3 pt, up 1.5 pt)\n' });
    const far = await claim1500([input, "--out", join(dir, "x.pdf"), "--offset", "0,200"]);
    expect(far.stderr).toContain("offset.y: 200");
    const missing = join(dir, "no-such-folder", "out.pdf");
    const unwritable = await claim1500([input, "--out", missing]);
    expect(unwritable).toEqual({ code: 2, stderr: `otbill: ${missing}: cannot write the PDF (ENOENT)\n` });
    const notJson = file("broken.ndjson", `${JSON.stringify(claimDocument("C-1"))}\n{"claimId": \n`);
    expect((await claim1500([notJson, "--out", join(dir, "x.pdf")])).stderr).toMatch(/broken\.ndjson:2: not valid JSON/);
    expect(existsSync(join(dir, "x.pdf"))).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("parseOffset reads points, signed and decimal", () => {
    expect(parseOffset("3,-1.5")).toEqual({ x: 3, y: -1.5 });
    expect(parseOffset(" 0 , 12 ")).toEqual({ x: 0, y: 12 });
  });
});
