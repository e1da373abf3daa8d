/**
 * What `otbill scrub` loads at start: the packages of its rarer paths (where a document that
 * is not JSON went wrong, the --pretty table, the progress bar) are loaded when a run takes
 * that path, so a plain run does not read and compile them (src/lazy-package.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const TSX = createRequire(import.meta.url).resolve("tsx");
const CHILD = join(import.meta.dirname, "../test-support/loaded-packages-child.ts");
const LAZY = ["cli-progress", "cli-table3", "jsonc-parser"];

const dir = mkdtempSync(join(tmpdir(), "otbill-scrub-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadedBy(args: readonly string[]): { code: number | null; lazy: string[] } {
  // The child lists the packages it loaded on fd 3 as it exits.
  const child = spawnSync(process.execPath, ["--import", TSX, CHILD, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe", "pipe"] });
  const listed = child.output[3];
  if (typeof listed !== "string") throw new Error(`no list of packages from the child: ${child.stderr}`);
  const names = listed.split("\n");
  return { code: child.status, lazy: LAZY.filter((name) => names.includes(name)) };
}

describe("otbill scrub at start", () => {
  const visits = join(dir, "visits.ndjson");
  writeFileSync(visits, readFileSync(new URL("../../../examples/visits.ndjson", import.meta.url)));

  it("scrubs NDJSON without loading the packages of the rarer paths", () => {
    expect(loadedBy(["scrub", visits])).toEqual({ code: 0, lazy: [] });
  });

  it("loads the table package for --pretty", () => {
    expect(loadedBy(["scrub", "--pretty", visits])).toEqual({ code: 0, lazy: ["cli-table3"] });
  });

  it("loads jsonc-parser to say where a document that is not JSON went wrong", () => {
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{\n  "dateOfService": "2026-03-02",\n  "services": [\n');
    expect(loadedBy(["scrub", broken])).toEqual({ code: 2, lazy: ["jsonc-parser"] });
  });
});
