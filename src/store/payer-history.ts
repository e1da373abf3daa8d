/**
 * What a payer profile needs to know from the store, put into the visit exactly as a
 * stateless caller would give it (docs/rules.md, "Payer profiles"), so the stored and the
 * stateless scrub see the same inputs:
 * - `patient.visitsThisBenefitPeriod`: the patient's earlier visits to this payer in the
 *   benefit period of the profile's visit limit (calendar year, or the plan year from its
 *   start date), per discipline or PT/OT/SLP combined as the limit counts them;
 * - `authorization`: the coverage's authorization in force with its number and what earlier
 *   visits used of it (history.ts works out the use);
 * - `planOfCare.certifyingProvider`: the plan's certifying physician, the claim's referring
 *   provider;
 * - `coverage`: the coverage's copay and coinsurance;
 * - `claimDate`: the day the claim is built, from the caller (the store reads no clock).
 * "Earlier" is as in history.ts: an earlier date, or the same date and a smaller visit id.
 */
import type { PlanOfCare, Visit } from "../contract/visit.js";
import type { ScrubHistory } from "../engine/scrub.js";
import { benefitPeriodStart } from "../payers/periods.js";
import { payerProfilesOf } from "../payers/profiles.js";
import type { IsoDate } from "../reference/dates.js";
import { centsToDollars } from "../reference/fixed.js";
import type { Reference } from "../reference/reference.js";
import type { Authorization, Coverage, PlanOfCareRecord, VisitRecord } from "./entities.js";
import { getPhysician } from "./physicians.js";
import { PartyCache } from "./stored-visit.js";
import type { Db } from "./transaction.js";
import { visitsOfPatientBetween } from "./visits.js";

export interface PayerInputOptions {
  /** the date the claim is built (timely filing); the server passes today */
  claimDate?: IsoDate;
}

function isEarlier(other: VisitRecord, visit: VisitRecord): boolean {
  return other.dateOfService < visit.dateOfService || (other.dateOfService === visit.dateOfService && other.id < visit.id);
}

/** Earlier visits of the patient to this payer since `from`, of this discipline unless combined. */
export async function visitsToPayerSince(db: Db, visit: VisitRecord, from: IsoDate, discipline: string | undefined, parties = new PartyCache(db)): Promise<number> {
  const visits = (await visitsOfPatientBetween(db, visit.patientId, from, visit.dateOfService)).filter((other) => other.payerId === visit.payerId && isEarlier(other, visit));
  if (discipline === undefined) return visits.length;
  let count = 0;
  for (const other of visits) if ((await parties.provider(other.providerId)).discipline === discipline) count += 1;
  return count;
}

/** The certifying physician of a stored plan, as the visit names it. */
export async function certifyingProviderOf(db: Db, plan: PlanOfCareRecord): Promise<PlanOfCare["certifyingProvider"] | undefined> {
  if (plan.certifyingPhysicianId === null || plan.certifyingPhysicianId === undefined) return undefined;
  const physician = await getPhysician(db, plan.certifyingPhysicianId);
  return { firstName: physician.firstName, lastName: physician.lastName, npi: physician.npi };
}

function authorizationNumber(coverage: Coverage | undefined, use: NonNullable<ScrubHistory["authorization"]>): string | undefined {
  const match = coverage?.authorizations.find((auth: Authorization) => auth.startDate === use.start && auth.endDate === use.end);
  return match?.number ?? undefined;
}

/** The visit with the payer profile's inputs from the store (see the file comment). */
export async function withPayerInputs(db: Db, reference: Reference, visit: VisitRecord, contractVisit: Visit, history: ScrubHistory, options: PayerInputOptions = {}, parties = new PartyCache(db)): Promise<Visit> {
  const { profile } = payerProfilesOf(reference).profileFor(contractVisit.payer, contractVisit.dateOfService);
  const out: Visit = { ...contractVisit };
  const limit = profile.rules.visitLimit;
  const auth = profile.rules.priorAuthorization;
  if (limit.basis === "visits" || auth.required === "after-visits") {
    const date = contractVisit.dateOfService;
    const from = limit.basis === "visits" ? benefitPeriodStart(date, limit) : (`${date.slice(0, 4)}-01-01` as IsoDate);
    const discipline = limit.basis === "visits" && limit.scope === "discipline" ? (contractVisit.provider?.discipline ?? history.planOfCare?.discipline) : undefined;
    out.patient = { ...contractVisit.patient, visitsThisBenefitPeriod: await visitsToPayerSince(db, visit, from, discipline, parties) };
  }
  const coverage = await parties.coverage(visit);
  if (coverage && !contractVisit.coverage && (coverage.copayCents !== null || coverage.coinsurancePercent !== null)) {
    out.coverage = {
      ...(coverage.copayCents !== null ? { copay: centsToDollars(coverage.copayCents) } : {}),
      ...(coverage.coinsurancePercent !== null ? { coinsurancePercent: coverage.coinsurancePercent } : {}),
    };
  }
  const use = history.authorization;
  if (use && !contractVisit.authorization) {
    const number = authorizationNumber(coverage, use);
    out.authorization = {
      ...(number ? { number } : {}),
      ...(use.visitsAllowed !== undefined ? { visitsAllowed: use.visitsAllowed } : {}),
      ...(use.visitsUsed !== undefined ? { visitsUsed: use.visitsUsed } : {}),
      ...(use.unitsAllowed !== undefined ? { unitsAllowed: use.unitsAllowed } : {}),
      ...(use.unitsUsed !== undefined ? { unitsUsed: use.unitsUsed } : {}),
      ...(use.start !== undefined ? { startDate: use.start as IsoDate } : {}),
      ...(use.end !== undefined ? { endDate: use.end as IsoDate } : {}),
    };
  }
  if (options.claimDate) out.claimDate = options.claimDate;
  return out;
}
