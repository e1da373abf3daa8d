/**
 * `otbill remit parse FILE.835`: the remittance as the contract's NDJSON, one object per
 * claim payment, then one per provider-level adjustment; warnings (unbalanced amounts,
 * envelope counts) on stderr. `otbill remit import FILE.835`: posts it to the stored
 * claims (src/remit/post.ts), all or nothing.
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { InputError } from "../../errors.js";
import { formatWarning } from "../../x12/835/errors.js";
import { claimJson, providerAdjustmentJson } from "../../x12/835/json.js";
import { RemittanceReader, stream835File } from "../../x12/835/parse.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

function checkFile(file: string): void {
  if (!existsSync(file)) throw new InputError("file_not_found", `${file}: no such file`, { file });
}

export const registerRemit: RegisterCommand = (program: Command, io: CliIo) => {
  const remit = program.command("remit").description("read and post X12 835 remittances");
  remit
    .command("parse")
    .description("print an 835 as NDJSON: one object per claim payment (CLP), then one per provider-level adjustment (PLB)")
    .argument("<file>", "the 835 file")
    .action(async (file: string) => {
      checkFile(file);
      const reader = new RemittanceReader({ file });
      const adjustments: string[] = [];
      for await (const events of stream835File(file, reader)) {
        let text = "";
        for (const event of events) {
          if (event.type === "claim") text += JSON.stringify(claimJson(event)) + "\n";
          else if (event.type === "provider-adjustment") adjustments.push(JSON.stringify(providerAdjustmentJson(event)) + "\n");
        }
        if (text) await write(io.stdout, text);
      }
      if (adjustments.length > 0) await write(io.stdout, adjustments.join(""));
      for (const warning of reader.warnings) io.stderr.write(`otbill: warning: ${formatWarning(warning)}\n`);
    });
};
