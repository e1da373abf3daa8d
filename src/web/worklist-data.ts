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

interface Cached {
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
    entry = { version, at: Date.now(), result: { status: "reject", findings: [], totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 } }, problem: error.message };
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

export async function worklistItems(store: Store, reference: Reference, practiceId: number, filter: WorklistFilter = {}): Promise<WorklistItem[]> {
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
  if (rows.length === 0) return [];

  const claims = new Map<number, { id: number; status: string; scrub_result: string; allowed_cents: number | null }>();
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += 500) {
    const found = await db
      .selectFrom("claims")
      .select(["id", "visit_id", "status", "scrub_result", "allowed_cents"])
      .where("visit_id", "in", ids.slice(start, start + 500))
      .where("status", "in", ["draft", "ready"])
      .where("frequency", "!=", "8")
      .execute();
    for (const claim of found) claims.set(claim.visit_id, claim);
  }

  const items: WorklistItem[] = [];
  for (const row of rows) {
    const claim = claims.get(row.id);
    let status: ScrubStatus;
    let findings: Finding[];
    let atStakeCents: number | null;
    let problem: string | undefined;
    if (claim?.status === "ready") {
      // Built from a clean scrub and not sent yet: its own scrub is the one that counts.
      const result = fromJsonText<ScrubResult>(claim.scrub_result, { status: "clean", lines: [], totals: { timedMinutes: 0, timedUnits: 0, untimedUnits: 0 }, findings: [] });
      status = result.status;
      findings = result.findings;
      atStakeCents = claim.allowed_cents;
    } else {
      const scrubbed = await scrubOf(store, reference, row.id, row.version);
      status = scrubbed.result.status;
      findings = scrubbed.result.findings;
      atStakeCents = scrubbed.result.totals.allowed === undefined ? null : dollarsToCents(scrubbed.result.totals.allowed);
      problem = scrubbed.problem;
    }
    if (filter.rule && !findings.some((item) => item.rule === filter.rule)) continue;
    items.push({
      visitId: row.id,
      patientId: row.patient_id,
      providerId: row.provider_id,
      payerId: row.payer_id,
      dateOfService: row.date_of_service,
      status,
      claimId: claim?.id ?? null,
      claimStatus: claim?.status ?? null,
      atStakeCents,
      findings,
      ...(problem ? { problem } : {}),
    });
  }
  // Worst first; within a status the most money first, then the oldest (filing limits run from the date).
  items.sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      (b.atStakeCents ?? 0) - (a.atStakeCents ?? 0) ||
      (a.dateOfService < b.dateOfService ? -1 : a.dateOfService > b.dateOfService ? 1 : a.visitId - b.visitId),
  );
  return items;
}
