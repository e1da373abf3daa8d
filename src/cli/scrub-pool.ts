/**
 * Worker threads for `otbill scrub --jobs N`: batches go round-robin to N workers, each
 * with its own reference, and come back as text that the caller writes in input order.
 */
import { Worker } from "node:worker_threads";
import type { BatchOptions, BatchOutput } from "./scrub-batch.js";
import type { BatchReply, BatchRequest } from "./scrub-worker.js";
import type { RawInputItem } from "./visit-input.js";

/**
 * The built worker, or under the TypeScript sources a tiny module that registers tsx's
 * loader in the worker first (a worker does not inherit the parent's loaders).
 */
function workerModule(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./scrub-worker.js", import.meta.url);
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./scrub-worker.ts", import.meta.url).href;
  const source = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(worker)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

/**
 * Each worker's young generation, in MB. A worker scrubs one batch (a read chunk, about a
 * hundred visits) at a time, so little of what it allocates outlives a scavenge; with V8's
 * default the two workers' young generations grew to take `--jobs 2` to 2.2x one job's peak
 * RSS (307-315 MiB against 137-144) for no gain. At 12 MB: 274-279 MiB at the same CPU.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

export class ScrubPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (output: BatchOutput) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(jobs: number) {
    const module = workerModule();
    this.workers = Array.from({ length: jobs }, () => {
      const worker = new Worker(module, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      worker.on("message", (reply: BatchReply) => this.settle(reply));
      worker.on("error", (error: unknown) => this.failAll(error instanceof Error ? error : new Error(String(error))));
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** The batch's output, once a worker has scrubbed it. */
  scrub(items: RawInputItem[], options: BatchOptions): Promise<BatchOutput> {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, items, options } satisfies BatchRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private settle(reply: BatchReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if ("error" in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.output);
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
