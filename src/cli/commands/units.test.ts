/** `otbill units CODE:MINUTES...` through main(): the count, its reasoning, and bad input. */
import { describe, expect, it } from "vitest";
import { run } from "../test-support/run-cli.js";

describe("otbill units", () => {
  it("counts 97112:24 97110:23 under the CMS rule with the reasoning", async () => {
    const { code, stdout, stderr } = await run(["units", "97112:24", "97110:23", "--date", "2026-03-10"]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toBe(
      [
        "CMS total-time rule (8-minute rule), 2026-03-10",
        "47 timed minutes = 3 units: 97112 (24 min) 2 units, 97110 (23 min) 1 unit; the third unit went to 97112, 9 minutes left over against 8.",
        "",
        "  97112   2 unit(s)  GO",
        "  97110   1 unit(s)  GO",
        "",
      ].join("\n"),
    );
  });

  it("counts per code under --rule ama: 10 + 10 minutes = 2 units", async () => {
    const { stdout } = await run(["units", "97110:10", "97140:10", "--rule", "ama", "--date", "2026-03-10", "--json"]);
    const report = JSON.parse(stdout) as { totalUnits: number; lines: { code: string; units: number }[] };
    expect(report.totalUnits).toBe(2);
    expect(report.lines.map((line) => [line.code, line.units])).toEqual([
      ["97110", 1],
      ["97140", 1],
    ]);
  });

  it("splits an OTA's share with CO: 97110:36:23 (OTA 23 of 36 minutes)", async () => {
    const { stdout } = await run(["units", "97110:36:23", "--date", "2026-03-10", "--json"]);
    const report = JSON.parse(stdout) as { lines: { code: string; units: number; modifiers: string[] }[] };
    expect(report.lines.map((line) => [line.units, line.modifiers])).toEqual([
      [1, ["GO"]],
      [1, ["GO", "CO"]],
    ]);
  });

  it.each([
    [["units", "97110"], 'otbill: "97110" is not CODE:MINUTES (e.g. 97530:24, or 97530:24:10 with the assistant\'s minutes)\n'],
    [["units", "97110:10", "--rule", "cpt"], 'otbill: --rule: "cpt" is not cms or ama\n'],
    [["units", "97110:10", "--date", "2026-02-29"], 'otbill: --date: "2026-02-29" is not a calendar date in YYYY-MM-DD form\n'],
  ])("refuses %j with one message and exit 2", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect([code, stdout, stderr]).toEqual([2, "", message]);
  });
});
