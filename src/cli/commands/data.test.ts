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
