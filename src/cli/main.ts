/**
 * otbill's command line. Each command lives in commands/ and is a thin call into the
 * core. Exit codes: 0 done (findings are not failures), 2 bad input or usage, 1 could not
 * finish (a busy database, an internal error), with one message on stderr and never a stack
 * trace.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { DATABASE_BUSY_MESSAGE, isDatabaseBusy, isInputError } from "../errors.js";
import { processIo, type CliIo } from "./io.js";
import { registrationFor } from "./command-loader.js";
import type { RegisterCommand } from "./commands/index.js";

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;
/** the command could not finish: an internal error, or a database another process kept busy */
export const EXIT_FAILED = 1;

/** `registerCommands` adds the commands (command-loader.ts picks only those this run needs). */
export function buildProgram(io: CliIo, registerCommands: RegisterCommand): { program: Command; exitCode: () => number } {
  let exitCode = EXIT_OK;
  const program = new Command();
  program
    .name("otbill")
    .description("Billing and coding engine for outpatient occupational therapy (and PT, SLP)")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(run otbill --help for the commands)");
  registerCommands(program, io, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  return { program, exitCode: () => exitCode };
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const { program, exitCode } = buildProgram(io, await registrationFor(argv));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT_OK;
      return EXIT_BAD_INPUT;
    }
    if (isInputError(error)) {
      io.stderr.write(`otbill: ${error.located()}\n`);
      return EXIT_BAD_INPUT;
    }
    if (isDatabaseBusy(error)) {
      io.stderr.write(`otbill: ${DATABASE_BUSY_MESSAGE}\n`);
      return EXIT_FAILED;
    }
    io.stderr.write(`otbill: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
}
