import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTextFile } from "./csv.js";

const dir = mkdtempSync(join(tmpdir(), "otbill-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe("readTextFile", () => {
  it("reads an ASCII file as its text", () => {
    expect(readTextFile(fileOf("ascii.tsv", Buffer.from("code\tdotted\tdescription\nR531\tR53.1\tWeakness\n", "ascii")))).toBe(
      "code\tdotted\tdescription\nR531\tR53.1\tWeakness\n",
    );
  });

  it("reads UTF-8 as UTF-8: accents, a byte order mark, characters outside Latin-1", () => {
    const text = "\uFEFFcode,description\n97535,Éducation à l'autonomie — ADL 🙂\n";
    expect(readTextFile(fileOf("utf8.csv", Buffer.from(text, "utf8")))).toBe(text);
  });

  it("reads a file whose only non-ASCII byte is its last as UTF-8", () => {
    expect(readTextFile(fileOf("last.csv", Buffer.from("a,b\n1,é", "utf8")))).toBe("a,b\n1,é");
  });

  it("names the file that is not there", () => {
    expect(() => readTextFile(join(dir, "missing.csv"))).toThrow(expect.objectContaining({ code: "file_not_found", details: expect.objectContaining({ file: join(dir, "missing.csv") }) }));
  });
});
