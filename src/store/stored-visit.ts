/**
 * Turns a stored visit into the contract's Visit (docs/contract.md), the one shape the scrub
 * engine takes: the payer, the billing therapist and the patient come from their own
 * records, not from the visit JSON.
 */
import { parseVisit, type Visit } from "../contract/visit.js";
import { InputError } from "../errors.js";
import { centsToDollars } from "../reference/fixed.js";
import { coveragesOfPatient, getCoverage } from "./coverages.js";
import type { Coverage, Patient, Payer, Provider, VisitRecord } from "./entities.js";
import { getPatient } from "./patients.js";
import { getPayer } from "./payers.js";
import { getProvider } from "./providers.js";
import type { Db } from "./transaction.js";

export interface VisitParties {
  payer: Payer;
  provider: Provider;
  patient: Patient;
}

/**
 * The visit's payer, provider, patient and coverage, read once per distinct id: one stored
 * visit's scrub reads the providers of many visits of the patient, and its coverage twice
 * (the authorization used, and the copay or coinsurance).
 */
export class PartyCache {
  private readonly payers = new Map<number, Promise<Payer>>();
  private readonly providers = new Map<number, Promise<Provider>>();
  private readonly patients = new Map<number, Promise<Patient>>();
  private readonly coverages = new Map<number, Promise<Coverage | undefined>>();

  constructor(private readonly db: Db) {}

  payer(id: number): Promise<Payer> {
    return cached(this.payers, id, () => getPayer(this.db, id));
  }
  provider(id: number): Promise<Provider> {
    return cached(this.providers, id, () => getProvider(this.db, id));
  }
  patient(id: number): Promise<Patient> {
    return cached(this.patients, id, () => getPatient(this.db, id));
  }
  /** The coverage the visit names, else the patient's coverage with the visit's payer. */
  coverage(visit: VisitRecord): Promise<Coverage | undefined> {
    return cached(this.coverages, visit.id, async () => {
      if (visit.coverageId !== null) return getCoverage(this.db, visit.coverageId);
      return (await coveragesOfPatient(this.db, visit.patientId)).find((coverage) => coverage.payerId === visit.payerId);
    });
  }
  async of(visit: VisitRecord): Promise<VisitParties> {
    const [payer, provider, patient] = await Promise.all([this.payer(visit.payerId), this.provider(visit.providerId), this.patient(visit.patientId)]);
    return { payer, provider, patient };
  }
}

function cached<T>(map: Map<number, Promise<T>>, id: number, load: () => Promise<T>): Promise<T> {
  let value = map.get(id);
  if (!value) {
    value = load();
    map.set(id, value);
  }
  return value;
}

function payerOf(payer: Payer): Record<string, unknown> {
  const feeSchedule = payer.feeSchedule
    ? {
        ...(payer.feeSchedule.percentOfMedicare !== undefined ? { percentOfMedicare: payer.feeSchedule.percentOfMedicare } : {}),
        ...(payer.feeSchedule.rateCents
          ? { rates: Object.fromEntries(Object.entries(payer.feeSchedule.rateCents).map(([code, cents]) => [code, centsToDollars(cents)])) }
          : {}),
      }
    : undefined;
  return {
    kind: payer.kind,
    id: String(payer.id),
    name: payer.name,
    ...(payer.unitRule ? { unitRule: payer.unitRule } : {}),
    ...(feeSchedule ? { feeSchedule } : {}),
    ...(payer.profile ? { profile: payer.profile } : {}),
    ...(payer.profileOverrides ? { profileOverrides: payer.profileOverrides } : {}),
  };
}

/** Copies only the fields that are set: the contract treats a missing field as "not known". */
function present<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}

/** When the visit's own provider is an assistant, every minute not otherwise attributed was the assistant's. */
function assistantMinutesOf(service: VisitRecord["services"][number], provider: Provider): number | null {
  if (service.assistantMinutes !== null) return service.assistantMinutes;
  return provider.role === "assistant" ? service.minutes : null;
}

/** The contract Visit for a stored visit; 422 when what is stored does not make a valid visit. */
export function toContractVisit(visit: VisitRecord, parties: VisitParties): Visit {
  const input = {
    id: visit.externalId ?? String(visit.id),
    dateOfService: visit.dateOfService,
    payer: payerOf(parties.payer),
    ...present({ placeOfService: visit.placeOfService, locality: visit.locality, totalTreatmentMinutes: visit.totalTreatmentMinutes }),
    patient: { id: parties.patient.externalId ?? String(parties.patient.id) },
    provider: { npi: parties.provider.npi, discipline: parties.provider.discipline, qualifyingApm: parties.provider.qualifyingApm },
    diagnoses: visit.diagnoses,
    services: visit.services.map((service) => ({
      code: service.code,
      ...present({ minutes: service.minutes, assistantMinutes: assistantMinutesOf(service, parties.provider), units: service.units, description: service.description }),
      modifiers: service.modifiers,
      diagnosisPointers: service.diagnosisPointers,
      ...(service.distinct ? { distinct: true } : {}),
    })),
  };
  const parsed = parseVisit(input);
  if (!parsed.ok) {
    const issue = parsed.issues[0]!;
    throw new InputError("unprocessable", `stored visit ${visit.id} is not a valid visit: ${issue.path}: ${issue.message}`, { path: issue.path, value: issue.value });
  }
  return parsed.visit;
}
