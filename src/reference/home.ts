import { homedir } from "node:os";
import { join } from "node:path";

/** Where otbill keeps the user's own state: imported NCCI/MUE releases and the SQLite database. */
export function otbillHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.OTBILL_HOME && env.OTBILL_HOME.length > 0 ? env.OTBILL_HOME : join(homedir(), ".otbill");
}

export function importedEditsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(otbillHome(env), "reference");
}
