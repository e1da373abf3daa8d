/**
 * History-aware scrub: what the store knows about the patient, so the visit JSON need not
 * carry it. For one stored visit it works out
 * - the Medicare therapy allowed amount so far this calendar year (KX, MCPM ch.5 section
 *   10.3), from the patient's stored claim lines of earlier visits;
 * - the plan of care in force (MBPM ch.15 section 220.1) and the treatment days since
 *   its last progress report (section 220.3.D), from the stored plan and visits;
 * - how much of the payer's authorization earlier visits used.
 * "Earlier" means an earlier date of service, or the same date and a smaller visit id.
 */
import type { ScrubResult } from "../contract/result.js";
import type { PlanOfCare, Visit } from "../contract/visit.js";
import { scrub, type ScrubHistory } from "../engine/scrub.js";
import { addDays, type IsoDate } from "../reference/dates.js";
import type { Reference } from "../reference/reference.js";
import { DEAD_STATUSES, liveClaimLinesOfPatient } from "./claims.js";
import type { Authorization, Coverage, PlanOfCareRecord, VisitRecord } from "./entities.js";
import { plansOfPatient, getPlanOfCare } from "./plans-of-care.js";
import { PartyCache, toContractVisit } from "./stored-visit.js";
import type { Db } from "./transaction.js";
import { getVisit, visitsOfPatientBetween } from "./visits.js";
import { certifyingProviderOf, withPayerInputs, type PayerInputOptions } from "./payer-history.js";

type AuthorizationUse = NonNullable<ScrubHistory["authorization"]>;

function isEarlier(other: { dateOfService: string; id: number }, visit: VisitRecord): boolean {
  return other.dateOfService < visit.dateOfService || (other.dateOfService === visit.dateOfService && other.id < visit.id);
}

/**
 * The plan the visit names, else the patient's plan of the therapist's discipline whose
 * certification covers the date, else the latest one certified before it (so that the
 * scrub can say it expired rather than that there is none).
 */
export function choosePlanOfCare(plans: readonly PlanOfCareRecord[], date: string, discipline: string): PlanOfCareRecord | undefined {
  const started = plans.filter((plan) => plan.certifiedFrom <= date);
  const sameDiscipline = started.filter((plan) => plan.discipline === discipline);
  for (const candidates of [sameDiscipline, started]) {
    const covering = candidates.filter((plan) => plan.certifiedThrough >= date);
    const pick = (covering.length > 0 ? covering : candidates).at(-1);
    if (pick) return pick;
  }
  return undefined;
}

/**
 * The treatment days of the current reporting period before this visit, one per date: the
 * evaluation day is treatment day 1, and after a report the period starts with the next
 * treatment day (MBPM ch.15 section 220.3).
 */
async function treatmentDaysSinceReport(db: Db, parties: PartyCache, visit: VisitRecord, plan: PlanOfCareRecord): Promise<number> {
  const reports = plan.progressReportDates.filter((date) => date <= visit.dateOfService);
  const report = reports.at(-1);
  const since = report ?? plan.initialEvaluationDate;
  if (since >= visit.dateOfService) return 0;
  const visits = await visitsOfPatientBetween(db, visit.patientId, report ? addDays(report as IsoDate, 1) : (since as IsoDate), visit.dateOfService);
  const days = new Set<string>();
  for (const other of visits) {
    if (other.id === visit.id || other.dateOfService >= visit.dateOfService) continue;
    // Only this discipline's treatment days count toward this plan's progress report.
    const provider = await parties.provider(other.providerId);
    if (other.planOfCareId === plan.id || (other.planOfCareId === null && provider.discipline === plan.discipline)) days.add(other.dateOfService);
  }
  if (!report) days.add(plan.initialEvaluationDate); // the evaluation day counts even when its visit is not stored
  return days.size;
}

function toPlanOfCare(plan: PlanOfCareRecord, treatmentDays: number): PlanOfCare {
  return {
    discipline: plan.discipline,
    initialEvaluationDate: plan.initialEvaluationDate as IsoDate,
    certifiedFrom: plan.certifiedFrom as IsoDate,
    certifiedThrough: plan.certifiedThrough as IsoDate,
    ...(plan.signedDate ? { signedDate: plan.signedDate as IsoDate } : {}),
    treatmentDaysSinceProgressReport: treatmentDays,
  };
}

/**
 * Medicare allowed cents so far this year, split as the KX thresholds are: OT on its own,
 * PT and SLP together. A line's discipline is its GO/GP/GN modifier, as Medicare reads it.
 */
async function allowedYearToDate(db: Db, visit: VisitRecord): Promise<{ ot: number; ptSlp: number }> {
  const yearStart = `${visit.dateOfService.slice(0, 4)}-01-01`;
  const lines = await liveClaimLinesOfPatient(db, visit.patientId, yearStart, addDays(visit.dateOfService as IsoDate, 1));
  let ot = 0;
  let ptSlp = 0;
  for (const line of lines) {
    // The therapy threshold is Medicare Part B's; Medicare Advantage plans keep their own.
    if (line.payerKind !== "medicare" || !isEarlier({ dateOfService: line.dateOfService, id: line.visitId }, visit)) continue;
    const cents = line.allowedCents ?? 0;
    if (line.modifiers.includes("GO")) ot += cents;
    else if (line.modifiers.includes("GP") || line.modifiers.includes("GN")) ptSlp += cents;
  }
  return { ot, ptSlp };
}

/** The authorization covering the date, else the latest that began before it, else the first. */
export function chooseAuthorization(authorizations: readonly Authorization[], date: string): Authorization | undefined {
  const covering = authorizations.filter((auth) => auth.startDate <= date && date <= auth.endDate);
  if (covering.length > 0) return covering.at(-1);
  const started = authorizations.filter((auth) => auth.startDate <= date);
  return started.at(-1) ?? authorizations[0];
}

/**
 * Visits and units earlier visits used under the authorization: visits billed to the same
 * payer inside its dates. Units are the claim's when one was built, else what the scrub
 * would bill for that visit.
 */
async function authorizationUse(db: Db, reference: Reference, parties: PartyCache, visit: VisitRecord, coverage: Coverage, auth: Authorization): Promise<AuthorizationUse> {
  const use: AuthorizationUse = { start: auth.startDate, end: auth.endDate };
  if (auth.visitsAllowed != null) use.visitsAllowed = auth.visitsAllowed;
  if (auth.unitsAllowed != null) use.unitsAllowed = auth.unitsAllowed;
  const last = visit.dateOfService < auth.endDate ? visit.dateOfService : auth.endDate;
  const earlier = (await visitsOfPatientBetween(db, visit.patientId, auth.startDate, last)).filter(
    (other) => isEarlier(other, visit) && other.payerId === coverage.payerId && (other.coverageId === null || other.coverageId === coverage.id),
  );
  use.visitsUsed = earlier.length;
  if (auth.unitsAllowed != null) {
    let units = 0;
    for (const other of earlier) {
      const claimLines = await db
        .selectFrom("claim_lines")
        .innerJoin("claims", "claims.id", "claim_lines.claim_id")
        .select("claim_lines.units")
        .where("claims.visit_id", "=", other.id)
        .where("claims.status", "not in", [...DEAD_STATUSES])
        .where("claims.frequency", "!=", "8")
        .execute();
      if (claimLines.length > 0) units += claimLines.reduce((sum, line) => sum + line.units, 0);
      // Only the units are read: the scrub makes no finding texts.
      else units += scrub(toContractVisit(other, await parties.of(other)), reference, {}, { texts: false }).lines.reduce((sum, line) => sum + line.units, 0);
    }
    use.unitsUsed = units;
  }
  return use;
}

/** Everything the store knows about the patient as of this visit (`parties`: the records already read for it). */
export async function historyOf(db: Db, reference: Reference, visit: VisitRecord, parties = new PartyCache(db)): Promise<ScrubHistory> {
  const provider = await parties.provider(visit.providerId);
  const history: ScrubHistory = {};

  const { ot, ptSlp } = await allowedYearToDate(db, visit);
  history.otAllowedYearToDateCents = ot;
  history.ptSlpAllowedYearToDateCents = ptSlp;

  const plan = visit.planOfCareId !== null ? await getPlanOfCare(db, visit.planOfCareId) : choosePlanOfCare(await plansOfPatient(db, visit.patientId), visit.dateOfService, provider.discipline);
  if (plan) {
    const days = await treatmentDaysSinceReport(db, parties, visit, plan);
    history.treatmentDaysSinceProgressReport = days;
    history.planOfCare = toPlanOfCare(plan, days);
    // The plan's certifying physician is the claim's referring provider (payer profiles that require one).
    const certifying = await certifyingProviderOf(db, plan);
    if (certifying) history.planOfCare.certifyingProvider = certifying;
  }

  const coverage = await parties.coverage(visit);
  const auth = coverage ? chooseAuthorization(coverage.authorizations, visit.dateOfService) : undefined;
  if (coverage && auth) history.authorization = await authorizationUse(db, reference, parties, visit, coverage, auth);
  return history;
}

export interface StoredScrub {
  visit: VisitRecord;
  contractVisit: Visit;
  history: ScrubHistory;
  result: ScrubResult;
}

/**
 * Scrubs a stored visit (by id, or as just read or written) with the patient's stored history;
 * the payer profile's inputs (visits this benefit period, the authorization, `claimDate`) go
 * into the visit itself, as a stateless caller would send them (payer-history.ts).
 */
export async function scrubStoredVisit(db: Db, reference: Reference, visitOrId: number | VisitRecord, options: PayerInputOptions = {}): Promise<StoredScrub> {
  const visit = typeof visitOrId === "number" ? await getVisit(db, visitOrId) : visitOrId;
  // One read of each party for the whole scrub: the history reads the providers of the patient's other visits too.
  const parties = new PartyCache(db);
  const history = await historyOf(db, reference, visit, parties);
  const contractVisit = await withPayerInputs(db, reference, visit, toContractVisit(visit, await parties.of(visit)), history, options, parties);
  return { visit, contractVisit, history, result: scrub(contractVisit, reference, history) };
}
