import { describe, expect, it } from "vitest";
import { run } from "../test-support/run-cli.js";

describe("otbill payers", () => {
  it("lists the profiles in force on a date", async () => {
    const { code, stdout, stderr } = await run(["payers", "--date", "2026-03-10"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    for (const id of ["medicare", "medicare-advantage", "medicaid-colorado", "commercial-default", "workers-comp-default"]) expect(stdout).toContain(id);
    expect(stdout).toContain("Payer profiles in force on 2026-03-10");
  });

  it("one profile: its rules, sources, and which rules fell back", async () => {
    const { code, stdout } = await run(["payers", "medicaid-colorado", "--date", "2026-03-10"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Health First Colorado");
    expect(stdout).toContain("hcpf.colorado.gov/timely-filing-faq");
    expect(stdout).toMatch(/not found in a public source: commercial-default's value is used \(unitRule, disciplineModifiers/);
  });

  it("--json gives the resolved profile", async () => {
    const { code, stdout } = await run(["payers", "medicare", "--date", "2021-06-01", "--json"]);
    expect(code).toBe(0);
    const profile = JSON.parse(stdout) as { version: string; rules: { assistants: unknown; timelyFiling: unknown } };
    expect(profile.version).toBe("2010-01-01");
    expect(profile.rules.timelyFiling).toEqual({ months: 12 });
  });

  it("an unknown profile is exit 2 naming it", async () => {
    const { code, stderr } = await run(["payers", "acme"]);
    expect(code).toBe(2);
    expect(stderr).toContain('no payer profile "acme"');
  });
});
