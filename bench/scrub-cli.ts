/**
 * Scrub throughput through the CLI path: generate N visits as NDJSON into a temp file,
 * then run `otbill scrub FILE` in a child process (NDJSON in, NDJSON out to a pipe that
 * counts bytes) and report visits per second and the child's peak RSS.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateVisit, seededRandom } from "./generate-visits.js";

const root = fileURLToPath(new URL("..", import.meta.url));

export interface ScrubBenchResult {
  visits: number;
  seconds: number;
  visitsPerSecond: number;
  peakRssMiB: number;
  outputLines: number;
}

async function writeVisits(file: string, count: number): Promise<void> {
  const random = seededRandom(20260310);
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(generateVisit(random, i))}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

export async function benchScrubCli(count: number): Promise<ScrubBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-bench-"));
  const file = join(dir, "visits.ndjson");
  try {
    await writeVisits(file, count);
    const started = process.hrtime.bigint();
    // measure-rss.js runs the CLI in-process and prints its peak RSS to fd 3 at exit.
    const child = spawn(process.execPath, [join(root, "bench/measure-rss.js"), "scrub", file], { stdio: ["ignore", "pipe", "inherit", "pipe"] });
    let outputLines = 0;
    child.stdout!.on("data", (chunk: Buffer) => {
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) outputLines++;
    });
    let rss = "";
    child.stdio[3]!.on("data", (chunk: Buffer) => (rss += chunk.toString()));
    const [code] = (await once(child, "close")) as [number];
    if (code !== 0) throw new Error(`otbill scrub exited ${code}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { visits: count, seconds, visitsPerSecond: Math.round(count / seconds), peakRssMiB: Math.round(Number(rss) / 1024), outputLines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
