/**
 * The worklist: visits that need a person, worst first. A visit needs a person while it has
 * no claim that went out: no claim yet, a draft claim (its scrub found something), or a
 * claim ready to send. Its status is the history-aware scrub's, as the API's
 * POST /api/visits/:id/scrub gives it; a claim ready to send keeps the clean scrub it was
 * built from. Other visits' scrubs are kept in the database (src/store/visit-scrubs.ts):
 * a render scrubs only the visits whose kept scrub no longer holds (the visit, its patient's
 * records, the practice's parties or the rules changed), whoever made the change.
 */
import { sql, type RawBuilder } from "kysely";
import type { Finding, ScrubResult, ScrubStatus } from "../contract/result.js";
import type { Reference } from "../reference/reference.js";
import { fromJsonText } from "../store/columns.js";
import { SENT_STATUSES } from "../store/claims.js";
import type { ClaimStatus } from "../store/schema.js";
import type { Store } from "../store/database.js";
import { basisOf, isKeptFor, keepScrubs, keptFindings, keptScrubOf, practiceBasis, scrubForKeeping, visitsWithKeptScrubs, type KeptScrub, type ScrubBasis } from "../store/visit-scrubs.js";

export interface WorklistFilter {
  providerId?: number;
  payerId?: number;
  rule?: string;
  from?: string;
  to?: string;
}

/** The columns the worklist sorts by; "status" (asc) is worst first, the default. */
export const WORKLIST_SORTS = ["status", "patient", "date", "therapist", "payer", "atStake"] as const;
export type WorklistSort = { key: (typeof WORKLIST_SORTS)[number]; dir: "asc" | "desc" };

export interface WorklistItem {
  visitId: number;
  patientId: number;
  providerId: number;
  payerId: number;
  dateOfService: string;
  status: ScrubStatus;
  /** the claim already built for the visit, if any */
  claimId: number | null;
  claimStatus: string | null;
  /** what the payer would allow for the visit as scrubbed: the money at stake */
  atStakeCents: number | null;
  findings: Finding[];
  /** a stored visit the scrub cannot read (its error message) */
  problem?: string;
}

/** A stored visit that does not even validate is as bad as one that will be denied. */
const STATUS_RANK: Record<ScrubStatus, number> = { invalid: 0, reject: 0, review: 1, clean: 2 };

/**
 * A visit leaves the worklist once the payer has its claim (submitted and after), or while a
 * void (frequency 8) is waiting to go out. A voided or replaced claim alone does not count:
 * the visit may be billed again.
 */
const SENT: readonly ClaimStatus[] = SENT_STATUSES;

export interface WorklistPage {
  /** the page's rows, worst first */
  items: WorklistItem[];
  total: number;
  counts: Record<"reject" | "review" | "clean", number>;
}

interface Candidate {
  row: { id: number; patient_id: number; provider_id: number; payer_id: number; date_of_service: string; version: number };
  claim?: { id: number; status: string; scrub_status: string; visit_version: number | null; allowed_cents: number | null; rule_at: number | null };
  status: ScrubStatus;
  atStakeCents: number | null;
  /** the visit's own scrub (no claim built from the visit as it stands): kept, or made by this render */
  scrub?: KeptScrub;
  /** whether the scrub's findings are still to be read from the kept row */
  findingsKept?: boolean;
}

/** A claim ready to send, or a draft built from the visit's current version, stands for the visit's scrub. */
function claimStandsFor(claim: { status: string; visit_version: number | null }, visitVersion: number): boolean {
  return claim.status === "ready" || claim.visit_version === visitVersion;
}

const EMPTY_RESULT: ScrubResult = { status: "clean", lines: [], totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 }, findings: [] };

/**
 * Where a JSON column's findings name the rule (0: nowhere), tested in the database so that
 * filtering by a rule does not read and parse thousands of results: an exact,
 * case-sensitive search for `"rule":"<rule>"`, which a finding's own texts cannot contain
 * unescaped.
 */
function ruleNamedIn(store: Store, column: "visit_scrubs.findings" | "scrub_result", rule: string | undefined): RawBuilder<number | null> {
  if (rule === undefined) return sql<null>`null`;
  const needle = `"rule":${JSON.stringify(rule)}`;
  return store.dialect === "postgres" ? sql<number>`strpos(${sql.ref(column)}, ${needle})` : sql<number>`instr(${sql.ref(column)}, ${needle})`;
}

/** The unbilled visits with what was kept of their scrubs and the patient's write counter. */
function unbilledVisits(store: Store, rule?: string) {
  return visitsWithKeptScrubs(store.db)
    .select(["visits.practice_id", "visits.patient_id", "visits.provider_id", "visits.payer_id", "visits.date_of_service"])
    .select(ruleNamedIn(store, "visit_scrubs.findings", rule).as("kept_rule_at"))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("claims").select("claims.id").whereRef("claims.visit_id", "=", "visits.id").where((claim) => claim.or([claim("claims.status", "in", [...SENT]), claim("claims.frequency", "=", "8")])))));
}

/**
 * The worklist, one page of it. A claim built from the visit as it stands (a draft or ready
 * claim of the visit's current version) keeps the scrub it was built from; a visit without
 * one has its kept scrub, or is scrubbed now and the result kept. Findings are read for the
 * page's rows only.
 */
export async function worklistPage(
  store: Store,
  reference: Reference,
  practiceId: number,
  filter: WorklistFilter = {},
  page: { offset: number; limit: number } = { offset: 0, limit: 50 },
  sort: WorklistSort = { key: "status", dir: "asc" },
): Promise<WorklistPage> {
  const { db } = store;
  // Read before any scrub: a write made while this render scrubs leaves what it keeps stale, not wrong.
  const practice = await practiceBasis(db, reference, practiceId);
  let visits = unbilledVisits(store, filter.rule).where("visits.practice_id", "=", practiceId);
  if (filter.providerId !== undefined) visits = visits.where("visits.provider_id", "=", filter.providerId);
  if (filter.payerId !== undefined) visits = visits.where("visits.payer_id", "=", filter.payerId);
  if (filter.from) visits = visits.where("visits.date_of_service", ">=", filter.from);
  if (filter.to) visits = visits.where("visits.date_of_service", "<=", filter.to);
  const rows = await visits.orderBy("visits.date_of_service").orderBy("visits.id").execute();
  const counts = { reject: 0, review: 0, clean: 0 };
  if (rows.length === 0) return { items: [], total: 0, counts };

  let claimQuery = db
    .selectFrom("claims")
    .select(["id", "visit_id", "status", "scrub_status", "visit_version", "allowed_cents"])
    .where("practice_id", "=", practiceId)
    .where("status", "in", ["draft", "ready"])
    .where("frequency", "!=", "8");
  if (filter.from) claimQuery = claimQuery.where("date_of_service", ">=", filter.from);
  if (filter.to) claimQuery = claimQuery.where("date_of_service", "<=", filter.to);
  const claims = new Map<number, NonNullable<Candidate["claim"]> & { visit_id: number }>();
  for (const claim of await claimQuery.select(ruleNamedIn(store, "scrub_result", filter.rule).as("rule_at")).execute()) claims.set(claim.visit_id, claim);

  const candidates: Candidate[] = [];
  const scrubbed: { basis: ScrubBasis; scrub: KeptScrub }[] = [];
  for (const row of rows) {
    const claim = claims.get(row.id);
    let candidate: Candidate;
    if (claim && claimStandsFor(claim, row.version)) {
      candidate = { row, claim, status: claim.scrub_status as ScrubStatus, atStakeCents: claim.allowed_cents };
      if (filter.rule && !(Number(claim.rule_at) > 0)) continue;
    } else {
      const basis = basisOf(row, practice);
      let scrub: KeptScrub;
      const kept = isKeptFor(row, basis);
      if (kept) {
        if (filter.rule && !(Number(row.kept_rule_at) > 0)) continue;
        scrub = keptScrubOf(row);
      } else {
        scrub = await scrubForKeeping(db, reference, row.id);
        scrubbed.push({ basis, scrub });
        if (filter.rule && !scrub.findings.some((item) => item.rule === filter.rule)) continue;
      }
      candidate = { row, ...(claim ? { claim } : {}), status: scrub.status, atStakeCents: scrub.allowedCents, scrub, findingsKept: kept };
    }
    counts[candidate.status === "invalid" ? "reject" : candidate.status] += 1;
    candidates.push(candidate);
  }
  await keepScrubs(db, scrubbed);
  // Worst first; within a status the most money first, then the oldest (filing limits run from the date).
  const worstFirst = (a: Candidate, b: Candidate) =>
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    (b.atStakeCents ?? 0) - (a.atStakeCents ?? 0) ||
    (a.row.date_of_service < b.row.date_of_service ? -1 : a.row.date_of_service > b.row.date_of_service ? 1 : a.row.id - b.row.id);
  // The whole list is sorted before it is paged, so a sort holds over every page.
  const byKey = await sortKeyOf(store, practiceId, sort.key);
  const sign = sort.dir === "asc" ? 1 : -1;
  candidates.sort((a, b) => {
    if (!byKey) return sign * worstFirst(a, b);
    const x = byKey(a);
    const y = byKey(b);
    // Unknown amounts come last whichever way the list runs.
    if (x === null || y === null) return x === y ? worstFirst(a, b) : x === null ? 1 : -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return sign * order || sign * (a.row.id - b.row.id);
  });
  const shown = candidates.slice(page.offset, page.offset + page.limit);
  const kept = await keptFindings(db, shown.filter((candidate) => candidate.findingsKept).map((candidate) => candidate.row.id));
  const stored = shown.filter((candidate) => !candidate.scrub && candidate.claim).map((candidate) => candidate.claim!.id);
  const results = new Map<number, string>();
  for (let start = 0; start < stored.length; start += 500) {
    for (const row of await db.selectFrom("claims").select(["id", "scrub_result"]).where("id", "in", stored.slice(start, start + 500)).execute()) results.set(row.id, row.scrub_result);
  }
  const items = shown.map((candidate): WorklistItem => {
    const findings = candidate.scrub
      ? candidate.findingsKept
        ? (kept.get(candidate.row.id) ?? [])
        : candidate.scrub.findings
      : fromJsonText<ScrubResult>(results.get(candidate.claim!.id) ?? "", EMPTY_RESULT).findings;
    return {
      visitId: candidate.row.id,
      patientId: candidate.row.patient_id,
      providerId: candidate.row.provider_id,
      payerId: candidate.row.payer_id,
      dateOfService: candidate.row.date_of_service,
      status: candidate.status,
      claimId: candidate.claim?.id ?? null,
      claimStatus: candidate.claim?.status ?? null,
      atStakeCents: candidate.atStakeCents,
      findings,
      ...(candidate.scrub?.problem ? { problem: candidate.scrub.problem } : {}),
    };
  });
  return { items, total: candidates.length, counts };
}

/** What a column sorts the worklist by (undefined: worst first); names are read only when they sort it. */
async function sortKeyOf(store: Store, practiceId: number, key: WorklistSort["key"]): Promise<((candidate: Candidate) => string | number | null) | undefined> {
  const { db } = store;
  if (key === "date") return (candidate) => candidate.row.date_of_service;
  if (key === "atStake") return (candidate) => candidate.atStakeCents;
  const nameOf = (row: { last_name: string; first_name: string }) => `${row.last_name}, ${row.first_name}`.toLowerCase();
  if (key === "patient") {
    const names = new Map((await db.selectFrom("patients").select(["id", "last_name", "first_name"]).where("practice_id", "=", practiceId).execute()).map((row) => [row.id, nameOf(row)]));
    return (candidate) => names.get(candidate.row.patient_id) ?? "";
  }
  if (key === "therapist") {
    const names = new Map((await db.selectFrom("providers").select(["id", "last_name", "first_name"]).where("practice_id", "=", practiceId).execute()).map((row) => [row.id, nameOf(row)]));
    return (candidate) => names.get(candidate.row.provider_id) ?? "";
  }
  if (key === "payer") {
    const names = new Map((await db.selectFrom("payers").select(["id", "name"]).where("practice_id", "=", practiceId).execute()).map((row) => [row.id, row.name.toLowerCase()]));
    return (candidate) => names.get(candidate.row.payer_id) ?? "";
  }
  return undefined;
}

/** Scrubs the warmer keeps per transaction: few enough that a page render waits little for the write. */
const WARM_BATCH = 50;

/**
 * Scrubs, in the background, every visit the worklist would have to scrub on its next render
 * (no claim built from the visit as it stands, and no kept scrub that still holds), and keeps
 * the results, so that after a restart, an upgrade of the rules or a large import nobody waits
 * for thousands of scrubs. One visit at a time, newest first, yielding to the event loop
 * between visits; it stops at the first error (the store was closed) or when `stopped()` says
 * so. Answers how many visits it scrubbed.
 */
export async function warmWorklist(store: Store, reference: Reference, stopped: () => boolean): Promise<number> {
  const { db } = store;
  const rows = await unbilledVisits(store)
    .leftJoin("claims", (join) => join.onRef("claims.visit_id", "=", "visits.id").on("claims.status", "in", ["draft", "ready"]).on("claims.frequency", "!=", "8"))
    .select(["claims.visit_version as claim_visit_version", "claims.status as claim_status"])
    .orderBy("visits.date_of_service", "desc")
    .orderBy("visits.id", "desc")
    .execute();
  const practices = new Map<number, Awaited<ReturnType<typeof practiceBasis>>>();
  let pending: { basis: ScrubBasis; scrub: KeptScrub }[] = [];
  let scrubbed = 0;
  for (const row of rows) {
    if (stopped()) break;
    if (row.claim_status !== null && claimStandsFor({ status: row.claim_status, visit_version: row.claim_visit_version }, row.version)) continue;
    let practice = practices.get(row.practice_id);
    if (!practice) practices.set(row.practice_id, (practice = await practiceBasis(db, reference, row.practice_id)));
    const basis = basisOf(row, practice);
    if (isKeptFor(row, basis)) continue;
    pending.push({ basis, scrub: await scrubForKeeping(db, reference, row.id) });
    scrubbed += 1;
    if (pending.length >= WARM_BATCH) {
      await keepScrubs(db, pending);
      pending = [];
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await keepScrubs(db, pending);
  return scrubbed;
}
