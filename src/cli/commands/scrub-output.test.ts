/**
 * `otbill scrub --output codes`: every result of the example visits as in full JSON, with
 * each finding's message, fix and source left out and nothing else changed; the same
 * under --jobs 2; an unknown format is exit 2 naming --output.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "../test-support/run-cli.js";

const EXAMPLES = new URL("../../../examples/visits.ndjson", import.meta.url).pathname;
const parseLines = (text: string): Record<string, unknown>[] => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);

describe("otbill scrub --output codes", () => {
  it("is the full result without the finding texts", async () => {
    const full = await run(["scrub", EXAMPLES]);
    const codes = await run(["scrub", "--output", "codes", EXAMPLES]);
    expect(codes.code).toBe(full.code);
    expect(codes.stderr).toBe(full.stderr);
    const expected = parseLines(full.stdout).map((result) => ({
      ...result,
      findings: (result.findings as Record<string, unknown>[]).map(({ message: _message, fix: _fix, source: _source, ...rest }) => rest),
    }));
    expect(parseLines(codes.stdout)).toEqual(expected);
    expect(expected.length).toBe(readFileSync(EXAMPLES, "utf8").trim().split("\n").length);
    expect(expected.some((result) => (result.findings as unknown[]).length > 0)).toBe(true);
    expect(codes.stdout).not.toContain('"message"');
    expect(codes.stdout.length).toBeLessThan(full.stdout.length / 2);
    const jobs = await run(["scrub", "--output", "codes", "--jobs", "2", EXAMPLES]);
    expect(jobs.stdout).toBe(codes.stdout);
  });

  it("refuses a format it does not know", async () => {
    const { code, stdout, stderr } = await run(["scrub", "--output", "xml", EXAMPLES]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('otbill: --output: "xml" is not json or codes\n');
  });
});
