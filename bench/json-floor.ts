/**
 * Scrub against the JSON floor (issue 14 goal 1: at most 2.0x), in one run over one file:
 * `otbill scrub FILE` and the floor script (json-floor-child.js: read the same NDJSON,
 * JSON.parse each line, JSON.stringify a result of otbill's size and shape), then the same
 * pair for `--output codes` against a floor that writes codes-shaped results. The floor's
 * results are otbill's own for the first 1,000 visits of the file, cycled.
 * Run: npx tsx bench/json-floor.ts [visits] (after `npm run build`)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeScrub, runMeasured, scrubFile, writeVisits, type ScrubBenchResult } from "./scrub-cli.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const TEMPLATE_VISITS = 1000;

export interface FloorComparison {
  output: "json" | "codes";
  scrub: ScrubBenchResult;
  floor: ScrubBenchResult;
  /** otbill's time over the floor's: wall and CPU */
  wallRatio: number;
  cpuRatio: number;
}

export const FLOOR_GOAL = 2.0;

/** otbill's results for the first visits of the file: the floor writes these, so its output has otbill's size and shape. */
function floorResults(file: string, dir: string, output: "json" | "codes"): string {
  const head = join(dir, "head.ndjson");
  const lines = readFileSync(file, "utf8").split("\n", TEMPLATE_VISITS);
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

export async function benchJsonFloor(visits: number, outputs: readonly ("json" | "codes")[] = ["json", "codes"]): Promise<FloorComparison[]> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-floor-"));
  const file = join(dir, "visits.ndjson");
  try {
    await writeVisits(file, visits);
    const comparisons: FloorComparison[] = [];
    for (const output of outputs) {
      const results = floorResults(file, dir, output);
      const floor = await runMeasured(visits, [join(root, "bench/json-floor-child.js"), file, results]);
      const scrub = await scrubFile(file, visits, output === "json" ? [] : ["--output", output]);
      comparisons.push({ output, scrub, floor, wallRatio: scrub.seconds / floor.seconds, cpuRatio: scrub.cpuSeconds / floor.cpuSeconds });
    }
    return comparisons;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeFloor(comparison: FloorComparison): string[] {
  const label = comparison.output === "json" ? "otbill scrub" : "otbill scrub --output codes";
  const met = (ratio: number): string => (ratio <= FLOOR_GOAL ? "met" : "not met");
  return [
    describeScrub(label, comparison.scrub),
    describeScrub(`JSON floor (${comparison.output})`, comparison.floor),
    `${label} / JSON floor: ${comparison.cpuRatio.toFixed(2)}x CPU, ${comparison.wallRatio.toFixed(2)}x wall; goal <= ${FLOOR_GOAL.toFixed(1)}x: ${met(comparison.cpuRatio)} (CPU), ${met(comparison.wallRatio)} (wall)`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const comparison of await benchJsonFloor(Number(process.argv[2] ?? 100_000))) for (const line of describeFloor(comparison)) console.log(line);
}
