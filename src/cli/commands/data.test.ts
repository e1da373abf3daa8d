/**
 * `otbill data import` through main(). Each test has its own OTBILL_HOME, so imports
 * never reach the user's ~/.otbill nor the home other test files share.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ImportedPtpFile } from "../../reference/ncci.js";
import { run } from "../test-support/run-cli.js";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/ncci");

let home: string;
let previousHome: string | undefined;

beforeEach(() => {
  previousHome = process.env.OTBILL_HOME;
  home = mkdtempSync(join(tmpdir(), "otbill-data-cli-"));
  process.env.OTBILL_HOME = home;
});

afterEach(() => {
  if (previousHome === undefined) delete process.env.OTBILL_HOME;
  else process.env.OTBILL_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

describe("otbill data import", () => {
  it("imports a PTP file and prints what it kept and where", async () => {
    const file = join(FIXTURES, "ccipra-v321r0-f1.txt");
    const { code, stdout, stderr } = await run(["data", "import", "ncci-ptp", file, "--release", "2026 Q1"]);
    expect([code, stderr]).toEqual([0, ""]);
    const stored = join(home, "reference", "ncci-ptp.json");
    expect(stdout).toBe(
      [
        `Imported NCCI practitioner PTP edits from ${file}`,
        "  release:    2026 Q1",
        "  rows read:  9",
        "  rows kept:  7 (touching a therapy code)",
        `  stored in:  ${stored} (7 therapy edits in all)`,
        "",
      ].join("\n"),
    );
    const content = JSON.parse(readFileSync(stored, "utf8")) as ImportedPtpFile;
    expect([content.kind, content.releases.map((release) => release.release), content.edits.length]).toEqual(["ncci-ptp", ["2026 Q1"], 7]);
  });

  it("imports an MUE table, with the quarter from the file name", async () => {
    const file = join(FIXTURES, "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv");
    const { code, stdout } = await run(["data", "import", "mue", file]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        `Imported NCCI practitioner MUE table from ${file}`,
        "  release:    MCR_MUE_PractitionerServices_Eff_01-01-2026",
        "  effective:  2026-01-01",
        "  rows read:  8",
        "  rows kept:  6 (touching a therapy code)",
        `  stored in:  ${join(home, "reference", "mue.json")} (6 therapy edits in all)`,
        "",
      ].join("\n"),
    );
  });

  it("reports replaced rows when a release is imported again", async () => {
    const file = join(FIXTURES, "ptp-2026q1-export.csv");
    await run(["data", "import", "ncci-ptp", file]);
    const { stdout } = await run(["data", "import", "ncci-ptp", file]);
    expect(stdout).toContain("  replaced:   7 rows of earlier imports\n");
  });

  it("exits 2 naming the file and line of a malformed row, and stores nothing", async () => {
    const file = join(FIXTURES, "ccipra-malformed-f1.txt");
    const { code, stdout, stderr } = await run(["data", "import", "ncci-ptp", file]);
    expect([code, stdout, stderr]).toEqual([2, "", `otbill: ${file}:8: Effective Date "2021-01-01" is not a date (YYYYMMDD)\n`]);
    expect(existsSync(join(home, "reference", "ncci-ptp.json"))).toBe(false);
  });

  it("exits 2 for a missing file", async () => {
    const file = join(home, "missing.txt");
    const { code, stderr } = await run(["data", "import", "mue", file]);
    expect([code, stderr]).toEqual([2, `otbill: ${file}: no such file\n`]);
  });
});

describe("otbill data set and data status", () => {
  it("sets the 2027 KX threshold and says what is still missing for 2027", async () => {
    const before = await run(["data", "status", "--date", "2026-12-01", "--json"]);
    expect(before.code).toBe(0);
    const missing = (JSON.parse(before.stdout) as { missing: { what: string }[] }).missing.map((item) => item.what);
    expect(missing).toContain("2027 KX threshold");
    const set = await run(["data", "set", "kx-threshold", "2027", "2480", "--source", "CMS MLN notice (test)"]);
    expect([set.code, set.stdout]).toEqual([0, `Set kx-threshold 2027 = 2480.00\n  stored in:  ${join(home, "reference", "policy.json")}\n`]);
    const after = await run(["data", "status", "--date", "2026-12-01"]);
    expect(after.stdout).toContain("  KX threshold 2027: $2480.00  [2027-01-01..2027-12-31]");
    expect(after.stdout).toContain("  2027 Medicare fee schedule (PPRRVU) for the coming year (2027): 2027 visits cannot be priced. Load it: otbill data import pprrvu FILE");
    expect(after.stdout).not.toContain("2027 KX threshold for");
  });

  it("refuses an unknown policy name and a missing --source with exit 2", async () => {
    const unknown = await run(["data", "set", "cap", "2027", "2480", "--source", "x"]);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'otbill: "cap" is not one of kx-threshold, deductible, conversion-factor\n']);
    const noSource = await run(["data", "set", "deductible", "2027", "283"]);
    expect(noSource.code).toBe(2);
  });

  it("imports a PPRRVU file as published", async () => {
    const file = join(import.meta.dirname, "../../../test/fixtures/pfs/PPRRVU2027_Jan.csv");
    const { code, stdout } = await run(["data", "import", "pprrvu", file]);
    expect([code, stdout]).toEqual([0, `Imported Medicare fee schedule RVUs 2027 (PPRRVU2027_Jan)\n  rows read:  6\n  rows kept:  4\n  stored in:  ${join(home, "reference", "pprrvu-2027.json")}\n`]);
  });
});
