/**
 * Memory of `otbill scrub` over a large file (issue 14 goal 1: 1,000,000 visits under 300 MB
 * of peak RSS): generate the visits, scrub them through the CLI with stdout to a pipe, and
 * print the child's peak RSS next to the goal. Memory must stay flat whatever the file's size.
 *
 * The JSON floor then runs over the same file. With the floor comparison at 100,000 visits
 * (bench/json-floor.ts), the two sizes split each side's CPU into a part that does not grow
 * with the file (start-up, and the engine's code running unoptimised until V8 has compiled
 * it) and a cost a visit: how far the ratio at the goal's size is fixed cost.
 * Run: npx tsx bench/scrub-memory.ts [visits] (after `npm run build`)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { floorResults, runFloor, type FloorComparison } from "./json-floor.js";
import { describeScrub, scrubFile, writeVisits, type ScrubBenchResult } from "./scrub-cli.js";

/** 300 MB (decimal, as the goal says), in bytes. */
export const PEAK_RSS_GOAL_BYTES = 300e6;

export interface MemoryRun {
  scrub: ScrubBenchResult;
  /** the JSON floor (json output) over the same file */
  floor: ScrubBenchResult;
}

export async function benchScrubMemory(visits: number): Promise<MemoryRun> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-bench-"));
  const file = join(dir, "visits.ndjson");
  try {
    await writeVisits(file, visits);
    const scrub = await scrubFile(file, visits);
    const floor = await runFloor(file, visits, floorResults(file, dir, "json"));
    return { scrub, floor };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU = fixed + visits x a visit, through two runs of different sizes; `cpu` picks the figure (the whole process's by default). */
export function splitCpu(small: ScrubBenchResult, large: ScrubBenchResult, cpu: (run: ScrubBenchResult) => number = (run) => run.cpuSeconds): { fixedSeconds: number; microsPerVisit: number } {
  const perVisit = (cpu(large) - cpu(small)) / (large.visits - small.visits);
  return { fixedSeconds: cpu(small) - perVisit * small.visits, microsPerVisit: perVisit * 1e6 };
}

/** The same split for V8's compiler and garbage collector threads, when both runs measured their main thread. */
function splitOtherThreads(small: ScrubBenchResult, large: ScrubBenchResult): { fixedSeconds: number; microsPerVisit: number } | undefined {
  if (small.mainThreadCpuSeconds === undefined || large.mainThreadCpuSeconds === undefined) return undefined;
  return splitCpu(small, large, (run) => run.cpuSeconds - run.mainThreadCpuSeconds!);
}

/** `json`: the floor comparison (json output) at the goal's size, when it ran in the same bench. */
export function describeScrubMemory(run: MemoryRun, json?: FloorComparison): string[] {
  const { scrub, floor } = run;
  const peakBytes = scrub.peakRssMiB * 2 ** 20;
  const goal = `goal < ${PEAK_RSS_GOAL_BYTES / 1e6} MB (${(PEAK_RSS_GOAL_BYTES / 2 ** 20).toFixed(0)} MiB)`;
  const lines = [
    describeScrub("otbill scrub (memory)", scrub),
    `otbill scrub of ${scrub.visits} visits: peak RSS ${scrub.peakRssMiB} MiB = ${(peakBytes / 1e6).toFixed(0)} MB; ${goal}: ${peakBytes < PEAK_RSS_GOAL_BYTES ? "met" : "not met"}`,
    describeScrub("JSON floor (json, same file)", floor),
    `otbill scrub / JSON floor at ${scrub.visits} visits: ${(scrub.cpuSeconds / floor.cpuSeconds).toFixed(2)}x CPU, ${(scrub.seconds / floor.seconds).toFixed(2)}x wall (a reading; the goal is read at the bench's size)`,
  ];
  if (json && json.scrub.visits < scrub.visits) {
    const otbill = splitCpu(json.scrub, scrub);
    const base = splitCpu(json.floor, floor);
    lines.push(
      `CPU split by the ${json.scrub.visits} and ${scrub.visits} visit runs: otbill scrub ${otbill.fixedSeconds.toFixed(2)} s fixed + ${otbill.microsPerVisit.toFixed(1)} µs a visit, JSON floor ${base.fixedSeconds.toFixed(2)} s + ${base.microsPerVisit.toFixed(1)} µs; a visit's own ratio ${(otbill.microsPerVisit / base.microsPerVisit).toFixed(2)}x`,
    );
    const otbillOther = splitOtherThreads(json.scrub, scrub);
    const baseOther = splitOtherThreads(json.floor, floor);
    if (otbillOther && baseOther) {
      lines.push(
        `  of which V8's compiler and GC threads: otbill scrub ${otbillOther.fixedSeconds.toFixed(2)} s fixed + ${otbillOther.microsPerVisit.toFixed(1)} µs a visit, JSON floor ${baseOther.fixedSeconds.toFixed(2)} s + ${baseOther.microsPerVisit.toFixed(1)} µs`,
      );
    }
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of describeScrubMemory(await benchScrubMemory(Number(process.argv[2] ?? 1_000_000)))) console.log(line);
}
