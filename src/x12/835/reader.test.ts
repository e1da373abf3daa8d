import { describe, expect, it } from "vitest";
import { X12Error } from "./errors.js";
import { SegmentReader, readAllSegments } from "./reader.js";

const ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261120*1200*^*00501*000000001*0*T*:~";

describe("SegmentReader", () => {
  it("takes the delimiters from the ISA and yields each segment with its ordinal and byte offset", () => {
    const text = `${ISA}GS*HP*A*B*20261120*1200*1*X*005010X221A1~ST*835*0001~`;
    const { segments, reader } = readAllSegments(text);
    expect(reader.delimiters).toEqual({ element: "*", component: ":", repetition: "^", segment: "~" });
    expect(segments.map((segment) => [segment.id, segment.ordinal, segment.offset])).toEqual([
      ["ISA", 1, 0],
      ["GS", 2, 106],
      ["ST", 3, 106 + 41],
    ]);
    expect(segments[2]!.elements).toEqual(["ST", "835", "0001"]);
  });

  it("reads other delimiters (| element, > component, ! terminator) and skips line breaks", () => {
    const isa = ISA.replaceAll("*", "|").replace(/:~$/, ">!");
    const text = `${isa}\r\nGS|HP|A|B|20261120|1200|1|X|005010X221A1!\r\nSVC|HC>97530>GO|110|47.14!\n`;
    const { segments, reader } = readAllSegments(text);
    expect(reader.delimiters).toEqual({ element: "|", component: ">", repetition: "^", segment: "!" });
    expect(segments.map((segment) => segment.id)).toEqual(["ISA", "GS", "SVC"]);
    expect(segments[2]!.offset).toBe(text.indexOf("SVC"));
    expect(segments[2]!.elements[1]).toBe("HC>97530>GO");
  });

  it("gives the same segments whatever the chunk boundaries", () => {
    const text = `${ISA}GS*HP*A*B*20261120*1200*1*X*005010X221A1~ST*835*0001~BPR*I*10*C*CHK************20261120~`;
    const whole = readAllSegments(text).segments;
    for (const size of [1, 2, 7, 50, 105, 106, 107]) {
      const reader = new SegmentReader();
      const segments = [];
      for (let start = 0; start < text.length; start += size) segments.push(...reader.push(Buffer.from(text.slice(start, start + size), "latin1")));
      segments.push(...reader.finish());
      expect(segments).toEqual(whole);
    }
  });

  it("reports a file that stops inside a segment, with the byte offset", () => {
    const text = `${ISA}GS*HP*A*B*20261120*1200*1*X*005010X221A1~ST*835*00`;
    expect(() => readAllSegments(text, { file: "cut.835" })).toThrow(X12Error);
    expect(() => readAllSegments(text, { file: "cut.835" })).toThrow(`cut.835: segment 3 (ST), byte 147: the file is truncated`);
  });

  it("reports a segment terminator that is not the one the ISA declares", () => {
    const text = `${ISA}GS*HP*A*B*20261120*1200*1*X*005010X221A1'ST*835*0001'BPR*I*10*C*CHK************20261120'`;
    expect(() => readAllSegments(text, { file: "x.835" })).toThrow(`x.835: segment 2 (GS), byte 106: the segments end with "'", not with the terminator "~" the ISA declares`);
  });

  it("assumes * ~ : when the file has no ISA", () => {
    const { segments, reader } = readAllSegments("ST*835*1234~BPR*I*1*C*CHK~");
    expect(reader.assumedDelimiters).toBe(true);
    expect(segments.map((segment) => segment.id)).toEqual(["ST", "BPR"]);
  });

  it("refuses a segment id that is not one", () => {
    expect(() => readAllSegments(`${ISA}gs*HP~`, { file: "f" })).toThrow(`f: segment 2, byte 106: "gs" is not a segment id`);
  });
});
