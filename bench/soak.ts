/**
 * `npm run soak`: a long mixed load against `otbill serve` over a 50,000-visit SQLite
 * database (not in CI). The server runs in its own process; the load is autocannon at a
 * fixed overall rate, in one-minute slices, and each slice prints p50/p99, errors,
 * non-2xx answers and the server's RSS, so a leak or a slowdown shows over time.
 * Mix: list visits (30%), read a visit (30%), scrub a visit in the body (25%), create a
 * patient (10%), scrub a stored visit with its history (5%).
 * Run: npx tsx bench/soak.ts [--minutes 10] [--rate 500] [--visits 50000] [--connections 20]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createToken } from "../src/auth/tokens.js";
import { loadReference } from "../src/reference/reference.js";
import { buildServer } from "../src/server/app.js";
import { openStore } from "../src/store/database.js";
import { seedPracticeFixture } from "../src/store/test-support/fixtures.js";
import { createVisit } from "../src/store/visits.js";
import { inTransaction } from "../src/store/transaction.js";
import { BENCH_VISIT } from "./api.js";

interface SliceResult {
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => Promise<SliceResult>;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const SERVE_FLAG = "--serve-for-soak";

/** The child: seeds the database, then serves it; prints "address token lastVisitId". */
async function serveForSoak(visits: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-soak-"));
  const store = await openStore({ dialect: "sqlite", file: join(dir, "otbill.sqlite") });
  const fixture = await seedPracticeFixture(store.db, "Soak Clinic");
  // About 25 visits a patient, as in a clinic's year: history queries stay per patient.
  const patientIds: number[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(visits / 25)); i += 1) {
    const row = await store.db.insertInto("patients").values({ practice_id: fixture.practice.id, external_id: `SP-${i}`, first_name: "Soak", last_name: `Patient ${i}`, birth_date: "1950-01-01" }).returning("id").executeTakeFirstOrThrow();
    patientIds.push(row.id);
  }
  let lastId = 0;
  for (let start = 0; start < visits; start += 1000) {
    await inTransaction(store.db, async (trx) => {
      for (let i = start; i < Math.min(visits, start + 1000); i += 1) {
        const day = 1 + (i % 28);
        const visit = await createVisit(trx, {
          practiceId: fixture.practice.id,
          patientId: patientIds[i % patientIds.length]!,
          providerId: fixture.ot.id,
          payerId: fixture.medicare.id,
          externalId: `S-${i}`,
          dateOfService: `2026-0${1 + (i % 3)}-${String(day).padStart(2, "0")}`,
          diagnoses: ["I69.351"],
          services: [{ code: "97530", minutes: 30, assistantMinutes: null, units: null, modifiers: [], distinct: false, diagnosisPointers: [1], description: null, assistantProviderId: null }],
        });
        lastId = visit.id;
      }
    });
  }
  const { token } = await createToken(store.db, { name: "soak", role: "biller", practiceId: fixture.practice.id, createdBy: "os:soak" });
  const app = buildServer({ store, reference: loadReference(), security: { rateLimit: false } });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  process.stdout.write(`${address} ${token} ${lastId} ${fixture.practice.id}\n`);
  process.stdin.once("end", () => {
    void app.close().then(() => store.close()).then(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  process.stdin.resume();
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function soak(): Promise<void> {
  const minutes = option("minutes", 10);
  const rate = option("rate", 500);
  const visits = option("visits", 50_000);
  const connections = option("connections", 20);
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), SERVE_FLAG, String(visits)], { stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.includes("\n")) resolve(text.trim());
    });
    child.once("exit", (code) => reject(new Error(`the soak server exited with ${code}`)));
  });
  const [address, token, lastId, practiceId] = line.split(" ") as [string, string, string, string];
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const someVisit = () => Math.max(1, Number(lastId) - Math.floor(Math.random() * visits));
  const requests = [
    ...Array.from({ length: 6 }, () => ({ method: "GET", path: "/api/visits?limit=20" })),
    ...Array.from({ length: 6 }, () => ({ method: "GET", setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/api/visits/${someVisit()}` }) })),
    ...Array.from({ length: 5 }, () => ({ method: "POST", path: "/api/scrub", body: JSON.stringify(BENCH_VISIT) })),
    ...Array.from({ length: 2 }, () => ({ method: "POST", path: "/api/patients", body: JSON.stringify({ practiceId: Number(practiceId), firstName: "Soak", lastName: "Patient" }) })),
    { method: "POST", body: "{}", setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/api/visits/${someVisit()}/scrub` }) },
  ];
  console.log(`soak: ${visits} visits, ${rate} req/s for ${minutes} min, ${connections} connections; server RSS at start ${rssMiB(child.pid!)} MiB`);
  let totalErrors = 0;
  try {
    for (let minute = 1; minute <= minutes; minute += 1) {
      const result = await autocannon({ url: address, headers, requests, connections, duration: 60, overallRate: rate });
      const errors = result.errors + result.timeouts;
      totalErrors += errors + result.non2xx;
      console.log(`minute ${minute}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${errors}, non-2xx ${result.non2xx}, server RSS ${rssMiB(child.pid!)} MiB`);
    }
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once("exit", resolve));
  }
  console.log(`soak done: ${totalErrors} errors or non-2xx answers`);
}

if (process.argv.includes(SERVE_FLAG)) await serveForSoak(Number(process.argv[process.argv.indexOf(SERVE_FLAG) + 1]));
else await soak();
