/**
 * 835 remittances (issue 10): parse a generated 100 MB 835 with otbill's streaming reader
 * and parser (segments -> typed claim payments, balancing checked) and, in the same run,
 * with node-x12 (its streaming X12Parser: segments only); throughput and peak RSS of each,
 * each in a child process of its own so the RSS is its own. Then post 10,000 claim
 * payments to 10,000 stored claims on SQLite (one transaction, as `otbill remit import`).
 *
 * Run: `npx tsx bench/remit-835.ts [MB] [CLAIMS]` (default 100 and 10000), or `npm run bench`.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { RemittanceReader, stream835File } from "../src/x12/835/parse.js";
import { write835, type ClaimSpec } from "../src/x12/835/write.js";

const here = fileURLToPath(import.meta.url);

/**
 * otbill: the 835 read into typed claim payments, balanced, streamed;
 * node-x12: its streaming X12Parser (a Transform emitting segments, no 835 meaning);
 * node-x12 parse(): its document API (the interchange object model an application reads), on the whole file.
 */
export type ParserName = "otbill" | "node-x12" | "node-x12 parse()";

export interface ParseBenchResult {
  parser: ParserName;
  megabytes: number;
  seconds: number;
  megabytesPerSecond: number;
  cpuSeconds: number;
  peakRssMiB: number;
  /** claim payments (otbill) or segments (node-x12) read */
  items: number;
}

export interface PostBenchResult {
  claims: number;
  lines: number;
  seconds: number;
  claimsPerSecond: number;
  /** CPU time of the posting (better-sqlite3 runs in this thread): the figure on a shared machine */
  cpuSeconds: number;
}

function claimOf(index: number): ClaimSpec {
  const date = `2026-0${1 + (index % 9)}-1${index % 10}`;
  return {
    claimId: `C-${index + 1}`,
    patient: { lastName: `PATIENT${index % 997}`, firstName: "ALEX", memberId: `1EG4TE5MK${String(index % 100).padStart(2, "0")}` },
    lines: [
      { code: "97530", modifiers: ["GO"], units: 2, chargeCents: 11000, lineId: `C-${index + 1}-1`, serviceDate: date, allowedCents: 6012, adjustments: [{ group: "CO", reason: "45", amountCents: 4988 }, { group: "PR", reason: "2", amountCents: 1202 }, { group: "CO", reason: "253", amountCents: 96 }] },
      { code: "97110", modifiers: ["GO"], units: 1, chargeCents: 4500, lineId: `C-${index + 1}-2`, serviceDate: date, allowedCents: 2928, adjustments: [{ group: "CO", reason: "45", amountCents: 1572 }, { group: "PR", reason: "2", amountCents: 586 }, { group: "CO", reason: "253", amountCents: 47 }] },
      ...(index % 5 === 0 ? [{ code: "97140", modifiers: ["GO", "59"], units: 1, chargeCents: 4000, lineId: `C-${index + 1}-3`, serviceDate: date, adjustments: [{ group: "CO" as const, reason: "97", amountCents: 4000 }], remarks: ["M15"] }] : []),
    ],
  };
}

/** Writes an interchange of about `megabytes` MB: transactions of 1,000 claim payments each. */
export function generate835(file: string, megabytes: number): { bytes: number; claims: number } {
  const template = write835({ transactions: [{ traceNumber: "T0", paymentDate: "2026-11-20", claims: Array.from({ length: 1000 }, (_, index) => claimOf(index)) }] });
  const start = template.indexOf("ST*");
  const end = template.indexOf("GE*");
  const envelope = template.slice(0, start);
  const transaction = template.slice(start, end);
  const fd = openSync(file, "w");
  let bytes = envelope.length;
  let count = 0;
  writeSync(fd, envelope);
  while (bytes < megabytes * 1e6) {
    // each transaction its own trace number and control number (ST02 = SE02, unique in the file)
    const control = String(count + 1).padStart(4, "0");
    const text = transaction.replace("TRN*1*T0*", `TRN*1*T${count}*`).replace("ST*835*0001~", `ST*835*${control}~`).replace(/SE\*(\d+)\*0001~/, `SE*$1*${control}~`);
    writeSync(fd, text);
    bytes += text.length;
    count++;
  }
  const trailer = `GE*${count}*1~IEA*1*000000001~`;
  writeSync(fd, trailer);
  closeSync(fd);
  return { bytes: bytes + trailer.length, claims: count * 1000 };
}

/** In the child: parse the file, print the counts. */
async function childParse(parser: string, file: string): Promise<void> {
  const { X12Parser } = createRequire(import.meta.url)("node-x12") as { X12Parser: new () => NodeJS.ReadWriteStream & { parse(edi: string): { functionalGroups: { transactions: { segments: unknown[] }[] }[] } } };
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  let items = 0;
  if (parser === "otbill") {
    const reader = new RemittanceReader({ file });
    for await (const events of stream835File(file, reader)) for (const event of events) if (event.type === "claim") items++;
  } else if (parser === "node-x12") {
    const stream = createReadStream(file, { highWaterMark: 1 << 16 }).pipe(new X12Parser());
    stream.on("data", () => items++);
    await once(stream, "end");
  } else {
    const interchange = new X12Parser().parse(readFileSync(file, "latin1"));
    for (const group of interchange.functionalGroups) for (const transaction of group.transactions) items += transaction.segments.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { user, system } = process.cpuUsage(cpuBefore);
  process.stdout.write(JSON.stringify({ items, seconds, cpuSeconds: (user + system) / 1e6, peakRssKiB: process.resourceUsage().maxRSS }));
}

async function runChild(parser: ParserName, file: string): Promise<ParseBenchResult | undefined> {
  const child = spawn(process.execPath, ["--max-old-space-size=6144", "--import", "tsx", here, "--child", parser, file], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await once(child, "exit");
  if (!output) return undefined;
  const result = JSON.parse(output) as { items: number; seconds: number; cpuSeconds: number; peakRssKiB: number };
  const megabytes = statSync(file).size / 1e6;
  return { parser, megabytes, seconds: result.seconds, megabytesPerSecond: megabytes / result.seconds, cpuSeconds: result.cpuSeconds, peakRssMiB: Math.round(result.peakRssKiB / 1024), items: result.items };
}

export async function benchRemitParse(megabytes = 100): Promise<ParseBenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "otbill-bench-835-"));
  try {
    const file = join(dir, "big.835");
    generate835(file, megabytes);
    const results: ParseBenchResult[] = [];
    for (const parser of ["otbill", "node-x12", "node-x12 parse()"] as const) {
      const result = await runChild(parser, file);
      if (result) results.push(result);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 10,000 stored, submitted claims (inserted directly: the posting is what is measured), then one 835 paying them. */
export async function benchRemitPost(claims = 10_000): Promise<PostBenchResult> {
  const { openStore } = await import("../src/store/database.js");
  const { importRemittance } = await import("../src/remit/post.js");
  const dir = mkdtempSync(join(tmpdir(), "otbill-bench-post-"));
  const store = await openStore({ dialect: "sqlite", file: join(dir, "otbill.sqlite") });
  try {
    const db = store.db;
    const practice = await db.insertInto("practices").values({ name: "Bench OT", npi: "1234567893", tax_id: null }).returning("id").executeTakeFirstOrThrow();
    const provider = await db.insertInto("providers").values({ practice_id: practice.id, npi: "1245319599", first_name: "Ana", last_name: "Lopez", discipline: "OT", role: "therapist", qualifying_apm: 0 }).returning("id").executeTakeFirstOrThrow();
    const payer = await db.insertInto("payers").values({ practice_id: practice.id, name: "Medicare Part B", kind: "medicare", unit_rule: null, fee_schedule: null, settings: "{}" }).returning("id").executeTakeFirstOrThrow();
    const patient = await db.insertInto("patients").values({ practice_id: practice.id, external_id: "P-1", first_name: "Alex", last_name: "Doe", birth_date: "1950-01-01" }).returning("id").executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      for (let index = 0; index < claims; index++) {
        const date = `2026-0${1 + (index % 9)}-1${index % 10}`;
        const visit = await trx
          .insertInto("visits")
          .values({ practice_id: practice.id, patient_id: patient.id, provider_id: provider.id, payer_id: payer.id, coverage_id: null, plan_of_care_id: null, external_id: `V-${index}`, date_of_service: date, place_of_service: "11", locality: null, diagnoses: '["I69.351"]', total_treatment_minutes: 45 })
          .returning("id")
          .executeTakeFirstOrThrow();
        const claim = await trx
          .insertInto("claims")
          .values({ practice_id: practice.id, visit_id: visit.id, patient_id: patient.id, payer_id: payer.id, date_of_service: date, status: "submitted", scrub_status: "clean", scrub_result: "{}", allowed_cents: 8940, payment_cents: null, patient_share_cents: null, claim_number: `C-${index + 1}` })
          .returning("id")
          .executeTakeFirstOrThrow();
        const lines = claimOf(index).lines;
        await trx
          .insertInto("claim_lines")
          .values(lines.map((line, position) => ({ claim_id: claim.id, position, code: line.code, modifiers: JSON.stringify(line.modifiers ?? []), units: line.units ?? 1, minutes: null, diagnosis_pointers: "[1]", allowed_cents: line.allowedCents ?? null, payment_cents: null, patient_share_cents: null, status: "submitted" as const, line_id: line.lineId ?? null })))
          .execute();
      }
    });
    const text = write835({ transactions: [{ traceNumber: "BENCH-POST", paymentDate: "2026-11-20", claims: Array.from({ length: claims }, (_, index) => claimOf(index)) }] });
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const summary = await importRemittance(db, text, { actor: "os:bench" });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { user, system } = process.cpuUsage(cpuBefore);
    return { claims: summary.claimsPosted, lines: summary.linesPosted, seconds, claimsPerSecond: Math.round(summary.claimsPosted / seconds), cpuSeconds: (user + system) / 1e6 };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeParseBench(result: ParseBenchResult, others: readonly ParseBenchResult[] = []): string {
  // On a shared machine wall time depends on the neighbours; CPU seconds compare the work.
  const ratios = others.filter((other) => other !== result).map((other) => `${(other.cpuSeconds / result.cpuSeconds).toFixed(2)}x ${other.parser}`);
  const what = result.parser === "otbill" ? `${result.items} claim payments` : `${result.items} segments`;
  return `835 parse (${result.parser}): ${result.megabytes.toFixed(1)} MB in ${result.seconds.toFixed(2)} s wall, CPU ${result.cpuSeconds.toFixed(2)} s = ${(result.megabytes / result.cpuSeconds).toFixed(1)} MB per CPU second, peak RSS ${result.peakRssMiB} MiB, ${what}${ratios.length ? ` (${ratios.join(", ")} faster by CPU)` : ""}`;
}

export function describePostBench(result: PostBenchResult): string {
  return `835 posting (SQLite, one transaction, parse included): ${result.claims} claim payments, ${result.lines} lines in ${result.seconds.toFixed(2)} s wall, CPU ${result.cpuSeconds.toFixed(2)} s = ${Math.round(result.claims / result.cpuSeconds)} claims per CPU second`;
}

if (process.argv[2] === "--child") {
  await childParse(process.argv[3]!, process.argv[4]!);
} else if (process.argv[1] === here) {
  const results = await benchRemitParse(Number(process.argv[2] ?? 100));
  console.log(describeParseBench(results[0]!, results));
  for (const result of results.slice(1)) console.log(describeParseBench(result));
  console.log(describePostBench(await benchRemitPost(Number(process.argv[3] ?? 10_000))));
}
