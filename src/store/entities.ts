/**
 * The practice's records as the API and the CLI see them: camelCase, booleans and arrays,
 * money in integer cents, dates as ISO text, absent values as null. The repositories map
 * these to and from the table rows in schema.ts; src/server/schemas.ts validates them.
 */
import type { ScrubResult } from "../contract/result.js";
import type { ClaimStatus } from "./schema.js";

export type { ClaimStatus };
export type Discipline = "OT" | "PT" | "SLP";
export type ProviderRole = "therapist" | "assistant";

export const CLAIM_STATUSES: readonly ClaimStatus[] = ["draft", "ready", "submitted", "paid", "denied", "appealed"];

/** A write names the version it read (see versioned.ts). */
export interface Versioned {
  id: number;
  version: number;
}

export interface PracticeInput {
  name: string;
  npi?: string | null;
  taxId?: string | null;
}
export interface Practice extends Versioned {
  name: string;
  npi: string | null;
  taxId: string | null;
}

export interface ProviderInput {
  practiceId: number;
  npi: string;
  firstName: string;
  lastName: string;
  discipline: Discipline;
  role: ProviderRole;
  qualifyingApm?: boolean;
}
export interface Provider extends Versioned, Omit<ProviderInput, "qualifyingApm"> {
  qualifyingApm: boolean;
}

/** A payer's own fee schedule: a rate per code in cents, or a percentage of Medicare's allowed amount. */
export interface PayerFeeScheduleCents {
  percentOfMedicare?: number;
  rateCents?: Record<string, number>;
}
export interface PayerInput {
  practiceId: number;
  name: string;
  kind: string;
  unitRule?: "cms" | "ama" | null;
  feeSchedule?: PayerFeeScheduleCents | null;
  settings?: Record<string, unknown>;
}
export interface Payer extends Versioned {
  practiceId: number;
  name: string;
  kind: string;
  unitRule: "cms" | "ama" | null;
  feeSchedule: PayerFeeScheduleCents | null;
  settings: Record<string, unknown>;
}

export interface PatientInput {
  practiceId: number;
  externalId?: string | null;
  firstName: string;
  lastName: string;
  birthDate?: string | null;
}
export interface Patient extends Versioned {
  practiceId: number;
  externalId: string | null;
  firstName: string;
  lastName: string;
  birthDate: string | null;
}

export interface Authorization {
  number?: string | null;
  visitsAllowed?: number | null;
  unitsAllowed?: number | null;
  startDate: string;
  endDate: string;
}
export interface CoverageInput {
  patientId: number;
  payerId: number;
  memberId: string;
  priority?: number;
  startDate?: string | null;
  endDate?: string | null;
  authorizations?: Authorization[];
}
export interface Coverage extends Versioned {
  patientId: number;
  payerId: number;
  memberId: string;
  priority: number;
  startDate: string | null;
  endDate: string | null;
  authorizations: Authorization[];
}

export interface PlanOfCareInput {
  patientId: number;
  providerId?: number | null;
  discipline: Discipline;
  initialEvaluationDate: string;
  certifiedFrom: string;
  certifiedThrough: string;
  signedDate?: string | null;
  progressReportDates?: string[];
}
export interface PlanOfCareRecord extends Versioned {
  patientId: number;
  providerId: number | null;
  discipline: Discipline;
  initialEvaluationDate: string;
  certifiedFrom: string;
  certifiedThrough: string;
  signedDate: string | null;
  progressReportDates: string[];
}

export interface StoredService {
  code: string;
  minutes?: number | null;
  assistantMinutes?: number | null;
  units?: number | null;
  modifiers?: string[];
  distinct?: boolean;
  diagnosisPointers?: number[];
  description?: string | null;
  /** the OTA who furnished the assistant minutes */
  assistantProviderId?: number | null;
}
export interface VisitInput {
  practiceId: number;
  patientId: number;
  providerId: number;
  payerId: number;
  coverageId?: number | null;
  planOfCareId?: number | null;
  externalId?: string | null;
  dateOfService: string;
  placeOfService?: string | null;
  locality?: string | null;
  diagnoses?: string[];
  totalTreatmentMinutes?: number | null;
  services: StoredService[];
}
export interface VisitRecord extends Versioned {
  practiceId: number;
  patientId: number;
  providerId: number;
  payerId: number;
  coverageId: number | null;
  planOfCareId: number | null;
  externalId: string | null;
  dateOfService: string;
  placeOfService: string | null;
  locality: string | null;
  diagnoses: string[];
  totalTreatmentMinutes: number | null;
  services: Required<StoredService>[];
}

export interface StoredClaimLine {
  code: string;
  modifiers: string[];
  units: number;
  minutes: number | null;
  diagnosisPointers: number[];
  allowedCents: number | null;
  paymentCents: number | null;
  patientShareCents: number | null;
  status: ClaimStatus;
}
export interface ClaimRecord extends Versioned {
  practiceId: number;
  visitId: number;
  patientId: number;
  payerId: number;
  dateOfService: string;
  status: ClaimStatus;
  scrubStatus: string;
  allowedCents: number | null;
  paymentCents: number | null;
  patientShareCents: number | null;
  lines: StoredClaimLine[];
  scrubResult: ScrubResult;
}

/** PATCH bodies: every field optional, plus the version the caller read. */
export type Patch<T> = Partial<T> & { version: number };
