/**
 * Reading back what the 837P writer wrote, for tests: segments as element arrays, the claims
 * with their segments, and the independent validator (../shared/tools/x12-validate, pyx12)
 * over several files in one call. Test support only: tsconfig.build.json leaves it out of dist.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const VALIDATOR = join(REPO_ROOT, "../shared/tools/x12-validate");
/** The validator lives beside the repository in development; without it the validating tests are skipped. */
export const HAVE_VALIDATOR = existsSync(VALIDATOR);

export type Segment = string[];

/** The segments of an interchange written with * : ~ (and a line break after each ~). */
export function segmentsOf(text: string): Segment[] {
  return text
    .split("~")
    .map((segment) => segment.replace(/^\s+/, ""))
    .filter((segment) => segment !== "")
    .map((segment) => segment.split("*"));
}

export interface WrittenClaim {
  clm: Segment;
  segments: Segment[];
}

/** Each CLM with the segments up to the next HL, CLM or SE. */
export function claimsOf(segments: readonly Segment[]): WrittenClaim[] {
  const claims: WrittenClaim[] = [];
  let current: WrittenClaim | undefined;
  for (const segment of segments) {
    const id = segment[0];
    if (id === "CLM") {
      current = { clm: segment, segments: [segment] };
      claims.push(current);
    } else if (id === "HL" || id === "SE") {
      current = undefined;
    } else if (current) {
      current.segments.push(segment);
    }
  }
  return claims;
}

/** "110" / "55.5" -> cents. */
export function centsOf(amount: string): number {
  const [whole, fraction = ""] = amount.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export interface Validation {
  status: number | null;
  output: string;
}

/** Writes the texts to files and validates them all in one run of the validator (it takes a moment to start). */
export function validateX12(texts: Record<string, string>): Validation {
  const dir = mkdtempSync(join(tmpdir(), "otbill-x12-"));
  const files = Object.entries(texts).map(([name, text]) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  const run = spawnSync(VALIDATOR, files, { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: run.status, output: `${run.stdout ?? ""}${run.stderr ?? ""}` };
}
