/**
 * Contract "Part 1 additions": status `invalid` with `error`, `otbill scrub` exit 0/3/2,
 * `payer.profile`, the progress-report count, and the new rule ids, from the outside.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/test-support/run-cli.js";
import { ROOT, tempDir } from "./support.js";

type Json = Record<string, unknown>;
interface Finding {
  rule: string;
  severity: string;
  message: string;
  fix: string;
}
interface Result {
  id: string;
  status: string;
  findings: Finding[];
  lines: { code: string; modifiers: string[] }[];
  error?: { code: string; message: string; path: string; file?: string; line?: number };
}

const medicare = JSON.parse(readFileSync(join(ROOT, "examples/visit.json"), "utf8")) as Json;
const colorado = JSON.parse(readFileSync(join(ROOT, "examples/visit-medicaid-colorado.json"), "utf8")) as Json;
const dir = tempDir();

async function scrub(visits: unknown[]): Promise<{ code: number; results: Result[]; stderr: string }> {
  const out = await run(["scrub", "-"], { stdin: visits.map((visit) => JSON.stringify(visit)).join("\n") + "\n" });
  return { code: out.code, stderr: out.stderr, results: out.stdout.trim() === "" ? [] : out.stdout.trim().split("\n").map((line) => JSON.parse(line) as Result) };
}

async function one(visit: unknown): Promise<Result> {
  const { code, results, stderr } = await scrub([visit]);
  expect(code, stderr).toBe(0);
  return results[0]!;
}

const rules = (result: Result) => result.findings.map((finding) => finding.rule);
const finding = (result: Result, rule: string) => result.findings.find((f) => f.rule === rule);
const edit = (visit: Json, change: (copy: Json) => void): Json => {
  const copy = structuredClone(visit);
  change(copy);
  return copy;
};
const poc = (visit: Json) => visit.planOfCare as Json;

describe("otbill scrub exit codes and status invalid", () => {
  it("exit 0 when every visit was scrubbed", async () => {
    const { code, results } = await scrub([medicare, colorado]);
    expect(code).toBe(0);
    expect(results.map((result) => result.status)).not.toContain("invalid");
  });

  it("exit 3 when some visits were invalid: their result has status invalid and error with the path, file and line; the others are scrubbed in order", async () => {
    const bad = edit(medicare, (visit) => {
      visit.id = "V-BAD";
      (visit.services as Json[])[1]!.minutes = "twenty";
    });
    const file = join(dir, "mixed.ndjson");
    writeFileSync(file, [medicare, bad, colorado].map((visit) => JSON.stringify(visit)).join("\n") + "\n");
    const out = await run(["scrub", file]);
    expect(out.code).toBe(3);
    const results = out.stdout.trim().split("\n").map((line) => JSON.parse(line) as Result);
    expect(results.map((result) => result.id)).toEqual(["V-1001", "V-BAD", "V-CO-2001"]);
    expect(results[1]!.status).toBe("invalid");
    expect(results[1]!.error).toMatchObject({ path: "services[1].minutes", line: 2 });
    expect(results[1]!.error!.file).toContain("mixed.ndjson");
    expect(results[0]!.status).not.toBe("invalid");
    expect(results[2]!.status).not.toBe("invalid");
  });

  it("exit 2 when the input cannot be read at all, naming the file", async () => {
    writeFileSync(join(dir, "broken.json"), '[{"id": "V-1", ');
    const broken = await run(["scrub", join(dir, "broken.json")]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("broken.json");
    const missing = await run(["scrub", join(dir, "no-such-file.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no-such-file.json");
  });
});

describe("payer.profile", () => {
  it("names the profile whatever the kind; without it the profile follows payer.kind", async () => {
    const asCommercialKind = await one(edit(colorado, (visit) => (visit.payer = { kind: "commercial", name: "Health First Colorado", profile: "medicaid-colorado" })));
    expect(rules(asCommercialKind)).toContain("payer.assistant-not-recognized");
    const byKind = await one(edit(colorado, (visit) => (visit.payer = { kind: "commercial", name: "Some plan" })));
    expect(rules(byKind)).not.toContain("payer.assistant-not-recognized");
    expect(byKind.lines.find((line) => line.code === "97530")!.modifiers).toContain("CO");
  });

  it("payer.assistant-not-recognized (info): no CO/CQ on the lines", async () => {
    const result = await one(colorado);
    expect(finding(result, "payer.assistant-not-recognized")?.severity).toBe("info");
    for (const line of result.lines) expect(line.modifiers).not.toContain("CO");
  });

  it("payer.authorization-missing and payer.authorization-exhausted are errors", async () => {
    const missing = await one(edit(colorado, (visit) => delete visit.authorization));
    expect(finding(missing, "payer.authorization-missing")?.severity).toBe("error");
    expect(missing.status).toBe("reject");
    const exhausted = await one(edit(colorado, (visit) => ((visit.authorization as Json).visitsUsed = 12)));
    expect(finding(exhausted, "payer.authorization-exhausted")?.severity).toBe("error");
  });

  it("payer.visit-limit warns on the last authorized visit", async () => {
    expect(finding(await one(colorado), "payer.visit-limit")?.severity).toBe("warning");
  });

  it("payer.referring-missing: the profile requires the ordering provider and none is known", async () => {
    const result = await one(edit(colorado, (visit) => delete poc(visit).certifyingProvider));
    expect(finding(result, "payer.referring-missing")?.severity).toBe("error");
    expect(rules(await one(colorado))).not.toContain("payer.referring-missing");
  });

  it("payer.timely-filing: an error past the payer's limit (365 days for Health First Colorado)", async () => {
    const late = await one(edit(colorado, (visit) => (visit.claimDate = "2027-03-20")));
    expect(finding(late, "payer.timely-filing")?.severity).toBe("error");
    expect(rules(await one(colorado))).not.toContain("payer.timely-filing");
  });
});

describe("the new rule ids", () => {
  it("input.unknown-field (warning) names the field and the nearest known one", async () => {
    const result = await one(edit(medicare, (visit) => (visit.totalTreatmentMinute = 65)));
    const found = finding(result, "input.unknown-field");
    expect(found?.severity).toBe("warning");
    expect(found?.message).toContain("totalTreatmentMinute");
    // the nearest known field, in the finding's words (message or fix)
    expect(`${found?.message} ${found?.fix}`).toContain("totalTreatmentMinutes");
  });

  it("assistant.evaluation (error): assistant minutes on an evaluation code", async () => {
    const result = await one(
      edit(medicare, (visit) => {
        visit.services = [{ code: "97166", assistantMinutes: 20, minutes: 45 }];
        visit.totalTreatmentMinutes = 45;
      }),
    );
    expect(finding(result, "assistant.evaluation")?.severity).toBe("error");
  });

  it("poc.certification-length (warning): a certification period longer than 90 days", async () => {
    const long = await one(edit(medicare, (visit) => (poc(visit).certifiedThrough = "2026-06-30")));
    expect(finding(long, "poc.certification-length")?.severity).toBe("warning");
    expect(rules(await one(medicare))).not.toContain("poc.certification-length");
  });

  it("poc.progress-report-due fires from a count of 9 (the 10th treatment day), not at 8", async () => {
    const at = (count: number) => one(edit(medicare, (visit) => (poc(visit).treatmentDaysSinceProgressReport = count)));
    expect(rules(await at(8))).not.toContain("poc.progress-report-due");
    expect(finding(await at(9), "poc.progress-report-due")?.severity).toBe("warning");
  });
});
