/**
 * `otbill scrub [FILE...]`: one scrub result per visit as NDJSON, in input order. A
 * visit that fails validation gets its own result with an `error`; a line that is not
 * JSON is reported (file:line) and the run ends with exit 2 after the others have run.
 */
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { scrubInput, rejectedResult } from "../../engine/scrub.js";
import { loadReference } from "../../reference/reference.js";
import { formatResultText } from "../format-result.js";
import { write, type CliIo } from "../io.js";
import { openSource, readVisitBatches } from "../visit-input.js";
import type { RegisterCommand } from "./index.js";

export const registerScrub: RegisterCommand = (program: Command, io: CliIo, setExitCode) => {
  program
    .command("scrub")
    .description("scrub visits (a JSON visit or array, NDJSON, or - for stdin) into claim lines and findings, as NDJSON")
    .argument("[files...]", "files of visits; - or nothing reads stdin")
    .option("--pretty", "a readable report instead of NDJSON")
    .action(async (files: string[], options: { pretty?: boolean }) => {
      const reference = loadReference();
      const inputs = files.length > 0 ? files : ["-"];
      const sources = inputs.map((file) => openSource(file, io.stdin));
      for (const source of sources) {
        const bar =
          io.stderrIsTty && source.size !== undefined && source.size > 1_000_000
            ? new cliProgress.SingleBar({ format: "scrub {bar} {percentage}% | {visits} visits", stream: io.stderr }, cliProgress.Presets.shades_classic)
            : undefined;
        bar?.start(source.size ?? 0, 0, { visits: 0 });
        let visits = 0;
        let bytes = 0;
        for await (const batch of readVisitBatches(source)) {
          let text = "";
          for (const item of batch) {
            visits++;
            if (item.kind === "unreadable") {
              io.stderr.write(`otbill: ${source.name}:${item.line}: ${item.message}\n`);
              setExitCode(2);
            }
            const result =
              item.kind === "visit"
                ? scrubInput(item.value, reference)
                : rejectedResult(undefined, { code: "invalid_json", message: `${source.name}:${item.line}: ${item.message}` });
            text += options.pretty ? formatResultText(result) : `${JSON.stringify(result)}\n`;
          }
          bytes += text.length;
          await write(io.stdout, text);
          bar?.update(Math.min(bytes, source.size ?? 0), { visits });
        }
        bar?.update(source.size ?? 0, { visits });
        bar?.stop();
      }
    });
};
