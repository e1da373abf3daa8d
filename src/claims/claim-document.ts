/**
 * Stored claim -> claim document (CONTRACT.md Part 2, "Claim document"): the visit as the
 * scrub reads it, with the patient's stored history folded in, plus every party the claim
 * names, read from the store's records. The CLI's stateless path, the API and stored batches
 * then share one writer (prepareClaim -> write837p / renderCms1500Pdf).
 *
 * A party the store lacks is an InputError ("unprocessable": exit 2, HTTP 422) naming the
 * claim, the document field and the record to fix, e.g.
 * `C-12: billingProvider.address: is missing; set the practice's billing address`.
 */
import { claimDocumentSchema, type ClaimDocument } from "../contract/claim-document.js";
import { formatIssuePath, type Visit } from "../contract/visit.js";
import type { ScrubHistory } from "../engine/scrub.js";
import type { IsoDate } from "../reference/dates.js";
import { centsToDollars } from "../reference/fixed.js";
import type { Reference } from "../reference/reference.js";
import { chargesInForce } from "../store/charge-master.js";
import { getClaim } from "../store/claims.js";
import { clearinghouseOfPractice } from "../store/clearinghouses.js";
import { coveragesOfPatient, getCoverage } from "../store/coverages.js";
import type { ClaimRecord, Coverage, Payer, PostalAddress, VisitRecord } from "../store/entities.js";
import { chooseAuthorization, choosePlanOfCare, historyOf } from "../store/history.js";
import { getPhysician } from "../store/physicians.js";
import { getPlanOfCare, plansOfPatient } from "../store/plans-of-care.js";
import { getPractice } from "../store/practices.js";
import { PartyCache, toContractVisit } from "../store/stored-visit.js";
import type { Db } from "../store/transaction.js";
import { getVisit } from "../store/visits.js";
import { FILING_INDICATOR_OF_KIND } from "../x12/837p/codes.js";
import { ClaimProblems, type ClaimProblem } from "./prepare.js";

export interface StoredClaimDocument {
  claim: ClaimRecord;
  document: ClaimDocument;
  /** the stored history the claim's scrub used, for prepareClaim's scrub of the same visit */
  history: ScrubHistory;
  /** the visit as stored now (its version tells whether it changed since the claim was built) */
  visit: VisitRecord;
}

type AddressOut = ClaimDocument["subscriber"]["address"];

function addressOf(address: PostalAddress): AddressOut {
  return { line1: address.line1, ...(address.line2 ? { line2: address.line2 } : {}), city: address.city, state: address.state, zip: address.zip };
}

/** SBR09: the payer's own indicator when set, else the kind's (contract Part 2). */
export function filingIndicatorOf(payer: Payer): string | undefined {
  return payer.claimFilingIndicator ?? FILING_INDICATOR_OF_KIND[payer.kind as keyof typeof FILING_INDICATOR_OF_KIND];
}

/** A Medicare Beneficiary Identifier is 11 characters; the dashes are for print only (CMS MBI format). */
function memberIdFor(payer: Payer, memberId: string): string {
  return payer.kind === "medicare" ? memberId.replace(/[\s-]/g, "") : memberId.trim();
}

async function coverageFor(db: Db, visit: VisitRecord): Promise<Coverage | undefined> {
  if (visit.coverageId !== null) return getCoverage(db, visit.coverageId);
  return (await coveragesOfPatient(db, visit.patientId)).find((coverage) => coverage.payerId === visit.payerId);
}

/** The contract visit the claim's lines came from: the stored history travels in the document. */
function visitWithHistory(visit: Visit, history: ScrubHistory): Visit {
  const patient = { ...(visit.patient ?? {}) };
  if (history.otAllowedYearToDateCents !== undefined) patient.otAllowedYearToDate = centsToDollars(history.otAllowedYearToDateCents);
  if (history.ptSlpAllowedYearToDateCents !== undefined) patient.ptSlpAllowedYearToDate = centsToDollars(history.ptSlpAllowedYearToDateCents);
  return { ...visit, patient, ...(history.planOfCare ? { planOfCare: history.planOfCare } : {}) };
}

/** Builds the claim document of a stored claim; throws ClaimProblems listing every missing or invalid party. */
export async function buildClaimDocument(db: Db, reference: Reference, claimOrId: number | ClaimRecord): Promise<StoredClaimDocument> {
  const claim = typeof claimOrId === "number" ? await getClaim(db, claimOrId) : claimOrId;
  const label = claim.claimNumber;
  const problems: ClaimProblem[] = [];
  const problem = (path: string, message: string): void => void problems.push({ claim: label, path, message });

  const visit = await getVisit(db, claim.visitId);
  const parties = await new PartyCache(db).of(visit);
  const { payer, provider, patient } = parties;
  const practice = await getPractice(db, claim.practiceId);
  const history = await historyOf(db, reference, visit);
  const contractVisit = visitWithHistory(toContractVisit(visit, parties), history);

  // Billing provider: the practice (2010AA, NUCC item 33).
  const fix = `set it on practice ${practice.id} (PATCH /api/practices/${practice.id})`;
  if (!practice.npi) problem("billingProvider.npi", `is missing; ${fix}`);
  if (!practice.taxId) problem("billingProvider.taxId", `is missing (the EIN); ${fix}`);
  if (!practice.taxonomy) problem("billingProvider.taxonomy", `is missing (225X00000X for OT); ${fix}`);
  if (!practice.address) problem("billingProvider.address", `is missing; ${fix}`);
  const billingProvider = {
    name: practice.billingName ?? practice.name,
    npi: practice.npi ?? "",
    taxId: (practice.taxId ?? "").replace(/-/g, ""),
    taxonomy: practice.taxonomy ?? "",
    ...(practice.phone ? { phone: practice.phone } : {}),
    address: practice.address ? addressOf(practice.address) : { line1: "", city: "", state: "", zip: "" },
    ...(practice.payToAddress ? { payToAddress: addressOf(practice.payToAddress) } : {}),
  };

  // Rendering provider (2310B): only when it is not the billing provider itself.
  const renderingProvider =
    provider.npi === practice.npi ? null : { firstName: provider.firstName, lastName: provider.lastName, npi: provider.npi, ...(provider.taxonomy ? { taxonomy: provider.taxonomy } : {}) };

  // Referring provider (2310A): the physician who certified the plan of care.
  const plan = visit.planOfCareId !== null ? await getPlanOfCare(db, visit.planOfCareId) : choosePlanOfCare(await plansOfPatient(db, visit.patientId), visit.dateOfService, provider.discipline);
  let referringProvider: { firstName: string; lastName: string; npi: string } | null = null;
  if (plan?.certifyingPhysicianId != null) {
    const physician = await getPhysician(db, plan.certifyingPhysicianId);
    referringProvider = { firstName: physician.firstName, lastName: physician.lastName, npi: physician.npi };
  } else if (payer.kind === "medicare" || payer.kind === "medicare-advantage") {
    // Medicare pays outpatient therapy only under a certified plan (42 CFR 424.24(c)); the certifier is the referring provider.
    problem("referringProvider", plan ? `is missing: plan of care ${plan.id} names no certifying physician (certifyingPhysicianId)` : `is missing: visit ${visit.id} has no plan of care naming a certifying physician`);
  }

  // Subscriber and patient (2010BA, 2000C/2010CA).
  const coverage = await coverageFor(db, visit);
  let subscriber: ClaimDocument["subscriber"] | undefined;
  let claimPatient: ClaimDocument["patient"] = null;
  const patientFix = `set it on patient ${patient.id} (PATCH /api/patients/${patient.id})`;
  const requirePatientDemographics = (path: string) => {
    if (!patient.birthDate) problem(`${path}.birthDate`, `is missing; ${patientFix}`);
    if (!patient.sex) problem(`${path}.sex`, `is missing; ${patientFix}`);
    if (!patient.address) problem(`${path}.address`, `is missing; ${patientFix}`);
  };
  if (!coverage) {
    problem("subscriber", `is missing: patient ${patient.id} has no coverage with payer ${payer.id} (${payer.name})`);
  } else if (coverage.relationship === "self") {
    requirePatientDemographics("subscriber");
    if (patient.birthDate && patient.sex && patient.address) {
      subscriber = { memberId: memberIdFor(payer, coverage.memberId), firstName: patient.firstName, lastName: patient.lastName, birthDate: patient.birthDate as IsoDate, sex: patient.sex, address: addressOf(patient.address) };
    }
  } else {
    const details = coverage.subscriber;
    if (!details) problem("subscriber", `is missing: coverage ${coverage.id} says the patient is the subscriber's ${coverage.relationship} but names no subscriber`);
    requirePatientDemographics("patient");
    if (details) subscriber = { memberId: memberIdFor(payer, coverage.memberId), firstName: details.firstName, lastName: details.lastName, birthDate: details.birthDate as IsoDate, sex: details.sex, address: addressOf(details.address) };
    if (patient.birthDate && patient.sex && patient.address) {
      claimPatient = { firstName: patient.firstName, lastName: patient.lastName, birthDate: patient.birthDate as IsoDate, sex: patient.sex, address: addressOf(patient.address), relationship: coverage.relationship };
    }
  }
  if (subscriber && coverage?.groupNumber) subscriber.groupNumber = coverage.groupNumber;

  // Payer (2010BB).
  if (!payer.electronicPayerId) problem("payer.payerId", `is missing; set the payer's electronic payer id on payer ${payer.id} (PATCH /api/payers/${payer.id})`);
  const filing = filingIndicatorOf(payer);
  const claimPayer = {
    name: payer.name,
    payerId: payer.electronicPayerId ?? "",
    ...(payer.address ? { address: addressOf(payer.address) } : {}),
    ...(filing ? { claimFilingIndicator: filing } : {}),
  };

  // Charges in force on the date of service, for every billed code.
  const codes = claim.lines.map((line) => line.code);
  const charges = await chargesInForce(db, claim.practiceId, codes, visit.dateOfService);
  for (const code of new Set(codes)) {
    if (!charges.has(code)) problem(`chargeMaster.${code}`, `no charge in force on ${visit.dateOfService} for billed code ${code}; add it to the charge master (POST /api/charge-master)`);
  }
  const chargeMaster = Object.fromEntries([...charges].map(([code, cents]) => [code, centsToDollars(cents)]));

  // Submitter and receiver (1000A/1000B): the practice's clearinghouse.
  const clearinghouse = await clearinghouseOfPractice(db, claim.practiceId);
  if (!clearinghouse) problem("submitter", `is missing: practice ${practice.id} has no clearinghouse settings (POST /api/clearinghouse-settings)`);

  const authorization = coverage ? chooseAuthorization(coverage.authorizations, visit.dateOfService) : undefined;
  const priorAuthorization = authorization?.number && authorization.startDate <= visit.dateOfService && visit.dateOfService <= authorization.endDate ? authorization.number : null;

  if (problems.length > 0) throw new ClaimProblems(problems);
  const input = {
    claimId: claim.claimNumber,
    frequency: claim.frequency,
    payerClaimControlNumber: claim.payerClaimControlNumber,
    visit: contractVisit,
    chargeMaster,
    billingProvider,
    renderingProvider,
    referringProvider,
    subscriber: subscriber!,
    patient: claimPatient,
    payer: claimPayer,
    priorAuthorization,
    submitter: { name: clearinghouse!.submitterName, id: clearinghouse!.submitterId, contactName: clearinghouse!.contactName, phone: clearinghouse!.contactPhone },
    receiver: { name: clearinghouse!.receiverName, id: clearinghouse!.receiverId },
  };
  const parsed = claimDocumentSchema.safeParse(input);
  if (!parsed.success) {
    throw new ClaimProblems(parsed.error.issues.map((issue) => ({ claim: label, path: formatIssuePath(issue.path), message: issue.message })));
  }
  return { claim, document: parsed.data, history, visit };
}
