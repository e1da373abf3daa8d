/** A worker thread of `otbill scrub --jobs N`: scrubs the batches the main thread sends, in its own copy of the reference. */
import { parentPort } from "node:worker_threads";
import { loadReference } from "../reference/reference.js";
import { scrubBatchToText, type BatchOptions, type BatchOutput } from "./scrub-batch.js";
import type { RawInputItem } from "./visit-input.js";

export interface BatchRequest {
  id: number;
  /** NDJSON lines come unparsed ("line" items): parsing here spares the main thread and the clone */
  items: RawInputItem[];
  options: BatchOptions;
}

export type BatchReply = { id: number; output: BatchOutput } | { id: number; error: string };

const reference = loadReference();

parentPort?.on("message", (request: BatchRequest) => {
  try {
    parentPort?.postMessage({ id: request.id, output: scrubBatchToText(request.items, reference, request.options) } satisfies BatchReply);
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies BatchReply);
  }
});
