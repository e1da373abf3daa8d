/**
 * Memory of `otbill scrub` over a large file (issue 14 goal 1: 1,000,000 visits under 300 MB
 * of peak RSS): generate the visits, scrub them through the CLI with stdout to a pipe, and
 * print the child's peak RSS next to the goal. Memory must stay flat whatever the file's size.
 * Run: npx tsx bench/scrub-memory.ts [visits] (after `npm run build`)
 */
import { fileURLToPath } from "node:url";
import { benchScrubCli, describeScrub, type ScrubBenchResult } from "./scrub-cli.js";

/** 300 MB (decimal, as the goal says), in bytes. */
export const PEAK_RSS_GOAL_BYTES = 300e6;

export async function benchScrubMemory(visits: number): Promise<ScrubBenchResult> {
  return benchScrubCli(visits);
}

export function describeScrubMemory(result: ScrubBenchResult): string[] {
  const peakBytes = result.peakRssMiB * 2 ** 20;
  const goal = `goal < ${PEAK_RSS_GOAL_BYTES / 1e6} MB (${(PEAK_RSS_GOAL_BYTES / 2 ** 20).toFixed(0)} MiB)`;
  return [
    describeScrub("otbill scrub (memory)", result),
    `otbill scrub of ${result.visits} visits: peak RSS ${result.peakRssMiB} MiB = ${(peakBytes / 1e6).toFixed(0)} MB; ${goal}: ${peakBytes < PEAK_RSS_GOAL_BYTES ? "met" : "not met"}`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of describeScrubMemory(await benchScrubMemory(Number(process.argv[2] ?? 1_000_000)))) console.log(line);
}
