/**
 * Helpers for the contract acceptance tests: the CLI in-process and as the built binary, the
 * X12 reader the tests use to look at what was written, the independent validator, and a
 * small 835 writer that answers an exported 837P the way a payer would.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = join(ROOT, "bin/otbill.js");
export const VALIDATOR = join(ROOT, "../shared/tools/x12-validate");

export function tempDir(prefix = "otbill-contract-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/otbill.js ...args` (the built CLI, `npm run build` first). */
export function built(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Ran {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.stdin ?? "",
    encoding: "utf8",
    env: { ...process.env, ...options.env },
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function validate(text: string, name: string): { ok: boolean; report: string } {
  const dir = tempDir("otbill-contract-x12-");
  const file = join(dir, name);
  writeFileSync(file, text);
  const result = spawnSync(VALIDATOR, [file], { encoding: "utf8" });
  return { ok: result.status === 0, report: `${result.stdout}${result.stderr}` };
}

/** A SQLite database file and its WAL companions, copied. */
export function copyDatabase(from: string, to: string): string {
  copyFileSync(from, to);
  for (const suffix of ["-wal", "-shm"]) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  return to;
}

export type Segment = string[];

export function segmentsOf(text: string): Segment[] {
  return text
    .split("~")
    .map((segment) => segment.trim())
    .filter((segment) => segment !== "")
    .map((segment) => segment.split("*"));
}

export interface ClaimLoop {
  clm: Segment;
  /** the 2000B subscriber loop's SBR and the payer NM1*PR before it */
  sbr: Segment | undefined;
  payer: Segment | undefined;
  /** segments of the 2300 loop before the first LX */
  header: Segment[];
  lines: Segment[][];
}

/** Each CLM with its header segments and its 2400 loops (each starting at LX). */
export function claimLoops(segments: readonly Segment[]): ClaimLoop[] {
  const claims: ClaimLoop[] = [];
  let sbr: Segment | undefined;
  let payer: Segment | undefined;
  let current: ClaimLoop | undefined;
  for (const segment of segments) {
    const id = segment[0];
    if (id === "SBR") sbr = segment;
    if (id === "NM1" && segment[1] === "PR") payer = segment;
    if (id === "CLM") {
      current = { clm: segment, sbr, payer, header: [], lines: [] };
      claims.push(current);
      continue;
    }
    if (id === "HL" || id === "SE") {
      current = undefined;
      continue;
    }
    if (!current) continue;
    if (id === "LX") current.lines.push([segment]);
    else if (current.lines.length > 0) current.lines[current.lines.length - 1]!.push(segment);
    else current.header.push(segment);
  }
  return claims;
}

export function find(segments: readonly Segment[], id: string, first?: string): Segment | undefined {
  return segments.find((segment) => segment[0] === id && (first === undefined || segment[1] === first));
}

export function cents(amount: string | number): number {
  return Math.round(Number(amount) * 100);
}

export function dollars(amountCents: number): string {
  return (amountCents / 100).toFixed(2).replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");
}

export interface RemitLine {
  code: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  paidCents: number;
  lineId: string;
  serviceDate: string;
  adjustments: { group: string; reason: string; amountCents: number }[];
}

export interface RemitClaim {
  claimId: string;
  status: string;
  chargeCents: number;
  filing: string;
  pcn: string;
  lines: RemitLine[];
}

/** A minimal 005010X221A1 835: one transaction, one payer, the claims given. */
export function write835(options: { trace: string; paymentDate: string; payer: { name: string; id: string }; payee: { name: string; npi: string }; claims: RemitClaim[] }): string {
  const ymd = options.paymentDate.replaceAll("-", "");
  const body: string[] = [];
  let total = 0;
  body.push(`BPR*I*@TOTAL@*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*888888888*DA*654321*${ymd}`);
  body.push(`TRN*1*${options.trace}*1512345678`);
  body.push(`DTM*405*${ymd}`);
  body.push(`N1*PR*${options.payer.name}`, "N3*PO BOX 1", "N4*DENVER*CO*80202", `REF*2U*${options.payer.id}`, "PER*BL*EDI*TE*8005551212");
  body.push(`N1*PE*${options.payee.name}*XX*${options.payee.npi}`);
  body.push("LX*1");
  for (const claim of options.claims) {
    const paid = claim.lines.reduce((sum, line) => sum + line.paidCents, 0);
    const patient = claim.lines.reduce((sum, line) => sum + line.adjustments.filter((a) => a.group === "PR").reduce((s, a) => s + a.amountCents, 0), 0);
    total += paid;
    body.push(`CLP*${claim.claimId}*${claim.status}*${dollars(claim.chargeCents)}*${dollars(paid)}*${patient === 0 ? "" : dollars(patient)}*${claim.filing}*${claim.pcn}*11*1`);
    body.push("NM1*QC*1*DOE*JANE****MI*MEMBER1");
    for (const line of claim.lines) {
      body.push(`SVC*HC:${[line.code, ...line.modifiers].join(":")}*${dollars(line.chargeCents)}*${dollars(line.paidCents)}**${line.units}`);
      body.push(`DTM*472*${line.serviceDate.replaceAll("-", "")}`);
      for (const adjustment of line.adjustments) body.push(`CAS*${adjustment.group}*${adjustment.reason}*${dollars(adjustment.amountCents)}`);
      if (line.lineId !== "") body.push(`REF*6R*${line.lineId}`);
    }
  }
  const segments = ["ST*835*0001", ...body.map((segment) => segment.replace("@TOTAL@", dollars(total)))];
  segments.push(`SE*${segments.length + 1}*0001`);
  const isaDate = ymd.slice(2);
  return [
    `ISA*00*          *00*          *ZZ*${options.payer.id.padEnd(15)}*ZZ*SUB123         *${isaDate}*1200*^*00501*000000101*0*P*:`,
    `GS*HP*${options.payer.id}*SUB123*${ymd}*1200*101*X*005010X221A1`,
    ...segments,
    "GE*1*101",
    "IEA*1*000000101",
  ].join("~\n") + "~\n";
}

/** The text a PDF's pages show, one string per page (pdf-lib writes each field as a hex string shown with Tj). */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream } = await import("pdf-lib");
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
    let operators = "";
    for (const stream of streams) if (stream instanceof PDFRawStream) operators += Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
    const hex = [...operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((match) => Buffer.from(match[1]!, "hex").toString("latin1"));
    const literal = [...operators.matchAll(/\(((?:[^()\\]|\\.)*)\)\s*Tj/g)].map((match) => match[1]!);
    return [...hex, ...literal].join("\n");
  });
}

/** Every string any content stream of the PDF shows (pages and the forms they stamp). */
export async function pdfAllText(bytes: Uint8Array): Promise<string> {
  const { PDFDocument, PDFRawStream, decodePDFRawStream } = await import("pdf-lib");
  const pdf = await PDFDocument.load(bytes);
  const strings: string[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const operators = Buffer.from(decodePDFRawStream(object).decode()).toString("latin1");
    for (const match of operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) strings.push(Buffer.from(match[1]!, "hex").toString("latin1"));
  }
  return strings.join("\n");
}
