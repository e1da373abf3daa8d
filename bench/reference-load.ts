/**
 * How long loading data/ into a Reference takes (issue 2: under 300 ms). Prints the
 * median of 5 cold loads, each a fresh loadReference({ importedDir: null }), plus the
 * first ICD-10-CM search, which builds the word index on demand and so is not part of
 * the load. Run: npx tsx bench/reference-load.ts
 *
 * Not a test: timings depend on the machine, so nothing here fails; it reports.
 */
import { performance } from "node:perf_hooks";
import { searchIcd } from "../src/codes/search.js";
import { loadReference } from "../src/reference/reference.js";

const RUNS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

const loads: number[] = [];
let reference = loadReference({ importedDir: null });
for (let run = 0; run < RUNS; run++) {
  const { value, ms } = timed(() => loadReference({ importedDir: null }));
  reference = value;
  loads.push(ms);
}

const firstIcdSearch = timed(() => searchIcd(reference.latestIcd, "muscle weakness"));
const nextIcdSearch = timed(() => searchIcd(reference.latestIcd, "hemiplegia following cerebral infarction right dominant"));

const format = (ms: number): string => `${ms.toFixed(1)} ms`;
process.stdout.write(
  [
    `reference load (median of ${RUNS}): ${format(median(loads))}  [runs: ${loads.map(format).join(", ")}]`,
    `first ICD-10-CM search (builds the index of ${reference.latestIcd.size} codes): ${format(firstIcdSearch.ms)}`,
    `next ICD-10-CM word search: ${format(nextIcdSearch.ms)}`,
    "",
  ].join("\n"),
);
