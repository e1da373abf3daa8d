import { describe, expect, it } from "vitest";
import type { IsoDate } from "../reference/dates.js";
import { layoutClaim, pageLines } from "./cms1500-layout.js";
import { sampleClaim } from "./test-support/sample-claims.js";

const options = { signatureDate: "2026-11-04" as IsoDate };

/** The characters of print line `line` from column `column` (both 1-based). */
function at(lines: string[], line: number, column: number, length: number): string {
  return (lines[line - 1] ?? "").slice(column - 1, column - 1 + length);
}

describe("CMS-1500 layout on the print grid", () => {
  const [page] = layoutClaim(sampleClaim(), options);
  const lines = pageLines(page!);

  it("puts each value at its exact line and column", () => {
    expect(at(lines, 8, 1, 1)).toBe("X");
    expect(at(lines, 8, 50, 11)).toBe("1EG4TE5MK72");
    expect(at(lines, 10, 31, 10)).toBe("01 01 1950");
    expect(at(lines, 38, 3, 5)).toBe("M6281");
    expect(at(lines, 44, 1, 8)).toBe("11 03 26");
    expect(at(lines, 44, 25, 5)).toBe("97530");
    // 24F: dollars right-aligned to column 54, cents in 56-57
    expect(at(lines, 44, 50, 8)).toBe("  110 00");
    expect(at(lines, 46, 50, 8)).toBe("   45 00");
    // 28: dollars right-aligned to column 56, cents in 58-59
    expect(at(lines, 56, 51, 9)).toBe("   155 00");
    expect(at(lines, 61, 50, 10)).toBe("1234567893");
  });

  it("no print line runs past column 80 (8.3 in of the 8.5 in page)", () => {
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(66);
  });

  it("two values in one cell are refused as a layout bug", () => {
    expect(() => pageLines([{ line: 8, column: 1, text: "X" }, { line: 8, column: 1, text: "Y" }])).toThrow("line 8 column 1 is taken");
    expect(pageLines([{ line: 2, column: 3, text: "AB" }])).toEqual(["", "  AB"]);
  });
});
