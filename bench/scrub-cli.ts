/**
 * Scrub throughput through the CLI path: generate N visits as NDJSON into a temp file,
 * then run `otbill scrub FILE` in a child process (NDJSON in, NDJSON out to a pipe that
 * counts bytes) and report visits per second, CPU time and the child's peak RSS.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateVisit, seededRandom } from "./generate-visits.js";

const root = fileURLToPath(new URL("..", import.meta.url));

export interface ScrubBenchResult {
  visits: number;
  seconds: number;
  visitsPerSecond: number;
  /** user + system time of the child: the figure that holds on a shared machine */
  cpuSeconds: number;
  /** the main thread's share of cpuSeconds (Linux); the rest is V8's compiler and garbage collector threads */
  mainThreadCpuSeconds?: number;
  visitsPerCpuSecond: number;
  peakRssMiB: number;
  outputLines: number;
  outputBytes: number;
}

export async function writeVisits(file: string, count: number): Promise<void> {
  const random = seededRandom(20260310);
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(generateVisit(random, i))}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/**
 * Runs `node ARGS` with stdout to a counting pipe; the child writes "peakRssKiB cpuMicros
 * mainThreadCpuMicros" to fd 3 at exit (bench/thread-cpu.js: measure-rss.js for otbill,
 * json-floor-child.js for the floor).
 */
export async function runMeasured(visits: number, args: readonly string[]): Promise<ScrubBenchResult> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...args], { cwd: root, stdio: ["ignore", "pipe", "inherit", "pipe"] });
  let outputLines = 0;
  let outputBytes = 0;
  // Newlines found by Buffer#indexOf (memchr), not a loop over every byte: the counting shares
  // the machine's two cores with the child it measures.
  child.stdout!.on("data", (chunk: Buffer) => {
    outputBytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) outputLines++;
  });
  let report = "";
  child.stdio[3]!.on("data", (chunk: Buffer) => (report += chunk.toString()));
  const [code] = (await once(child, "close")) as [number];
  // 3: otbill scrub ran every visit and some were invalid
  if (code !== 0 && code !== 3) throw new Error(`node ${args.join(" ")} exited ${code}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [rssKiB, cpuMicros, mainThreadCpuMicros] = report.trim().split(" ").map(Number) as [number, number, number | undefined];
  const cpuSeconds = cpuMicros / 1e6;
  return {
    visits,
    seconds,
    visitsPerSecond: Math.round(visits / seconds),
    cpuSeconds,
    ...(mainThreadCpuMicros === undefined ? {} : { mainThreadCpuSeconds: mainThreadCpuMicros / 1e6 }),
    visitsPerCpuSecond: Math.round(visits / cpuSeconds),
    peakRssMiB: Math.round(rssKiB / 1024),
    outputLines,
    outputBytes,
  };
}

/** `otbill scrub [extraArgs] FILE` over a file of visits written by writeVisits. */
export function scrubFile(file: string, visits: number, extraArgs: readonly string[] = []): Promise<ScrubBenchResult> {
  // measure-rss.js runs the CLI in-process and reports its peak RSS and CPU times to fd 3 at exit.
  return runMeasured(visits, [join(root, "bench/measure-rss.js"), "scrub", ...extraArgs, file]);
}

/** The item in the middle by `key` (of an even count, the lower of the two middle ones): for runs repeated against a noisy machine. */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** "main thread X s, V8's compiler and GC threads Y s": where the CPU went, when the platform says. */
function describeThreads(result: ScrubBenchResult): string | undefined {
  if (result.mainThreadCpuSeconds === undefined) return undefined;
  return `main thread ${result.mainThreadCpuSeconds.toFixed(2)} s, V8's compiler and GC threads ${(result.cpuSeconds - result.mainThreadCpuSeconds).toFixed(2)} s`;
}

export function describeScrub(label: string, result: ScrubBenchResult): string {
  const threads = describeThreads(result);
  return `${label}: ${result.visits} visits in ${result.seconds.toFixed(2)} s wall = ${result.visitsPerSecond} visits/s; CPU ${result.cpuSeconds.toFixed(2)} s${threads ? ` (${threads})` : ""} = ${result.visitsPerCpuSecond} visits per CPU second; peak RSS ${result.peakRssMiB} MiB; ${result.outputLines} results, ${Math.round(result.outputBytes / result.outputLines)} bytes each`;
}
