/**
 * API throughput: POST /api/scrub on loopback with autocannon. The server runs in a
 * child process on 127.0.0.1 (an ephemeral port) with SQLite in a temp folder, as `otbill
 * serve` would, so the load generator does not steal its event loop. Two runs after a
 * warm-up:
 *   1. as fast as it goes: a fixed duration and connection count -> requests/s and p99;
 *   2. a fixed rate of 1,000 requests/s (autocannon overallRate) -> p99 at that load
 *      (the issue's target: under 5 ms).
 * The server process runs with V8's defaults, as `otbill serve` does; for each run it reports
 * its own CPU per request and its garbage collections (scavenges, mark-compacts, longest
 * pause), counted in the server process.
 * Run: npx tsx bench/api.ts [--duration 10] [--connections 10] [--rate 1000]
 *   --compare-heap [--rounds 2] [--rate R] [--semi-spaces 64]: only the evenly paced run,
 *     alternating a server with V8's default young generation and servers whose semi-spaces
 *     are the sizes listed (MB, --max- and --min-semi-space-size; default 64), each afresh
 *   --gc-trace FILE: the server runs with --trace-gc, its trace (with the phases marked) to FILE
 *   --semi-space MB: the server runs with semi-spaces of that size (--max- and --min-semi-space-size)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { PerformanceObserver, constants as perfConstants } from "node:perf_hooks";
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
  /** node flags of the server process (default none, as `otbill serve`) */
  serverNodeFlags?: readonly string[];
  /** write the server's --trace-gc output here */
  gcTraceFile?: string;
}

/** What the server process measured of itself between two marks. */
export interface ServerLoad {
  /** user + system CPU of the server process, ms */
  cpuMs: number;
  scavenges: number;
  scavengeMs: number;
  markCompacts: number;
  markCompactMs: number;
  /** incremental marking steps and weak callbacks V8 reports besides */
  otherGcs: number;
  longestPauseMs: number;
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
  serverNodeFlags: readonly string[];
  throughput: ApiRun & { server: ServerLoad };
  fixedRate: ApiRun & { targetRate: number; server: ServerLoad };
  /** the same rate evenly paced (one request every 1/rate s), latency from when each was due */
  paced: PacedResult & { server: ServerLoad };
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
const ADDRESS_LINE = "bench-server";

/** In the server process: on "mark" start counting, on "report" send what was counted since. */
function reportLoadOnRequest(): void {
  let load: ServerLoad = { cpuMs: 0, scavenges: 0, scavengeMs: 0, markCompacts: 0, markCompactMs: 0, otherGcs: 0, longestPauseMs: 0 };
  let cpuStart = process.cpuUsage();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
        load.scavenges++;
        load.scavengeMs += entry.duration;
      } else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
        load.markCompacts++;
        load.markCompactMs += entry.duration;
      } else load.otherGcs++;
      load.longestPauseMs = Math.max(load.longestPauseMs, entry.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  process.on("message", (message: { type: string; phase?: string }) => {
    if (message.type === "mark") {
      if (process.argv.includes("--trace-gc-marks")) process.stdout.write(`=== ${message.phase ?? ""}\n`);
      load = { cpuMs: 0, scavenges: 0, scavengeMs: 0, markCompacts: 0, markCompactMs: 0, otherGcs: 0, longestPauseMs: 0 };
      cpuStart = process.cpuUsage();
      process.send!({ type: "marked" });
    } else if (message.type === "report") {
      // the observer is told of a collection after it ends: let the last ones arrive
      setTimeout(() => {
        const cpu = process.cpuUsage(cpuStart);
        process.send!({ type: "load", load: { ...load, cpuMs: (cpu.user + cpu.system) / 1000 } });
      }, 20);
    }
  });
}

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
  reportLoadOnRequest();
  process.stdout.write(`${ADDRESS_LINE} ${address} ${token}\n`);
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

interface ServerProcess {
  address: string;
  token: string;
  child: ChildProcess;
  /** start counting the server's CPU and collections */
  mark(phase: string): Promise<void>;
  /** what the server counted since the mark */
  load(): Promise<ServerLoad>;
  stop(): Promise<void>;
}

/** Starts the server in its own process, so the load generator does not share its event loop. */
async function startServerProcess(nodeFlags: readonly string[], gcTraceFile?: string): Promise<ServerProcess> {
  const trace = gcTraceFile ? ["--trace-gc"] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...trace, ...process.execArgv, fileURLToPath(import.meta.url), SERVE_FLAG, ...(gcTraceFile ? ["--trace-gc-marks"] : [])], { stdio: ["pipe", "pipe", "inherit", "ipc"] });
  if (gcTraceFile) appendFileSync(gcTraceFile, `### server node flags: ${[...nodeFlags, ...trace].join(" ") || "(none)"}\n`);
  const address = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      const part = chunk.toString("utf8");
      if (gcTraceFile) appendFileSync(gcTraceFile, part);
      text += part;
      const line = text.split("\n").find((candidate) => candidate.startsWith(`${ADDRESS_LINE} `) && text.includes(`${candidate}\n`));
      if (line) resolve(line.slice(ADDRESS_LINE.length + 1).trim());
    });
    child.once("exit", (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  const [url, token] = address.split(" ") as [string, string];
  const reply = <T>(type: string, message: object): Promise<T> =>
    new Promise((resolve) => {
      const listener = (answer: { type: string } & T) => {
        if (answer.type !== type) return;
        child.off("message", listener);
        resolve(answer);
      };
      child.on("message", listener);
      child.send(message);
    });
  return {
    address: url,
    token,
    child,
    mark: async (phase) => {
      await reply("marked", { type: "mark", phase });
    },
    load: async () => (await reply<{ load: ServerLoad }>("load", { type: "report" })).load,
    stop: async () => {
      child.stdin!.end();
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

function scrubRequest(address: string, token: string) {
  return { url: `${address}/api/scrub`, method: "POST" as const, headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(BENCH_VISIT) };
}

async function checkAndWarmUp(server: ServerProcess, connections: number): Promise<ReturnType<typeof scrubRequest>> {
  const request = scrubRequest(server.address, server.token);
  const check = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
  if (check.status !== 200) throw new Error(`POST /api/scrub answered ${check.status}: ${await check.text()}`);
  await autocannon({ ...request, connections, duration: 2 }); // warm-up: JIT and caches
  return request;
}

export async function runApiBench(options: ApiBenchOptions = {}): Promise<ApiBenchResult> {
  const duration = options.durationSeconds ?? 10;
  const connections = options.connections ?? 10;
  const rate = options.rate ?? 1000;
  const serverNodeFlags = options.serverNodeFlags ?? [];
  const server = await startServerProcess(serverNodeFlags, options.gcTraceFile);
  try {
    const request = await checkAndWarmUp(server, connections);
    await server.mark("throughput");
    const throughput = await autocannon({ ...request, connections, duration });
    const throughputLoad = await server.load();
    await server.mark("fixed rate");
    const fixedRate = await autocannon({ ...request, connections, duration, overallRate: rate });
    const fixedLoad = await server.load();
    await server.mark("paced");
    const paced = await pacedLoad({ ...request, rate, durationSeconds: duration, connections: 32 });
    const pacedServer = await server.load();
    return {
      serverNodeFlags,
      throughput: { ...summarize(throughput, connections), server: throughputLoad },
      fixedRate: { ...summarize(fixedRate, connections), targetRate: rate, server: fixedLoad },
      paced: { ...paced, server: pacedServer },
    };
  } finally {
    await server.stop();
  }
}

/** The evenly paced run only, on a fresh server with the given node flags. */
export async function runPacedOnce(serverNodeFlags: readonly string[], options: ApiBenchOptions = {}): Promise<PacedResult & { server: ServerLoad }> {
  const server = await startServerProcess(serverNodeFlags, options.gcTraceFile);
  try {
    const request = await checkAndWarmUp(server, options.connections ?? 10);
    await server.mark(`paced ${serverNodeFlags.join(" ") || "default heap"}`);
    const paced = await pacedLoad({ ...request, rate: options.rate ?? 1000, durationSeconds: options.durationSeconds ?? 10, connections: 32 });
    return { ...paced, server: await server.load() };
  } finally {
    await server.stop();
  }
}

export function describeServerLoad(load: ServerLoad, requests: number): string {
  return (
    `server CPU ${(load.cpuMs / requests).toFixed(3)} ms a request; ${load.scavenges} scavenges (${load.scavengeMs.toFixed(0)} ms), ` +
    `${load.markCompacts} mark-compacts (${load.markCompactMs.toFixed(0)} ms), longest GC pause ${load.longestPauseMs.toFixed(1)} ms`
  );
}

function describeRun(run: ApiRun): string {
  return `${run.requestsPerSecond} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms, ${run.failures} failures (${run.connections} connections, ${run.seconds} s)`;
}

/** What `npm run bench` (bench/run.ts) calls. */
export async function benchApi(options: ApiBenchOptions = {}): Promise<void> {
  const result = await runApiBench(options);
  console.log(`api server node flags: ${result.serverNodeFlags.join(" ") || "(none)"}`);
  console.log(`api POST /api/scrub, max throughput: ${describeRun(result.throughput)}; ${describeServerLoad(result.throughput.server, result.throughput.requestsPerSecond * result.throughput.seconds)}`);
  console.log(`api POST /api/scrub, fixed ${result.fixedRate.targetRate} req/s: ${describeRun(result.fixedRate)}; ${describeServerLoad(result.fixedRate.server, result.fixedRate.requestsPerSecond * result.fixedRate.seconds)}`);
  console.log(`${describePaced("api POST /api/scrub (bearer token)", result.paced, 5)}; ${describeServerLoad(result.paced.server, result.paced.sent)}`);
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
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes("--compare-heap")) {
  // npx tsx bench/api.ts --compare-heap [--rounds 2] [--duration 10]: V8's default young generation against larger ones, alternating
  const durationSeconds = option("duration") ?? 10;
  const traceIndex = process.argv.indexOf("--gc-trace");
  const gcTraceFile = traceIndex >= 0 ? process.argv[traceIndex + 1] : undefined;
  if (gcTraceFile) writeFileSync(gcTraceFile, "");
  // --semi-spaces 16,64: servers with semi-spaces of that many MB (max and min) besides V8's default
  const sizesIndex = process.argv.indexOf("--semi-spaces");
  const sizes = (sizesIndex >= 0 ? (process.argv[sizesIndex + 1] ?? "") : "64").split(",").filter((size) => /^\d+$/.test(size));
  const heaps: [string, readonly string[]][] = [
    ["default heap", []],
    ...sizes.map((size): [string, string[]] => [`${size} MB semi-spaces`, [`--max-semi-space-size=${size}`, `--min-semi-space-size=${size}`]]),
  ];
  for (let round = 1; round <= (option("rounds") ?? 2); round++) {
    for (const [label, flags] of heaps) {
      const paced = await runPacedOnce(flags, { durationSeconds, ...(option("rate") ? { rate: option("rate")! } : {}), ...(gcTraceFile ? { gcTraceFile } : {}) });
      console.log(`${describePaced(`round ${round}, ${label} (${flags.join(" ") || "no flags"})`, paced, 5)}; ${describeServerLoad(paced.server, paced.sent)}`);
    }
  }
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const duration = option("duration");
  const connections = option("connections");
  const rate = option("rate");
  const traceIndex = process.argv.indexOf("--gc-trace");
  const gcTraceFile = traceIndex >= 0 ? process.argv[traceIndex + 1] : undefined;
  if (gcTraceFile) writeFileSync(gcTraceFile, "");
  const semiSpace = option("semi-space");
  await benchApi({
    ...(gcTraceFile ? { gcTraceFile } : {}),
    ...(semiSpace ? { serverNodeFlags: [`--max-semi-space-size=${semiSpace}`, `--min-semi-space-size=${semiSpace}`] } : {}),
    ...(duration ? { durationSeconds: duration } : {}),
    ...(connections ? { connections } : {}),
    ...(rate ? { rate } : {}),
  });
}
