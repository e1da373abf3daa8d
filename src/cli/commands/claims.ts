/**
 * `otbill claims export --format 837p|1500 [--status ready] [--payer ID] [--practice ID]
 * [--out FILE] [--db URL]`: the stored claims that are ready become one batch file per
 * receiver (the practice's clearinghouse); the batch is recorded with its control number and
 * the claims become submitted. All or nothing: a claim that cannot be written (every problem
 * is printed, one a line, naming the claim and the field) or a file that cannot be saved
 * leaves every claim as it was (exit 2).
 */
import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import type { Command } from "commander";
import { auditCli, osActor } from "../../audit/cli.js";
import { exportClaimBatches, type BatchFile, type BatchFormat } from "../../claims/batches.js";
import { ClaimProblems } from "../../claims/prepare.js";
import { InputError, isInputError } from "../../errors.js";
import { loadReference } from "../../reference/reference.js";
import { CLAIM_STATUSES, type ClaimStatus } from "../../store/entities.js";
import { openStoreFromOption } from "../../store/database.js";
import { inTransaction } from "../../store/transaction.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface ExportOptions {
  format: string;
  status: string;
  payer?: string;
  practice?: string;
  out?: string;
  db?: string;
}

function parseFormat(text: string): BatchFormat {
  const format = text.toLowerCase();
  if (format !== "837p" && format !== "1500") throw new InputError("invalid_input", `--format: ${JSON.stringify(text)} is not 837p or 1500`, { path: "--format", value: text });
  return format;
}

function parseStatus(text: string): ClaimStatus {
  if (!(CLAIM_STATUSES as readonly string[]).includes(text)) throw new InputError("invalid_input", `--status: ${JSON.stringify(text)} is not a claim status (${CLAIM_STATUSES.join(", ")})`, { path: "--status", value: text });
  return text as ClaimStatus;
}

function parseId(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError("invalid_input", `${option}: ${JSON.stringify(text)} is not an id`, { path: option, value: text });
  return Number(text);
}

/** FILE for one batch; FILE-<practice>.ext for each when the claims go to several receivers. */
function pathFor(out: string, batch: BatchFile, several: boolean): string {
  if (!several) return out;
  const extension = extname(out);
  return `${out.slice(0, out.length - extension.length)}-${batch.practiceId}${extension}`;
}

function writeBytes(io: CliIo, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => io.stdout.write(bytes, (error) => (error ? reject(error) : resolve())));
}

export const registerClaims: RegisterCommand = (program: Command, io: CliIo, setExitCode) => {
  const claims = program.command("claims").description("stored claims: export the ready ones as a batch file");
  claims
    .command("export")
    .description("ready claims -> one 837P or CMS-1500 file per receiver; the batch is recorded and the claims become submitted (all or nothing)")
    .requiredOption("--format <format>", "837p (X12 005010X222A1) or 1500 (CMS-1500 PDF)")
    .option("--status <status>", "the claims to take; only ready claims become submitted", "ready")
    .option("--payer <id>", "only this payer's claims: its electronic payer id, or the payer record's id")
    .option("--practice <id>", "only this practice's claims")
    .option("--out <file>", "write the file here (one file per receiver when there are several); stdout by default")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .action(async (options: ExportOptions) => {
      const format = parseFormat(options.format);
      const status = parseStatus(options.status);
      const practiceId = parseId("--practice", options.practice);
      const payer = options.payer?.trim();
      if (format === "1500" && !options.out && io.stdoutIsTty) throw new InputError("invalid_input", "--out: a CMS-1500 batch is a PDF; give --out FILE.pdf", { path: "--out" });
      const reference = loadReference();
      const store = await openStoreFromOption(options.db);
      try {
        // Electronic payer ids are often all digits too: one a payer has wins over a record id.
        let payerFilter: { payerId?: number; electronicPayerId?: string } = {};
        if (payer) {
          const known = await store.db.selectFrom("payers").select("id").where("electronic_payer_id", "=", payer).executeTakeFirst();
          payerFilter = known || !/^\d+$/.test(payer) ? { electronicPayerId: payer } : { payerId: Number(payer) };
        }
        let batches: BatchFile[] = [];
        try {
          batches = await inTransaction(store.db, (trx) =>
            exportClaimBatches(
              trx,
              reference,
              {
                format,
                status,
                ...payerFilter,
                ...(practiceId !== undefined ? { practiceId } : {}),
                save: async (batch, all) => {
                  // The audit entry joins the export's transaction before the file goes out.
                  await auditCli(trx, { action: "export", resource: "claims", resourceId: batch.id, practiceId: batch.practiceId, outcome: "success", detail: { claims: batch.claimCount, controlNumber: batch.controlNumber } });
                  if (options.out) await writeFile(pathFor(options.out, batch, all.length > 1), batch.content);
                  else if (format === "837p") await write(io.stdout, new TextDecoder().decode(batch.content));
                  else await writeBytes(io, batch.content);
                },
              },
              { actor: osActor() },
            ),
          );
        } catch (error) {
          await auditCli(store.db, { action: "export", resource: "claims", practiceId: practiceId ?? null, outcome: isInputError(error) ? error.code : "error" }).catch(() => undefined);
          if (error instanceof ClaimProblems) {
            for (const line of error.lines()) await write(io.stderr, `otbill: ${line}\n`);
            await write(io.stderr, "otbill: nothing was exported; no claim changed status\n");
            setExitCode(2);
            return;
          }
          if (isInputError(error)) throw error;
          // A file that cannot be written: the transaction rolled back, so say so plainly.
          const reason = error instanceof Error ? error.message : String(error);
          throw new InputError("file_unreadable", `--out: could not write the batch (${reason}); nothing was exported and no claim changed status`, { path: "--out" });
        }
        const several = batches.length > 1;
        if (batches.length === 0) {
          await write(io.stderr, `otbill: no ${status} claims to export\n`);
          return;
        }
        for (const batch of batches) {
          const where = options.out ? ` -> ${pathFor(options.out, batch, several)}` : "";
          const control = batch.controlNumber === null ? "" : `, interchange ${batch.controlNumber}`;
          await write(io.stderr, `otbill: batch ${batch.id} (practice ${batch.practiceId}${control}): ${batch.claimCount} claim${batch.claimCount === 1 ? "" : "s"}, $${(batch.totalChargeCents / 100).toFixed(2)}, sha256 ${batch.fileHash}${where}\n`);
        }
      } finally {
        await store.close();
      }
    });
};
