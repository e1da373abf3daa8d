/**
 * Reading a whole 835: bytes -> segments (reader.ts) -> events (parser.ts). The streaming
 * form hands out events a chunk at a time for `otbill remit parse` on files of any size;
 * the whole-file form collects them for posting, which needs every claim before it
 * commits anything.
 */
import { open } from "node:fs/promises";
import { X12Error, type X12Warning } from "./errors.js";
import { RemittanceParser } from "./parser.js";
import { SegmentReader, type Segment } from "./reader.js";
import type { ClaimPayment, ProviderAdjustment, RemittanceEvent, TransactionTotals } from "./types.js";

const PIECE = 1 << 16;
// eslint-disable-next-line no-control-regex
const NOT_LATIN1 = /[^\u0000-\u00ff]/;

export interface ParseOptions {
  file?: string;
}

export interface ParsedRemittance {
  claims: ClaimPayment[];
  providerAdjustments: ProviderAdjustment[];
  transactions: TransactionTotals[];
  warnings: X12Warning[];
}

/** Feeds chunks through the reader and the parser; the caller takes the events. */
export class RemittanceReader {
  private readonly reader: SegmentReader;
  private parser: RemittanceParser | undefined;
  private last: Segment | undefined;
  private readonly file: string | undefined;
  private readonly earlyWarnings: X12Warning[] = [];

  constructor(options: ParseOptions = {}) {
    this.file = options.file;
    this.reader = new SegmentReader(options);
  }

  get warnings(): X12Warning[] {
    return this.parser ? [...this.earlyWarnings, ...this.parser.warnings] : this.earlyWarnings;
  }

  push(chunk: string | Uint8Array, out: RemittanceEvent[]): void {
    // 64 KiB at a time: the segments of a piece die young, so the garbage collector never
    // copies them to the old generation (a 1 MiB piece made reading three times slower).
    for (let start = 0; start < chunk.length; start += PIECE) {
      const piece = typeof chunk === "string" ? chunk.slice(start, start + PIECE) : chunk.subarray(start, start + PIECE);
      // Text that is all latin1 is read as its bytes, the reader's fast path (a string piece
      // would be a slice of the caller's string, which V8 reads through an indirection).
      this.reader.scan(typeof piece === "string" && !NOT_LATIN1.test(piece) ? Buffer.from(piece, "latin1") : piece);
      this.feed(out);
    }
  }

  finish(out: RemittanceEvent[]): void {
    this.reader.finishScan();
    this.feed(out);
    if (!this.parser) throw new X12Error("the file holds no segment", { file: this.file, offset: 0 });
    this.parser.finish(this.last);
  }

  /** The segments the reader has scanned, to the parser: a whole piece is read before any of it is parsed. */
  private feed(out: RemittanceEvent[]): void {
    const reader = this.reader;
    if (reader.made.length === 0 && reader.records === 0) return;
    try {
      const parser = (this.parser ??= new RemittanceParser(reader.delimiters!, { file: this.file }));
      for (const segment of reader.made) parser.push(segment, out);
      if (reader.records > 0) this.last = reader.segmentAt(parser.pushRecords(reader, out), reader.recordOrdinal + reader.records - 1);
      else this.last = reader.made[reader.made.length - 1];
    } finally {
      reader.clear();
    }
  }
}

function collect(events: RemittanceEvent[], into: ParsedRemittance): void {
  for (const event of events) {
    if (event.type === "claim") into.claims.push(event);
    else if (event.type === "provider-adjustment") into.providerAdjustments.push(event);
    else into.transactions.push(event);
  }
}

/** Parses a whole 835 held in memory; throws an X12Error at the first error. */
export function parse835(input: string | Uint8Array, options: ParseOptions = {}): ParsedRemittance {
  const reader = new RemittanceReader(options);
  const events: RemittanceEvent[] = [];
  reader.push(input, events);
  reader.finish(events);
  const parsed: ParsedRemittance = { claims: [], providerAdjustments: [], transactions: [], warnings: reader.warnings };
  collect(events, parsed);
  return parsed;
}

/** Events of an 835 read from a stream, a batch per chunk; `warnings` fills as it goes. */
export async function* stream835(source: AsyncIterable<string | Uint8Array>, reader: RemittanceReader): AsyncGenerator<RemittanceEvent[]> {
  for await (const chunk of source) {
    const events: RemittanceEvent[] = [];
    reader.push(chunk, events);
    if (events.length > 0) yield events;
  }
  const events: RemittanceEvent[] = [];
  reader.finish(events);
  if (events.length > 0) yield events;
}

/** Bytes read from disk at a time: 16 pieces. */
const READ = 16 * PIECE;

/**
 * A file's bytes, a piece at a time, all read into one buffer: the reader copies what it
 * keeps before it asks for the next piece. Half the CPU of a read stream of pieces (its
 * events, promises and a buffer a read), and memory stays at one buffer.
 */
async function* filePieces(file: string): AsyncGenerator<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(READ);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ, null);
      if (bytesRead === 0) return;
      for (let start = 0; start < bytesRead; start += PIECE) yield buffer.subarray(start, Math.min(start + PIECE, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

/** An 835 file, streamed from disk. */
export function stream835File(file: string, reader: RemittanceReader = new RemittanceReader({ file })): AsyncGenerator<RemittanceEvent[]> {
  return stream835(filePieces(file), reader);
}
