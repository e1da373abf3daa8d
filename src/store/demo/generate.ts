/**
 * The demo practice as data: 3 OTs and 2 OTAs, 40 patients on Medicare, Medicare
 * Advantage, Medicaid and a commercial plan, their plans of care and 8 weeks of visits,
 * with the mistakes billers really make planted in known visits. Deterministic: a seeded
 * generator and dates counted from a fixed anchor, never the clock.
 */
import { addDays, toDayNumber, type IsoDate } from "../../reference/dates.js";
import { completeNpi } from "../npi.js";
import { CASE_PROFILES, EVALUATION_CODES, FIRST_NAMES, LAST_NAMES, THERAPISTS } from "./clinical.js";
import { SeededRandom } from "./random.js";

export const DEMO_ANCHOR = "2026-03-02";
export const DEMO_SEED = 20260302;
export const DEMO_PRACTICE_NAME = "Lakeside Occupational Therapy (demo)";

export interface DemoOptions {
  /** "today" for the demo: visits fill the weeks before it */
  anchor?: string;
  seed?: number;
  patients?: number;
  weeks?: number;
}

/** The mistakes planted in the demo, each in one known visit. */
export type DemoMistake =
  | "expired-plan"
  | "missing-go"
  | "ptp-without-distinct"
  | "header-icd"
  | "deleted-97003"
  | "pt-code-on-ot-plan"
  | "minutes-do-not-add-up"
  | "ota-furnished"
  | "authorization-exceeded";

export interface DemoService {
  code: string;
  minutes?: number;
  assistantMinutes?: number;
  /** index into `providers` of the OTA who furnished the assistant minutes */
  assistant?: number;
  modifiers: string[];
  distinct?: boolean;
  diagnosisPointers: number[];
}

export interface DemoVisit {
  externalId: string;
  dateOfService: IsoDate;
  /** index into `providers` */
  provider: number;
  diagnoses: string[];
  totalTreatmentMinutes: number;
  services: DemoService[];
  mistakes: DemoMistake[];
}

export type DemoPayerKey = "medicare" | "advantage" | "medicaid" | "commercial";

export interface DemoPatient {
  externalId: string;
  firstName: string;
  lastName: string;
  birthDate: IsoDate;
  payer: DemoPayerKey;
  memberId: string;
  authorization?: { number: string; visitsAllowed: number; startDate: IsoDate; endDate: IsoDate };
  plan: { initialEvaluationDate: IsoDate; certifiedFrom: IsoDate; certifiedThrough: IsoDate; signedDate: IsoDate; progressReportDates: IsoDate[]; therapist: number };
  visits: DemoVisit[];
}

export interface DemoPractice {
  name: string;
  npi: string;
  anchor: IsoDate;
  providers: { npi: string; firstName: string; lastName: string; role: "therapist" | "assistant" }[];
  payers: Record<DemoPayerKey, { name: string; kind: string; unitRule?: "cms" | "ama"; feeSchedule?: { percentOfMedicare: number } }>;
  patients: DemoPatient[];
}

const PAYER_BY_SLOT: DemoPayerKey[] = ["medicare", "medicare", "medicare", "commercial", "medicare", "advantage", "medicare", "commercial", "medicare", "medicaid"];
const OTS = [0, 1, 2];
/** the patient whose plan lapsed two weeks before the anchor without recertification */
const LAPSED_PATIENT = 5;
const OTAS = [3, 4];

/** 0 Sunday ... 6 Saturday (day 0, 1970-01-01, was a Thursday). */
function weekday(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

function nextWeekday(date: IsoDate): IsoDate {
  let day = date;
  while (weekday(day) === 0 || weekday(day) === 6) day = addDays(day, 1);
  return day;
}

/** Treatment days: 2 or 3 a week on fixed weekdays, with an occasional cancellation. */
function visitDates(random: SeededRandom, from: IsoDate, until: IsoDate, perWeek: number): IsoDate[] {
  const days = perWeek >= 3 ? [1, 3, 5] : random.pick([[1, 4], [2, 5], [1, 3]]);
  const dates: IsoDate[] = [];
  for (let day = from; day < until; day = addDays(day, 1)) {
    if (days.includes(weekday(day)) && !random.chance(0.08)) dates.push(day);
  }
  return dates;
}

function treatmentServices(random: SeededRandom, codes: readonly string[], medicare: boolean, heavy: boolean): DemoService[] {
  const count = heavy ? 4 : random.int(2, 3);
  const services: DemoService[] = random.sample(codes, Math.min(count, codes.length)).map((code) => ({
    code,
    minutes: code === "97129" ? 15 : random.pick(heavy ? [20, 23, 25, 30] : [15, 18, 20, 23, 25]),
    // Most billers put GO on Medicare lines themselves; the scrub adds it where they forget.
    modifiers: medicare ? ["GO"] : [],
    diagnosisPointers: [1, 2],
  }));
  // Manual therapy beside therapeutic activities is an NCCI pair: the note documents separate intervals.
  if (services.some((service) => service.code === "97530")) {
    for (const service of services) if (service.code === "97140") service.distinct = true;
  }
  return services;
}

function makePatient(random: SeededRandom, index: number, anchor: IsoDate, windowStart: IsoDate): DemoPatient {
  const payer = PAYER_BY_SLOT[index % PAYER_BY_SLOT.length]!;
  const profile = CASE_PROFILES[index % CASE_PROFILES.length]!;
  const therapist = OTS[index % OTS.length]!;
  const heavy = index % 8 === 0 && payer === "medicare";
  // About a third were evaluated before the window opened, the rest start inside it.
  const lapsed = index === LAPSED_PATIENT;
  const evaluation = lapsed ? nextWeekday(addDays(anchor, -100)) : nextWeekday(addDays(windowStart, index % 3 === 0 ? -random.int(10, 40) : random.int(0, 35)));
  const plan = {
    initialEvaluationDate: evaluation,
    certifiedFrom: evaluation,
    certifiedThrough: lapsed ? addDays(anchor, -14) : addDays(evaluation, 89),
    signedDate: addDays(evaluation, random.int(2, 9)),
    progressReportDates: [] as IsoDate[],
    therapist,
  };
  const birthYear = payer === "commercial" || payer === "medicaid" ? random.int(1962, 1995) : random.int(1936, 1959);
  const patient: DemoPatient = {
    externalId: `LOT-${1001 + index}`,
    firstName: FIRST_NAMES[(index * 7) % FIRST_NAMES.length]!,
    lastName: LAST_NAMES[(index * 5 + 3) % LAST_NAMES.length]!,
    birthDate: `${birthYear}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}` as IsoDate,
    payer,
    memberId: payer === "medicare" ? `${random.int(1, 9)}EG${random.int(1, 9)}-TE${random.int(1, 9)}-MK${random.int(10, 99)}` : `M${String(random.int(10_000_000, 99_999_999))}`,
    plan,
    visits: [],
  };
  if (payer === "commercial") {
    patient.authorization = { number: `AUTH-${random.int(100_000, 999_999)}`, visitsAllowed: random.int(16, 24), startDate: evaluation, endDate: addDays(evaluation, 89) };
  }

  const medicare = payer === "medicare" || payer === "advantage";
  const start = evaluation < windowStart ? windowStart : evaluation;
  const dates = visitDates(random, start, anchor, heavy ? 3 : 2);
  // The evaluation is the first treatment day, whatever the weekly pattern.
  if (evaluation >= windowStart && evaluation < anchor && dates[0] !== evaluation) dates.unshift(evaluation);
  let sinceReport = 0;
  dates.forEach((date, visitIndex) => {
    const isEvaluation = date === evaluation;
    const services: DemoService[] = isEvaluation
      ? [{ code: random.pick(EVALUATION_CODES), minutes: 45, modifiers: medicare ? ["GO"] : [], diagnosisPointers: [1, 2] }]
      : treatmentServices(random, profile.codes, medicare, heavy);
    // An OTA furnishes some of the treatment under the OT's supervision.
    if (!isEvaluation && visitIndex % 4 === 2) {
      const assistant = OTAS[index % OTAS.length]!;
      const first = services[0]!;
      first.assistantMinutes = first.minutes;
      first.assistant = assistant;
    }
    const visit: DemoVisit = {
      externalId: `${patient.externalId}-${String(visitIndex + 1).padStart(2, "0")}`,
      dateOfService: date,
      provider: therapist,
      diagnoses: [...profile.diagnoses],
      totalTreatmentMinutes: services.reduce((sum, service) => sum + (service.minutes ?? 0), 0),
      services,
      mistakes: services.some((service) => service.assistant !== undefined) ? ["ota-furnished"] : [],
    };
    patient.visits.push(visit);
    // A progress report every 9th treatment day keeps the plan in order (MBPM 220.3.D: at least every 10th).
    sinceReport += 1;
    if (sinceReport >= 9 && !isEvaluation) {
      plan.progressReportDates.push(date);
      sinceReport = 0;
    }
  });
  if (evaluation < windowStart) plan.progressReportDates.unshift(addDays(windowStart, -3));
  return patient;
}

/** Plants one of each usual mistake in a known patient's middle visit (all in the first 8 patients). */
function plantMistakes(patients: DemoPatient[]): void {
  const middle = (patient: DemoPatient | undefined) => {
    const treatments = patient?.visits.filter((visit) => !visit.services.some((service) => EVALUATION_CODES.includes(service.code))) ?? [];
    return treatments[Math.floor(treatments.length / 2)];
  };
  const at = (index: number, mistake: DemoMistake, change: (visit: DemoVisit, patient: DemoPatient) => void) => {
    const patient = patients[index];
    const visit = middle(patient);
    if (!patient || !visit) return;
    change(visit, patient);
    visit.mistakes.push(mistake);
  };
  at(1, "missing-go", (visit) => visit.services.forEach((service) => (service.modifiers = [])));
  at(2, "ptp-without-distinct", (visit) => {
    visit.services = [
      { code: "97530", minutes: 25, modifiers: ["GO"], diagnosisPointers: [1] },
      { code: "97140", minutes: 15, modifiers: ["GO"], diagnosisPointers: [1] },
    ];
    visit.totalTreatmentMinutes = 40;
  });
  at(4, "header-icd", (visit) => (visit.diagnoses = ["I69.35", ...visit.diagnoses.slice(1)]));
  at(6, "pt-code-on-ot-plan", (visit) => visit.services.push({ code: "97161", modifiers: [], diagnosisPointers: [1] }));
  at(7, "minutes-do-not-add-up", (visit) => (visit.totalTreatmentMinutes += 15));
  at(0, "deleted-97003", (visit) => visit.services.unshift({ code: "97003", modifiers: ["GO"], diagnosisPointers: [1] }));
  const lapsed = patients[LAPSED_PATIENT];
  if (lapsed) {
    lapsed.plan.progressReportDates = lapsed.plan.progressReportDates.filter((date) => date <= lapsed.plan.certifiedThrough);
    for (const visit of lapsed.visits) if (visit.dateOfService > lapsed.plan.certifiedThrough) visit.mistakes.push("expired-plan");
  }
  // Patient 3 (commercial) used up a small authorization.
  const authorized = patients[3];
  if (authorized?.authorization) {
    authorized.authorization.visitsAllowed = Math.max(1, authorized.visits.length - 3);
    authorized.visits.slice(authorized.authorization.visitsAllowed).forEach((visit) => visit.mistakes.push("authorization-exceeded"));
  }
}

export function generateDemoPractice(options: DemoOptions = {}): DemoPractice {
  const anchor = (options.anchor ?? DEMO_ANCHOR) as IsoDate;
  const random = new SeededRandom(options.seed ?? DEMO_SEED);
  const windowStart = addDays(anchor, -7 * (options.weeks ?? 8));
  const providers = THERAPISTS.map((person, index) => ({ ...person, npi: completeNpi(String(164_000_000 + index * 7_919 + random.int(0, 999))) }));
  const patients = Array.from({ length: options.patients ?? 40 }, (_, index) => makePatient(random, index, anchor, windowStart));
  plantMistakes(patients);
  return {
    name: DEMO_PRACTICE_NAME,
    npi: completeNpi("158930211"),
    anchor,
    providers,
    payers: {
      medicare: { name: "Medicare Part B", kind: "medicare" },
      advantage: { name: "Evergreen Medicare Advantage", kind: "medicare-advantage" },
      medicaid: { name: "State Medicaid", kind: "medicaid", feeSchedule: { percentOfMedicare: 70 } },
      commercial: { name: "Blue Harbor Health", kind: "commercial", unitRule: "ama", feeSchedule: { percentOfMedicare: 115 } },
    },
    patients,
  };
}
