/** `otbill codes` and `otbill icd` through main(), with in-memory streams. */
import { describe, expect, it } from "vitest";
import type { CodeSearchHit, IcdSearchHit } from "../../codes/search.js";
import { run } from "../test-support/run-cli.js";

describe("otbill codes", () => {
  it("lists 97535 first for dressing, as a table", async () => {
    const { code, stdout, stderr } = await run(["codes", "dressing"]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toBe(
      [
        "┌───────┬──────────────────────────────────────────┬─────────┬─────────┬──────────────────────────────────┐",
        "│ Code  │ Description                              │ Timed   │ For     │ Note                             │",
        "├───────┼──────────────────────────────────────────┼─────────┼─────────┼──────────────────────────────────┤",
        "│ 97535 │ Self-care/home management training (ADL) │ 15 min  │ therapy │                                  │",
        "│       │ each 15 minutes                          │         │         │                                  │",
        "│       │ (CMS: Self care mngment training)        │         │         │                                  │",
        "└───────┴──────────────────────────────────────────┴─────────┴─────────┴──────────────────────────────────┘",
        '1 result for "dressing".',
        "",
      ].join("\n"),
    );
  });

  it("joins several words into one query", async () => {
    const { stdout } = await run(["codes", "meal", "preparation", "--json"]);
    const parsed = JSON.parse(stdout) as { query: string; hits: CodeSearchHit[] };
    expect([parsed.query, parsed.hits[0]?.code]).toEqual(["meal preparation", "97535"]);
  });

  it("prints JSON for scripts: 97003 is deleted, use 97165-97167", async () => {
    const { code, stdout } = await run(["codes", "97003", "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { query: string; count: number; hits: CodeSearchHit[] };
    expect([parsed.query, parsed.count]).toEqual(["97003", 4]);
    expect(parsed.hits.map((hit) => [hit.code, hit.match])).toEqual([
      ["97003", "deleted"],
      ["97165", "replacement"],
      ["97166", "replacement"],
      ["97167", "replacement"],
    ]);
    expect(parsed.hits[0]?.note).toBe("Deleted on 2017-01-01: bill 97165, 97166 or 97167 instead.");
  });

  it("lists 97760 and 97763 first for splint, then the splint application codes", async () => {
    const { stdout } = await run(["codes", "splint", "--json", "--limit", "3"]);
    expect((JSON.parse(stdout) as { hits: CodeSearchHit[] }).hits.map((hit) => hit.code)).toEqual(["97760", "97763", "29130"]);
  });

  it("lists the whole catalog without a query", async () => {
    const { stdout } = await run(["codes", "--json"]);
    const parsed = JSON.parse(stdout) as { query: string; count: number; hits: CodeSearchHit[] };
    expect([parsed.query, parsed.count, parsed.hits[0]?.code]).toEqual(["", 120, "0552T"]);
    const table = await run(["codes"]);
    expect(table.stdout.endsWith("120 codes in the catalog.\n")).toBe(true);
  });

  it("shows that day's Medicare status with --date", async () => {
    const { stdout } = await run(["codes", "97014", "--date", "2026-03-10", "--json"]);
    const parsed = JSON.parse(stdout) as { date: string; hits: CodeSearchHit[] };
    expect([parsed.date, parsed.hits[0]?.medicareStatus?.status]).toEqual(["2026-03-10", "I"]);
    const table = await run(["codes", "97014", "--date", "2026-03-10", "--limit", "1"]);
    expect(table.stdout).toContain("│ Medicare   │");
    expect(table.stdout).toContain("│ I: not     │");
  });

  it("says so when nothing matches", async () => {
    const { code, stdout } = await run(["codes", "xyzzy"]);
    expect([code, stdout]).toEqual([0, 'No code matches "xyzzy". Try other words, or `otbill codes` for the whole catalog.\n']);
  });

  it.each([
    [["codes", "97530", "--date", "2025-02-29"], 'otbill: --date: "2025-02-29" is not a calendar date in YYYY-MM-DD form\n'],
    [["codes", "97530", "--limit", "0"], 'otbill: --limit: "0" is not a whole number of at least 1\n'],
    [["codes", "97530", "--limit", "ten"], 'otbill: --limit: "ten" is not a whole number of at least 1\n'],
  ])("exits 2 with one message for %j", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect([code, stdout, stderr]).toEqual([2, "", message]);
  });
});

describe("otbill icd", () => {
  it("has I69.351 first for hemiplegia following cerebral infarction right dominant", async () => {
    const { code, stdout } = await run(["icd", "hemiplegia following cerebral infarction right dominant", "--json", "--limit", "5"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { fiscalYear: number; fallback: boolean; hits: IcdSearchHit[] };
    expect([parsed.fiscalYear, parsed.fallback]).toEqual([2027, false]);
    expect(parsed.hits.map((hit) => hit.code)).toEqual(["I69.351", "I69.353", "I69.352", "I69.354", "I69.359"]);
  });

  it("says a header code is not billable and lists the codes under it", async () => {
    const { stdout } = await run(["icd", "I69.35"]);
    expect(stdout.split("\n").slice(0, 5)).toEqual([
      "ICD-10-CM FY2027",
      "I69.35 is a category, not billable: bill one of the 5 codes under it.",
      "┌──────────┬────────────────────────────────────────────────────────────────────────────────┐",
      "│ Code     │ Description                                                                    │",
      "├──────────┼────────────────────────────────────────────────────────────────────────────────┤",
    ]);
    expect(stdout).toContain("│ I69.351  │ Hemiplegia and hemiparesis following cerebral infarction affecting right       │\n│          │ dominant side ");
  });

  it("answers with the fiscal year of --date, and says when it falls back", async () => {
    const { stdout } = await run(["icd", "M62.81", "--date", "2025-09-30", "--json"]);
    const parsed = JSON.parse(stdout) as { fiscalYear: number; fallback: boolean; hits: IcdSearchHit[] };
    expect([parsed.fiscalYear, parsed.fallback, parsed.hits.map((hit) => hit.code)]).toEqual([2026, true, ["M62.81"]]);
  });

  it("M72.2 is a header under FY2027 (--date 2026-10-01) and billable under FY2026 (--date 2026-09-30)", async () => {
    const fy2027 = JSON.parse((await run(["icd", "M72.2", "--date", "2026-10-01", "--json"])).stdout) as { fiscalYear: number; hits: IcdSearchHit[] };
    const fy2026 = JSON.parse((await run(["icd", "M72.2", "--date", "2026-09-30", "--json"])).stdout) as { fiscalYear: number; hits: IcdSearchHit[] };
    expect([fy2027.fiscalYear, fy2027.hits.map((hit) => hit.code)]).toEqual([2027, ["M72.20", "M72.21", "M72.22"]]);
    expect([fy2026.fiscalYear, fy2026.hits.map((hit) => hit.code)]).toEqual([2026, ["M72.2"]]);
  });

  it("says when nothing matches", async () => {
    const { code, stdout } = await run(["icd", "qqqqzzz"]);
    expect([code, stdout]).toEqual([0, 'ICD-10-CM FY2027\nNo ICD-10-CM code matches "qqqqzzz".\n']);
  });

  it("needs a query", async () => {
    const { code, stderr } = await run(["icd"]);
    expect(code).toBe(2);
    expect(stderr).toContain("error: missing required argument 'query'");
  });
});
