/** Every command of the CLI, one file each. */
import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { registerAccess } from "./access.js";
import { registerClaim } from "./claim.js";
import { registerClaims } from "./claims.js";
import { registerCodes } from "./codes.js";
import { registerData } from "./data.js";
import { registerDemo } from "./demo.js";
import { registerIcd } from "./icd.js";
import { registerImport } from "./import.js";
import { registerLocalitiesCommand } from "./localities.js";
import { registerPayers } from "./payers.js";
import { registerPractice } from "./practice.js";
import { registerPriceCommand } from "./price.js";
import { registerRemit } from "./remit.js";
import { registerReport } from "./report.js";
import { registerScrub } from "./scrub.js";
import { registerServe } from "./serve.js";
import { registerUnits } from "./units.js";

export type SetExitCode = (code: number) => void;
export type RegisterCommand = (program: Command, io: CliIo, setExitCode: SetExitCode) => void;

const commands: RegisterCommand[] = [registerScrub, registerUnits, registerCodes, registerIcd, registerData, registerPriceCommand, registerLocalitiesCommand, registerServe, registerImport, registerDemo, registerAccess, registerRemit, registerReport, registerClaim, registerClaims, registerPayers, registerPractice];

export function registerCommands(program: Command, io: CliIo, setExitCode: SetExitCode): void {
  for (const register of commands) register(program, io, setExitCode);
}
