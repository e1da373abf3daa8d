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

/** SEGMENT_ID without a regular expression (it runs once a segment). */
function isSegmentId(id: string): boolean {
  const length = id.length;
  if (length < 2 || length > 3) return false;
  const first = id.charCodeAt(0);
  if (first < 65 || first > 90) return false;
  for (let index = 1; index < length; index++) {
    const code = id.charCodeAt(index);
    if (!((code >= 65 && code <= 90) || (code >= 48 && code <= 57))) return false;
  }
  return true;
}
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
 */
export class SegmentReader {
  private buffer = "";
  /** byte offset of buffer[0] in the file */
  private base = 0;
  private ordinal = 0;
  private started = false;
  /** the file starts with a byte order mark, skipped once */
  private bom = false;
  delimiters: Delimiters | undefined;
  /** true when the file had no ISA and the defaults were assumed */
  assumedDelimiters = false;
  readonly file: string | undefined;

  constructor(options: ReaderOptions = {}) {
    this.file = options.file;
  }

  /** Adds a chunk and returns every segment it completes. */
  push(chunk: string | Uint8Array): Segment[] {
    let text = typeof chunk === "string" ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    const out: Segment[] = [];
    if (!this.started) {
      this.buffer += text;
      this.drain(this.takeBuffer(), out, false);
      return out;
    }
    if (this.buffer.length > 0) {
      // Finish the segment the last chunk cut, then scan this chunk's own (flat) string:
      // joining whole chunks would make V8 scan a concatenated string, many times slower.
      const end = text.indexOf(this.delimiters!.segment);
      if (end < 0) {
        this.buffer += text;
        return out;
      }
      this.drain(this.takeBuffer() + text.slice(0, end + 1), out, false);
      text = text.slice(end + 1);
    }
    this.drain(text, out, false);
    return out;
  }

  private takeBuffer(): string {
    const text = this.buffer;
    this.buffer = "";
    return text;
  }

  /** The segments left at the end of the input; throws when the file stops mid-segment. */
  finish(): Segment[] {
    const out: Segment[] = [];
    this.drain(this.takeBuffer(), out, true);
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
    return out;
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

  /** Reads the segments of `text` (which starts at byte `this.base`); keeps the unfinished rest. */
  private drain(text: string, out: Segment[], final: boolean): void {
    if (!this.started && !this.start(text, final)) {
      this.buffer = text;
      return;
    }
    const { element, segment: terminator } = this.delimiters!;
    let position = this.bom ? 3 : 0;
    this.bom = false;
    const length = text.length;
    for (;;) {
      // Skip line breaks and padding between segments.
      let code = text.charCodeAt(position);
      while (position < length && (code === 10 || code === 13 || code === 32 || code === 9)) {
        position++;
        code = text.charCodeAt(position);
      }
      if (position >= length) break;
      const end = text.indexOf(terminator, position);
      if (end < 0) break;
      // Elements sliced straight from the chunk: half the cost of slicing the segment, then splitting it.
      const elements: string[] = [];
      let from = position;
      for (;;) {
        const next = text.indexOf(element, from);
        if (next < 0 || next > end) {
          elements.push(text.slice(from, end));
          break;
        }
        elements.push(text.slice(from, next));
        from = next + 1;
      }
      const id = elements[0]!;
      this.ordinal++;
      const offset = this.base + position;
      if (!isSegmentId(id)) {
        const raw = text.slice(position, end);
        throw new X12Error(`${JSON.stringify(id.slice(0, 20))} is not a segment id${/[\r\n]/.test(raw) ? " (the segment terminator may be wrong: lines break inside a segment)" : ""}`, {
          file: this.file,
          segment: this.ordinal,
          offset,
        });
      }
      if (elements.length > MAX_ELEMENTS) {
        const found = guessTerminator(text.slice(position, end), element);
        throw new X12Error(
          `${id} has ${elements.length - 1} elements: the segments do not end with ${JSON.stringify(terminator)} as the ISA declares${found ? ` (they appear to end with ${JSON.stringify(found)})` : ""}`,
          { file: this.file, segment: this.ordinal, segmentId: id, offset },
        );
      }
      out.push({ id, elements, ordinal: this.ordinal, offset, length: end - position });
      position = end + 1;
    }
    this.base += position;
    this.buffer = position === 0 ? text : text.slice(position);
  }
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
