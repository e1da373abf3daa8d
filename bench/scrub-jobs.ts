/**
 * `otbill scrub --jobs N` (issue 14 goal 2: close to N-fold on N cores, memory at most N
 * times one job's), against the machine's own ceiling in the same run: one file of visits
 * scrubbed by one job, by `--jobs N`, and by N separate `otbill scrub` processes at once,
 * each on its share of the file (no coordination at all: the best N cores can do). The
 * speed-up of `--jobs N` over one job is then read next to that ceiling's, because on a
 * virtual machine N vCPUs are not always N free cores. The three run in turn `rounds` times
 * (default 3), and each figure is that run's median by wall time (the speed-up is a wall
 * figure); each round's own speed-up and ceiling are printed too.
 * Run: npx tsx bench/scrub-jobs.ts [visits] [jobs] [rounds] (after `npm run build`)
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { medianBy, scrubFile, writeVisits, type ScrubBenchResult } from "./scrub-cli.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** One round: one job, --jobs N, and N separate processes. */
export interface JobsRound {
  single: ScrubBenchResult;
  pooled: ScrubBenchResult;
  /** the N separate processes, each on 1/N of the file, started together */
  separate: ScrubBenchResult[];
  /** wall time from the first start to the last exit of the separate processes */
  separateSeconds: number;
}

export interface JobsComparison extends JobsRound {
  jobs: number;
  /** every round, in the order they ran; the fields above are the median of each by wall time */
  rounds: JobsRound[];
}

/** Splits the file into `parts` files of consecutive lines (as even as the count allows). */
async function splitFile(file: string, visits: number, parts: number, dir: string): Promise<{ file: string; visits: number }[]> {
  const shares = Array.from({ length: parts }, (_, index) => Math.floor(visits / parts) + (index < visits % parts ? 1 : 0));
  const outputs = shares.map((count, index) => ({ file: join(dir, `part-${index}.ndjson`), visits: count }));
  const streams = outputs.map((output) => createWriteStream(output.file));
  let part = 0;
  let written = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    while (part < parts - 1 && written >= shares[part]!) {
      part++;
      written = 0;
    }
    if (!streams[part]!.write(`${line}\n`)) await once(streams[part]!, "drain");
    written++;
  }
  for (const stream of streams) stream.end();
  await Promise.all(streams.map((stream) => once(stream, "finish")));
  return outputs;
}

export async function benchScrubJobs(visits: number, jobs = availableParallelism(), rounds = 3): Promise<JobsComparison> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-jobs-"));
  const file = join(dir, "visits.ndjson");
  try {
    await writeVisits(file, visits);
    const parts = await splitFile(file, visits, jobs, dir);
    const done: JobsRound[] = [];
    for (let round = 0; round < rounds; round++) {
      const single = await scrubFile(file, visits);
      const pooled = await scrubFile(file, visits, ["--jobs", String(jobs)]);
      const started = process.hrtime.bigint();
      const separate = await Promise.all(parts.map((part) => scrubFile(part.file, part.visits)));
      const separateSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      done.push({ single, pooled, separate, separateSeconds });
    }
    const separateRound = medianBy(done, (round) => round.separateSeconds);
    return {
      jobs,
      single: medianBy(done, (round) => round.single.seconds).single,
      pooled: medianBy(done, (round) => round.pooled.seconds).pooled,
      separate: separateRound.separate,
      separateSeconds: separateRound.separateSeconds,
      rounds: done,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeJobs(result: JobsComparison): string[] {
  const { jobs, single, pooled, separate, separateSeconds, rounds } = result;
  const separateCpu = separate.reduce((sum, run) => sum + run.cpuSeconds, 0);
  const separateRss = Math.max(...separate.map((run) => run.peakRssMiB));
  const speedUp = single.seconds / pooled.seconds;
  const ceiling = single.seconds / separateSeconds;
  return [
    `scrub --jobs: ${single.visits} visits, ${jobs} jobs on ${availableParallelism()} vCPUs${rounds.length > 1 ? `, median of ${rounds.length} rounds by wall time` : ""}`,
    `  one job:                ${single.seconds.toFixed(2)} s wall, ${single.cpuSeconds.toFixed(2)} s CPU, peak RSS ${single.peakRssMiB} MiB`,
    `  --jobs ${jobs}:              ${pooled.seconds.toFixed(2)} s wall, ${pooled.cpuSeconds.toFixed(2)} s CPU, peak RSS ${pooled.peakRssMiB} MiB: ${speedUp.toFixed(2)}x one job (goal: close to ${jobs}x; memory ${(pooled.peakRssMiB / single.peakRssMiB).toFixed(2)}x one job's, goal <= ${jobs}x)`,
    `  ${jobs} processes, 1/${jobs} each: ${separateSeconds.toFixed(2)} s wall, ${separateCpu.toFixed(2)} s CPU, peak RSS ${separateRss} MiB each: ${ceiling.toFixed(2)}x one job (the machine's ceiling)`,
    `  --jobs ${jobs} reaches ${((speedUp / ceiling) * 100).toFixed(0)}% of the ceiling`,
    ...(rounds.length > 1
      ? [`  each round: ${rounds.map((round) => `${(round.single.seconds / round.pooled.seconds).toFixed(2)}x of ${(round.single.seconds / round.separateSeconds).toFixed(2)}x`).join(", ")} (--jobs ${jobs} of the ceiling)`]
      : []),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.chdir(root);
  const result = await benchScrubJobs(Number(process.argv[2] ?? 100_000), process.argv[3] ? Number(process.argv[3]) : undefined, Number(process.argv[4] ?? 3));
  for (const line of describeJobs(result)) console.log(line);
}
