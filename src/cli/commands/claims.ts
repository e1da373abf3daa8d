/**
 * `otbill claims export --format 837p|1500 [--status ready] [--payer ID] [--practice ID]
 * [--out FILE] [--db URL]`: the stored claims that are ready become one batch file per
 * receiver (the practice's clearinghouse); the batch is recorded with its control number and
 * the claims become submitted. All or nothing: a claim that cannot be written (every problem
 * is printed, one a line, naming the claim and the field) or a file that cannot be saved
 * leaves every claim as it was (exit 2).
 *
 * `otbill claims replace ID` and `otbill claims void ID [--control-number N] [--note TEXT]`
 * correct a sent claim exactly as POST /api/claims/:id/replace and /void do.
 */
import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import type { Command } from "commander";
import { auditCli, osActor } from "../../audit/cli.js";
import { exportClaimBatches, type BatchFile, type BatchFormat } from "../../claims/batches.js";
import { replaceClaim, voidClaim } from "../../claims/lifecycle.js";
import { ClaimProblems } from "../../claims/prepare.js";
import { InputError, isInputError } from "../../errors.js";
import { loadReference } from "../../reference/reference.js";
import { parseIsoDate } from "../../reference/dates.js";
import { todayIso } from "../../reference/today.js";
import { claimNumberOf, findClaim } from "../../store/claims.js";
import { CLAIM_STATUSES, type ClaimRecord, type ClaimStatus } from "../../store/entities.js";
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

interface CorrectionOptions {
  controlNumber?: string;
  claimDate?: string;
  note?: string;
  db?: string;
}

/**
 * `otbill claims replace|void ID`: the same lifecycle functions as POST /api/claims/:id/replace
 * and /void, audited as the OS user in the correction's own transaction. A refusal names the
 * claim (exit 2) and changes nothing.
 */
async function correct(io: CliIo, kind: "replace" | "void", idText: string, options: CorrectionOptions): Promise<void> {
  const id = parseId("ID", idText.replace(/^C-/i, ""))!;
  const claimName = claimNumberOf(id);
  const reference = kind === "replace" ? loadReference() : undefined;
  const store = await openStoreFromOption(options.db);
  try {
    // A replacement built today must meet the payer's timely filing limit today.
    const claimDate = options.claimDate === undefined ? todayIso() : parseIsoDate(options.claimDate, "--claim-date");
    const request = { claimDate, ...(options.controlNumber !== undefined ? { payerClaimControlNumber: options.controlNumber } : {}), ...(options.note !== undefined ? { note: options.note } : {}) };
    const who = { actor: osActor() };
    let made: ClaimRecord;
    try {
      made = await inTransaction(store.db, async (trx) => {
        const claim = kind === "replace" ? await replaceClaim(trx, reference!, id, request, who) : await voidClaim(trx, id, request, who);
        await auditCli(trx, { action: "update", resource: "claims", resourceId: id, practiceId: claim.practiceId, patientIds: [claim.patientId], outcome: "success", detail: { correction: kind, claimId: claim.id } });
        return claim;
      });
    } catch (error) {
      const known = await findClaim(store.db, id).catch(() => undefined);
      await auditCli(store.db, { action: "update", resource: "claims", resourceId: id, practiceId: known?.practiceId ?? null, outcome: isInputError(error) ? error.code : "error", detail: { correction: kind } }).catch(() => undefined);
      if (isInputError(error)) {
        // The lifecycle's words usually name the claim; a missing one does not.
        const named = error.message.includes(claimName) ? error.message : `claim ${claimName}: ${error.message}`;
        const message = named.replace("; send it in the body", "; give it with --control-number");
        throw new InputError(error.code, message, error.details);
      }
      throw error;
    }
    const original = await findClaim(store.db, id);
    const what = made.id === id ? `claim ${made.claimNumber} is now ${made.status}` : `claim ${made.claimNumber} (frequency ${made.frequency}, ${made.status}) ${kind === "replace" ? "replaces" : "voids"} ${claimName}, which is now ${original?.status ?? "?"}`;
    await write(io.stdout, `${what}\n`);
  } finally {
    await store.close();
  }
}

export const registerClaims: RegisterCommand = (program: Command, io: CliIo, setExitCode) => {
  const claims = program.command("claims").description("stored claims: export the ready ones as a batch file; correct a sent claim (replace, void)");
  claims
    .command("replace")
    .description("correct a sent claim with a replacement (frequency 7): the visit is scrubbed again and the new claim is ready for the next batch; the original becomes replaced")
    .argument("<id>", "the claim's id (C-<id>)")
    .option("--control-number <number>", "the payer's claim control number (835 CLP07); the stored one by default")
    .option("--note <text>", "why, kept in the claim's status history")
    .option("--claim-date <date>", "the day the replacement is built, for the payer's timely filing limit (default today)")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .action((id: string, options: CorrectionOptions) => correct(io, "replace", id, options));
  claims
    .command("void")
    .description("void a claim: one never sent becomes void; a sent one gets a frequency 8 claim with the payer's control number, ready for the next batch")
    .argument("<id>", "the claim's id (C-<id>)")
    .option("--control-number <number>", "the payer's claim control number (835 CLP07); the stored one by default")
    .option("--note <text>", "why, kept in the claim's status history")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .action((id: string, options: CorrectionOptions) => correct(io, "void", id, options));
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
