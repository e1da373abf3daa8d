/**
 * `otbill data import ncci-ptp FILE [--release NAME]` and
 * `otbill data import mue FILE [--release NAME] [--effective DATE]`: keep the therapy
 * edits of CMS's official NCCI files where the next loadReference() sees them.
 */
import type { Command } from "commander";
import { loadReference } from "../../reference/reference.js";
import { importMueFile, importPtpFile, type ImportOptions, type ImportSummary } from "../../reference/ncci-import.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface ImportCommandOptions {
  release?: string;
  effective?: string;
}

const TITLES: Record<ImportSummary["kind"], string> = {
  "ncci-ptp": "NCCI practitioner PTP edits",
  mue: "NCCI practitioner MUE table",
};

export function formatImportSummary(summary: ImportSummary): string {
  const lines = [
    `Imported ${TITLES[summary.kind]} from ${summary.file}`,
    `  release:    ${summary.release}`,
    ...(summary.effective ? [`  effective:  ${summary.effective}`] : []),
    `  rows read:  ${summary.rowsRead}`,
    `  rows kept:  ${summary.rowsKept} (touching a therapy code)`,
    ...(summary.rowsReplaced > 0 ? [`  replaced:   ${summary.rowsReplaced} rows of earlier imports`] : []),
    `  stored in:  ${summary.storedIn} (${summary.editsStored} therapy edits in all)`,
  ];
  return `${lines.join("\n")}\n`;
}

function importOptions(file: string, options: ImportCommandOptions): ImportOptions {
  // The catalog alone is needed; imports are ignored so that a damaged earlier import
  // cannot stop the import that replaces it.
  const { catalog } = loadReference({ importedDir: null });
  return {
    file,
    catalog,
    ...(options.release !== undefined ? { release: options.release } : {}),
    ...(options.effective !== undefined ? { effective: options.effective } : {}),
  };
}

export const registerData: RegisterCommand = (program: Command, io: CliIo) => {
  const data = program.command("data").description("manage reference data");
  const imports = data.command("import").description("import an official CMS file");
  imports
    .command("ncci-ptp")
    .description("import CMS practitioner PTP edits (tab-separated .txt or CSV export); keeps the therapy edits")
    .argument("<file>", "the CMS file, e.g. ccipra-v321r0-f1.txt")
    .option("--release <name>", "the release name to record (default: the file name)")
    .action(async (file: string, options: ImportCommandOptions) => {
      await write(io.stdout, formatImportSummary(importPtpFile(importOptions(file, options))));
    });
  imports
    .command("mue")
    .description("import the CMS practitioner MUE table (CSV or tab-separated); keeps the therapy codes")
    .argument("<file>", "the CMS file, e.g. MCR_MUE_PractitionerServices_Eff_01-01-2026.csv")
    .option("--release <name>", "the release name to record (default: the file name)")
    .option("--effective <date>", "YYYY-MM-DD the table takes effect (default: from the file name)")
    .action(async (file: string, options: ImportCommandOptions) => {
      await write(io.stdout, formatImportSummary(importMueFile(importOptions(file, options))));
    });
};
