/** Runs ../shared/tools/x12-validate (pyx12, 005010X222A1) on an interchange, for tests. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const VALIDATOR = resolve(import.meta.dirname, "../../../../shared/tools/x12-validate");

/** `ok` only when the validator exits 0; `report` is what it printed. */
export function validateX12(text: string, name = "batch.837"): { ok: boolean; report: string } {
  const dir = mkdtempSync(join(tmpdir(), "otbill-x12-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  try {
    return { ok: true, report: execFileSync(VALIDATOR, [file], { encoding: "utf8" }) };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, report: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
