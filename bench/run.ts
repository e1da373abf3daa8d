/**
 * `npm run bench`: every benchmark of the project, printed as a table to paste into
 * BENCHMARKS.md. Sizes can be changed with BENCH_VISITS (default 100000) and BENCH_RSS_VISITS
 * (the memory run, default 1000000); BENCH_FLOOR_ROUNDS and BENCH_JOBS_ROUNDS (default 3) say
 * how many times the floor and --jobs comparisons alternate (each side's median is printed).
 */
import { cpus, totalmem } from "node:os";
import { benchClaims837, describeClaimsBench } from "./claims-837.js";
import { benchCms1500, describeCms1500Bench } from "./cms1500.js";
import { benchCliStart, describeCliStart } from "./cli-start.js";
import { benchCodeSearch, benchIcdSearch, describeSearchBench } from "./icd-search.js";
import { benchJsonFloor, describeFloor } from "./json-floor.js";
import { benchScrubMemory, describeScrubMemory } from "./scrub-memory.js";
import { benchRemitParse, benchRemitPost, describeParseBench, describePostBench } from "./remit-835.js";
import { benchScrubJobs, describeJobs } from "./scrub-jobs.js";

const visits = Number(process.env.BENCH_VISITS ?? 100_000);

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(`machine: ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const starts = await benchCliStart(Number(process.env.BENCH_STARTS ?? 15));
  for (const start of starts) console.log(describeCliStart(start, starts[0]));
  // code and ICD search in-process, next to Fuse.js and MiniSearch defaults on the same data and queries
  for (const search of [benchCodeSearch(), benchIcdSearch()]) for (const line of describeSearchBench(search)) console.log(line);
  // scrub (CLI, NDJSON in/out) and --output codes, each next to its JSON floor over the same file
  const floors = await benchJsonFloor(visits, Number(process.env.BENCH_FLOOR_ROUNDS ?? 3));
  for (const comparison of floors) for (const line of describeFloor(comparison)) console.log(line);
  // peak RSS over a large file (BENCH_RSS_VISITS, default 1,000,000): memory stays flat; the floor
  // over the same file, and each side's CPU split into fixed and a visit's by the two sizes
  const memory = await benchScrubMemory(Number(process.env.BENCH_RSS_VISITS ?? 1_000_000));
  for (const line of describeScrubMemory(memory, floors.find((comparison) => comparison.output === "json"))) console.log(line);
  // --jobs N next to N separate processes on the same file (the machine's own parallel ceiling)
  for (const line of describeJobs(await benchScrubJobs(visits, undefined, Number(process.env.BENCH_JOBS_ROUNDS ?? 3)))) console.log(line);
  for (const mode of ["write", "prepare+write"] as const) console.log(describeClaimsBench(await benchClaims837(mode, visits)));
  for (const result of await benchCms1500(Number(process.env.BENCH_FORMS ?? 2000))) console.log(describeCms1500Bench(result));
  const remits = await benchRemitParse(Number(process.env.BENCH_835_MB ?? 100));
  for (const [index, result] of remits.entries()) console.log(describeParseBench(result, index === 0 ? remits : []));
  console.log(describePostBench(await benchRemitPost(Number(process.env.BENCH_835_CLAIMS ?? 10_000))));
  const api = await import("./api.js").catch(() => undefined);
  if (api && typeof (api as { benchApi?: unknown }).benchApi === "function") {
    await (api as { benchApi: () => Promise<void> }).benchApi();
  }
  // The web app's pages on the demo and a 50,000-visit practice (seeded once into bench/out/).
  const web = await import("./web-pages.js");
  console.log(web.describeWebPages(await web.benchWebPages()));
}

await main();
