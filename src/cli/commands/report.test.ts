import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { osActor } from "../../audit/cli.js";
import { openStore } from "../../store/database.js";
import { run } from "../test-support/run-cli.js";

describe("otbill report", () => {
  const db = join(mkdtempSync(join(tmpdir(), "otbill-report-")), "otbill.sqlite");

  it("prints the contract's JSON shapes for denials and A/R", async () => {
    const denials = await run(["report", "denials", "--db", db, "--by", "payer", "--json"]);
    expect(denials.stderr).toBe("");
    expect(JSON.parse(denials.stdout)).toEqual({ by: "payer", from: null, to: null, groups: [], deniedLines: 0, deniedDollars: 0, adjudicatedLines: 0, denialRate: 0 });
    const ar = await run(["report", "ar", "--db", db, "--as-of", "2026-11-30", "--json"]);
    expect(JSON.parse(ar.stdout)).toEqual({ asOf: "2026-11-30", payers: [], totals: { buckets: { "0-30": 0, "31-60": 0, "61-90": 0, "91-120": 0, "over-120": 0 }, total: 0, claims: 0 } });
    const table = await run(["report", "ar", "--db", db, "--as-of", "2026-11-30"]);
    expect(table.stdout).toContain("A/R as of 2026-11-30");
    expect(table.stdout).toContain("over-120");
  });

  it("names a bad grouping or date", async () => {
    const by = await run(["report", "denials", "--db", db, "--by", "week"]);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('--by "week": use carc, payer, code, provider, month');
    const date = await run(["report", "ar", "--db", db, "--as-of", "2026-02-30"]);
    expect(date.code).toBe(2);
    expect(date.stderr).toContain("--as-of");
  });

  it("audits each report as the OS user who ran it: action, report, options, row count and outcome", async () => {
    const audited = join(mkdtempSync(join(tmpdir(), "otbill-report-audit-")), "otbill.sqlite");
    expect((await run(["report", "denials", "--db", audited, "--by", "code", "--from", "2026-01-01", "--json"])).code).toBe(0);
    expect((await run(["report", "ar", "--db", audited, "--as-of", "2026-11-30", "--json"])).code).toBe(0);
    expect((await run(["report", "payments", "--db", audited, "--json"])).code).toBe(0);
    expect((await run(["report", "clean-claims", "--db", audited, "--to", "2026-11-30", "--json"])).code).toBe(0);
    const store = await openStore({ dialect: "sqlite", file: audited });
    try {
      const rows = await store.db.selectFrom("audit_log").select(["actor", "action", "resource", "resource_id", "practice_id", "outcome", "detail"]).orderBy("id").execute();
      expect(rows.map((row) => [row.actor, row.action, row.resource, row.resource_id, row.practice_id, row.outcome, JSON.parse(row.detail ?? "null")])).toEqual([
        [osActor(), "read", "reports", "denials", null, "success", { from: "2026-01-01", by: "code", rows: 0 }],
        [osActor(), "read", "reports", "ar", null, "success", { asOf: "2026-11-30", rows: 0 }],
        [osActor(), "read", "reports", "payments", null, "success", { rows: 0 }],
        [osActor(), "read", "reports", "clean-claims", null, "success", { to: "2026-11-30", rows: 0 }],
      ]);
    } finally {
      await store.close();
    }
  });
});
