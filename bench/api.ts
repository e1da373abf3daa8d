/**
 * API throughput: POST /api/scrub on loopback with autocannon. The server runs in a
 * child process on 127.0.0.1 (an ephemeral port) with SQLite in a temp folder, as `otbill
 * serve` would, so the load generator does not steal its event loop. Two runs after a
 * warm-up:
 *   1. as fast as it goes: a fixed duration and connection count -> requests/s and p99;
 *   2. a fixed rate of 1,000 requests/s (autocannon overallRate) -> p99 at that load
 *      (the target: under 5 ms).
 * Run: npx tsx bench/api.ts [--duration 10] [--connections 10] [--rate 1000]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadReference } from "../src/reference/reference.js";
import { createToken } from "../src/auth/tokens.js";
import { buildServer } from "../src/server/app.js";
import { openStore } from "../src/store/database.js";
import { seedDemo } from "../src/store/demo/seed.js";
import { LIST_INDEXES } from "../src/store/migrations/list-indexes.js";
import { benchListRoutes, describeListRoutes, growVisits } from "./api-lists.js";
import { describePaced, pacedLoad, type PacedResult } from "./paced-client.js";

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; p99_9?: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonOptions {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
  overallRate?: number;
}
// autocannon ships no types; this is the part of its programmatic API used here.
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>;

/** A typical OT visit: three timed codes, an OTA share, an NCCI pair, a locality. */
export const BENCH_VISIT = {
  id: "V-1001",
  dateOfService: "2026-03-10",
  payer: { kind: "medicare", name: "Medicare Part B" },
  placeOfService: "11",
  locality: "01112-05",
  patient: { id: "P-7", otAllowedYearToDate: 2415.5, deductibleRemaining: 0 },
  provider: { npi: "1234567893", discipline: "OT" },
  planOfCare: {
    discipline: "OT",
    initialEvaluationDate: "2026-02-02",
    certifiedFrom: "2026-02-02",
    certifiedThrough: "2026-05-02",
    signedDate: "2026-02-10",
    treatmentDaysSinceProgressReport: 4,
  },
  diagnoses: ["I69.351", "M62.81"],
  services: [
    { code: "97530", minutes: 32, assistantMinutes: 20, diagnosisPointers: [1, 2] },
    { code: "97535", minutes: 23, diagnosisPointers: [1] },
    { code: "97140", minutes: 10, distinct: true, diagnosisPointers: [2] },
  ],
  totalTreatmentMinutes: 65,
};

export interface ApiBenchOptions {
  durationSeconds?: number;
  connections?: number;
  rate?: number;
}

export interface ApiRun {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failures: number;
}

export interface ApiBenchResult {
  throughput: ApiRun;
  fixedRate: ApiRun & { targetRate: number };
  /** the same rate evenly paced (one request every 1/rate s), latency from when each was due */
  paced: PacedResult;
}

function summarize(result: AutocannonResult, connections: number): ApiRun {
  return {
    connections,
    seconds: result.duration,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

const SERVE_FLAG = "--serve-for-bench";

/** The child: `otbill serve` in all but name, on an ephemeral loopback port; prints its address. */
async function serveForBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-bench-api-"));
  const store = await openStore({ dialect: "sqlite", file: join(dir, "otbill.sqlite") });
  // The API needs credentials: a biller's token, as a practice's script would use. The
  // per-caller rate limit is off: the load generator is one caller on purpose.
  const practice = await store.db.insertInto("practices").values({ name: "Bench Clinic", npi: null, tax_id: null }).returning("id").executeTakeFirstOrThrow();
  const { token } = await createToken(store.db, { name: "bench", role: "biller", practiceId: practice.id, createdBy: "os:bench" });
  const app = buildServer({ store, reference: loadReference(), security: { rateLimit: false } });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  process.stdout.write(`${address} ${token}\n`);
  const stop = async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.stdin.once("end", () => void stop());
  process.stdin.resume();
}

/** Starts the server in its own process, so the load generator does not share its event loop. */
async function startServerProcess(): Promise<{ address: string; token: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), SERVE_FLAG], { stdio: ["pipe", "pipe", "inherit"] });
  const address = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.includes("\n")) resolve(text.trim());
    });
    child.once("exit", (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  const [url, token] = address.split(" ") as [string, string];
  return { address: url, token, child };
}

export async function runApiBench(options: ApiBenchOptions = {}): Promise<ApiBenchResult> {
  const duration = options.durationSeconds ?? 10;
  const connections = options.connections ?? 10;
  const rate = options.rate ?? 1000;
  const { address, token, child } = await startServerProcess();
  try {
    const request = { url: `${address}/api/scrub`, method: "POST" as const, headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(BENCH_VISIT) };
    const check = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
    if (check.status !== 200) throw new Error(`POST /api/scrub answered ${check.status}: ${await check.text()}`);
    await autocannon({ ...request, connections, duration: 2 }); // warm-up: JIT and caches
    const throughput = await autocannon({ ...request, connections, duration });
    const fixedRate = await autocannon({ ...request, connections, duration, overallRate: rate });
    const paced = await pacedLoad({ ...request, rate, durationSeconds: duration, connections: 32 });
    return { throughput: summarize(throughput, connections), fixedRate: { ...summarize(fixedRate, connections), targetRate: rate }, paced };
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

function describeRun(run: ApiRun): string {
  return `${run.requestsPerSecond} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms, ${run.failures} failures (${run.connections} connections, ${run.seconds} s)`;
}

/** What `npm run bench` (bench/run.ts) calls. */
export async function benchApi(options: ApiBenchOptions = {}): Promise<void> {
  const result = await runApiBench(options);
  console.log(`api POST /api/scrub, max throughput: ${describeRun(result.throughput)}`);
  console.log(`api POST /api/scrub, fixed ${result.fixedRate.targetRate} req/s: ${describeRun(result.fixedRate)}`);
  console.log(describePaced("api POST /api/scrub (bearer token)", result.paced, 5));
  const lists = await runListBench(Number(process.env.BENCH_LIST_VISITS ?? 50_000));
  for (const line of lists) console.log(line);
}

/** GET list routes on a practice of `visits` visits, in this process (SQLite in a temp folder). */
export async function runListBench(visits: number, options: { withoutListIndexes?: boolean } = {}): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-bench-lists-"));
  const store = await openStore({ dialect: "sqlite", file: join(dir, "otbill.sqlite") });
  try {
    const reference = loadReference();
    const { practiceId } = await seedDemo(store.db, reference);
    const fixture = await growVisits(store, practiceId, visits);
    // --without-list-indexes: the same database before migration 2026-12-01-list-indexes, for comparison
    if (options.withoutListIndexes) for (const index of LIST_INDEXES) await store.db.schema.dropIndex(index.name).execute();
    const { token } = await createToken(store.db, { name: "bench", role: "biller", practiceId, createdBy: "os:bench" });
    const app = buildServer({ store, reference, security: { rateLimit: false } });
    try {
      return describeListRoutes(fixture, await benchListRoutes(app, token, fixture));
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function option(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

if (process.argv.includes(SERVE_FLAG)) {
  await serveForBench();
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes("--lists")) {
  // npx tsx bench/api.ts --lists [--visits 50000]: the list routes only
  for (const line of await runListBench(option("visits") ?? 50_000, { withoutListIndexes: process.argv.includes("--without-list-indexes") })) console.log(line);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const duration = option("duration");
  const connections = option("connections");
  const rate = option("rate");
  await benchApi({
    ...(duration ? { durationSeconds: duration } : {}),
    ...(connections ? { connections } : {}),
    ...(rate ? { rate } : {}),
  });
}
