/**
 * The scrub cases, one vitest test per case: public-cases.json (a verbatim copy of
 * the public cases, kept here so that tests never read outside the repository)
 * and otbill-cases.json (otbill's own cases, same format, from docs/billing-rules.md's rules and
 * sources). `check` applies exactly the checks of the public case runner; the visits go
 * through `scrubInput`, the function `otbill scrub` calls, with the shipped data only.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ScrubResult } from "../../src/contract/result.js";
import { scrubInput } from "../../src/engine/scrub.js";
import { loadReference } from "../../src/reference/reference.js";

type ModifierSplit = [string[], number][];

export interface CaseExpect {
  units?: Record<string, number>;
  anyUnits?: Record<string, number>[];
  mods?: Record<string, string[]>;
  noMods?: Record<string, string[]>;
  modsAny?: Record<string, string[][]>;
  someLineMods?: Record<string, string[]>;
  split?: Record<string, ModifierSplit>;
  rules?: string[];
  noRules?: string[];
  status?: "clean" | "review" | "reject";
  allowed?: Record<string, number>;
  totalAllowed?: number;
  timedMinutes?: number;
  timedUnits?: number;
}

export interface ScrubCase {
  name: string;
  visit: { id?: string } & Record<string, unknown>;
  expect: CaseExpect;
}

const KNOWN_KEYS = new Set(["units", "anyUnits", "mods", "noMods", "modsAny", "someLineMods", "split", "rules", "noRules", "status", "allowed", "totalAllowed", "timedMinutes", "timedUnits"]);

function load(file: string): ScrubCase[] {
  return JSON.parse(readFileSync(new URL(file, import.meta.url), "utf8")) as ScrubCase[];
}

/** Python's dict equality for {code: units}. */
function sameUnits(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

/** units over each code's lines, counting only lines with units > 0 (run.py units_by_code). */
function unitsByCode(result: ScrubResult): Record<string, number> {
  const units: Record<string, number> = {};
  for (const line of result.lines) {
    if ((line.units ?? 0) > 0) units[line.code] = (units[line.code] ?? 0) + line.units;
  }
  return units;
}

/** The same checks, in the same order, as run.py's `check`; returns the errors. */
export function check(result: ScrubResult, exp: CaseExpect): string[] {
  const errs: string[] = [];
  const ubc = unitsByCode(result);
  const rules = new Set(result.findings.map((item) => item.rule as string));
  const lines = result.lines;
  const modsOf = (line: (typeof lines)[number]): string[] => line.modifiers ?? [];

  if (exp.units && !sameUnits(ubc, exp.units)) errs.push(`units ${show(ubc)} != ${show(exp.units)}`);
  if (exp.anyUnits && !exp.anyUnits.some((option) => sameUnits(ubc, option))) errs.push(`units ${show(ubc)} not in ${show(exp.anyUnits)}`);
  for (const [code, mods] of Object.entries(exp.mods ?? {})) {
    const cl = lines.filter((line) => line.code === code);
    if (cl.length === 0) errs.push(`no line for ${code}`);
    for (const line of cl) {
      const miss = mods.filter((mod) => !modsOf(line).includes(mod));
      if (miss.length > 0) errs.push(`${code} line ${show(line.modifiers)} lacks ${show(miss)}`);
    }
  }
  for (const [code, alternatives] of Object.entries(exp.modsAny ?? {})) {
    const cl = lines.filter((line) => line.code === code);
    if (cl.length === 0) errs.push(`no line for ${code}`);
    for (const line of cl) {
      for (const alt of alternatives) {
        if (!alt.some((mod) => modsOf(line).includes(mod))) errs.push(`${code} line ${show(line.modifiers)} has none of ${show(alt)}`);
      }
    }
  }
  for (const [code, mods] of Object.entries(exp.noMods ?? {})) {
    for (const line of lines) {
      if (line.code !== code) continue;
      const bad = mods.filter((mod) => modsOf(line).includes(mod));
      if (bad.length > 0) errs.push(`${code} line carries ${show(bad)}`);
    }
  }
  for (const [code, mods] of Object.entries(exp.someLineMods ?? {})) {
    const cl = lines.filter((line) => line.code === code);
    if (!cl.some((line) => mods.every((mod) => modsOf(line).includes(mod)))) errs.push(`no ${code} line carries ${show(mods)}`);
  }
  for (const [code, want] of Object.entries(exp.split ?? {})) {
    const key = (mods: string[], units: number | undefined): string => show([[...mods].sort(), units ?? null]);
    const got = lines
      .filter((line) => line.code === code)
      .map((line) => key(modsOf(line), line.units))
      .sort();
    const wanted = want.map(([mods, units]) => key(mods, units)).sort();
    if (show(got) !== show(wanted)) errs.push(`${code} split ${show(got)} != ${show(wanted)}`);
  }
  for (const rule of exp.rules ?? []) if (!rules.has(rule)) errs.push(`missing finding ${rule}`);
  for (const rule of exp.noRules ?? []) if (rules.has(rule)) errs.push(`unexpected finding ${rule}`);
  if (exp.status !== undefined && result.status !== exp.status) errs.push(`status ${result.status} != ${exp.status}`);
  for (const [code, amount] of Object.entries(exp.allowed ?? {})) {
    const got = lines.filter((line) => line.code === code).reduce((sum, line) => sum + (line.allowed || 0), 0);
    if (Math.abs(got - amount) > 0.02) errs.push(`${code} allowed ${got.toFixed(2)} != ${amount.toFixed(2)}`);
  }
  const totals = result.totals;
  if (exp.totalAllowed !== undefined && Math.abs((totals.allowed || 0) - exp.totalAllowed) > 0.02) errs.push(`totals.allowed ${totals.allowed} != ${exp.totalAllowed}`);
  for (const key of ["timedMinutes", "timedUnits"] as const) {
    if (exp[key] !== undefined && totals[key] !== exp[key]) errs.push(`totals.${key} ${totals[key]} != ${exp[key]}`);
  }
  return errs;
}

const reference = loadReference({ importedDir: null });

const FILES = [
  { file: "./public-cases.json", minimum: 16 },
  { file: "./otbill-cases.json", minimum: 60 },
];

for (const { file, minimum } of FILES) {
  describe(file.slice(2), () => {
    const cases = load(file);

    it(`holds at least ${minimum} cases with unique visit ids and known expect keys`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(minimum);
      const ids = cases.map((item) => item.visit.id);
      expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      for (const item of cases) expect(Object.keys(item.expect).filter((key) => !KNOWN_KEYS.has(key))).toEqual([]);
    });

    it.each(cases.map((item) => [item.visit.id ?? item.name, item] as const))("%s", (_id, item) => {
      const result = scrubInput(item.visit, reference);
      expect(result.error).toBeUndefined();
      expect(result.id).toBe(item.visit.id);
      expect(check(result, item.expect)).toEqual([]);
    });
  });
}

describe("check() itself (the run.py semantics)", () => {
  const result = {
    status: "review",
    lines: [
      { code: "97110", modifiers: ["GO"], units: 1, diagnosisPointers: [1], service: 0, allowed: 29.06 },
      { code: "97110", modifiers: ["GO", "CO"], units: 1, diagnosisPointers: [1], service: 0, allowed: 18.88 },
      { code: "97140", modifiers: ["GO"], units: 0, diagnosisPointers: [1], service: 1 },
    ],
    totals: { timedMinutes: 36, timedUnits: 2, untimedUnits: 0, allowed: 47.94 },
    findings: [{ rule: "modifier.assistant", severity: "info", message: "m", source: "s" }],
  } satisfies ScrubResult;

  it("passes what run.py passes", () => {
    expect(
      check(result, {
        units: { "97110": 2 },
        anyUnits: [{ "97140": 1 }, { "97110": 2 }],
        mods: { "97110": ["GO"] },
        noMods: { "97110": ["KX"] },
        modsAny: { "97110": [["GO", "GP"]] },
        someLineMods: { "97110": ["CO"] },
        split: { "97110": [[["CO", "GO"], 1], [["GO"], 1]] },
        rules: ["modifier.assistant"],
        noRules: ["ncci.ptp"],
        status: "review",
        allowed: { "97110": 47.95 },
        totalAllowed: 47.92,
        timedMinutes: 36,
        timedUnits: 2,
      }),
    ).toEqual([]);
  });

  it("fails what run.py fails", () => {
    expect(
      check(result, {
        units: { "97110": 2, "97140": 0 },
        mods: { "97110": ["CO"], "97535": ["GO"] },
        noMods: { "97110": ["CO"] },
        someLineMods: { "97110": ["KX"] },
        split: { "97110": [[["GO"], 2]] },
        rules: ["ncci.ptp"],
        noRules: ["modifier.assistant"],
        status: "clean",
        allowed: { "97110": 47.9 },
        totalAllowed: 48,
        timedUnits: 3,
      }),
    ).toHaveLength(12);
  });
});
