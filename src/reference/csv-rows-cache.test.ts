import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCsvText } from "./csv.js";
import { cachedRows, writeCsvRowsCache } from "./csv-rows-cache.js";
import { DEFAULT_DATA_DIR } from "./load.js";

const dir = mkdtempSync(join(tmpdir(), "otbill-csv-rows-"));
const cacheFile = join(dir, "csv-rows.json");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csvFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? csvFilesUnder(path) : name.endsWith(".csv") ? [path] : [];
  });
}

describe("the reference CSVs parsed at build time", () => {
  const files = csvFilesUnder(DEFAULT_DATA_DIR);
  const count = writeCsvRowsCache(DEFAULT_DATA_DIR, parseCsvText, cacheFile);

  it("holds every CSV of data/, each giving exactly the rows csv-parse gives", () => {
    expect(files.length).toBeGreaterThan(30);
    // identical files (two years' GPCI with the same values) share one entry
    expect(count).toBe(new Set(files.map((file) => readFileSync(file, "utf8"))).size);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(cachedRows(text, cacheFile), file).toEqual(parseCsvText(text, file));
    }
  });

  it("gives fresh rows on every read, so a caller changing one cannot change another's", () => {
    const text = readFileSync(join(DEFAULT_DATA_DIR, "policy/coinsurance.csv"), "utf8");
    const first = cachedRows(text, cacheFile)!;
    first[0]!.percent = "99";
    expect(cachedRows(text, cacheFile)![0]!.percent).not.toBe("99");
  });

  it("knows nothing of a text it was not built from, however small the change", () => {
    const text = readFileSync(join(DEFAULT_DATA_DIR, "policy/coinsurance.csv"), "utf8");
    expect(cachedRows(`${text}\n`, cacheFile)).toBeUndefined();
    expect(cachedRows(text.replace("20", "25"), cacheFile)).toBeUndefined();
  });

  it("is no cache when its file is missing, damaged or of another format", () => {
    const text = readFileSync(join(DEFAULT_DATA_DIR, "policy/coinsurance.csv"), "utf8");
    expect(cachedRows(text, join(dir, "absent.json"))).toBeUndefined();
    writeFileSync(join(dir, "damaged.json"), '{"format":1,"rows":{');
    expect(cachedRows(text, join(dir, "damaged.json"))).toBeUndefined();
    const other = JSON.parse(readFileSync(cacheFile, "utf8")) as { format: number };
    writeFileSync(join(dir, "other.json"), JSON.stringify({ ...other, format: 0 }));
    expect(cachedRows(text, join(dir, "other.json"))).toBeUndefined();
  });
});
