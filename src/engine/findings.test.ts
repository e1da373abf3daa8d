/**
 * Drift test: the rule ids of docs/contract.md's table (read from docs/contract.md, a verbatim
 * copy of the public contract), the catalog RULES in findings.ts and docs/rules.md must
 * agree. The contract's ids must all be in the catalog with at least the contract's
 * severities; every catalog id has one section in docs/rules.md and the docs document no
 * id the catalog lacks.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Severity } from "../contract/result.js";
import { finding, RULE_IDS, RULES, type RuleId } from "./findings.js";

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

interface ContractRule {
  id: string;
  severities: string[];
}

/** The rows of the "### Rule ids" table: | `id` | severity / severity | when | */
function contractRules(text: string): ContractRule[] {
  const start = text.indexOf("### Rule ids");
  expect(start).toBeGreaterThan(-1);
  const rows: ContractRule[] = [];
  for (const line of text.slice(start).split("\n").slice(1)) {
    if (line.startsWith("#")) break;
    const match = /^\|\s*`([^`]+)`\s*\|\s*([^|]+)\|/.exec(line);
    if (match) rows.push({ id: match[1]!, severities: match[2]!.split("/").map((part) => part.trim()) });
  }
  return rows;
}

/** `### id` headings of docs/rules.md with their section text. */
function documentedRules(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = text.split(/^### /m).slice(1);
  for (const part of parts) {
    const id = part.split("\n", 1)[0]!.trim();
    expect(sections.has(id), `${id} documented twice`).toBe(false);
    sections.set(id, part.split(/^## /m)[0]!);
  }
  return sections;
}

const contract = contractRules(read("docs/contract.md"));
const docs = documentedRules(read("docs/rules.md"));
const catalog = new Set<string>(RULE_IDS);

describe("docs/contract.md's rule table against the catalog", () => {
  it("the table is read (28 ids in the contract as of this copy)", () => {
    expect(contract.length).toBeGreaterThanOrEqual(28);
    expect(contract.map((rule) => rule.id)).toContain("units.allocation");
  });

  it.each(contract.map((rule) => [rule.id, rule] as const))("%s is in the catalog with the contract's severities", (id, rule) => {
    expect(catalog.has(id)).toBe(true);
    const severities = RULES[id as RuleId].severities as readonly string[];
    for (const severity of rule.severities) expect(severities).toContain(severity);
  });
});

describe("docs/rules.md against the catalog", () => {
  it("documents every catalog id", () => {
    expect(RULE_IDS.filter((id) => !docs.has(id))).toEqual([]);
  });

  it("documents no id the catalog lacks", () => {
    expect([...docs.keys()].filter((id) => !catalog.has(id))).toEqual([]);
  });

  it.each(RULE_IDS)("%s: the section names its severities, when it fires, what to do and its source", (id) => {
    const section = docs.get(id) ?? "";
    const severityLine = /- Severity: (.*)/.exec(section)?.[1] ?? "";
    for (const severity of RULES[id].severities) expect(severityLine).toContain(severity);
    expect(section).toMatch(/- When: \S/);
    expect(section).toMatch(/- What to do: \S/);
    expect(section).toMatch(/- Source: \S/);
  });
});

describe("the catalog itself", () => {
  it.each(RULE_IDS)("%s has severities, a description and a source", (id) => {
    const rule = RULES[id];
    expect(rule.severities.length).toBeGreaterThan(0);
    expect(rule.when.length).toBeGreaterThan(5);
    expect(rule.source.length).toBeGreaterThan(5);
    expect(id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
  });

  it("finding() defaults the source to the catalog's and refuses a severity the rule does not take", () => {
    expect(finding({ rule: "poc.missing", severity: "warning", message: "m" }).source).toBe(RULES["poc.missing"].source);
    expect(finding({ rule: "poc.missing", severity: "warning", message: "m", source: "s" }).source).toBe("s");
    expect(() => finding({ rule: "poc.missing", severity: "error" as Severity, message: "m" })).toThrow(/does not take severity error/);
  });
});
