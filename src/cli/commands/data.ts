/**
 * `otbill data import ncci-ptp FILE [--release NAME]` and
 * `otbill data import mue FILE [--release NAME] [--effective DATE]`: keep the therapy
 * edits of CMS's official NCCI files where the next loadReference() sees them;
 * `otbill data import pprrvu|gpci FILE`, `otbill data import icd10cm FILE --fiscal-year
 * YYYY`, `otbill data set kx-threshold|deductible|conversion-factor YEAR VALUE --source
 * TEXT` and `otbill data status` (src/reference/data-import.ts, data-status.ts).
 */
import type { Command } from "commander";
import { InputError } from "../../errors.js";
import { importGpci, importIcd10cm, importPprrvu, setPolicyValue, type ImportResult, type PolicyKind } from "../../reference/data-import.js";
import { dataStatus, formatDataStatus } from "../../reference/data-status.js";
import { parseIsoDate } from "../../reference/dates.js";
import { loadReference } from "../../reference/reference.js";
import { todayIso } from "../../reference/today.js";
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

interface YearOptions {
  year?: string;
  release?: string;
  fiscalYear?: string;
}

function yearFlag(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) throw new InputError("invalid_input", `${flag}: ${JSON.stringify(text)} is not a year such as 2027`, { path: flag, value: text });
  return Number(text);
}

function formatResult(result: ImportResult, title: string): string {
  return [`Imported ${title} ${result.year} (${result.release})`, `  rows read:  ${result.rowsRead}`, `  rows kept:  ${result.rowsKept}`, `  stored in:  ${result.storedIn}`, ""].join("\n");
}

const POLICY_KINDS: readonly PolicyKind[] = ["kx-threshold", "deductible", "conversion-factor"];

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
  imports
    .command("pprrvu")
    .description("import CMS's PPRRVU CSV as published (title lines and all); keeps the therapy, SLP and splint codes")
    .argument("<file>", "the CMS file, e.g. PPRRVU2027_Jan.csv")
    .option("--year <yyyy>", "the calendar year it prices (default: from the file name)")
    .option("--release <name>", "the release name to record (default: the file name)")
    .action(async (file: string, options: YearOptions) => {
      const { catalog } = loadReference({ importedDir: null });
      const year = yearFlag(options.year, "--year");
      const result = importPprrvu({ file, catalog, ...(year !== undefined ? { year } : {}), ...(options.release ? { release: options.release } : {}) });
      await write(io.stdout, formatResult(result, "Medicare fee schedule RVUs"));
    });
  imports
    .command("gpci")
    .description("import CMS's GPCI file (GPCIyyyy.csv, Addendum E)")
    .argument("<file>", "the CMS file, e.g. GPCI2027.csv")
    .option("--year <yyyy>", "the calendar year (default: from the file name)")
    .option("--release <name>", "the release name to record (default: the file name)")
    .action(async (file: string, options: YearOptions) => {
      const year = yearFlag(options.year, "--year");
      const result = importGpci({ file, ...(year !== undefined ? { year } : {}), ...(options.release ? { release: options.release } : {}) });
      await write(io.stdout, formatResult(result, "GPCIs"));
    });
  imports
    .command("icd10cm")
    .description("import CMS's ICD-10-CM codes file (icd10cm_codes_YYYY.txt) for one fiscal year")
    .argument("<file>", "the CMS codes file")
    .requiredOption("--fiscal-year <yyyy>", "the fiscal year it is (FY2028 runs 2027-10-01 to 2028-09-30)")
    .option("--release <name>", "the release name to record (default: the file name)")
    .action(async (file: string, options: YearOptions) => {
      const fiscalYear = yearFlag(options.fiscalYear, "--fiscal-year")!;
      const result = importIcd10cm({ file, fiscalYear, ...(options.release ? { release: options.release } : {}) });
      await write(io.stdout, formatResult(result, "ICD-10-CM FY"));
    });
  data
    .command("set")
    .description("set a yearly policy number: kx-threshold, deductible (dollars) or conversion-factor")
    .argument("<what>", POLICY_KINDS.join(" | "))
    .argument("<year>", "the calendar year, e.g. 2027")
    .argument("<value>", "dollars, e.g. 2480 or 33.4009")
    .requiredOption("--source <text>", "where the number comes from (the CMS notice or final rule)")
    .action(async (what: string, year: string, value: string, options: { source: string }) => {
      if (!(POLICY_KINDS as readonly string[]).includes(what)) {
        throw new InputError("invalid_input", `${JSON.stringify(what)} is not one of ${POLICY_KINDS.join(", ")}`, { path: "what", value: what });
      }
      const result = setPolicyValue({ kind: what as PolicyKind, year, value, source: options.source });
      const shown = result.kind === "conversion-factor" ? (result.value / 10_000).toFixed(4) : (result.value / 100).toFixed(2);
      await write(io.stdout, `Set ${result.kind} ${result.year} = ${shown}\n  stored in:  ${result.storedIn}\n`);
    });
  data
    .command("status")
    .description("what reference data is loaded for which dates, and what is missing for today and the coming year")
    .option("--date <date>", "the date to check instead of today (YYYY-MM-DD)")
    .option("--json", "print JSON for scripts")
    .action(async (options: { date?: string; json?: boolean }) => {
      const today = options.date !== undefined ? parseIsoDate(options.date, "--date") : todayIso();
      // A fresh load, so that what was imported a moment ago shows.
      const status = dataStatus(loadReference({}), today);
      await write(io.stdout, options.json ? `${JSON.stringify(status, null, 2)}\n` : formatDataStatus(status));
    });
};
