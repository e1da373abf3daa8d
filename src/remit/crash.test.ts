/**
 * kill -9 in the middle of posting a large 835 leaves all or nothing: SQLite's journal
 * rolls the open transaction back when the database is next opened.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../store/database.js";
import { write835, type ClaimSpec } from "../x12/835/test-support/write-835.js";

const CLAIMS = 20_000;

describe("a killed import", () => {
  it("posts nothing when the process is killed with SIGKILL mid-import", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "otbill-crash-"));
    const database = join(dir, "otbill.sqlite");
    (await openStore({ dialect: "sqlite", file: database })).close();
    const claims: ClaimSpec[] = Array.from({ length: CLAIMS }, (_, index) => ({ claimId: `C-X${index}`, lines: [{ code: "97530", units: 2, chargeCents: 11000, serviceDate: "2026-02-02", adjustments: [{ group: "CO", reason: "45", amountCents: 4988 }] }] }));
    const file = join(dir, "big.835");
    writeFileSync(file, write835({ transactions: [{ traceNumber: "BIG1", paymentDate: "2026-03-01", claims }] }));
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "test-support/import-child.ts"), file, database], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("posting")) resolve();
      });
      void exited.then(() => reject(new Error(`the child ended before posting: ${errors}`)));
    });
    // Let it write part of the file's claims, then kill it without a chance to clean up.
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill("SIGKILL");
    const { signal } = await exited;
    expect(output).not.toContain("posted");
    expect(signal).toBe("SIGKILL");
    const store = await openStore({ dialect: "sqlite", file: database });
    try {
      for (const table of ["remittances", "claim_payments", "unmatched_payments"] as const) {
        const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
        expect(Number(row.n), table).toBe(0);
      }
    } finally {
      await store.close();
    }
  });
});
