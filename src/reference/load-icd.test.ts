import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { IcdCodeSet } from "../codes/icd.js";
import { InputError } from "../errors.js";
import { IcdTsvCodes } from "./load-icd.js";

const HEADER = "code\tcode_dotted\tdescription";
const release = { fiscalYear: 2026, start: "2025-10-01", end: "2026-09-30", file: "icd10cm/test.tsv", source: "test" } as never;

function codesOf(list: IcdTsvCodes): string[] {
  return Array.from({ length: list.length }, (_, index) => list.entryAt(index).code);
}

describe("IcdTsvCodes", () => {
  it("puts rows in code order when the file's tabular order is not (M67.A0x after M67.99)", () => {
    const list = new IcdTsvCodes([HEADER, "M6799\tM67.99\tUnspecified disorder", "M67A0\tM67.A0\tPlica syndrome", "M6790\tM67.90\tUnspecified, unspecified site", ""].join("\n"), "t.tsv");
    expect(codesOf(list)).toEqual(["M6790", "M6799", "M67A0"]);
  });

  it("compares a code with a key as strings compare: shorter first on a common prefix", () => {
    const list = new IcdTsvCodes([HEADER, "M62\tM62\tHeader-length code", "M6281\tM62.81\tMuscle weakness (generalized)"].join("\n"), "t.tsv");
    expect([list.compareCode(0, "M62"), Math.sign(list.compareCode(0, "M6281")), Math.sign(list.compareCode(1, "M62")), Math.sign(list.compareCode(1, "M63"))]).toEqual([0, -1, 1, -1]);
  });

  it("reads CRLF files and makes each entry once, with the dotted form and the whole title", () => {
    const list = new IcdTsvCodes([HEADER, "I69351\tI69.351\tHemiplegia, right dominant", "A000\tA00.0\tCholera", ""].join("\r\n"), "t.tsv");
    expect(list.entryAt(1)).toEqual({ code: "I69351", dotted: "I69.351", description: "Hemiplegia, right dominant" });
    expect(list.entryAt(1)).toBe(list.entryAt(1));
    expect(list.entryAt(0)).toEqual({ code: "A000", dotted: "A00.0", description: "Cholera" });
  });

  it("refuses a row without its three columns, naming the file and line", () => {
    let error: unknown;
    try {
      new IcdTsvCodes([HEADER, "A000\tA00.0\tCholera", "A001 A00.1 Cholera eltor"].join("\n"), "codes.tsv");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).located()).toBe("codes.tsv:3: expected code<TAB>dotted<TAB>description");
  });

  it("grows past its first table of rows and answers a set's lookups, headers and prefixes", () => {
    const rows = Array.from({ length: 5000 }, (_, index) => `Z${String(index).padStart(5, "0")}\tZ${String(index).padStart(5, "0")}\tCode ${index}`);
    const set = new IcdCodeSet(release, () => new IcdTsvCodes([HEADER, ...rows.reverse()].join("\n"), "t.tsv"));
    expect(set.size).toBe(5000);
    expect(set.get("Z04999")?.description).toBe("Code 4999");
    expect(set.get("Z05000")).toBeUndefined();
    expect(set.status("Z0012")).toMatchObject({ kind: "header", childCount: 10 });
    expect(set.withPrefix("Z0000").map((code) => code.code)).toEqual(["Z00000", "Z00001", "Z00002", "Z00003", "Z00004", "Z00005", "Z00006", "Z00007", "Z00008", "Z00009"]);
    expect(set.all().length).toBe(5000);
    expect(set.all()[0]).toBe(set.get("Z00000"));
  });

  it("orders a shipped fiscal year's 74,719 codes exactly as their text sorts", () => {
    const text = readFileSync(new URL("../../data/icd10cm/icd10cm_codes_fy2026.tsv", import.meta.url), "latin1");
    const list = new IcdTsvCodes(text, "fy2026.tsv");
    const codes = codesOf(list);
    const expected = text.split("\n").slice(1).filter(Boolean).map((row) => row.split("\t")[0]!).sort();
    expect(codes.length).toBe(74719);
    expect(codes).toEqual(expected);
  });

  it("orders codes of any other shape by their text (a digit first, lower case, more than seven characters)", () => {
    const list = new IcdTsvCodes([HEADER, "Z9\tZ9\tb", "a1\ta1\tc", "10\t10\td", "M62811X9\tM62.811X9\te", "M6281\tM62.81\tf"].join("\n"), "t.tsv");
    expect(codesOf(list)).toEqual(["10", "M6281", "M62811X9", "Z9", "a1"]);
  });
});
