/**
 * 837P throughput and memory (issue 8: 100,000 claims, at least 20,000 claims/s on one core,
 * memory flat in the number of claims). Each measurement runs in a child process of its own
 * so its peak RSS is its own:
 *
 * - `write`: the 837P writer alone. 1,000 realistic claims are prepared once (generated OT
 *   visits wrapped in claim documents, three practices, every payer kind, some patients not
 *   the subscriber), then N claims stream through write837p, cycling through them under new
 *   claim ids, into a file.
 * - `prepare+write`: the stateless path end to end, as `otbill claim 837` runs it a claim at a
 *   time: claim document -> zod validation -> scrub -> charges -> 837P, streamed to a file.
 *
 * Run: `npx tsx bench/claims-837.ts [N]` (default 100000), or through `npm run bench`.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ClaimProblems, prepareClaim } from "../src/claims/prepare.js";
import type { PreparedClaim } from "../src/claims/prepared-claim.js";
import type { IsoDate } from "../src/reference/dates.js";
import { loadReference, type Reference } from "../src/reference/reference.js";
import { write837p } from "../src/x12/837p/write.js";
import { generateVisit, seededRandom } from "./generate-visits.js";

const here = fileURLToPath(import.meta.url);

export type ClaimsBenchMode = "write" | "prepare+write";

export interface ClaimsBenchResult {
  mode: ClaimsBenchMode;
  claims: number;
  /** claim documents the scrub refused (prepare+write only: the generator's deliberate mistakes) */
  refused: number;
  /** wall time */
  seconds: number;
  claimsPerSecond: number;
  /** CPU time of the process (user + system): on a shared machine, the one-core figure */
  cpuSeconds: number;
  claimsPerCpuSecond: number;
  megabytes: number;
  peakRssMiB: number;
}

const PRACTICES = [
  { name: "Sunrise Occupational Therapy", npi: "1234567893", taxId: "841234567", taxonomy: "225X00000X", phone: "3035551212", address: { line1: "100 Main St", city: "Denver", state: "CO", zip: "802021234" } },
  { name: "Front Range Hand Therapy", npi: "1555555550", taxId: "842222222", taxonomy: "225XH1200X", phone: "7205550100", address: { line1: "9 Pearl St", city: "Boulder", state: "CO", zip: "803021111" } },
  { name: "Mesa Pediatric OT", npi: "1666666668", taxId: "843333333", taxonomy: "225X00000X", phone: "9705550199", address: { line1: "44 Main St", city: "Grand Junction", state: "CO", zip: "815011234" } },
];
const PAYER_IDS: Record<string, { name: string; payerId: string }> = {
  medicare: { name: "Medicare Part B", payerId: "04112" },
  "medicare-advantage": { name: "Humana Gold", payerId: "61101" },
  commercial: { name: "Aetna", payerId: "60054" },
  medicaid: { name: "Health First Colorado", payerId: "COMCD" },
  "workers-comp": { name: "Pinnacol Assurance", payerId: "PIN01" },
};
const CHARGES: Record<string, number> = {};
for (const code of ["97530", "97535", "97110", "97112", "97140", "97533", "97129", "97760", "97763", "97542", "97537", "97750", "97165", "97166", "97167", "97168", "97018", "G0283", "97150", "97010", "97130"]) {
  CHARGES[code] = 40 + (Number(code.replace(/\D/g, "")) % 7) * 5;
}
const BILLABLE = ["I69.351", "M62.81", "R26.89", "R27.8", "M25.611"];
const address = { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" };

/** The i-th claim document around the i-th generated visit. */
function claimDocument(random: () => number, index: number): Record<string, unknown> {
  const visit = generateVisit(random, index) as { payer: { kind: string }; diagnoses?: string[] } & Record<string, unknown>;
  // The generator's header and 7th-character mistakes belong to the scrub bench; a claim batch
  // is what the scrub let through, so its diagnoses are billable ones.
  visit.diagnoses = BILLABLE.slice(index % 3, (index % 3) + 1 + (index % 2));
  const payer = PAYER_IDS[visit.payer.kind] ?? PAYER_IDS.commercial!;
  const child = index % 5 === 0;
  return {
    claimId: `C-${index + 1}`,
    visit,
    chargeMaster: CHARGES,
    billingProvider: PRACTICES[index % PRACTICES.length],
    renderingProvider: index % 2 === 0 ? { firstName: "Ana", lastName: "Lopez", npi: "1245319599", taxonomy: "225X00000X" } : null,
    referringProvider: { firstName: "Mark", lastName: "Chen", npi: "1972543114" },
    subscriber: { memberId: `M${100000 + index}`, firstName: "Jane", lastName: "Doe", birthDate: "1950-01-01", sex: "F", address },
    patient: child ? { firstName: "Lucia", lastName: "Doe", birthDate: "2017-02-03", sex: "F", address, relationship: "child" } : null,
    payer,
    submitter: { name: "Sunrise Occupational Therapy", id: "SUB123", contactName: "Billing Office", phone: "3035551212" },
    receiver: { name: "CLEARINGHOUSE", id: "CLEARHOUSE01" },
  };
}

/** Claim documents prepared one at a time; refused ones are counted and skipped. */
function* preparedStream(reference: Reference, count: number, refused: { count: number }): Generator<PreparedClaim> {
  const random = seededRandom(20261201);
  for (let index = 0; index < count; index += 1) {
    try {
      yield prepareClaim(claimDocument(random, index), reference);
    } catch (error) {
      if (!(error instanceof ClaimProblems)) throw error;
      refused.count += 1;
    }
  }
}

/** N claims cycling through a pool of prepared ones, each under its own claim and line ids. */
function* cycled(pool: readonly PreparedClaim[], count: number): Generator<PreparedClaim> {
  for (let index = 0; index < count; index += 1) {
    const claim = pool[index % pool.length]!;
    const claimId = `C-${index + 1}`;
    yield { ...claim, document: { ...claim.document, claimId }, lines: claim.lines.map((line, n) => ({ ...line, lineId: `${claimId}-${n + 1}` })) };
  }
}

/** Writes chunks to a file through a 256 KiB buffer; returns the bytes written. */
function drain(chunks: Iterable<string>, file: string): number {
  const fd = openSync(file, "w");
  let pending = "";
  let bytes = 0;
  try {
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= 262_144) {
        bytes += writeSync(fd, pending);
        pending = "";
      }
    }
    bytes += writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

const INTERCHANGE = { controlNumber: 1, date: "2026-12-01" as IsoDate, time: "0900", usage: "T" as const };

/** One measurement in this process (the child side). */
function measure(mode: ClaimsBenchMode, count: number): ClaimsBenchResult {
  const reference = loadReference({ importedDir: null });
  const dir = mkdtempSync(join(tmpdir(), "otbill-837-bench-"));
  const refused = { count: 0 };
  try {
    let source: Iterable<PreparedClaim>;
    if (mode === "write") {
      const pool = [...preparedStream(reference, 1200, refused)].slice(0, 1000);
      refused.count = 0;
      source = cycled(pool, count);
    } else {
      source = preparedStream(reference, count, refused);
    }
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    const bytes = drain(write837p(source, INTERCHANGE), join(dir, "claims.837"));
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const claims = count - refused.count;
    return {
      mode,
      claims,
      refused: refused.count,
      seconds,
      claimsPerSecond: Math.round(claims / seconds),
      cpuSeconds,
      claimsPerCpuSecond: Math.round(claims / cpuSeconds),
      megabytes: Math.round(bytes / 1e5) / 10,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one measurement in a child process (tsx loader) and returns its result. */
export async function benchClaims837(mode: ClaimsBenchMode, count: number): Promise<ClaimsBenchResult> {
  const child = spawn(process.execPath, ["--import", "tsx", here, "--child", mode, String(count)], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "close")) as [number];
  if (code !== 0) throw new Error(`837P bench child exited ${code}`);
  return JSON.parse(output) as ClaimsBenchResult;
}

export function describeClaimsBench(result: ClaimsBenchResult): string {
  const refused = result.refused > 0 ? ` (${result.refused} documents refused by the scrub, as generated)` : "";
  return (
    `837P ${result.mode}: ${result.claims} claims in ${result.seconds.toFixed(2)} s wall = ${result.claimsPerSecond} claims/s; ` +
    `${result.cpuSeconds.toFixed(2)} s CPU = ${result.claimsPerCpuSecond} claims per CPU second; ${result.megabytes} MB, peak RSS ${result.peakRssMiB} MiB${refused}`
  );
}

const args = process.argv.slice(2);
if (args[0] === "--child") {
  process.stdout.write(JSON.stringify(measure(args[1] as ClaimsBenchMode, Number(args[2]))));
} else if (process.argv[1] === here) {
  const count = Number(args[0] ?? 100_000);
  for (const mode of ["write", "prepare+write"] as const) console.log(describeClaimsBench(await benchClaims837(mode, count)));
}
