import { describe, expect, it } from "vitest";
import { run } from "../test-support/run-cli.js";

describe("otbill price", () => {
  it("97530 x2 on 2026-03-10: $60.12 (35.07 + 25.05) with its parts", async () => {
    const { code, stdout, stderr } = await run(["price", "97530", "--units", "2", "--date", "2026-03-10"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("$60.12 (35.07 + 25.05)");
    expect(stdout).toMatch(/work\s+0\.44 x\s+1\.000 = 0\.44/);
    expect(stdout).toMatch(/practice expense\s+0\.60 x\s+1\.000 = 0\.60/);
    expect(stdout).toMatch(/malpractice\s+0\.01 x\s+1\.000 = 0\.01/);
    expect(stdout).toContain("1.05 x 33.4009 = 35.070945 -> $35.07");
    expect(stdout).toContain("0.44 + 0.30 + 0.01 = 0.75; 0.75 x 33.4009 = 25.050675 -> $25.05");
    expect(stdout).toMatch(/unit 2: PE at 50% \(MPPR\)\s+25\.050675 -> \$25\.05/);
    expect(stdout).toContain("Part B deductible was assumed met");
  });

  it("San Francisco with CO: each RVU x GPCI, then 85% after the MPPR", async () => {
    const { code, stdout } = await run(["price", "97530", "--units", "2", "--date", "2026-03-10", "--locality", "01112-05", "--assistant"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/work\s+0\.44 x\s+1\.095 = 0\.4818/);
    // 44.491668845 x 0.85 = 37.81791851825 -> 37.82; 30.363088145 x 0.85 = 25.80862492325 -> 25.81
    expect(stdout).toContain("44.491668845 x 85% (assistant, CO/CQ) = 37.81791851825 -> $37.82");
    expect(stdout).toContain("$63.63 (37.82 + 25.81)");
  });

  it("--json gives dollars and the parts", async () => {
    const { code, stdout } = await run(["price", "97110", "--date", "2026-03-10", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ code: "97110", units: 1, allowed: 29.06, unitAmounts: [29.06], conversionFactor: 33.4009, locality: null });
    expect(report.parts).toMatchObject({ basis: "medicare-fee-schedule", feeSchedule: { fullUnitExact: "29.058783" } });
  });

  it("--apm uses the 2026 APM factor; --nonpar shows the limiting charge", async () => {
    const apm = await run(["price", "97110", "--date", "2026-03-10", "--apm", "--json"]);
    expect(JSON.parse(apm.stdout)).toMatchObject({ allowed: 29.2, conversionFactor: 33.5675 });
    const nonpar = await run(["price", "97110", "--date", "2026-03-10", "--nonpar"]);
    expect(nonpar.stdout).toContain("Allowed: $27.61");
    expect(nonpar.stdout).toContain("Limiting charge (115% of the non-participating amount, unassigned claims): $31.75");
  });

  it("a code Medicare does not pay separately says so and exits 0", async () => {
    const { code, stdout } = await run(["price", "97010", "--date", "2026-03-10"]);
    expect(code).toBe(0);
    expect(stdout).toContain("status B");
  });

  it.each([
    [["price", "97530", "--date", "2026-02-30"], '"2026-02-30"'],
    [["price", "97530", "--date", "soon"], '"soon"'],
    [["price", "97633", "--date", "2026-03-10"], '"97633"'],
    [["price", "97530", "--date", "2026-03-10", "--locality", "99999-99"], '"99999-99"'],
    [["price", "97530", "--date", "2026-03-10", "--locality", "San Francisco"], '"San Francisco"'],
    [["price", "97530", "--date", "2026-03-10", "--units", "0"], '"0"'],
  ])("bad input %j exits 2 naming %s", async (args, named) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(named);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("suggests the code meant for a known typo", async () => {
    const { stderr } = await run(["price", "97633", "--date", "2026-03-10"]);
    expect(stderr).toContain("97533");
  });
});

describe("otbill localities", () => {
  it.each([
    ["san francisco", "01112-05"],
    ["Marin", "01112-52"],
    ["CA", "01112-05"],
    ["california", "01112-75"],
    ["alabama", "10112-00"],
  ])("%s finds %s", async (query, locality) => {
    const { code, stdout } = await run(["localities", query, "--date", "2026-03-10", "--json"]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { locality: string }[];
    expect(rows.map((row) => row.locality)).toContain(locality);
  });

  it("Marin is one locality, with its GPCIs in force on the date", async () => {
    const { stdout } = await run(["localities", "marin", "--date", "2026-03-10", "--json"]);
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ locality: "01112-52", state: "CA", gpci: { work: 1.095, pe: 1.41, mp: 0.459 } })]);
  });

  it("the Alabama work GPCI keeps the 1.0 floor through 2026-12-31 (CAA 2026)", async () => {
    const before = await run(["localities", "AL", "--date", "2026-01-31", "--json"]);
    const after = await run(["localities", "AL", "--date", "2026-12-31", "--json"]);
    expect(JSON.parse(before.stdout)[0].gpci.work).toBe(1);
    expect(JSON.parse(after.stdout)[0].gpci.work).toBe(1);
  });

  it("prints a table, and says when nothing matches", async () => {
    const table = await run(["localities", "san francisco", "--date", "2026-03-10"]);
    expect(table.stdout).toContain("01112-05");
    const none = await run(["localities", "atlantis", "--date", "2026-03-10"]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("No Medicare locality matches");
  });

  it("a bad date exits 2", async () => {
    const { code, stderr } = await run(["localities", "CA", "--date", "2026-13-01"]);
    expect(code).toBe(2);
    expect(stderr).toContain('"2026-13-01"');
  });
});
