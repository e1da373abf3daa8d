/**
 * Claim documents and prepared claims for the CMS-1500 tests, built directly (the values
 * the claim builder would produce), and readers of a rendered PDF through poppler's
 * pdftotext. Test support only: tsconfig.build.json leaves it out of dist.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { z } from "zod";
import type { PreparedClaim, PreparedLine } from "../../claims/prepared-claim.js";
import { claimDocumentSchema } from "../../contract/claim-document.js";
import type { ScrubResult } from "../../contract/result.js";
import type { IsoDate } from "../../reference/dates.js";
import { COLUMN_WIDTH, LEFT_MARGIN, LINE_HEIGHT, TOP_MARGIN } from "../cms1500-grid.js";

export type ClaimDocumentInput = z.input<typeof claimDocumentSchema>;

/** The contract's example claim (CONTRACT.md Part 2), with a group number and a facility-free office visit. */
export function sampleDocument(over: Partial<ClaimDocumentInput> = {}): ClaimDocumentInput {
  return {
    claimId: "C-1001",
    frequency: "1",
    payerClaimControlNumber: null,
    visit: {
      id: "V-1001",
      dateOfService: "2026-11-03",
      payer: { kind: "medicare", name: "Medicare Part B" },
      placeOfService: "11",
      provider: { npi: "1245319599", discipline: "OT", participating: true },
      diagnoses: ["M62.81", "R26.2", "I69.351"],
      services: [
        { code: "97530", minutes: 30 },
        { code: "97110", minutes: 15 },
      ],
    },
    chargeMaster: { "97530": 55.0, "97110": 45.0, "97165": 150.0, "97139": 40.0 },
    billingProvider: {
      name: "Sunrise Occupational Therapy",
      npi: "1234567893",
      taxId: "841234567",
      taxonomy: "225X00000X",
      phone: "3035551212",
      address: { line1: "100 Main St.", city: "Denver", state: "CO", zip: "802021234" },
    },
    renderingProvider: { firstName: "Ana", lastName: "Lopez", npi: "1245319599", taxonomy: "225X00000X" },
    referringProvider: { firstName: "Mark", lastName: "Chen", npi: "1972543114" },
    subscriber: {
      memberId: "1EG4TE5MK72",
      firstName: "Jane",
      lastName: "Doe",
      birthDate: "1950-01-01",
      sex: "F",
      address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "80202" },
    },
    patient: null,
    payer: { name: "Medicare Part B", payerId: "04112", address: { line1: "PO Box 3095", city: "Mechanicsburg", state: "PA", zip: "170551234" } },
    priorAuthorization: null,
    submitter: { name: "Sunrise Occupational Therapy", id: "SUB123", contactName: "Billing Office", phone: "3035551212" },
    receiver: { name: "MEDICARE JL", id: "04112" },
    ...over,
  };
}

export interface LineInput {
  code: string;
  units: number;
  unitChargeCents: number;
  modifiers?: string[];
  pointers?: number[];
  description?: string;
  date?: string;
}

/** A prepared claim from a document and its lines, as prepareClaim would build it. */
export function preparedClaim(document: ClaimDocumentInput, lines: LineInput[]): PreparedClaim {
  const parsed = claimDocumentSchema.parse(document);
  const prepared: PreparedLine[] = lines.map((line, index) => ({
    lineId: `${parsed.claimId}-${index + 1}`,
    code: line.code,
    modifiers: line.modifiers ?? ["GO"],
    units: line.units,
    unitChargeCents: line.unitChargeCents,
    chargeCents: line.unitChargeCents * line.units,
    diagnosisPointers: line.pointers ?? [1],
    dateOfService: (line.date ?? parsed.visit.dateOfService) as IsoDate,
    ...(line.description ? { description: line.description } : {}),
  }));
  const scrub: ScrubResult = {
    id: parsed.visit.id,
    dateOfService: parsed.visit.dateOfService,
    status: "clean",
    lines: prepared.map((line, index) => ({ code: line.code, modifiers: line.modifiers, units: line.units, diagnosisPointers: line.diagnosisPointers, service: index })),
    totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 },
    findings: [],
  };
  return {
    document: parsed,
    scrub,
    lines: prepared,
    totalChargeCents: prepared.reduce((sum, line) => sum + line.chargeCents, 0),
    diagnoses: parsed.visit.diagnoses ?? [],
  };
}

/** The contract example: 97530 x2 at $55 (GO), 97110 x1 at $45 (GO, KX), total $155. */
export function sampleClaim(over: Partial<ClaimDocumentInput> = {}): PreparedClaim {
  return preparedClaim(sampleDocument(over), [
    { code: "97530", units: 2, unitChargeCents: 5500, modifiers: ["GO"], pointers: [1, 2] },
    { code: "97110", units: 1, unitChargeCents: 4500, modifiers: ["GO", "KX"], pointers: [1, 3] },
  ]);
}

const workDir = mkdtempSync(join(tmpdir(), "otbill-cms1500-"));
let fileCount = 0;

export function savePdf(bytes: Uint8Array): string {
  const path = join(workDir, `claim-${++fileCount}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

/**
 * The whole text of a PDF as `pdftotext -layout` lays it out, pages split at form feeds. A PDF
 * poppler complains about (a broken font reference, a bad xref) fails the test.
 */
export function layoutPages(path: string): string[] {
  const result = spawnSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  if (result.status !== 0 || result.stderr.trim() !== "") throw new Error(`pdftotext ${path}: ${result.stderr.split("\n").slice(0, 3).join(" | ")}`);
  return result.stdout.split("\f").slice(0, -1);
}

export interface GridBox {
  /** first and last print line (6 per inch) */
  lines: [number, number];
  /** first and last print column (10 per inch) */
  columns: [number, number];
}

/**
 * The text `pdftotext -layout` finds inside a box of the print grid on one page (1-based),
 * cropped to the box's cells: a value that strays out of its box is not found there.
 */
export function textInBox(path: string, page: number, box: GridBox): string {
  const x = LEFT_MARGIN + (box.columns[0] - 1) * COLUMN_WIDTH;
  const y = TOP_MARGIN + (box.lines[0] - 1) * LINE_HEIGHT;
  const width = (box.columns[1] - box.columns[0] + 1) * COLUMN_WIDTH;
  const height = (box.lines[1] - box.lines[0] + 1) * LINE_HEIGHT;
  // Inset by 2 pt: pdftotext keeps a character that merely touches the crop, and a neighbour's
  // edge is exactly on the box's line.
  const inset = 2;
  const args = ["-layout", "-f", String(page), "-l", String(page), "-x", String(Math.round(x + inset)), "-y", String(Math.round(y + inset)), "-W", String(Math.round(width - 2 * inset)), "-H", String(Math.round(height - 2 * inset)), path, "-"];
  return execFileSync("pdftotext", args, { encoding: "utf8" }).replace(/\f/g, "").trim();
}
