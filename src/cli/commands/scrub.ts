/**
 * `otbill scrub [FILE...]`: one scrub result per visit as NDJSON, in input order. A
 * visit that fails validation gets its own result with an `error`; a line that is not
 * JSON is reported (file:line) and the run ends with exit 2 after the others have run.
 * `--jobs N` scrubs on N worker threads; the output order stays the input order.
 */
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { InputError } from "../../errors.js";
import { loadReference } from "../../reference/reference.js";
import { write, type CliIo } from "../io.js";
import { scrubBatchToText } from "../scrub-batch.js";
import { ScrubPool } from "../scrub-pool.js";
import { openSource, readVisitBatches, type VisitSource } from "../visit-input.js";
import type { RegisterCommand, SetExitCode } from "./index.js";

interface ScrubOptions {
  pretty?: boolean;
  jobs: string;
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

function progressBar(io: CliIo, source: VisitSource): cliProgress.SingleBar | undefined {
  if (!io.stderrIsTty || source.size === undefined || source.size < 1_000_000) return undefined;
  const bar = new cliProgress.SingleBar({ format: "scrub {bar} {percentage}% | {visits} visits", stream: io.stderr }, cliProgress.Presets.shades_classic);
  bar.start(source.size, 0, { visits: 0 });
  return bar;
}

async function scrubSource(io: CliIo, source: VisitSource, options: ScrubOptions, pool: ScrubPool | undefined, setExitCode: SetExitCode): Promise<void> {
  const reference = pool ? undefined : loadReference();
  const batchOptions = { sourceName: source.name, pretty: Boolean(options.pretty) };
  const bar = progressBar(io, source);
  // Batches in flight on the workers, oldest first; output is written in this order.
  const inFlight: Promise<string>[] = [];
  const maxInFlight = pool ? 4 * pool.size : 0;
  let visits = 0;
  for await (const batch of readVisitBatches(source)) {
    visits += batch.length;
    for (const item of batch) {
      if (item.kind === "unreadable") {
        io.stderr.write(`otbill: ${source.name}:${item.line}: ${item.message}\n`);
        setExitCode(2);
      }
    }
    if (pool) {
      inFlight.push(pool.scrub(batch, batchOptions));
      while (inFlight.length > maxInFlight) await write(io.stdout, await inFlight.shift()!);
    } else {
      await write(io.stdout, scrubBatchToText(batch, reference!, batchOptions));
    }
    bar?.update(Math.min(source.bytesRead, source.size ?? 0), { visits });
  }
  for (const text of inFlight) await write(io.stdout, await text);
  bar?.update(source.size ?? 0, { visits });
  bar?.stop();
}

export const registerScrub: RegisterCommand = (program: Command, io: CliIo, setExitCode) => {
  program
    .command("scrub")
    .description("scrub visits (a JSON visit or array, NDJSON, or - for stdin) into claim lines and findings, as NDJSON")
    .argument("[files...]", "files of visits; - or nothing reads stdin")
    .option("--pretty", "a readable report instead of NDJSON")
    .option("--jobs <n>", "worker threads for large batches (a number, or auto for one a core)", "1")
    .action(async (files: string[], options: ScrubOptions) => {
      const jobs = parseJobs(options.jobs);
      const sources = (files.length > 0 ? files : ["-"]).map((file) => openSource(file, io.stdin));
      const pool = jobs > 1 ? new ScrubPool(jobs) : undefined;
      try {
        for (const source of sources) await scrubSource(io, source, options, pool, setExitCode);
      } finally {
        await pool?.close();
      }
    });
};
