/**
 * `otbill scrub --jobs 2` sends NDJSON lines to the workers unparsed: the results, the
 * messages for lines that are not JSON or are nested too deep, and the exit code are the
 * same as on the main thread.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "../test-support/run-cli.js";

const EXAMPLES = readFileSync(new URL("../../../examples/visits.ndjson", import.meta.url), "utf8").trim().split("\n");
const deep = `${"[".repeat(300)}${"]".repeat(300)}`;

describe("otbill scrub --jobs 2 with raw lines", () => {
  it("reads, reports and scrubs every line as one job does", async () => {
    const lines = [EXAMPLES[0], "{not json", EXAMPLES[1], `{"id":"D","nested":${deep}}`, "", EXAMPLES[2], "[1,", EXAMPLES[0]];
    const stdin = `${lines.join("\n")}\n`;
    const one = await run(["scrub", "-"], { stdin });
    const two = await run(["scrub", "--jobs", "2", "-"], { stdin });
    expect(one.code).toBe(3);
    expect(one.stderr).toContain("stdin:2: not valid JSON");
    expect(one.stdout.trim().split("\n")).toHaveLength(7);
    expect(two).toEqual(one);
  });

  it("exits 2 when no line could be read, as one job does", async () => {
    // the first line is read on the main thread, the others by the workers
    const stdin = `{bad}\n{worse\n{"id":\n`;
    const one = await run(["scrub", "-"], { stdin });
    const two = await run(["scrub", "--jobs", "2", "-"], { stdin });
    expect(two).toEqual(one);
    expect(one.code).toBe(2);
    expect(one.stderr.trim().split("\n")).toHaveLength(3);
  });
});
