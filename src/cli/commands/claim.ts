/**
 * `otbill claim 837 FILE... [--out FILE]`: claim documents (a JSON array, one document, or
 * NDJSON) -> one X12 837P 005010X222A1 interchange on stdout or in a file. Every claim is
 * prepared (and spooled, in flat memory) before a byte is written, so a claim that cannot be
 * sent is exit 2 naming the claim id and the field, and no output appears; `--out` is written
 * under a temporary name and renamed into place only when whole. `otbill claim 1500` lives in
 * claim-1500.ts.
 */
import { once } from "node:events";
import { createWriteStream, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import { ClaimProblems, prepareClaim, type ClaimProblem } from "../../claims/prepare.js";
import { InputError } from "../../errors.js";
import { parseIsoDate } from "../../reference/dates.js";
import { loadReference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import type { InterchangeOptions } from "../../x12/837p/write.js";
import { ClaimSpool } from "../claim-spool.js";
import type { CliIo } from "../io.js";
import { openSource, readVisitBatches } from "../visit-input.js";
import { registerClaim1500 } from "./claim-1500.js";
import type { RegisterCommand } from "./index.js";

interface Claim837Options {
  out?: string;
  controlNumber: string;
  usage: string;
  date?: string;
  time?: string;
  senderId?: string;
  senderQualifier?: string;
  receiverId?: string;
  receiverQualifier?: string;
}

/** HHMM now, on the local clock (the shell's clock, never the core's). */
function nowHhmm(now: Date = new Date()): string {
  return `${String(now.getHours()).padStart(2, "0")}${String(now.getMinutes()).padStart(2, "0")}`;
}

export function interchangeOptions(options: Claim837Options): InterchangeOptions {
  const controlNumber = /^\d{1,9}$/.test(options.controlNumber) ? Number(options.controlNumber) : Number.NaN;
  if (!Number.isInteger(controlNumber) || controlNumber < 1) {
    throw new InputError("invalid_input", `--control-number: ${JSON.stringify(options.controlNumber)} is not a whole number from 1 to 999999999`, { path: "--control-number", value: options.controlNumber });
  }
  const usage = options.usage.toUpperCase();
  if (usage !== "T" && usage !== "P") {
    throw new InputError("invalid_input", `--usage: ${JSON.stringify(options.usage)} is not T (test) or P (production)`, { path: "--usage", value: options.usage });
  }
  const time = options.time ?? nowHhmm();
  if (!/^([01]\d|2[0-3])[0-5]\d$/.test(time)) throw new InputError("invalid_input", `--time: ${JSON.stringify(time)} is not HHMM`, { path: "--time", value: time });
  return {
    controlNumber,
    usage,
    date: options.date ? parseIsoDate(options.date, "--date") : todayIso(),
    time,
    ...(options.senderId !== undefined ? { senderId: options.senderId } : {}),
    ...(options.senderQualifier !== undefined ? { senderQualifier: options.senderQualifier } : {}),
    ...(options.receiverId !== undefined ? { receiverId: options.receiverId } : {}),
    ...(options.receiverQualifier !== undefined ? { receiverQualifier: options.receiverQualifier } : {}),
  };
}

/** Writes into a temporary file beside `path`, then renames it into place: the whole file or none. */
async function writeFileWhole(path: string, fill: (stream: Writable) => Promise<void>): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const stream = createWriteStream(temporary, { flags: "wx" });
  try {
    await once(stream, "open");
    await fill(stream);
    stream.end();
    await once(stream, "finish");
    renameSync(temporary, path);
  } catch (error) {
    stream.destroy();
    rmSync(temporary, { force: true });
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error && "code" in error ? String((error as NodeJS.ErrnoException).code) : String(error);
    throw new InputError("file_unreadable", `cannot write the 837P file (${reason})`, { file: path });
  }
}

/**
 * Reads, prepares and spools every claim document of the files, a batch of lines at a time;
 * collects every claim's problems (with duplicate claim ids) instead of stopping at the first.
 */
async function spoolClaims(files: string[], io: CliIo, spool: ClaimSpool): Promise<ClaimProblem[]> {
  const reference = loadReference();
  const problems: ClaimProblem[] = [];
  const seen = new Map<string, number>();
  let position = 0;
  for (const file of files) {
    const source = openSource(file, io.stdin);
    for await (const batch of readVisitBatches(source)) {
      for (const item of batch) {
        if (item.kind === "unreadable") throw new InputError("invalid_json", item.message, { file: source.name, line: item.line });
        position += 1;
        try {
          const claim = prepareClaim(item.value, reference);
          const id = claim.document.claimId;
          const first = seen.get(id);
          if (first !== undefined) {
            problems.push({ claim: id, path: "claimId", message: `is used by claims ${first} and ${position} of the batch; each claim needs its own` });
            continue;
          }
          seen.set(id, position);
          for (const warning of claim.warnings ?? []) io.stderr.write(`otbill: warning: ${warning}\n`);
          // After the first problem nothing more is spooled: the batch will not be written.
          if (problems.length === 0) spool.add(claim);
        } catch (error) {
          if (!(error instanceof ClaimProblems)) throw error;
          for (const problem of error.problems) problems.push(problem.claim === "claim" ? { ...problem, claim: `claims[${position - 1}]` } : problem);
        }
      }
    }
  }
  if (position === 0) throw new InputError("invalid_input", "no claim documents in the input", { file: files.join(", ") });
  return problems;
}

function register837(claim: Command, io: CliIo, setExitCode: (code: number) => void): void {
  claim
    .command("837")
    .description("claim documents -> one X12 837P (005010X222A1) interchange")
    .argument("<files...>", "claim documents: a JSON array, one document, or NDJSON ('-' reads stdin)")
    .option("--out <file>", "write the interchange here instead of stdout")
    .option("--control-number <n>", "ISA13/GS06 interchange control number (unique and increasing per submitter)", "1")
    .option("--usage <T|P>", "ISA15: T test or P production", "T")
    .option("--date <date>", "the file's creation date (YYYY-MM-DD); today by default")
    .option("--time <HHMM>", "the file's creation time; now by default")
    .option("--sender-id <id>", "ISA06/GS02; the first claim's submitter id by default")
    .option("--sender-qualifier <q>", "ISA05; ZZ by default")
    .option("--receiver-id <id>", "ISA08/GS03; the first claim's receiver id by default")
    .option("--receiver-qualifier <q>", "ISA07; ZZ by default")
    .action(async (files: string[], options: Claim837Options) => {
      const spool = new ClaimSpool(interchangeOptions(options));
      try {
        const problems = await spoolClaims(files, io, spool);
        if (problems.length > 0) {
          // One problem a line, each naming its claim, so a biller can fix them all at once.
          for (const line of new ClaimProblems(problems).lines()) io.stderr.write(`otbill: ${line}\n`);
          setExitCode(2);
          return;
        }
        if (options.out) await writeFileWhole(options.out, (stream) => spool.writeTo(stream));
        else await spool.writeTo(io.stdout);
      } finally {
        spool.dispose();
      }
    });
}

export const registerClaim: RegisterCommand = (program, io, setExitCode) => {
  const claim = program.command("claim").description("write claims from claim documents: 837 (X12 837P) or 1500 (CMS-1500 PDF)");
  register837(claim, io, setExitCode);
  registerClaim1500(claim, io, setExitCode);
};
