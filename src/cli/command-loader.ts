/**
 * Which commands a run of the CLI registers. Importing every command module loads
 * fastify, kysely, pg, zod and argon2 for any command (about 0.6 s of CPU before
 * `otbill --version` could print), so a run whose first word names a command here loads
 * only that command's module. Anything else (help, a misspelt command, options first, a
 * command listed only in commands/index.ts) loads them all, so help, "did you mean" and
 * every error read exactly as before. `--version` alone needs no command at all.
 */
import type { RegisterCommand } from "./commands/index.js";

type LoadRegister = () => Promise<RegisterCommand>;

/** top-level command name -> the module that registers it (command-loader.test.ts keeps it in step with commands/index.ts) */
export const COMMAND_MODULES: Readonly<Record<string, LoadRegister>> = {
  scrub: async () => (await import("./commands/scrub.js")).registerScrub,
  units: async () => (await import("./commands/units.js")).registerUnits,
  codes: async () => (await import("./commands/codes.js")).registerCodes,
  icd: async () => (await import("./commands/icd.js")).registerIcd,
  data: async () => (await import("./commands/data.js")).registerData,
  price: async () => (await import("./commands/price.js")).registerPriceCommand,
  localities: async () => (await import("./commands/localities.js")).registerLocalitiesCommand,
  serve: async () => (await import("./commands/serve.js")).registerServe,
  import: async () => (await import("./commands/import.js")).registerImport,
  demo: async () => (await import("./commands/demo.js")).registerDemo,
  user: async () => (await import("./commands/access.js")).registerAccess,
  token: async () => (await import("./commands/access.js")).registerAccess,
  audit: async () => (await import("./commands/access.js")).registerAccess,
  remit: async () => (await import("./commands/remit.js")).registerRemit,
  report: async () => (await import("./commands/report.js")).registerReport,
  claim: async () => (await import("./commands/claim.js")).registerClaim,
  claims: async () => (await import("./commands/claims.js")).registerClaims,
  payers: async () => (await import("./commands/payers.js")).registerPayers,
  practice: async () => (await import("./commands/practice.js")).registerPractice,
};

const VERSION_FLAGS = new Set(["-V", "--version"]);

const registerNothing: RegisterCommand = () => undefined;

/** The registration for this argv: one command's module, none for a bare --version, or every command. */
export async function registrationFor(argv: readonly string[]): Promise<RegisterCommand> {
  const first = argv[0];
  if (argv.length === 1 && first !== undefined && VERSION_FLAGS.has(first)) return registerNothing;
  const load = first !== undefined && Object.hasOwn(COMMAND_MODULES, first) ? COMMAND_MODULES[first] : undefined;
  if (load) return load();
  return (await import("./commands/index.js")).registerCommands;
}
