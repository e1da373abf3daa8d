/** Every command of the CLI, one file each. */
import type { Command } from "commander";
import type { CliIo } from "../io.js";

export type SetExitCode = (code: number) => void;
export type RegisterCommand = (program: Command, io: CliIo, setExitCode: SetExitCode) => void;

const commands: RegisterCommand[] = [];

export function registerCommands(program: Command, io: CliIo, setExitCode: SetExitCode): void {
  for (const register of commands) register(program, io, setExitCode);
}
