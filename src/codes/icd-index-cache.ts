/**
 * The ICD word index kept on disk, so a one-query process (`otbill icd "muscle weakness"`)
 * reads it in a few milliseconds instead of tokenizing 74k descriptions (about 0.25 s of
 * CPU). The file sits under OTBILL_HOME/cache, named by a hash of everything the index is
 * made from: the code set's codes and descriptions in sorted order, the therapy terms'
 * preferred prefixes (the priors) and the format version. Other codes or terms give
 * another name, so a stale file is never read; an unreadable or damaged file is rebuilt,
 * and a cache that cannot be written (read-only home) only costs the rebuild next time.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { otbillHome } from "../reference/home.js";
import type { IcdCode } from "./icd.js";
import { buildIcdIndexData, type IcdIndexData, type TherapyTerm } from "./icd-index.js";

const MAGIC = "OTBICD01";
const HEADER_BYTES = 24; // magic, then codes, words, postings, vocabulary bytes (u32 each)

export function icdIndexCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(otbillHome(env), "cache");
}

/** The cache file's name: a hash of the codes, the terms' preferred prefixes and the format. */
export function icdIndexKey(codes: readonly IcdCode[], terms: readonly TherapyTerm[]): string {
  // SHA-1 names a file here, it guards nothing; fed in 64 KiB pieces it costs about 10 ms for 74k codes (one joined string: twice that)
  const hash = createHash("sha1");
  hash.update(`${MAGIC}\n${terms.map((term) => term.prefer.join(";")).join("|")}\n`);
  let piece = "";
  for (const code of codes) {
    piece += `${code.code}\t${code.description}\n`;
    if (piece.length > 65536) {
      hash.update(piece);
      piece = "";
    }
  }
  hash.update(piece);
  return hash.digest("hex");
}

/** Sections: priors (f32), word offsets (i32, words + 1), postings (i32), lengths (u8), vocabulary (UTF-8, "\n" between words). */
export function serializeIcdIndex(data: IcdIndexData): Buffer {
  const docs = data.lengths.length;
  const words = data.vocabulary.length;
  let total = 0;
  for (const list of data.postings) total += list.length;
  const vocabulary = Buffer.from(data.vocabulary.join("\n"), "utf8");
  const buffer = Buffer.alloc(HEADER_BYTES + 4 * docs + 4 * (words + 1) + 4 * total + docs + vocabulary.length);
  buffer.write(MAGIC, 0, "latin1");
  buffer.writeUInt32LE(docs, 8);
  buffer.writeUInt32LE(words, 12);
  buffer.writeUInt32LE(total, 16);
  buffer.writeUInt32LE(vocabulary.length, 20);
  let at = HEADER_BYTES;
  Buffer.from(data.priors.buffer, data.priors.byteOffset, data.priors.byteLength).copy(buffer, at);
  at += 4 * docs;
  const offsets = new Int32Array(words + 1);
  const postings = new Int32Array(total);
  let next = 0;
  data.postings.forEach((list, word) => {
    offsets[word] = next;
    postings.set(list, next);
    next += list.length;
  });
  offsets[words] = next;
  Buffer.from(offsets.buffer).copy(buffer, at);
  at += offsets.byteLength;
  Buffer.from(postings.buffer).copy(buffer, at);
  at += postings.byteLength;
  Buffer.from(data.lengths.buffer, data.lengths.byteOffset, data.lengths.byteLength).copy(buffer, at);
  at += docs;
  vocabulary.copy(buffer, at);
  return buffer;
}

/** The index data of a serialized file, or undefined when the file is not one (then it is rebuilt). */
export function deserializeIcdIndex(file: Uint8Array, codeCount: number): IcdIndexData | undefined {
  if (file.length < HEADER_BYTES || Buffer.from(file.buffer, file.byteOffset, 8).toString("latin1") !== MAGIC) return undefined;
  // typed-array views need 4-byte alignment: copy the (rare) unaligned buffer
  const bytes = file.byteOffset % 4 === 0 ? file : new Uint8Array(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const docs = view.getUint32(8, true);
  const words = view.getUint32(12, true);
  const total = view.getUint32(16, true);
  const vocabularyBytes = view.getUint32(20, true);
  if (docs !== codeCount || bytes.length !== HEADER_BYTES + 4 * docs + 4 * (words + 1) + 4 * total + docs + vocabularyBytes) return undefined;
  let at = bytes.byteOffset + HEADER_BYTES;
  const priors = new Float32Array(bytes.buffer, at, docs);
  at += 4 * docs;
  const offsets = new Int32Array(bytes.buffer, at, words + 1);
  at += 4 * (words + 1);
  const all = new Int32Array(bytes.buffer, at, total);
  at += 4 * total;
  const lengths = new Uint8Array(bytes.buffer, at, docs);
  at += docs;
  const vocabulary = Buffer.from(bytes.buffer, at, vocabularyBytes).toString("utf8").split("\n");
  if (vocabulary.length !== words || offsets[words] !== total) return undefined;
  const postings: Int32Array[] = new Array<Int32Array>(words);
  for (let word = 0; word < words; word++) postings[word] = all.subarray(offsets[word]!, offsets[word + 1]!);
  return { vocabulary, postings, lengths, priors };
}

export interface IcdIndexSource {
  data: IcdIndexData;
  /** "cache": read from the file; "built": tokenized now (and written to the cache when it could be) */
  from: "cache" | "built";
}

/** The index data of the codes: from the cache when it holds them, else built and written there. */
export function cachedIcdIndexData(codes: readonly IcdCode[], terms: readonly TherapyTerm[], dir: string | null = icdIndexCacheDir()): IcdIndexSource {
  if (dir === null) return { data: buildIcdIndexData(codes, terms), from: "built" };
  const file = join(dir, `icd-index-${icdIndexKey(codes, terms)}.bin`);
  let stored: Buffer | undefined;
  try {
    stored = readFileSync(file);
  } catch {
    stored = undefined; // not cached yet
  }
  const read = stored && deserializeIcdIndex(stored, codes.length);
  if (read) return { data: read, from: "cache" };
  const data = buildIcdIndexData(codes, terms);
  try {
    mkdirSync(dir, { recursive: true });
    // written aside and renamed, so a concurrent reader never sees half a file
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, serializeIcdIndex(data));
    renameSync(partial, file);
  } catch {
    // a home that cannot be written: searches still work, the next process builds again
  }
  return { data, from: "built" };
}
