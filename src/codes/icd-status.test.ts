import { describe, expect, it } from "vitest";
import { IcdCodeSet, type IcdCode } from "./icd.js";

const release = { fiscalYear: 2026, start: "2025-10-01", end: "2026-09-30", file: "test", source: "test" } as const;

function code(text: string, description: string): IcdCode {
  return { code: text, dotted: `${text.slice(0, 3)}.${text.slice(3)}`, description };
}

/** M62.81 billable; I69.35 a header of three codes; nothing else. */
function codeSet(): IcdCodeSet {
  return new IcdCodeSet(release as never, [code("M6281", "Muscle weakness (generalized)"), code("I69351", "Hemiplegia, right dominant"), code("I69352", "Hemiplegia, left dominant"), code("I69353", "Hemiplegia, right non-dominant")]);
}

describe("IcdCodeSet.status", () => {
  it("answers each text the same however often it is asked, the texts written differently too", () => {
    const set = codeSet();
    for (let round = 0; round < 3; round++) {
      expect(set.status("M62.81")).toEqual({ kind: "billable", code: code("M6281", "Muscle weakness (generalized)") });
      expect(set.status("m6281")).toEqual({ kind: "billable", code: code("M6281", "Muscle weakness (generalized)") });
      const header = set.status("I69.35");
      expect(header.kind === "header" && { prefix: header.prefix, childCount: header.childCount, examples: header.examples.map((item) => item.code) }).toEqual({
        prefix: "I6935",
        childCount: 3,
        examples: ["I69351", "I69352", "I69353"],
      });
      expect(set.status("I69.4")).toEqual({ kind: "invalid" });
      expect(set.status("not a code")).toEqual({ kind: "invalid" });
    }
  });

  it("stays right past the number of texts it keeps", () => {
    const set = codeSet();
    for (let i = 0; i < 25_000; i++) expect(set.status(`Z${String(i).padStart(5, "0")}`).kind).toBe("invalid");
    expect(set.status("M62.81").kind).toBe("billable");
    expect(set.status("I69.35").kind).toBe("header");
  });
});
