/**
 * The cached ICD word index must answer exactly as the index built from the codes (same
 * codes, same scores), and a file that is damaged or made from other codes is never read.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import type { IcdCode } from "./icd.js";
import { buildIcdIndexData, IcdWordIndex } from "./icd-index.js";
import { cachedIcdIndexData, deserializeIcdIndex, icdIndexKey, serializeIcdIndex } from "./icd-index-cache.js";
import { loadTherapyTerms } from "./icd-search.js";

const dir = mkdtempSync(join(tmpdir(), "otbill-icd-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const terms = loadTherapyTerms();
const codes = loadReference({ importedDir: null }).latestIcd.all();
const QUERIES = ["muscle weakness", "right", "fracture", "distal radius fracture right", "stroke hemiplegia", "carpal tunel", "CRPS", "xyzzy"];

describe("ICD word index cache", () => {
  it("writes the index once, then reads it back; both answer every query identically", () => {
    const first = cachedIcdIndexData(codes, terms, dir);
    expect(first.from).toBe("built");
    expect(readdirSync(dir)).toEqual([`icd-index-${icdIndexKey(codes, terms)}.bin`]);
    const second = cachedIcdIndexData(codes, terms, dir);
    expect(second.from).toBe("cache");
    const built = new IcdWordIndex(codes, first.data, terms);
    const read = new IcdWordIndex(codes, second.data, terms);
    for (const query of QUERIES) {
      const expected = built.search(query, 10).map((hit) => [hit.code.code, hit.score]);
      expect(read.search(query, 10).map((hit) => [hit.code.code, hit.score])).toEqual(expected);
    }
    expect(built.search("muscle weakness", 1)[0]!.code.code).toBe("M6281");
  });

  it("round-trips the data exactly, also from an unaligned buffer", () => {
    const data = buildIcdIndexData(codes.slice(0, 500), terms);
    const bytes = serializeIcdIndex(data);
    const unaligned = new Uint8Array(bytes.length + 1).subarray(1);
    unaligned.set(bytes);
    for (const file of [bytes, unaligned]) {
      const back = deserializeIcdIndex(file, 500)!;
      expect(back.vocabulary).toEqual(data.vocabulary);
      expect(back.postings.map((list) => [...list])).toEqual(data.postings.map((list) => [...list]));
      expect([...back.lengths]).toEqual([...data.lengths]);
      expect([...back.priors]).toEqual([...data.priors]);
    }
  });

  it("rebuilds a damaged or truncated file, and refuses data for another number of codes", () => {
    const key = icdIndexKey(codes, terms);
    const file = join(dir, `icd-index-${key}.bin`);
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 3));
    expect(cachedIcdIndexData(codes, terms, dir).from).toBe("built");
    expect(cachedIcdIndexData(codes, terms, dir).from).toBe("cache");
    expect(deserializeIcdIndex(Buffer.from("not an index at all"), codes.length)).toBeUndefined();
    expect(deserializeIcdIndex(readFileSync(file), codes.length - 1)).toBeUndefined();
  });

  it("names the file by the codes and the therapy terms: another description or prefix is another file", () => {
    const key = icdIndexKey(codes, terms);
    const changed: IcdCode[] = [...codes];
    changed[0] = { ...changed[0]!, description: `${changed[0]!.description} changed` };
    expect(icdIndexKey(changed, terms)).not.toBe(key);
    expect(icdIndexKey(codes, [...terms, { phrases: ["x"], means: "x", prefer: ["Z99"] }])).not.toBe(key);
  });

  it("builds without touching the disk when no cache directory is given", () => {
    expect(cachedIcdIndexData(codes.slice(0, 100), terms, null).from).toBe("built");
  });
});
