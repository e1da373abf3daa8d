/** One batch of input visits to the text `otbill scrub` prints: shared by the main thread and the workers. */
import { rejectedResult, scrubInput, type CodesScrubOutcome, type ScrubOutcome } from "../engine/scrub.js";
import type { Reference } from "../reference/reference.js";
import { formatResultText } from "./format-result.js";
import { parseRawItem, type InputItem, type RawInputItem } from "./visit-input.js";

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
  /** raw lines that turned out not to be JSON here: the caller reports them as it reports its own unreadable items */
  unreadable?: { line: number; message: string }[];
}

/** "codes" scrubs without the finding texts, which are then never made; --pretty prints them. */
function resultOf(item: InputItem, reference: Reference, options: BatchOptions): ScrubOutcome | CodesScrubOutcome {
  const where = { file: options.sourceName, line: item.line };
  if (item.kind === "unreadable") return rejectedResult(undefined, { code: item.code ?? "invalid_json", message: `${options.sourceName}:${item.line}: ${item.message}`, ...where });
  const result = scrubInput(item.value, reference, {}, { texts: options.pretty || options.output !== "codes" });
  // In a batch an invalid visit's error says where it came from.
  if (result.error) result.error = { ...result.error, ...where };
  return result;
}

export function scrubBatchToText(items: readonly RawInputItem[], reference: Reference, options: BatchOptions): BatchOutput {
  let text = "";
  let invalid = 0;
  let unreadable: BatchOutput["unreadable"];
  for (const raw of items) {
    const item = parseRawItem(raw);
    if (raw.kind === "line" && item.kind === "unreadable") (unreadable ??= []).push({ line: item.line, message: item.message });
    const result = resultOf(item, reference, options);
    if (result.status === "invalid") invalid++;
    text += options.pretty ? formatResultText(result as ScrubOutcome) : `${JSON.stringify(result)}\n`;
  }
  return unreadable ? { text, invalid, unreadable } : { text, invalid };
}
