/**
 * `otbill remit parse FILE.835`: the remittance as the contract's NDJSON, one object per
 * claim payment, then one per provider-level adjustment; warnings (unbalanced amounts,
 * envelope counts) on stderr. `otbill remit import FILE.835`: posts it to the stored
 * claims (src/remit/post.ts), all or nothing.
 */
import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { importRemittance, type PostingSummary } from "../../remit/post.js";
import { openStoreFromOption } from "../../store/database.js";
import { InputError } from "../../errors.js";
import { formatWarning } from "../../x12/835/errors.js";
import { claimJson, providerAdjustmentJson } from "../../x12/835/json.js";
import { RemittanceReader, stream835File } from "../../x12/835/parse.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

function checkFile(file: string): void {
  if (!existsSync(file)) throw new InputError("file_not_found", "no such file", { file });
}

/** The contract's --json summary, with the extra fields after it. */
export function summaryJson(summary: PostingSummary): Record<string, unknown> {
  const { remittanceId, claimsPosted, linesPosted, unmatched, alreadyPosted, ...rest } = summary;
  return { remittanceId, claimsPosted, linesPosted, unmatched, alreadyPosted, ...rest };
}

function describeSummary(summary: PostingSummary): string {
  if (summary.alreadyPosted) return `remittance ${summary.remittanceId} was already posted; nothing changed\n`;
  const unmatched = summary.unmatched.length === 0 ? "none unmatched" : `${summary.unmatched.length} unmatched (${summary.unmatched.join(", ")}): see GET /api/remittances/unmatched`;
  return `posted remittance ${summary.remittanceIds.join(", ")}: ${summary.claimsPosted} claim${summary.claimsPosted === 1 ? "" : "s"}, ${summary.linesPosted} line${summary.linesPosted === 1 ? "" : "s"}; ${unmatched}${summary.balanced ? "" : "; posted unbalanced"}\n`;
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
  remit
    .command("import")
    .description("post an 835 to the stored claims: all or nothing; the same payment (payer and TRN02) twice changes nothing")
    .argument("<file>", "the 835 file")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .option("--json", "print the summary as JSON")
    .option("--accept-unbalanced", "post a remittance whose amounts do not balance (it is refused otherwise)")
    .action(async (file: string, options: { db?: string; json?: boolean; acceptUnbalanced?: boolean }) => {
      checkFile(file);
      const bytes = readFileSync(file);
      const store = await openStoreFromOption(options.db);
      try {
        const summary = await importRemittance(store.db, bytes, { fileName: file, actor: `os:${userInfo().username}`, acceptUnbalanced: options.acceptUnbalanced === true });
        for (const warning of summary.warnings) io.stderr.write(`otbill: warning: ${warning}\n`);
        await write(io.stdout, options.json ? JSON.stringify(summaryJson(summary)) + "\n" : describeSummary(summary));
      } finally {
        await store.close();
      }
    });
};
