/**
 * `otbill scrub [FILE...]`: one scrub result per visit as NDJSON, in input order. A
 * visit that fails validation (or a line that is not JSON, too deep, too long) gets its
 * own `invalid` result with an `error` naming file and line, and the others still run:
 * exit 3 when some visits were invalid, 2 when the input cannot be read at all (a missing
 * file, a document that is not JSON). `--jobs N` scrubs on N worker threads; the output
 * order stays the input order.
 */
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import type { SingleBar } from "cli-progress";
import { InputError } from "../../errors.js";
import { lazyPackage } from "../../lazy-package.js";
import { loadReference } from "../../reference/reference.js";
import { outputWriter, type CliIo, type OutputWriter } from "../io.js";
import { scrubBatchToText, type BatchOutput } from "../scrub-batch.js";
import { ScrubPool } from "../scrub-pool.js";
import { MAX_VISIT_CHARS, openSource, readVisitBatches, type VisitSource } from "../visit-input.js";
import type { RegisterCommand } from "./index.js";

/** cli-progress, loaded when a bar is shown (a terminal, and a file of a megabyte or more). */
const progressBars = lazyPackage<typeof import("cli-progress")>("cli-progress");

interface ScrubOptions {
  pretty?: boolean;
  jobs: string;
  output: string;
}

/** "auto" is one worker a core; 1 scrubs on the main thread. */
function parseJobs(text: string): number {
  if (text === "auto") return availableParallelism();
  const jobs = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
    throw new InputError("invalid_input", `--jobs: ${JSON.stringify(text)} is not a number of threads from 1 to 64, or auto`, { path: "--jobs", value: text });
  }
  return jobs;
}

function progressBar(io: CliIo, source: VisitSource): SingleBar | undefined {
  if (!io.stderrIsTty || source.size === undefined || source.size < 1_000_000) return undefined;
  const cliProgress = progressBars();
  const bar = new cliProgress.SingleBar({ format: "scrub {bar} {percentage}% | {visits} visits", stream: io.stderr }, cliProgress.Presets.shades_classic);
  bar.start(source.size, 0, { visits: 0 });
  return bar;
}

/** json: the whole result; codes: without the finding texts (rule ids, codes, units, modifiers, amounts). */
function parseOutput(text: string): "json" | "codes" {
  if (text === "json" || text === "codes") return text;
  throw new InputError("invalid_input", `--output: ${JSON.stringify(text)} is not json or codes`, { path: "--output", value: text });
}

/** How a run went: visits that were read, and how many of them were invalid. */
interface RunCount {
  visits: number;
  invalid: number;
  unreadable: number;
}

async function scrubSource(io: CliIo, out: OutputWriter, source: VisitSource, options: ScrubOptions, pool: ScrubPool | undefined, count: RunCount): Promise<void> {
  const reference = pool ? undefined : loadReference();
  const batchOptions = { sourceName: source.name, pretty: Boolean(options.pretty), output: parseOutput(options.output) };
  const bar = progressBar(io, source);
  // Batches in flight on the workers, oldest first; output is written in this order.
  const inFlight: Promise<BatchOutput>[] = [];
  const maxInFlight = pool ? 4 * pool.size : 0;
  const emit = async (output: BatchOutput): Promise<void> => {
    count.invalid += output.invalid;
    // lines a worker found were not JSON (the workers get NDJSON lines unparsed)
    for (const item of output.unreadable ?? []) {
      io.stderr.write(`otbill: ${source.name}:${item.line}: ${item.message}\n`);
      count.unreadable++;
    }
    await out(output.text);
  };
  let visits = 0;
  for await (const batch of readVisitBatches(source, MAX_VISIT_CHARS, { rawLines: pool !== undefined })) {
    visits += batch.length;
    count.visits += batch.length;
    for (const item of batch) {
      if (item.kind === "unreadable") {
        io.stderr.write(`otbill: ${source.name}:${item.line}: ${item.message}\n`);
        count.unreadable++;
      }
    }
    if (pool) {
      inFlight.push(pool.scrub(batch, batchOptions));
      while (inFlight.length > maxInFlight) await emit(await inFlight.shift()!);
    } else {
      await emit(scrubBatchToText(batch, reference!, batchOptions));
    }
    bar?.update(Math.min(source.bytesRead, source.size ?? 0), { visits });
  }
  for (const output of inFlight) await emit(await output);
  bar?.update(source.size ?? 0, { visits });
  bar?.stop();
}

export const registerScrub: RegisterCommand = (program: Command, io: CliIo, setExitCode) => {
  program
    .command("scrub")
    .description("scrub visits (a JSON visit or array, NDJSON, or - for stdin) into claim lines and findings, as NDJSON")
    .argument("[files...]", "files of visits; - or nothing reads stdin")
    .option("--pretty", "a readable report instead of NDJSON")
    .option("--output <format>", "json: whole results; codes: rule ids, codes, units, modifiers and amounts without the finding texts", "json")
    .option("--jobs <n>", "worker threads for large batches (a number, or auto for one a core)", "1")
    .action(async (files: string[], options: ScrubOptions) => {
      const jobs = parseJobs(options.jobs);
      parseOutput(options.output);
      const out = outputWriter(io.stdout);
      const sources = (files.length > 0 ? files : ["-"]).map((file) => openSource(file, io.stdin));
      const pool = jobs > 1 ? new ScrubPool(jobs) : undefined;
      const count: RunCount = { visits: 0, invalid: 0, unreadable: 0 };
      try {
        for (const source of sources) await scrubSource(io, out, source, options, pool, count);
      } finally {
        await pool?.close();
      }
      // 3: some visits were invalid and the others scrubbed; 2: nothing could be read.
      if (count.visits > 0 && count.unreadable === count.visits) setExitCode(2);
      else if (count.invalid > 0) setExitCode(3);
    });
};
