/**
 * The README's command-line tour is output otbill really prints: every `$ npx otbill ...`
 * line in a README code block is run through main(), and the lines shown after it must be
 * what the command prints (a block ending in "  ..." shows only the first lines). Commands
 * that write files or feed a pipe are left to their own tests.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "./test-support/run-cli.js";

interface Example {
  command: string;
  args: string[];
  shown: string[];
}

/** Splits a shell line into words: spaces separate, double or single quotes group. */
function words(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) found.push(match[1] ?? match[2] ?? match[3] ?? "");
  return found;
}

function examples(readme: string): Example[] {
  const found: Example[] = [];
  const blocks = readme.split(/^```[a-z]*$/m).filter((_, index) => index % 2 === 1);
  for (const block of blocks) {
    let current: Example | undefined;
    for (const line of block.replace(/^\n/, "").split("\n")) {
      if (line.startsWith("$ ")) {
        current = undefined;
        if (!line.startsWith("$ npx otbill ") || line.includes("--out") || line.includes("|")) continue;
        current = { command: line.slice(2), args: words(line.slice("$ npx otbill ".length)), shown: [] };
        found.push(current);
      } else if (current) current.shown.push(line);
    }
  }
  for (const example of found) while (example.shown.length > 0 && example.shown.at(-1) === "") example.shown.pop();
  return found;
}

const shownExamples = examples(readFileSync(new URL("../../README.md", import.meta.url), "utf8"));

describe("the README's examples", () => {
  it("has the tour's commands (units, scrub, price, codes, icd)", () => {
    expect(shownExamples.map((example) => example.args[0])).toEqual(expect.arrayContaining(["units", "scrub", "price", "codes", "icd"]));
  });

  it.each(shownExamples.map((example) => [example.command, example] as const))("%s prints what the README shows", async (_command, example) => {
    const { code, stdout } = await run(example.args);
    expect(code === 0 || code === 3).toBe(true);
    const printed = stdout.replace(/\n$/, "").split("\n");
    if (example.shown.at(-1)?.trim() === "...") {
      const head = example.shown.slice(0, -1);
      expect(printed.slice(0, head.length)).toEqual(head);
    } else {
      expect(printed).toEqual(example.shown);
    }
  });
});
