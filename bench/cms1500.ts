/**
 * CMS-1500 PDF rendering: N claims (the example claim document under new claim ids, prepared
 * once) -> one PDF, data only (for the red form) and plain (with the form's art). Prints the
 * claims per second, the PDF's size and the process's peak RSS.
 *
 * Run: `npx tsx bench/cms1500.ts [N]` (default 2000), or through `npm run bench`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { prepareClaim } from "../src/claims/prepare.js";
import { renderCms1500Pdf } from "../src/forms/cms1500.js";
import type { IsoDate } from "../src/reference/dates.js";
import { loadReference } from "../src/reference/reference.js";

export interface Cms1500BenchResult {
  plain: boolean;
  claims: number;
  /** wall time */
  seconds: number;
  /** CPU time (user + system): on a shared machine, the one-core figure */
  cpuSeconds: number;
  claimsPerSecond: number;
  /** claims per CPU second */
  claimsPerCpuSecond: number;
  pdfBytes: number;
  peakRssMiB: number;
}

export async function benchCms1500(claimCount: number): Promise<Cms1500BenchResult[]> {
  const example = JSON.parse(readFileSync(new URL("../examples/claim.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const prepared = prepareClaim(example, loadReference({ importedDir: null }));
  const claims = Array.from({ length: claimCount }, (_, index) => ({ ...prepared, document: { ...prepared.document, claimId: `C-${index + 1}` } }));
  const results: Cms1500BenchResult[] = [];
  let peak = process.memoryUsage().rss;
  for (const plain of [false, true]) {
    // One warm-up render so the timing is of the steady state, not of module loading.
    await renderCms1500Pdf(claims.slice(0, 10), { plain, signatureDate: "2026-11-04" as IsoDate });
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const pdf = await renderCms1500Pdf(claims, { plain, signatureDate: "2026-11-04" as IsoDate });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    peak = Math.max(peak, process.memoryUsage().rss);
    results.push({ plain, claims: claimCount, seconds, cpuSeconds, claimsPerSecond: Math.round(claimCount / seconds), claimsPerCpuSecond: Math.round(claimCount / cpuSeconds), pdfBytes: pdf.length, peakRssMiB: Math.round(peak / 2 ** 20) });
  }
  return results;
}

export function describeCms1500Bench(result: Cms1500BenchResult): string {
  return `CMS-1500 PDF (${result.plain ? "plain paper" : "data only"}): ${result.claims} claims in ${result.seconds.toFixed(2)} s (${result.cpuSeconds.toFixed(2)} s CPU) = ${result.claimsPerSecond} claims/s (${result.claimsPerCpuSecond} per CPU second), ${(result.pdfBytes / 2 ** 20).toFixed(1)} MiB, peak RSS ${result.peakRssMiB} MiB`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const result of await benchCms1500(Number(process.argv[2] ?? 2000))) console.log(describeCms1500Bench(result));
}
