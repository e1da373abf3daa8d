import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInterchange, isaSegment } from "./envelope.js";
import { SegmentWriter, needsEscaping, x12Amount, x12Date, x12Text } from "./segments.js";
import type { IsoDate } from "../reference/dates.js";

describe("x12Amount", () => {
  it("writes cents as X12 decimals without trailing zeros", () => {
    expect([11000, 5550, 1225, 5, 50, 0, 100, 9999999, -250].map(x12Amount)).toEqual(["110", "55.5", "12.25", "0.05", "0.5", "0", "1", "99999.99", "-2.5"]);
  });
  it("refuses a fraction of a cent", () => {
    expect(() => x12Amount(10.5)).toThrow("amount in cents must be an integer, got 10.5");
  });
});

describe("segments", () => {
  it("drops trailing empty elements and components, keeps inner ones", () => {
    const w = new SegmentWriter();
    expect(w.segment("NM1", "85", "2", "SUNRISE OT", null, undefined, "", null, "XX", "1234567893")).toBe("NM1*85*2*SUNRISE OT*****XX*1234567893~\n");
    expect(w.segment("SV1", ["HC", "97530", "GO", undefined, null, undefined, undefined], "110", "UN", 2, null, null, [1, 2])).toBe("SV1*HC:97530:GO*110*UN*2***1:2~\n");
    expect(w.segment("HL", 1, null, "20", "1", null)).toBe("HL*1**20*1~\n");
    expect(w.count).toBe(3);
  });
  it("keeps separators out of text so no value can open an element or end a segment", () => {
    expect(x12Text("Smith*Jones: ~Clinic^\n  East ")).toBe("Smith Jones Clinic East");
    expect(needsEscaping("C-1001")).toBe(false);
    expect(needsEscaping("C*1")).toBe(true);
    expect(x12Date("2026-03-10")).toBe("20260310");
  });
});

describe("any text", () => {
  it("becomes one element: no separator survives, and clean text is kept as is", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ maxLength: 40 }), (name, other) => {
        const w = new SegmentWriter();
        const text = w.segment("NM1", "QC", "1", name, other, [name, other]);
        // One terminator, at the end; the element count is fixed by the call, not by the text.
        expect(text.indexOf("~")).toBe(text.length - 2);
        const elements = text.slice(0, -2).split("*");
        expect(elements.length).toBeLessThanOrEqual(6);
        expect(elements.slice(3).join("").replace(/:/g, "")).not.toMatch(/[*^~\\\n\r]/);
        const cleaned = x12Text(name);
        expect(x12Text(cleaned)).toBe(cleaned);
        if (!needsEscaping(name)) expect(cleaned).toBe(name);
      }),
      { numRuns: 500 },
    );
  });

  it("amounts read back as the cents they were written from", () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999, max: 99_999_999 }), (cents) => {
        const text = x12Amount(cents);
        expect(Math.round(Number(text) * 100)).toBe(cents);
        expect(text).not.toMatch(/\.\d*0$|^-?0\d/);
      }),
    );
  });
});

describe("ISA", () => {
  const options = checkInterchange({ controlNumber: 42, date: "2026-03-12" as IsoDate, time: "0930", usage: "P" }, "SUB123", "04112");
  it("is fixed width: 106 characters with the terminator, separators at their positions", () => {
    const isa = isaSegment(options).replace("\n", "");
    expect(isa).toBe("ISA*00*          *00*          *ZZ*SUB123         *ZZ*04112          *260312*0930*^*00501*000000042*0*P*:~");
    expect(isa).toHaveLength(106);
    // A receiver reads the element separator at 4, the repetition at 83 and the component at 105.
    expect([isa[3], isa[82], isa[104], isa[105]]).toEqual(["*", "^", ":", "~"]);
  });
  it("names the bad option", () => {
    const base = { controlNumber: 1, date: "2026-03-12" as IsoDate, time: "0930", usage: "T" as const };
    expect(() => checkInterchange({ ...base, controlNumber: 0 }, "A1", "B1")).toThrow("controlNumber: must be a whole number from 1 to 999999999 (got 0)");
    expect(() => checkInterchange({ ...base, controlNumber: 1_000_000_000 }, "A1", "B1")).toThrow("controlNumber: must be a whole number from 1 to 999999999 (got 1000000000)");
    expect(() => checkInterchange({ ...base, time: "2460" }, "A1", "B1")).toThrow('time: must be HHMM (24-hour clock) (got "2460")');
    expect(() => checkInterchange({ ...base, date: "2026-02-30" as IsoDate }, "A1", "B1")).toThrow('date: must be a calendar date in YYYY-MM-DD form (got "2026-02-30")');
    expect(() => checkInterchange(base, "A-SUBMITTER-ID-TOO-LONG", "B1")).toThrow('senderId: must be 1 to 15 characters without X12 separators (got "A-SUBMITTER-ID-TOO-LONG")');
    expect(() => checkInterchange({ ...base, usage: "X" as "T" }, "A1", "B1")).toThrow('usage: must be T (test) or P (production) (got "X")');
  });
});
