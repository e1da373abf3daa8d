/**
 * Kept scrubs: each visit's history-aware scrub (as POST /api/visits/:id/scrub gives it),
 * stored with what it was computed under, so that lists of thousands of visits (the web
 * worklist, the Denials page) read statuses instead of scrubbing every visit on every
 * render or after every restart. A kept scrub holds while the visit's version, its
 * patient's and practice's write counters (kept by triggers: migration
 * 2026-12-01-visit-scrubs) and the code and reference data (src/reference/identity.ts) are
 * what they were; otherwise the visit is scrubbed again and the new result kept.
 */
import type { Finding, ScrubResult, ScrubStatus } from "../contract/result.js";
import { isInputError } from "../errors.js";
import { dollarsToCents } from "../reference/fixed.js";
import { referenceIdentity } from "../reference/identity.js";
import type { Reference } from "../reference/reference.js";
import { fromJsonText } from "./columns.js";
import { scrubStoredVisit } from "./history.js";
import { inTransaction, type Db } from "./transaction.js";

/** What the lists need of a visit's scrub. */
export interface KeptScrub {
  status: ScrubStatus;
  /** what the payer would allow for the visit as scrubbed; null when it cannot be priced */
  allowedCents: number | null;
  findings: Finding[];
  /** a stored visit the scrub cannot read (its error message); its status is "invalid" */
  problem?: string;
}

/** What a kept scrub is checked against: read before scrubbing, so a write made meanwhile makes the result stale. */
export interface ScrubBasis {
  visitId: number;
  visitVersion: number;
  patientStamp: number;
  practiceStamp: number;
  reference: string;
}

/** A kept scrub's row as a list query reads it (null columns: nothing kept). */
export interface KeptScrubColumns {
  kept_visit_version: number | null;
  kept_patient_stamp: number | null;
  kept_practice_stamp: number | null;
  kept_reference: string | null;
  kept_status: ScrubStatus | null;
  kept_allowed_cents: number | null;
  kept_problem: string | null;
}

/** The practice's write counter (0 before its first counted write) and the identity kept scrubs must match. */
export async function practiceBasis(db: Db, reference: Reference, practiceId: number): Promise<{ practiceStamp: number; reference: string }> {
  const row = await db.selectFrom("scrub_stamps").select("stamp").where("scope", "=", "practice").where("owner_id", "=", practiceId).executeTakeFirst();
  return { practiceStamp: row?.stamp ?? 0, reference: referenceIdentity(reference) };
}

/** Whether the kept scrub (if any) was computed under this basis. */
export function isKeptFor(row: KeptScrubColumns, basis: ScrubBasis): boolean {
  return (
    row.kept_status !== null &&
    row.kept_visit_version === basis.visitVersion &&
    row.kept_patient_stamp === basis.patientStamp &&
    row.kept_practice_stamp === basis.practiceStamp &&
    row.kept_reference === basis.reference
  );
}

/** The basis of a visit's scrub made now: its row (as visitsWithKeptScrubs reads it) and its practice's basis. */
export function basisOf(row: { id: number; version: number; patient_stamp: number | null }, practice: { practiceStamp: number; reference: string }): ScrubBasis {
  return { visitId: row.id, visitVersion: row.version, patientStamp: row.patient_stamp ?? 0, ...practice };
}

/** A kept scrub as its row holds it, with the findings when they were read (they are the wide column). */
export function keptScrubOf(row: KeptScrubColumns, findings: Finding[] = []): KeptScrub {
  return { status: row.kept_status!, allowedCents: row.kept_allowed_cents, findings, ...(row.kept_problem ? { problem: row.kept_problem } : {}) };
}

/**
 * Visits with what was kept of their scrubs and their patient's write counter, for a list
 * query to filter further: each row's kept columns and patient_stamp go to isKeptFor and basisOf.
 */
export function visitsWithKeptScrubs(db: Db) {
  return db
    .selectFrom("visits")
    .leftJoin("visit_scrubs", "visit_scrubs.visit_id", "visits.id")
    .leftJoin("scrub_stamps", (join) => join.onRef("scrub_stamps.owner_id", "=", "visits.patient_id").on("scrub_stamps.scope", "=", "patient"))
    .select(["visits.id", "visits.version", "scrub_stamps.stamp as patient_stamp"])
    .select(KEPT_COLUMNS);
}

/** The history-aware scrub of a stored visit, reduced to what the lists keep. */
export async function scrubForKeeping(db: Db, reference: Reference, visitId: number): Promise<KeptScrub> {
  try {
    const { result } = await scrubStoredVisit(db, reference, visitId);
    return keptOf(result);
  } catch (error) {
    if (!isInputError(error)) throw error;
    // A stored visit the scrub cannot read is not a valid visit: as bad as a denial, and said so.
    return { status: "invalid", allowedCents: null, findings: [], problem: error.message };
  }
}

function keptOf(result: Pick<ScrubResult, "status" | "findings" | "totals">): KeptScrub {
  return { status: result.status, allowedCents: result.totals.allowed === undefined ? null : dollarsToCents(result.totals.allowed), findings: result.findings };
}

/** Rows per insert: nine columns each, well inside SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_INSERT = 200;

/** Keeps scrubs with the basis each was computed under, replacing what was kept; one transaction. */
export async function keepScrubs(db: Db, scrubs: readonly { basis: ScrubBasis; scrub: KeptScrub }[]): Promise<void> {
  if (scrubs.length === 0) return;
  // In visit order, so two writers (a render and the warm-up) lock rows in the same order and cannot deadlock.
  const ordered = [...scrubs].sort((a, b) => a.basis.visitId - b.basis.visitId);
  await inTransaction(db, async (trx) => {
    for (let start = 0; start < ordered.length; start += ROWS_PER_INSERT) {
      const rows = ordered.slice(start, start + ROWS_PER_INSERT).map(({ basis, scrub }) => ({
        visit_id: basis.visitId,
        visit_version: basis.visitVersion,
        patient_stamp: basis.patientStamp,
        practice_stamp: basis.practiceStamp,
        reference: basis.reference,
        status: scrub.status,
        allowed_cents: scrub.allowedCents,
        findings: JSON.stringify(scrub.findings),
        problem: scrub.problem ?? null,
      }));
      await trx
        .insertInto("visit_scrubs")
        .values(rows)
        .onConflict((conflict) =>
          conflict.column("visit_id").doUpdateSet((eb) => ({
            visit_version: eb.ref("excluded.visit_version"),
            patient_stamp: eb.ref("excluded.patient_stamp"),
            practice_stamp: eb.ref("excluded.practice_stamp"),
            reference: eb.ref("excluded.reference"),
            status: eb.ref("excluded.status"),
            allowed_cents: eb.ref("excluded.allowed_cents"),
            findings: eb.ref("excluded.findings"),
            problem: eb.ref("excluded.problem"),
          })),
        )
        .execute();
    }
  });
}

/** The kept findings of these visits (read for a page's rows only: they are the wide column). */
export async function keptFindings(db: Db, visitIds: readonly number[]): Promise<Map<number, Finding[]>> {
  const findings = new Map<number, Finding[]>();
  for (let start = 0; start < visitIds.length; start += 500) {
    const rows = await db.selectFrom("visit_scrubs").select(["visit_id", "findings"]).where("visit_id", "in", visitIds.slice(start, start + 500)).execute();
    for (const row of rows) findings.set(row.visit_id, fromJsonText<Finding[]>(row.findings, []));
  }
  return findings;
}

/**
 * The scrubs of these visits as they stand: kept ones that still hold, the others scrubbed
 * now and kept. For a handful of visits (the Denials page's rows); the worklist reads its
 * candidates' kept columns in its own list query (visitsWithKeptScrubs).
 */
export async function currentScrubs(db: Db, reference: Reference, practiceId: number, visitIds: readonly number[]): Promise<Map<number, KeptScrub>> {
  const out = new Map<number, KeptScrub>();
  if (visitIds.length === 0) return out;
  const practice = await practiceBasis(db, reference, practiceId);
  const rows = await visitsWithKeptScrubs(db)
    .select("visit_scrubs.findings")
    .where("visits.id", "in", [...visitIds])
    .where("visits.practice_id", "=", practiceId)
    .execute();
  const scrubbed: { basis: ScrubBasis; scrub: KeptScrub }[] = [];
  for (const row of rows) {
    const basis = basisOf(row, practice);
    if (isKeptFor(row, basis)) {
      out.set(row.id, keptScrubOf(row, fromJsonText<Finding[]>(row.findings ?? "", [])));
      continue;
    }
    const scrub = await scrubForKeeping(db, reference, row.id);
    scrubbed.push({ basis, scrub });
    out.set(row.id, scrub);
  }
  await keepScrubs(db, scrubbed);
  return out;
}

/** The kept scrub's columns, for a query that left-joins visit_scrubs. */
const KEPT_COLUMNS = [
  "visit_scrubs.visit_version as kept_visit_version",
  "visit_scrubs.patient_stamp as kept_patient_stamp",
  "visit_scrubs.practice_stamp as kept_practice_stamp",
  "visit_scrubs.reference as kept_reference",
  "visit_scrubs.status as kept_status",
  "visit_scrubs.allowed_cents as kept_allowed_cents",
  "visit_scrubs.problem as kept_problem",
] as const;
