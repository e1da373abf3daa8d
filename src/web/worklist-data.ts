/**
 * The worklist: visits that need a person, worst first. A visit needs a person while it has
 * no claim that went out: no claim yet, a draft claim (its scrub found something), or a
 * claim ready to send. Its status is the history-aware scrub's, as the API's
 * POST /api/visits/:id/scrub gives it; a claim ready to send keeps the clean scrub it was
 * built from. Scrubs are remembered per visit version for a few minutes, so paging and
 * filtering do not scrub the same visits again; any write through the web app forgets the
 * visit's entry.
 */
import type { Finding, ScrubResult, ScrubStatus } from "../contract/result.js";
import type { Reference } from "../reference/reference.js";
import { dollarsToCents } from "../reference/fixed.js";
import { fromJsonText } from "../store/columns.js";
import { SENT_STATUSES } from "../store/claims.js";
import type { ClaimStatus } from "../store/schema.js";
import type { Store } from "../store/database.js";
import { scrubStoredVisit } from "../store/history.js";
import { isInputError } from "../errors.js";

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
const CACHE_MS = 5 * 60 * 1000;

export interface Cached {
  version: number;
  at: number;
  result: Pick<ScrubResult, "status" | "findings" | "totals">;
  problem?: string;
}

const caches = new WeakMap<Store, Map<number, Cached>>();

function cacheOf(store: Store): Map<number, Cached> {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  return cache;
}

/** After a write that changes a visit's scrub (its services, its claim), or everyone's (a new claim changes KX). */
export function forgetScrubs(store: Store, visitId?: number): void {
  if (visitId === undefined) cacheOf(store).clear();
  else cacheOf(store).delete(visitId);
}

/** The history-aware scrub of a visit at this version, remembered for a few minutes (also used by the Denials page). */
export async function rememberedScrub(store: Store, reference: Reference, visitId: number, version: number): Promise<Cached> {
  return scrubOf(store, reference, visitId, version);
}

async function scrubOf(store: Store, reference: Reference, visitId: number, version: number): Promise<Cached> {
  const cache = cacheOf(store);
  const hit = cache.get(visitId);
  if (hit && hit.version === version && Date.now() - hit.at < CACHE_MS) return hit;
  let entry: Cached;
  try {
    const { result } = await scrubStoredVisit(store.db, reference, visitId);
    entry = { version, at: Date.now(), result: { status: result.status, findings: result.findings, totals: result.totals } };
  } catch (error) {
    if (!isInputError(error)) throw error;
    // A stored visit the scrub cannot read is not a valid visit (status invalid): as bad as a denial, and said so.
    entry = { version, at: Date.now(), result: { status: "invalid", findings: [], totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 } }, problem: error.message };
  }
  cache.set(visitId, entry);
  return entry;
}

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
  claim?: { id: number; status: string; scrub_status: string; visit_version: number | null; allowed_cents: number | null; scrub_result?: string };
  status: ScrubStatus;
  atStakeCents: number | null;
  live?: Cached;
}

const EMPTY_RESULT: ScrubResult = { status: "clean", lines: [], totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 }, findings: [] };

/**
 * The worklist, one page of it. A claim built from the visit as it stands (a draft or ready
 * claim of the visit's current version) keeps the scrub it was built from, so a practice
 * with thousands of drafts is not scrubbed again on every page; a visit without one is
 * scrubbed (and remembered). Findings are read for the page's rows only.
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
  let visits = db
    .selectFrom("visits")
    .select(["id", "patient_id", "provider_id", "payer_id", "date_of_service", "version"])
    .where("practice_id", "=", practiceId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("claims").select("claims.id").whereRef("claims.visit_id", "=", "visits.id").where((claim) => claim.or([claim("claims.status", "in", [...SENT]), claim("claims.frequency", "=", "8")])))));
  if (filter.providerId !== undefined) visits = visits.where("provider_id", "=", filter.providerId);
  if (filter.payerId !== undefined) visits = visits.where("payer_id", "=", filter.payerId);
  if (filter.from) visits = visits.where("date_of_service", ">=", filter.from);
  if (filter.to) visits = visits.where("date_of_service", "<=", filter.to);
  const rows = await visits.orderBy("date_of_service").orderBy("id").execute();
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
  // The rule filter reads the stored findings; without it they stay in the database.
  const withResult = filter.rule ? claimQuery.select("scrub_result") : claimQuery;
  const claims = new Map<number, Candidate["claim"] & { visit_id: number }>();
  for (const claim of (await withResult.execute()) as (Candidate["claim"] & { visit_id: number })[]) claims.set(claim.visit_id, claim);

  const candidates: Candidate[] = [];
  for (const row of rows) {
    const claim = claims.get(row.id);
    let candidate: Candidate;
    if (claim && (claim.status === "ready" || claim.visit_version === row.version)) {
      candidate = { row, claim, status: claim.scrub_status as ScrubStatus, atStakeCents: claim.allowed_cents };
      if (filter.rule && !(claim.scrub_result ?? "").includes(`"rule":"${filter.rule}"`)) continue;
    } else {
      const live = await scrubOf(store, reference, row.id, row.version);
      candidate = { row, ...(claim ? { claim } : {}), status: live.result.status, atStakeCents: live.result.totals.allowed === undefined ? null : dollarsToCents(live.result.totals.allowed), live };
      if (filter.rule && !live.result.findings.some((item) => item.rule === filter.rule)) continue;
    }
    counts[candidate.status === "invalid" ? "reject" : candidate.status] += 1;
    candidates.push(candidate);
  }
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
  const stored = shown.filter((candidate) => !candidate.live && candidate.claim).map((candidate) => candidate.claim!.id);
  const results = new Map<number, string>();
  for (let start = 0; start < stored.length; start += 500) {
    for (const row of await db.selectFrom("claims").select(["id", "scrub_result"]).where("id", "in", stored.slice(start, start + 500)).execute()) results.set(row.id, row.scrub_result);
  }
  const items = shown.map((candidate): WorklistItem => {
    const findings = candidate.live ? candidate.live.result.findings : fromJsonText<ScrubResult>(results.get(candidate.claim!.id) ?? "", EMPTY_RESULT).findings;
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
      ...(candidate.live?.problem ? { problem: candidate.live.problem } : {}),
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

/**
 * Scrubs, in the background, every visit the worklist would have to scrub on its first
 * render (no claim built from the visit as it stands), so the first person to open it after
 * a restart does not wait for thousands of scrubs. One visit at a time, yielding to the
 * event loop between visits; it stops at the first error (the store was closed) or when
 * `stopped()` says so.
 */
export async function warmWorklist(store: Store, reference: Reference, stopped: () => boolean): Promise<number> {
  const { db } = store;
  const rows = await db
    .selectFrom("visits")
    .leftJoin("claims", (join) => join.onRef("claims.visit_id", "=", "visits.id").on("claims.status", "in", ["draft", "ready"]).on("claims.frequency", "!=", "8"))
    .select(["visits.id", "visits.version", "claims.visit_version", "claims.status"])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("claims as sent").select("sent.id").whereRef("sent.visit_id", "=", "visits.id").where((claim) => claim.or([claim("sent.status", "in", [...SENT]), claim("sent.frequency", "=", "8")])))))
    .orderBy("visits.date_of_service", "desc")
    .execute();
  let scrubbed = 0;
  for (const row of rows) {
    if (stopped()) break;
    if (row.status === "ready" || (row.visit_version !== null && row.visit_version === row.version)) continue;
    await scrubOf(store, reference, row.id, row.version);
    scrubbed += 1;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return scrubbed;
}
