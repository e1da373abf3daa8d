/** `otbill claim 1500`: claim documents -> CMS-1500 (02/12) PDF. */
import type { Command } from "commander";
import type { CliIo } from "../io.js";
import type { SetExitCode } from "./index.js";

export function registerClaim1500(claim: Command, io: CliIo, setExitCode: SetExitCode): void {
  void claim;
  void io;
  void setExitCode;
}
