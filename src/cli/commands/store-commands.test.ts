/**
 * `otbill import visits`, `otbill demo` and `otbill serve` through main(), each against
 * its own SQLite file in a temp folder (never the user's ~/.otbill).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../store/database.js";
import { captureIo, run } from "../test-support/run-cli.js";
import { startServer } from "./serve.js";

const TEMPLATE = join(import.meta.dirname, "../../../examples/visits-template.csv");

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "otbill-cli-store-"));
  db = join(dir, "practice.sqlite");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function countRows(table: "visits" | "practices" | "patients"): Promise<number> {
  const store = await openStore({ dialect: "sqlite", file: db });
  try {
    return (await store.db.selectFrom(table).select("id").execute()).length;
  } finally {
    await store.close();
  }
}

describe("otbill import visits", () => {
  it("imports the template into a new database", async () => {
    expect(await run(["import", "visits", TEMPLATE, "--db", db])).toEqual({
      code: 0,
      stdout: 'imported 2 visits (5 service lines) into practice 1 "My practice" (new); created 2 patients, 2 payers, 2 providers\n',
      stderr: "",
    });
    expect(await countRows("visits")).toBe(2);
  });

  it("a bad row: exit 2, file:line field value, and nothing stored", async () => {
    const file = join(dir, "visits.csv");
    writeFileSync(file, "visit_id,date_of_service,patient_id,provider_npi,payer_kind,code,minutes\nV-1,2026-03-10,P-1,1234567893,medicare,97530,30\nV-2,2026-03-10,P-2,1234567893,medicare,97110,ten\n");
    expect(await run(["import", "visits", file, "--db", db])).toEqual({
      code: 2,
      stdout: "",
      stderr: `otbill: ${file}:3: field minutes value "ten": must be a whole number\nnothing was imported\n`,
    });
    expect([await countRows("visits"), await countRows("practices"), await countRows("patients")]).toEqual([0, 0, 0]);
  });

  it("a missing file", async () => {
    const file = join(dir, "missing.csv");
    expect(await run(["import", "visits", file, "--db", db])).toEqual({ code: 2, stdout: "", stderr: `otbill: ${file}: no such file\n` });
  });
});

describe("otbill demo", () => {
  it("seeds the demo practice once", async () => {
    const first = await run(["demo", "--db", db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^seeded practice 1 in ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: 5 providers, 40 patients, 527 visits; claims: `));
    expect(await run(["demo", "--db", db])).toEqual({ code: 0, stdout: `the demo practice is already in ${db} (practice 1); nothing added\n`, stderr: "" });
    expect(await run(["demo", "--db", db, "--anchor", "2026-02-30"])).toMatchObject({ code: 2, stderr: 'otbill: --anchor: "2026-02-30" is not a calendar date in YYYY-MM-DD form\n' });
  });
});

describe("otbill serve", () => {
  it("listens on loopback and answers the API", async () => {
    const capture = captureIo();
    const server = await startServer({ port: "0", db }, capture.io);
    try {
      expect(server.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // Records need credentials; health does not.
      const response = await fetch(`${server.address}/api/practices`);
      expect(response.status).toBe(401);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect((await fetch(`${server.address}/api/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("refuses a port that is not one", async () => {
    expect(await run(["serve", "--port", "99999", "--db", db])).toEqual({ code: 2, stdout: "", stderr: 'otbill: --port: "99999" is not a port number (0-65535)\n' });
  });
});
