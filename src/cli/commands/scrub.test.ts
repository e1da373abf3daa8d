/**
 * `otbill scrub` through main(): NDJSON, a JSON array and a pretty-printed visit all read;
 * one result a visit in input order; a visit the schema refuses gets its own result with
 * an error; an unreadable line or file is a located message and exit code 2.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../test-support/run-cli.js";

const VISIT = {
  dateOfService: "2026-03-10",
  payer: { kind: "medicare" },
  provider: { discipline: "OT" },
  patient: { otAllowedYearToDate: 500, deductibleRemaining: 0 },
  planOfCare: { discipline: "OT", initialEvaluationDate: "2026-02-02", certifiedFrom: "2026-02-02", certifiedThrough: "2026-05-01", signedDate: "2026-02-10", treatmentDaysSinceProgressReport: 3 },
  diagnoses: ["I69.351"],
  services: [
    { code: "97112", minutes: 24 },
    { code: "97110", minutes: 23 },
  ],
};

function results(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "otbill-scrub-")), name);
  writeFileSync(file, text);
  return file;
}

describe("otbill scrub", () => {
  it("reads NDJSON from stdin and writes one result a line, in order", async () => {
    const input = ["A", "B", "C"].map((id) => JSON.stringify({ ...VISIT, id })).join("\n");
    const { code, stdout, stderr } = await run(["scrub", "-"], { stdin: `${input}\n` });
    expect([code, stderr]).toEqual([0, ""]);
    const out = results(stdout);
    expect(out.map((result) => result.id)).toEqual(["A", "B", "C"]);
    expect(out[0]).toMatchObject({
      status: "clean",
      lines: [
        { code: "97112", units: 2, modifiers: ["GO"], allowed: 57.61 },
        { code: "97110", units: 1, modifiers: ["GO"] },
      ],
      totals: { timedMinutes: 47, timedUnits: 3, untimedUnits: 0 },
    });
  });

  it("reads a JSON array and a pretty-printed visit from files", async () => {
    const array = tempFile("visits.json", JSON.stringify([{ ...VISIT, id: "1" }, { ...VISIT, id: "2" }], null, 2));
    const single = tempFile("visit.json", JSON.stringify({ ...VISIT, id: "3" }, null, 2));
    const { code, stdout } = await run(["scrub", array, single]);
    expect(code).toBe(0);
    expect(results(stdout).map((result) => result.id)).toEqual(["1", "2", "3"]);
  });

  it("gives a visit the schema refuses its own invalid result with file and line, goes on with the others, and exits 3", async () => {
    const input = [JSON.stringify({ ...VISIT, id: "bad", dateOfService: "2026-02-30" }), JSON.stringify({ ...VISIT, id: "good" })].join("\n");
    const { code, stdout } = await run(["scrub", "-"], { stdin: input });
    expect(code).toBe(3);
    const [bad, good] = results(stdout);
    expect(bad).toEqual({
      id: "bad",
      status: "invalid",
      lines: [],
      totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 },
      findings: [],
      error: { code: "invalid_input", message: 'dateOfService: must be a calendar date in YYYY-MM-DD form (got "2026-02-30")', path: "dateOfService", file: "stdin", line: 1 },
    });
    expect(good).toMatchObject({ id: "good", status: "clean" });
  });

  it("reports a line that is not JSON with its line number, still scrubs the rest, and exits 3", async () => {
    const input = [JSON.stringify({ ...VISIT, id: "1" }), "{not json", JSON.stringify({ ...VISIT, id: "3" })].join("\n");
    const { code, stdout, stderr } = await run(["scrub", "-"], { stdin: input });
    expect(code).toBe(3);
    expect(stderr).toMatch(/^otbill: stdin:2: not valid JSON: /);
    const out = results(stdout);
    expect(out.map((result) => result.id ?? null)).toEqual(["1", null, "3"]);
    expect((out[1]?.error as { code: string }).code).toBe("invalid_json");
  });

  it("locates a broken JSON document by file and line", async () => {
    const file = tempFile("broken.json", '[\n  {"id": "x",\n   "dateOfService": }\n]\n');
    const { code, stdout, stderr } = await run(["scrub", file]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`otbill: ${file}:3: not valid JSON at column 21: value expected\n`);
  });

  it("a malformed first NDJSON line is named (line 1) and the lines after it are scrubbed", async () => {
    const input = ['{"id": "1", "dateOfService": 2026-03-10}', JSON.stringify({ ...VISIT, id: "2" }), JSON.stringify({ ...VISIT, id: "3" })].join("\n");
    const { code, stdout, stderr } = await run(["scrub", "-"], { stdin: input });
    expect(code).toBe(3);
    expect(stderr).toMatch(/^otbill: stdin:1: not valid JSON: /);
    const out = results(stdout);
    expect(out.map((result) => [result.id ?? null, result.status])).toEqual([[null, "invalid"], ["2", "clean"], ["3", "clean"]]);
    expect(out[0]?.error).toMatchObject({ code: "invalid_json", file: "stdin", line: 1 });
  });

  it("a truncated first NDJSON line (no closing brace) is named too, and the rest still run", async () => {
    const input = ['{"id": "1", "dateOfSer', JSON.stringify({ ...VISIT, id: "2" })].join("\n");
    const { code, stdout } = await run(["scrub", "-"], { stdin: input });
    expect(code).toBe(3);
    expect(results(stdout).map((result) => [result.id ?? null, result.status, (result.error as { line?: number } | undefined)?.line ?? null])).toEqual([
      [null, "invalid", 1],
      ["2", "clean", null],
    ]);
  });

  it.each([["1"], ["2"]])("a visit nested 5,000 deep gets its own invalid result and the others are kept (--jobs %s)", async (jobs) => {
    let deep = "{}";
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const input = [JSON.stringify({ ...VISIT, id: "1" }), `{"id":"deep","services":[],"x":${deep}}`, JSON.stringify({ ...VISIT, id: "3" })].join("\n");
    const { code, stdout, stderr } = await run(["scrub", "--jobs", jobs, "-"], { stdin: input });
    expect(code).toBe(3);
    expect(stderr).toBe("otbill: stdin:2: visit: nested deeper than 32 levels\n");
    const out = results(stdout);
    expect(out.map((result) => [result.id ?? null, result.status])).toEqual([["1", "clean"], [null, "invalid"], ["3", "clean"]]);
    expect(out[1]?.error).toEqual({ code: "invalid_input", message: "stdin:2: visit: nested deeper than 32 levels", file: "stdin", line: 2 });
  });

  it("a line longer than the visit size cap is refused with a clear error, and the next line runs", async () => {
    const long = `{"id":"big","services":[],"note":"${"x".repeat(1_200_000)}"}`;
    const { code, stdout } = await run(["scrub", "-"], { stdin: [long, JSON.stringify({ ...VISIT, id: "2" })].join("\n") });
    expect(code).toBe(3);
    const out = results(stdout);
    expect(out[0]?.error).toEqual({
      code: "visit_too_large",
      message: `stdin:1: a visit is at most 1,000,000 characters; this line has ${long.length.toLocaleString("en-US")}`,
      file: "stdin",
      line: 1,
    });
    expect(out[1]).toMatchObject({ id: "2", status: "clean" });
  });

  it("a misspelt field is a warning naming the nearest known field, not silently dropped", async () => {
    const visit = { ...VISIT, id: "M", services: [{ code: "97110", minutes: 30, assistantMinute: 20 }] };
    const { code, stdout } = await run(["scrub", "-"], { stdin: JSON.stringify(visit) });
    expect(code).toBe(0);
    const [result] = results(stdout);
    expect(result).toMatchObject({ status: "review" });
    expect((result?.findings as { rule: string; path?: string; fix?: string }[]).find((item) => item.rule === "input.unknown-field")).toMatchObject({
      path: "services[0].assistantMinute",
      fix: "Did you mean assistantMinutes? Rename it, or remove it.",
    });
  });

  it("an amount of 1e308 is invalid input naming the field (it once printed $Infinity.NaN)", async () => {
    const visit = { ...VISIT, id: "huge", patient: { otAllowedYearToDate: 1e308 } };
    const { code, stdout } = await run(["scrub", "-"], { stdin: JSON.stringify(visit) });
    expect(code).toBe(3);
    expect(results(stdout)[0]).toMatchObject({ status: "invalid", error: { path: "patient.otAllowedYearToDate", message: "patient.otAllowedYearToDate: cannot exceed 10,000,000 dollars (got 1e+308)" } });
  });

  it("exits 2 when no line of the input can be read at all", async () => {
    const { code, stdout } = await run(["scrub", "-"], { stdin: '{"id": 1,}\n{"id": 2,}\n' });
    expect(code).toBe(2);
    expect(results(stdout).map((result) => [result.status, (result.error as { line: number }).line])).toEqual([["invalid", 1], ["invalid", 2]]);
  });

  it("names a missing file, exit 2, no stack trace", async () => {
    const { code, stdout, stderr } = await run(["scrub", "/no/such/visits.ndjson"]);
    expect([code, stdout, stderr]).toEqual([2, "", "otbill: /no/such/visits.ndjson: no such file\n"]);
  });

  it("refuses input that is not JSON at all", async () => {
    const { code, stderr } = await run(["scrub", "-"], { stdin: "visit_id,code\n1,97110\n" });
    expect(code).toBe(2);
    expect(stderr).toBe('otbill: stdin:1: expected JSON (a visit, an array of visits or NDJSON), found "visit_id,code"\n');
  });

  it("--jobs 2 scrubs on worker threads and prints the same results in the same order", async () => {
    const input = Array.from({ length: 300 }, (_, i) => JSON.stringify({ ...VISIT, id: `J-${i}`, services: [{ code: "97110", minutes: 8 + (i % 40) }] })).join("\n");
    const single = await run(["scrub", "-"], { stdin: input });
    const pooled = await run(["scrub", "--jobs", "2", "-"], { stdin: input });
    expect(pooled.code).toBe(0);
    expect(pooled.stdout).toBe(single.stdout);
    expect(results(pooled.stdout).map((result) => result.id)).toEqual(Array.from({ length: 300 }, (_, i) => `J-${i}`));
  });

  it("refuses --jobs 0", async () => {
    const { code, stderr } = await run(["scrub", "--jobs", "0", "-"], { stdin: "" });
    expect([code, stderr]).toEqual([2, 'otbill: --jobs: "0" is not a number of threads from 1 to 64, or auto\n']);
  });

  it("--pretty prints a report for people", async () => {
    const { code, stdout } = await run(["scrub", "--pretty", "-"], { stdin: JSON.stringify({ ...VISIT, id: "V-9" }) });
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("Visit V-9 on 2026-03-10: CLEAN");
    expect(stdout).toContain("timed: 47 min = 3 unit(s); untimed units: 0; allowed $79.82");
    expect(stdout).toContain("info    units.allocation: 47 timed minutes = 3 units: 97112 (24 min) 2 units, 97110 (23 min) 1 unit; the third unit went to 97112, 9 minutes left over against 8.");
  });
});
