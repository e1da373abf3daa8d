/** One batch of input visits to the text `otbill scrub` prints: shared by the main thread and the workers. */
import { rejectedResult, scrubInput, type ScrubOutcome } from "../engine/scrub.js";
import type { Reference } from "../reference/reference.js";
import { codesResult, formatResultText } from "./format-result.js";
import type { InputItem } from "./visit-input.js";

export interface BatchOptions {
  sourceName: string;
  pretty: boolean;
  /** "codes": results without the finding texts (`otbill scrub --output codes`); JSON in full otherwise */
  output?: "json" | "codes";
}

export interface BatchOutput {
  text: string;
  /** visits that did not validate or could not be read (exit code 3) */
  invalid: number;
}

function resultOf(item: InputItem, reference: Reference, options: BatchOptions): ScrubOutcome {
  const where = { file: options.sourceName, line: item.line };
  if (item.kind === "unreadable") return rejectedResult(undefined, { code: item.code ?? "invalid_json", message: `${options.sourceName}:${item.line}: ${item.message}`, ...where });
  const result = scrubInput(item.value, reference);
  // In a batch an invalid visit's error says where it came from.
  if (result.error) result.error = { ...result.error, ...where };
  return result;
}

export function scrubBatchToText(items: readonly InputItem[], reference: Reference, options: BatchOptions): BatchOutput {
  let text = "";
  let invalid = 0;
  for (const item of items) {
    const result = resultOf(item, reference, options);
    if (result.status === "invalid") invalid++;
    text += options.pretty ? formatResultText(result) : `${JSON.stringify(options.output === "codes" ? codesResult(result) : result)}\n`;
  }
  return { text, invalid };
}
