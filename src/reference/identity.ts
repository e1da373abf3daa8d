/**
 * What a kept result was computed with: the code of otbill's scrub and the reference data it read
 * (the shipped data/ and the practice's imported releases), as one digest. A scrub kept
 * under another identity is stale, since new rules or new data may judge the visit
 * otherwise. Content is hashed rather than the package version read, so that a rule
 * changed without a release still makes kept scrubs stale.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";
import type { Reference } from "./reference.js";

/** The compiled (dist/) or source (src/) tree this module runs from. */
const CODE_ROOT = fileURLToPath(new URL("../", import.meta.url));
/**
 * The folders of the code a stored visit's scrub runs: the contract, the rules, pricing,
 * payer profiles, code sets, reference data and the store's history. A change elsewhere
 * (the web pages, the 835 parser) leaves kept scrubs as they are.
 */
const SCRUB_CODE = ["contract", "engine", "pricing", "payers", "codes", "reference", "store"];
const CODE_FILE = /\.(?:[cm]?js|ts)$/;
const TEST_FILE = /\.test\.[cm]?[jt]s$/;

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && keep(entry.name)) files.push(join(entry.parentPath, entry.name));
  }
  // Sorted, so that the digest does not depend on the order the file system lists them in.
  return files.sort();
}

function digestOf(roots: { label: string; dir: string; keep: (name: string) => boolean }[]): string {
  const hash = createHash("sha256");
  for (const root of roots) {
    for (const file of filesUnder(root.dir, root.keep)) {
      const content = readFileSync(file);
      hash.update(`${root.label}/${relative(root.dir, file)}\0${content.length}\0`);
      hash.update(content);
    }
  }
  return hash.digest("hex").slice(0, 32);
}

const identities = new WeakMap<Reference, string>();

/** The digest of the scrub's code, the reference's data folder and its imported releases; made once per reference. */
export function referenceIdentity(reference: Reference): string {
  let identity = identities.get(reference);
  if (identity === undefined) {
    const { dataDir, importedDir } = reference.tables;
    identity = digestOf([
      ...SCRUB_CODE.map((folder) => ({ label: `code/${folder}`, dir: join(CODE_ROOT, folder), keep: (name: string) => CODE_FILE.test(name) && !TEST_FILE.test(name) })),
      { label: "data", dir: dataDir, keep: () => true },
      ...(importedDir ? [{ label: "imported", dir: importedDir, keep: () => true }] : []),
    ]);
    identities.set(reference, identity);
  }
  return identity;
}
