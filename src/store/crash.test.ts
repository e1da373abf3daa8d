/**
 * kill -9 in the middle of an import and of a burst of writes, on both databases: every
 * write that was acknowledged is there, whole; the import is all or nothing; SQLite's
 * integrity check passes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, quoteIdentifier, type Store } from "./database.js";
import { postgres } from "./test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "./test-support/fixtures.js";

const CHILD = join(import.meta.dirname, "test-support/crash-child.ts");
const TSX = createRequire(import.meta.url).resolve("tsx");

function start(args: string[]): { child: ChildProcess; lines: string[]; waitFor(predicate: (lines: string[]) => boolean): Promise<void> } {
  const child = spawn(process.execPath, ["--import", TSX, CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let partial = "";
  const waiters: { predicate: (lines: string[]) => boolean; resolve: () => void }[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString("utf8");
    const parts = text.split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
    for (const waiter of [...waiters]) if (waiter.predicate(lines)) waiter.resolve();
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return {
    child,
    lines,
    waitFor: (predicate) =>
      new Promise((resolve, reject) => {
        if (predicate(lines)) return resolve();
        waiters.push({ predicate, resolve });
        child.once("exit", (code) => (predicate(lines) ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`))));
      }),
  };
}

/** SIGKILL, or nothing when the child has already exited (then its exit has been seen). */
function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

function bigCsv(file: string, visits: number): void {
  const rows = ["visit_id,date_of_service,patient_id,patient_last_name,patient_first_name,provider_npi,payer_kind,diagnoses,code,minutes,diagnosis_pointers"];
  for (let i = 0; i < visits; i += 1) rows.push(`I-${i},2026-03-10,P-${i % 50},Doe,Pat,1234567893,medicare,I69.351,97530,30,1`);
  writeFileSync(file, `${rows.join("\n")}\n`);
}

interface Target {
  kind: "sqlite" | "postgres";
  args: string[];
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

async function target(kind: "sqlite" | "postgres", dir: string): Promise<Target> {
  if (kind === "sqlite") {
    const file = join(dir, "crash.sqlite");
    return { kind, args: ["sqlite", file], open: () => openStore({ dialect: "sqlite", file }), dispose: async () => undefined };
  }
  const schema = `otbill_crash_${Math.random().toString(36).slice(2, 10)}`;
  const url = postgres.url!;
  return {
    kind,
    args: ["postgres", url, schema],
    open: () => openStore({ dialect: "postgres", url }, { schema, poolSize: 2 }),
    dispose: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
      await client.end();
    },
  };
}

for (const kind of ["sqlite", "postgres"] as const) {
  const run = kind === "postgres" && !postgres.url ? describe.skip : describe;
  run(`kill -9 [${kind}]`, () => {
    let dir: string;
    let db: Target;
    let fixture: PracticeFixture;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "otbill-crash-"));
      db = await target(kind, dir);
      const store = await db.open();
      fixture = await seedPracticeFixture(store.db, "Crash Clinic");
      await store.close();
    });
    afterAll(async () => {
      await db.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it("keeps every acknowledged write of a burst, each visit whole", async () => {
      const child = start([...db.args, "burst", String(fixture.practice.id), String(fixture.patient.id), String(fixture.ot.id), String(fixture.medicare.id)]);
      await child.waitFor((lines) => lines.filter((line) => line.startsWith("ack ")).length >= 40);
      await killed(child.child);
      const acked = child.lines.filter((line) => line.startsWith("ack ")).map((line) => Number(line.slice(4)));
      const store = await db.open();
      try {
        const visits = await store.db.selectFrom("visits").select("id").where("external_id", "like", "B-%").execute();
        const stored = new Set(visits.map((row) => row.id));
        expect(acked.filter((id) => !stored.has(id))).toEqual([]);
        // At most the one write in flight when the process died may be there unacknowledged.
        expect(stored.size - acked.length).toBeLessThanOrEqual(1);
        const services = await store.db.selectFrom("visit_services").select(["visit_id", (eb) => eb.fn.countAll().as("n")]).groupBy("visit_id").execute();
        const perVisit = new Map(services.map((row) => [row.visit_id, Number(row.n)]));
        expect([...stored].filter((id) => perVisit.get(id) !== 2)).toEqual([]);
        if (kind === "sqlite") expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db)).rows).toEqual([{ integrity_check: "ok" }]);
      } finally {
        await store.close();
      }
    }, 60_000);

    it("an import killed midway stores nothing", async () => {
      const csv = join(dir, "big.csv");
      bigCsv(csv, 20_000);
      const child = start([...db.args, "import", csv]);
      // Killed as soon as its transaction sends the first insert, however fast the parse before it was.
      await child.waitFor((lines) => lines.includes("writing"));
      const finished = child.lines.includes("imported");
      await killed(child.child);
      const store = await db.open();
      try {
        const count = (await store.db.selectFrom("visits").select("id").where("external_id", "like", "I-%").execute()).length;
        expect(count === 0 || (finished && count === 20_000), `${count} visits after the kill`).toBe(true);
        if (kind === "sqlite") expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db)).rows).toEqual([{ integrity_check: "ok" }]);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}
