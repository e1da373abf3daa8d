/**
 * `otbill claim 1500 FILE... --out FILE.pdf [--plain] [--offset X,Y]`: claim documents (a JSON
 * array, one document, or NDJSON) -> CMS-1500 (02/12) pages in one PDF. Every claim is
 * prepared before anything is written: a claim that cannot be printed is exit 2 naming the
 * claim id and the field, and no file appears (the PDF is written to a temporary name and
 * renamed into place only when whole).
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import type { Command } from "commander";
import { ClaimProblems, prepareClaims } from "../../claims/prepare.js";
import { InputError } from "../../errors.js";
import { parseIsoDate } from "../../reference/dates.js";
import { loadReference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
import type { CliIo } from "../io.js";
import { openSource, readVisitBatches } from "../visit-input.js";
import type { SetExitCode } from "./index.js";

/** "3,-1.5" -> { x: 3, y: -1.5 } points (positive x right, positive y down). */
export function parseOffset(text: string): { x: number; y: number } {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) throw new InputError("invalid_input", `--offset: ${JSON.stringify(text)} is not X,Y in points (e.g. 3,-1.5: right 3 pt, up 1.5 pt)`, { path: "offset", value: text });
  return { x: Number(match[1]), y: Number(match[2]) };
}

/** Every claim document of the files, in order; a line that is not JSON stops the command. */
export async function readClaimDocuments(files: string[], io: CliIo): Promise<unknown[]> {
  const documents: unknown[] = [];
  for (const file of files) {
    const source = openSource(file, io.stdin);
    for await (const batch of readVisitBatches(source)) {
      for (const item of batch) {
        if (item.kind === "unreadable") throw new InputError("invalid_json", item.message, { file: source.name, line: item.line });
        documents.push(item.value);
      }
    }
  }
  if (documents.length === 0) throw new InputError("invalid_input", "no claim documents in the input", { file: files.join(", ") });
  return documents;
}

/** Writes the whole file or nothing: a temporary file beside the target, renamed into place. */
export function writeWhole(path: string, bytes: Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, bytes, { flag: "wx" });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const reason = error instanceof Error && "code" in error ? String((error as NodeJS.ErrnoException).code) : String(error);
    throw new InputError("file_unreadable", `cannot write the PDF (${reason})`, { file: path });
  }
}

export function registerClaim1500(claim: Command, io: CliIo, setExitCode: SetExitCode): void {
  claim
    .command("1500")
    .description("claim documents -> CMS-1500 (02/12) pages in one PDF, for the pre-printed red form (or --plain paper)")
    .argument("<files...>", "claim documents: a JSON array, one document, or NDJSON ('-' reads stdin)")
    .requiredOption("--out <file>", "the PDF to write")
    .option("--plain", "also draw the form's boxes and captions, for plain paper")
    .option("--offset <x,y>", "move everything by X,Y points to match the printer (positive x right, positive y down)")
    .option("--date <date>", "item 31's signature date (YYYY-MM-DD); today by default")
    .action(async (files: string[], options: { out: string; plain?: boolean; offset?: string; date?: string }) => {
      const offset = options.offset === undefined ? undefined : parseOffset(options.offset);
      const signatureDate = options.date ? parseIsoDate(options.date, "--date") : todayIso();
      const documents = await readClaimDocuments(files, io);
      let pdf: Uint8Array;
      try {
        const claims = prepareClaims(documents, loadReference());
        // pdf-lib is loaded only for the form: `otbill claim 837` registers this command too (60 ms of loading).
        const { renderCms1500Pdf } = await import("../../forms/cms1500.js");
        pdf = await renderCms1500Pdf(claims, { plain: options.plain ?? false, signatureDate, ...(offset ? { offset } : {}) });
      } catch (error) {
        // One problem a line, each naming its claim, so a biller can fix them all at once.
        if (error instanceof ClaimProblems) {
          for (const line of error.lines()) io.stderr.write(`otbill: ${line}\n`);
          setExitCode(2);
          return;
        }
        throw error;
      }
      writeWhole(options.out, pdf);
    });
}
