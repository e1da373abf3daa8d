/**
 * Findings with and without their texts: a rule raises a finding's codes (rule, severity,
 * code, path) and a function for its texts, which is called at once when the result carries
 * texts and never for `--output codes`. The rule families' tests check each of their visits
 * both ways (scrubWith); here the mechanism itself and the example visits.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ScrubContext } from "./context.js";
import { RULES } from "./findings.js";
import { scrubInput } from "./scrub.js";
import { defaultVisit, reference, withoutTexts } from "./test-support/scrub-fixtures.js";
import { fastParseVisit } from "../contract/visit-fast.js";

const examples = new URL("../../examples/", import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, examples), "utf8");
const EXAMPLE_VISITS: unknown[] = [
  JSON.parse(read("visit.json")),
  JSON.parse(read("visit-problems.json")),
  JSON.parse(read("visit-medicaid-colorado.json")),
  ...read("visits.ndjson").trim().split("\n").map((line) => JSON.parse(line) as unknown),
];

function contextFor(texts: boolean): ScrubContext {
  const visit = fastParseVisit(defaultVisit("texts"));
  if (!visit) throw new Error("the default visit must pass the fast check");
  return new ScrubContext(visit, reference.on(visit.dateOfService), {}, texts);
}

describe("ScrubContext.add", () => {
  it("without texts keeps the codes and never calls the texts function", () => {
    const context = contextFor(false);
    context.add({ rule: "poc.missing", severity: "warning", path: "planOfCare" }, () => {
      throw new Error("texts made for a result without texts");
    });
    expect(JSON.stringify(context.findings)).toBe('[{"rule":"poc.missing","severity":"warning","path":"planOfCare"}]');
  });

  it("with texts calls the function once, at once, and defaults the source to the catalog's", () => {
    const context = contextFor(true);
    let calls = 0;
    let said = "before";
    context.add({ rule: "poc.missing", severity: "warning", code: "97110" }, () => {
      calls++;
      return { message: `said ${said}`, fix: "do it" };
    });
    said = "after";
    expect(calls).toBe(1);
    expect(JSON.stringify(context.findings)).toBe(
      JSON.stringify([{ rule: "poc.missing", severity: "warning", code: "97110", message: "said before", fix: "do it", source: RULES["poc.missing"].source }]),
    );
  });

  it("refuses a severity the rule does not take, with or without texts", () => {
    for (const texts of [true, false]) {
      expect(() => contextFor(texts).add({ rule: "poc.missing", severity: "error" }, () => ({ message: "m" }))).toThrow(/does not take severity error/);
    }
  });
});

describe("scrubInput without texts", () => {
  it.each(EXAMPLE_VISITS.map((visit, index) => [index, visit] as const))("example %i: the full result less the texts, and no texts at all", (_index, visit) => {
    const full = scrubInput(visit, reference);
    const codes = JSON.stringify(scrubInput(visit, reference, {}, { texts: false }));
    expect(codes).toBe(JSON.stringify(withoutTexts(full)));
    expect(codes).not.toMatch(/"(message|fix|source)":/);
  });

  it("an unknown field's warning keeps its path and loses its words", () => {
    const visit = { ...defaultVisit("unknown"), colour: "blue" };
    const full = scrubInput(visit, reference);
    expect(full.findings.map((item) => item.rule)).toContain("input.unknown-field");
    expect(JSON.stringify(scrubInput(visit, reference, {}, { texts: false }))).toBe(JSON.stringify(withoutTexts(full)));
  });

  it("the examples raise findings of several rules, so the check above is not empty", () => {
    const raised = new Set(EXAMPLE_VISITS.flatMap((visit) => scrubInput(visit, reference).findings.map((item) => item.rule)));
    expect(raised.size).toBeGreaterThan(5);
  });
});
