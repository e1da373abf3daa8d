/**
 * A streaming X12 segment reader: bytes in, segments out, one chunk at a time, so a
 * 100 MB remittance never sits in memory whole. The delimiters come from the ISA, as the
 * X12 envelope standard defines them: the element separator is the byte after "ISA",
 * the repetition separator is ISA11 (version 00501 and later), the component separator
 * is ISA16 and the segment terminator is the byte after ISA16. Line breaks after a
 * terminator are allowed (many payers wrap their files) and skipped.
 *
 * Bytes are read as latin1, one character per byte, so a segment's offset is its byte
 * offset in the file; X12's character set is ASCII, so no text is lost.
 */
import { X12Error } from "./errors.js";

export interface Delimiters {
  element: string;
  component: string;
  repetition: string | undefined;
  segment: string;
}

export interface Segment {
  id: string;
  /** elements[0] is the segment id, elements[1] is the segment's 01 element */
  elements: string[];
  /** 1-based ordinal in the file */
  ordinal: number;
  /** byte offset of the segment's first character */
  offset: number;
  /** byte length of the segment, without its terminator */
  length: number;
}

/** Without an ISA (a transaction cut out of its envelope) the common defaults apply, with a warning. */
export const DEFAULT_DELIMITERS: Delimiters = { element: "*", component: ":", repetition: "^", segment: "~" };

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

const ISA_ELEMENTS = 16;
/** No 835 segment has more (BPR has 21, CLP 14, PLB 14). */
const MAX_ELEMENTS = 40;
const LIKELY_IDS = ["GS", "ST", "BPR", "TRN", "N1", "LX", "CLP", "CAS", "SVC", "DTM", "SE", "GE", "IEA"];

/** The byte a mis-declared file really ends its segments with, when one stands before a known segment id. */
function guessTerminator(text: string, element: string): string | undefined {
  for (const id of LIKELY_IDS) {
    const at = text.indexOf(id + element, 1);
    if (at <= 0) continue;
    let before = at - 1;
    while (before > 0 && (text[before] === "\n" || text[before] === "\r")) before--;
    const candidate = text[before]!;
    if (!/[A-Za-z0-9]/.test(candidate) && candidate !== element) return candidate === "\r" ? "\n" : candidate;
    if (text[at - 1] === "\n") return "\n";
  }
  return undefined;
}

export interface ReaderOptions {
  file?: string;
}

/** Finds the ISA's delimiters in its text; undefined when more bytes are needed. */
function delimitersOfIsa(text: string, start: number, file: string | undefined): { delimiters: Delimiters; end: number } | undefined {
  if (text.length < start + 4) return undefined;
  const element = text[start + 3]!;
  if (/[A-Za-z0-9 ]/.test(element)) throw new X12Error(`ISA: ${JSON.stringify(element)} cannot be the element separator (the byte after "ISA")`, { file, segment: 1, segmentId: "ISA", offset: start });
  let position = start + 3;
  const values: string[] = [];
  for (let index = 1; index <= ISA_ELEMENTS; index++) {
    const next = index < ISA_ELEMENTS ? text.indexOf(element, position + 1) : position + 2;
    if (index < ISA_ELEMENTS && next < 0) {
      if (text.length - start > 400) throw new X12Error(`ISA has fewer than 16 elements`, { file, segment: 1, segmentId: "ISA", offset: start });
      return undefined;
    }
    if (next > text.length) return undefined;
    values.push(text.slice(position + 1, next));
    position = next;
  }
  // position is now the index of the segment terminator (one byte after ISA16's single byte)
  if (text.length <= position) return undefined;
  const component = values[15]!;
  const segment = text[position]!;
  if (component.length !== 1) throw new X12Error(`ISA16 (component separator) must be one character, found ${JSON.stringify(component)}`, { file, segment: 1, segmentId: "ISA", offset: start, element: "ISA16" });
  if (/[A-Za-z0-9]/.test(segment) || segment === element || segment === component) {
    throw new X12Error(`the segment terminator after ISA16 is ${JSON.stringify(segment)}, which cannot end a segment`, { file, segment: 1, segmentId: "ISA", offset: start, element: "ISA16" });
  }
  const repetitionCandidate = values[10]!;
  const version = values[11]!;
  const repetition = version >= "00501" && repetitionCandidate.length === 1 && !/[A-Za-z0-9]/.test(repetitionCandidate) ? repetitionCandidate : undefined;
  return { delimiters: { element, component, repetition, segment }, end: position };
}

/**
 * Push chunks, take segments. `finish()` reports a file that stops inside a segment.
 *
 * Inside, a chunk is scanned once into `marks` (no string per element): for each
 * segment, its element count, then the index in `text` where each element starts, then
 * one past the index of its terminator (so element k ends one before the start of k + 1).
 * `push()` turns those records into Segment objects; the remittance reader (parse.ts)
 * hands them to the parser as they are, which makes strings only of the values it keeps.
 */
export class SegmentReader {
  private buffer = "";
  /** byte offset of buffer[0] in the file */
  private base = 0;
  private ordinal = 0;
  private started = false;
  /** the file starts with a byte order mark, skipped once */
  private bom = false;
  /** every chunk so far was bytes, so `buffer` holds only latin1 characters */
  private bytesOnly = true;
  /** where the unfinished rest of a chunk and the next chunk are put together */
  private joined = Buffer.alloc(0);
  delimiters: Delimiters | undefined;
  /** true when the file had no ISA and the defaults were assumed */
  assumedDelimiters = false;
  readonly file: string | undefined;

  /** A segment a chunk pushed as a string completed across the chunk boundary, already made: it comes before the records. */
  readonly made: Segment[] = [];
  /** The records of the segments read from `recordText` since the last `clear()`. */
  marks = new Int32Array(1 << 14);
  /** entries of `marks` in use */
  markLength = 0;
  /** number of records in `marks` */
  records = 0;
  recordText = "";
  /** byte offset in the file of recordText[0] */
  recordBase = 0;
  /** ordinal of the first record */
  recordOrdinal = 0;

  constructor(options: ReaderOptions = {}) {
    this.file = options.file;
  }

  /** Adds a chunk and returns every segment it completes. */
  push(chunk: string | Uint8Array): Segment[] {
    this.scan(chunk);
    const out = this.made.slice();
    this.take(out);
    return out;
  }

  /** Adds a chunk: the segments it completes go to `made` and the records; the caller takes them, then calls `clear()`. */
  scan(chunk: string | Uint8Array): void {
    if (typeof chunk !== "string" && this.bytesOnly) {
      // The unfinished rest of the last chunk and this one as one flat string: sliced or
      // joined strings would make V8 read every character through an indirection. They are
      // put together in a buffer kept for it (nothing keeps its bytes once they are read).
      let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (this.buffer.length > 0) {
        const rest = this.buffer.length;
        if (this.joined.length < rest + chunk.length) this.joined = Buffer.allocUnsafe(Math.max(2 * this.joined.length, rest + chunk.length));
        this.joined.write(this.buffer, 0, "latin1");
        this.joined.set(chunk, rest);
        bytes = this.joined.subarray(0, rest + chunk.length);
        this.buffer = "";
      }
      this.drainBytes(bytes.toString("latin1"), bytes);
      return;
    }
    // A string may hold characters latin1 does not: from now on, the rest stays a string.
    if (typeof chunk === "string") this.bytesOnly = false;
    let text = typeof chunk === "string" ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    if (!this.started) {
      this.buffer += text;
      this.drain(this.takeBuffer(), false, false);
      return;
    }
    if (this.buffer.length > 0) {
      // Finish the segment the last chunk cut, then scan this chunk's own (flat) string:
      // joining whole chunks would make V8 scan a concatenated string, many times slower.
      const end = text.indexOf(this.delimiters!.segment);
      if (end < 0) {
        this.buffer += text;
        return;
      }
      this.drain(this.takeBuffer() + text.slice(0, end + 1), false, true);
      text = text.slice(end + 1);
    }
    this.drain(text, false, false);
  }

  /** Forgets the segments taken. */
  clear(): void {
    if (this.made.length > 0) this.made.length = 0;
    this.markLength = 0;
    this.records = 0;
  }

  /** Moves the records into `out` as Segment objects and forgets them. */
  private take(out: Segment[]): void {
    const marks = this.marks;
    let at = 0;
    for (let index = 0; index < this.records; index++) {
      out.push(this.segmentAt(at, this.recordOrdinal + index));
      at += marks[at]! + 2;
    }
    this.clear();
  }

  /** The Segment of the record at `marks[at]`. */
  segmentAt(at: number, ordinal: number): Segment {
    return segmentOf(this.recordText, this.marks, at, ordinal, this.recordBase);
  }

  private takeBuffer(): string {
    const text = this.buffer;
    this.buffer = "";
    return text;
  }

  /** The segments left at the end of the input; throws when the file stops mid-segment. */
  finish(): Segment[] {
    this.finishScan();
    const out: Segment[] = [];
    this.take(out);
    return out;
  }

  /** `finish()` for the caller of `scan()`: the last segments go to `made` and the records. */
  finishScan(): void {
    this.drain(this.takeBuffer(), true, false);
    const rest = this.buffer.replace(/^[\r\n\t ]+/, "");
    if (rest.length > 0) {
      const offset = this.base + (this.buffer.length - rest.length);
      const id = rest.split(this.delimiters?.element ?? "*", 1)[0]!.slice(0, 3);
      const found = guessTerminator(rest, this.delimiters?.element ?? "*");
      const reason = found
        ? `the segments end with ${JSON.stringify(found)}, not with the terminator ${JSON.stringify(this.delimiters?.segment)} the ISA declares`
        : `the file is truncated: it ends inside a segment with no terminator ${JSON.stringify(this.delimiters?.segment ?? "~")}`;
      throw new X12Error(reason, {
        file: this.file,
        segment: this.ordinal + 1,
        segmentId: SEGMENT_ID.test(id) ? id : undefined,
        offset,
      });
    }
    if (!this.started) throw new X12Error("the file is empty", { file: this.file, offset: 0 });
  }

  private start(text: string, final: boolean): boolean {
    let skip = 0;
    // A UTF-8 byte order mark some editors add: not part of the interchange.
    if (text.startsWith("\u00ef\u00bb\u00bf")) {
      skip = 3;
      this.bom = true;
    }
    while (skip < text.length && /[\r\n\t ]/.test(text[skip]!)) skip++;
    if (text.length - skip < 3 && !final) return false;
    if (text.startsWith("ISA", skip)) {
      const found = delimitersOfIsa(text, skip, this.file);
      if (!found) {
        if (final) throw new X12Error("the file is truncated inside the ISA segment", { file: this.file, segment: 1, segmentId: "ISA", offset: skip });
        return false;
      }
      this.delimiters = found.delimiters;
    } else {
      if (text.length - skip === 0) return false;
      this.delimiters = DEFAULT_DELIMITERS;
      this.assumedDelimiters = true;
    }
    this.started = true;
    return true;
  }

  /** The chunk whose records the caller takes next: their text, where it starts, and the first one's ordinal. */
  private beginRecords(text: string): void {
    if (this.records > 0) throw new Error("SegmentReader: records not taken before the next chunk");
    this.recordText = text;
    this.recordBase = this.base;
    this.recordOrdinal = this.ordinal + 1;
  }

  /**
   * Reads the segments of `text` (which starts at byte `this.base`) into records, or into
   * `made` when `make`; keeps the unfinished rest.
   */
  private drain(text: string, final: boolean, make: boolean): void {
    if (!this.started && !this.start(text, final)) {
      this.buffer = text;
      return;
    }
    const { element, segment: terminator } = this.delimiters!;
    let position = this.bom ? 3 : 0;
    this.bom = false;
    const length = text.length;
    if (!make) this.beginRecords(text);
    let marks = this.marks;
    let at = this.markLength;
    for (;;) {
      // Skip line breaks and padding between segments.
      let code = text.charCodeAt(position);
      while (position < length && (code === 10 || code === 13 || code === 32 || code === 9)) {
        position++;
        code = text.charCodeAt(position);
      }
      if (position >= length) break;
      if (at + MAX_ELEMENTS + 2 > marks.length) {
        const grown = new Int32Array(marks.length * 2);
        grown.set(marks);
        this.marks = marks = grown;
      }
      // The start of each element, straight from the characters: no string per element.
      const end = marksOfText(text, position, element, terminator, marks, at);
      if (end < 0) break;
      const count = marks[at]!;
      this.ordinal++;
      const idEnd = count > 1 ? marks[at + 2]! - 1 : end;
      if (!isSegmentIdAt(text, position, idEnd) || count > MAX_ELEMENTS) this.refuse(text, position, end, idEnd, count);
      if (make) this.made.push(segmentOf(text, marks, at, this.ordinal, this.base));
      else {
        at += count + 2;
        this.records++;
      }
      position = end + 1;
    }
    this.markLength = at;
    this.base += position;
    this.buffer = position === 0 ? text : text.slice(position);
  }

  /**
   * `drain` for a chunk pushed as bytes (`text` is the same, one character a byte), with
   * the unfinished rest of the last one before it: the loop that meets every byte of a
   * remittance, so it reads the bytes and keeps its counts in locals. It shares `start`
   * and the errors (`refuse`) with `drain`, which reads the chunks pushed as strings.
   */
  private drainBytes(text: string, bytes: Uint8Array): void {
    if (!this.started && !this.start(text, false)) {
      this.buffer = text;
      return;
    }
    const separator = this.delimiters!.element.charCodeAt(0);
    const terminator = this.delimiters!.segment.charCodeAt(0);
    let position = this.bom ? 3 : 0;
    this.bom = false;
    const length = bytes.length;
    this.beginRecords(text);
    let marks = this.marks;
    let at = this.markLength;
    let records = 0;
    segments: while (position < length) {
      // Skip line breaks and padding between segments.
      let code = bytes[position]!;
      while (code === 10 || code === 13 || code === 32 || code === 9) {
        if (++position >= length) break segments;
        code = bytes[position]!;
      }
      if (at + MAX_ELEMENTS + 2 > marks.length) {
        const grown = new Int32Array(marks.length * 2);
        grown.set(marks);
        this.marks = marks = grown;
      }
      // The start of each element, straight from the bytes: no string per element.
      marks[at + 1] = position;
      let count = 1;
      let end = position;
      for (;;) {
        if (end >= length) break segments;
        code = bytes[end]!;
        if (code === terminator) break;
        if (code === separator) {
          if (count <= MAX_ELEMENTS) marks[at + 1 + count] = end + 1;
          count++;
        }
        end++;
      }
      const idEnd = count > 1 ? marks[at + 2]! - 1 : end;
      const first = bytes[position]!;
      if (
        idEnd - position < 2 ||
        idEnd - position > 3 ||
        first < 65 ||
        first > 90 ||
        !isIdByte(bytes[position + 1]!) ||
        (idEnd - position === 3 && !isIdByte(bytes[position + 2]!)) ||
        count > MAX_ELEMENTS
      ) {
        this.ordinal += records + 1;
        this.refuse(text, position, end, idEnd, count);
      }
      marks[at + 1 + count] = end + 1;
      marks[at] = count;
      at += count + 2;
      records++;
      position = end + 1;
    }
    this.ordinal += records;
    this.records = records;
    this.markLength = at;
    this.base += position;
    this.buffer = position === 0 ? text : text.slice(position);
  }

  /** Throws the error of a segment (ordinal `this.ordinal`) whose id is not one or that has too many elements. */
  private refuse(text: string, position: number, end: number, idEnd: number, count: number): never {
    const offset = this.base + position;
    const id = text.slice(position, idEnd);
    if (!isSegmentIdAt(text, position, idEnd)) {
      const raw = text.slice(position, end);
      throw new X12Error(`${JSON.stringify(id.slice(0, 20))} is not a segment id${/[\r\n]/.test(raw) ? " (the segment terminator may be wrong: lines break inside a segment)" : ""}`, {
        file: this.file,
        segment: this.ordinal,
        offset,
      });
    }
    const { element, segment: terminator } = this.delimiters!;
    const found = guessTerminator(text.slice(position, end), element);
    throw new X12Error(
      `${id} has ${count - 1} elements: the segments do not end with ${JSON.stringify(terminator)} as the ISA declares${found ? ` (they appear to end with ${JSON.stringify(found)})` : ""}`,
      { file: this.file, segment: this.ordinal, segmentId: id, offset },
    );
  }
}

function isIdByte(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/**
 * Fills the record at `marks[at]` with the segment of `text` starting at `start` (its
 * element count, where each element starts, one past its terminator); returns the
 * terminator's index, -1 when the segment does not end in `text`. The count goes on past
 * MAX_ELEMENTS, the starts do not.
 */
function marksOfText(text: string, start: number, separator: string, terminator: string, marks: Int32Array, at: number): number {
  const end = text.indexOf(terminator, start);
  if (end < 0) return -1;
  const code = separator.charCodeAt(0);
  let count = 1;
  marks[at + 1] = start;
  for (let index = start; index < end; index++) {
    if (text.charCodeAt(index) === code) {
      if (count <= MAX_ELEMENTS) marks[at + 1 + count] = index + 1;
      count++;
    }
  }
  if (count <= MAX_ELEMENTS) marks[at + 1 + count] = end + 1;
  marks[at] = count;
  return end;
}

/** SEGMENT_ID on text[start, end) without a string. */
function isSegmentIdAt(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 2 || length > 3) return false;
  const first = text.charCodeAt(start);
  if (first < 65 || first > 90) return false;
  for (let index = start + 1; index < end; index++) {
    const code = text.charCodeAt(index);
    if (!((code >= 65 && code <= 90) || (code >= 48 && code <= 57))) return false;
  }
  return true;
}

/** The Segment of the record at `marks[at]` (see SegmentReader) of `text`, which starts at byte `base`. */
export function segmentOf(text: string, marks: Int32Array, at: number, ordinal: number, base: number): Segment {
  const count = marks[at]!;
  const elements: string[] = [];
  for (let index = 0; index < count; index++) elements.push(text.slice(marks[at + 1 + index]!, marks[at + 2 + index]! - 1));
  const start = marks[at + 1]!;
  return { id: elements[0]!, elements, ordinal, offset: base + start, length: marks[at + 1 + count]! - 1 - start };
}

/** Every segment of a whole text (tests, small files). */
export function readAllSegments(text: string | Uint8Array, options: ReaderOptions = {}): { segments: Segment[]; reader: SegmentReader } {
  const reader = new SegmentReader(options);
  const segments = reader.push(text);
  segments.push(...reader.finish());
  return { segments, reader };
}

/** The segments of a byte stream (a file's read stream), one chunk at a time. */
export async function* readSegments(source: AsyncIterable<string | Uint8Array>, reader: SegmentReader): AsyncGenerator<Segment[]> {
  for await (const chunk of source) {
    const segments = reader.push(chunk);
    if (segments.length > 0) yield segments;
  }
  const rest = reader.finish();
  if (rest.length > 0) yield rest;
}

/** Components of a composite element (SVC01 "HC:97530:GO"). */
export function componentsOf(value: string, delimiters: Delimiters): string[] {
  return value.split(delimiters.component);
}
