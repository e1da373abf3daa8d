/**
 * Scrub against the JSON floor (issue 14 goal 1: at most 2.0x), in one run over one file:
 * `otbill scrub FILE` and the floor script (json-floor-child.js: read the same NDJSON,
 * JSON.parse each line, JSON.stringify a result of otbill's size and shape), then the same
 * pair for `--output codes` against a floor that writes codes-shaped results. The floor's
 * results are otbill's own for the first 1,000 visits of the file, cycled.
 *
 * On a shared virtual machine the same run's CPU moves by 10-20% from one minute to the next,
 * so each pair runs BENCH_FLOOR_ROUNDS times (default 3), floor and otbill alternating, and the
 * figures are each side's median run by CPU; every round's own ratio is printed beside them.
 * Run: npx tsx bench/json-floor.ts [visits] [rounds] (after `npm run build`)
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { StringDecoder } from "node:string_decoder";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeScrub, medianBy, runMeasured, scrubFile, writeVisits, type ScrubBenchResult } from "./scrub-cli.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const TEMPLATE_VISITS = 1000;

export interface FloorComparison {
  output: "json" | "codes";
  /** otbill's median run by CPU */
  scrub: ScrubBenchResult;
  /** the floor's median run by CPU */
  floor: ScrubBenchResult;
  /** otbill's time over the floor's (the medians): wall and CPU */
  wallRatio: number;
  cpuRatio: number;
  /** each round's CPU ratio, in the order they ran */
  roundCpuRatios: number[];
}

export const FLOOR_GOAL = 2.0;

/** The floor over a file, writing the results of floorResults (cycled, under each visit's id). */
export function runFloor(file: string, visits: number, results: string): Promise<ScrubBenchResult> {
  return runMeasured(visits, [join(root, "bench/json-floor-child.js"), file, results]);
}

/** The first `count` lines of a file, read a megabyte at a time (the file may be larger than a string can be). */
function headLines(file: string, count: number): string[] {
  const descriptor = openSync(file, "r");
  try {
    const chunk = Buffer.alloc(1 << 20);
    // A character split between two reads is joined by the decoder.
    const decoder = new StringDecoder("utf8");
    let text = "";
    let lines = 0;
    for (let read = readSync(descriptor, chunk); read > 0 && lines < count; read = readSync(descriptor, chunk)) {
      const piece = decoder.write(chunk.subarray(0, read));
      for (let at = piece.indexOf("\n"); at !== -1; at = piece.indexOf("\n", at + 1)) lines++;
      text += piece;
    }
    return text.split("\n", count);
  } finally {
    closeSync(descriptor);
  }
}

/** otbill's results for the first visits of the file: the floor writes these, so its output has otbill's size and shape. */
export function floorResults(file: string, dir: string, output: "json" | "codes"): string {
  const head = join(dir, "head.ndjson");
  const lines = headLines(file, TEMPLATE_VISITS);
  writeFileSync(head, `${lines.join("\n")}\n`);
  const results = join(dir, `results-${output}.ndjson`);
  let text: string;
  try {
    text = execFileSync(process.execPath, [join(root, "bin/otbill.js"), "scrub", "--output", output, head], { encoding: "utf8", maxBuffer: 1 << 28 });
  } catch (error) {
    // exit 3 (some visits invalid, as the generator intends) still prints every result
    const failed = error as { status?: number; stdout?: string };
    if (failed.status !== 3 || failed.stdout === undefined) throw error;
    text = failed.stdout;
  }
  writeFileSync(results, text);
  return results;
}

export async function benchJsonFloor(visits: number, rounds = 3, outputs: readonly ("json" | "codes")[] = ["json", "codes"]): Promise<FloorComparison[]> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-floor-"));
  const file = join(dir, "visits.ndjson");
  try {
    await writeVisits(file, visits);
    const comparisons: FloorComparison[] = [];
    for (const output of outputs) {
      const results = floorResults(file, dir, output);
      const floors: ScrubBenchResult[] = [];
      const scrubs: ScrubBenchResult[] = [];
      for (let round = 0; round < rounds; round++) {
        floors.push(await runFloor(file, visits, results));
        scrubs.push(await scrubFile(file, visits, output === "json" ? [] : ["--output", output]));
      }
      const floor = medianBy(floors, (run) => run.cpuSeconds);
      const scrub = medianBy(scrubs, (run) => run.cpuSeconds);
      const roundCpuRatios = scrubs.map((run, round) => run.cpuSeconds / floors[round]!.cpuSeconds);
      comparisons.push({ output, scrub, floor, wallRatio: scrub.seconds / floor.seconds, cpuRatio: scrub.cpuSeconds / floor.cpuSeconds, roundCpuRatios });
    }
    return comparisons;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeFloor(comparison: FloorComparison): string[] {
  const label = comparison.output === "json" ? "otbill scrub" : "otbill scrub --output codes";
  const met = (ratio: number): string => (ratio <= FLOOR_GOAL ? "met" : "not met");
  const rounds = comparison.roundCpuRatios.length;
  const median = rounds > 1 ? `, median of ${rounds}` : "";
  const lines = [
    describeScrub(`${label}${median}`, comparison.scrub),
    describeScrub(`JSON floor (${comparison.output})${median}`, comparison.floor),
    `${label} / JSON floor: ${comparison.cpuRatio.toFixed(2)}x CPU, ${comparison.wallRatio.toFixed(2)}x wall; goal <= ${FLOOR_GOAL.toFixed(1)}x: ${met(comparison.cpuRatio)} (CPU), ${met(comparison.wallRatio)} (wall)${rounds > 1 ? `; each round's CPU ratio: ${comparison.roundCpuRatios.map((ratio) => `${ratio.toFixed(2)}x`).join(", ")}` : ""}`,
  ];
  const scrubMain = comparison.scrub.mainThreadCpuSeconds;
  const floorMain = comparison.floor.mainThreadCpuSeconds;
  if (scrubMain !== undefined && floorMain !== undefined) {
    lines.push(`  main threads alone: ${(scrubMain / floorMain).toFixed(2)}x (${scrubMain.toFixed(2)} s against ${floorMain.toFixed(2)} s; a reading, the goal is the whole process's CPU)`);
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const comparison of await benchJsonFloor(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 3))) for (const line of describeFloor(comparison)) console.log(line);
}
