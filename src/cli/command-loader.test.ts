import { readFileSync } from "node:fs";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMAND_MODULES, registrationFor } from "./command-loader.js";
import { registerCommands } from "./commands/index.js";
import { captureIo, run } from "./test-support/run-cli.js";

function commandNames(register: (program: Command) => void): string[] {
  const program = new Command();
  register(program);
  return program.commands.map((command) => command.name());
}

describe("command-loader", () => {
  const io = captureIo().io;
  const everyCommand = commandNames((program) => registerCommands(program, io, () => undefined));

  it("maps each command name to a module that registers that command", async () => {
    for (const [name, load] of Object.entries(COMMAND_MODULES)) {
      const register = await load();
      expect(commandNames((program) => register(program, io, () => undefined)), name).toContain(name);
      expect(everyCommand, `${name} is one of the CLI's commands`).toContain(name);
    }
  });

  it("loads one command's module for a run that names it, every command otherwise", async () => {
    const codesOnly = await registrationFor(["codes", "dressing"]);
    expect(commandNames((program) => codesOnly(program, io, () => undefined))).toEqual(["codes"]);
    const access = await registrationFor(["token", "create"]);
    expect(commandNames((program) => access(program, io, () => undefined))).toEqual(["user", "token", "audit"]);
    for (const argv of [[], ["--help"], ["help", "codes"], ["cdoes"], ["--no-such", "codes"], ["toString"], ["__proto__"]]) {
      const all = await registrationFor(argv);
      expect(commandNames((program) => all(program, io, () => undefined)), argv.join(" ")).toEqual(everyCommand);
    }
    const version = await registrationFor(["--version"]);
    expect(commandNames((program) => version(program, io, () => undefined))).toEqual([]);
  });

  it("prints the version, the full help and the nearest command as before", async () => {
    const version = await run(["--version"]);
    const { version: packageVersion } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(version).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: "" });
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const name of everyCommand) expect(help.stdout).toContain(`  ${name}`);
    const typo = await run(["cdoes", "dressing"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("(Did you mean codes?)");
  });
});
