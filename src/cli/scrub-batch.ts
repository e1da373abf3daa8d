/** One batch of input visits to the text `otbill scrub` prints: shared by the main thread and the workers. */
import { rejectedResult, scrubInput } from "../engine/scrub.js";
import type { Reference } from "../reference/reference.js";
import { formatResultText } from "./format-result.js";
import type { InputItem } from "./visit-input.js";

export interface BatchOptions {
  sourceName: string;
  pretty: boolean;
}

export function scrubBatchToText(items: readonly InputItem[], reference: Reference, options: BatchOptions): string {
  let text = "";
  for (const item of items) {
    const result =
      item.kind === "visit"
        ? scrubInput(item.value, reference)
        : rejectedResult(undefined, { code: "invalid_json", message: `${options.sourceName}:${item.line}: ${item.message}` });
    text += options.pretty ? formatResultText(result) : `${JSON.stringify(result)}\n`;
  }
  return text;
}
