/** Runs ../shared/tools/x12-validate (pyx12, 005010X221A1) on an 835, for tests. Test support only. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const VALIDATOR = join(import.meta.dirname, "../../../../../shared/tools/x12-validate");

/** Runs the independent validator; returns its output when the file fails. */
export function validate835(text: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "otbill-835-"));
  const file = join(dir, "remit.835");
  writeFileSync(file, text, "latin1");
  try {
    return { ok: true, output: execFileSync(VALIDATOR, [file], { encoding: "utf8" }) };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

