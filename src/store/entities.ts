/**
 * The practice's records as the API and the CLI see them: camelCase, booleans and arrays,
 * money in integer cents, dates as ISO text, absent values as null. The repositories map
 * these to and from the table rows in schema.ts; src/server/schemas.ts validates them.
 */
import type { ScrubResult } from "../contract/result.js";
import type { ProfileOverrides } from "../payers/profile-schema.js";
import type { ClaimStatus } from "./schema.js";

export type { ClaimStatus };
export type Discipline = "OT" | "PT" | "SLP";
export type ProviderRole = "therapist" | "assistant";

export const CLAIM_STATUSES: readonly ClaimStatus[] = ["draft", "ready", "submitted", "paid", "partial", "denied", "appealed", "void", "replaced"];

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

// ---------------------------------------------------------------------------------------
// Claims out: the parties a claim names (merged into the records above), the charge
// master, the clearinghouse, and the corrected-claim lifecycle.
// ---------------------------------------------------------------------------------------
export type Sex = "F" | "M" | "U";
export type SubscriberRelationship = "self" | "spouse" | "child" | "other";
export type ClaimFrequency = "1" | "7" | "8";

export interface PostalAddress {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  /** 5 or 9 digits; the billing address needs all 9 */
  zip: string;
}

export interface PracticeInput {
  /** the name on claims; the practice's name when absent */
  billingName?: string | null;
  address?: PostalAddress | null;
  phone?: string | null;
  taxonomy?: string | null;
  payToAddress?: PostalAddress | null;
}
export interface Practice {
  billingName: string | null;
  address: PostalAddress | null;
  phone: string | null;
  taxonomy: string | null;
  payToAddress: PostalAddress | null;
}

export interface ProviderInput {
  taxonomy?: string | null;
}
export interface Provider {
  taxonomy: string | null;
}

export interface PatientInput {
  sex?: Sex | null;
  address?: PostalAddress | null;
  phone?: string | null;
}
export interface Patient {
  sex: Sex | null;
  address: PostalAddress | null;
  phone: string | null;
}

/** The subscriber's own details, when the patient is not the subscriber. */
export interface SubscriberDetails {
  firstName: string;
  lastName: string;
  birthDate: string;
  sex: Sex;
  address: PostalAddress;
}
export interface CoverageInput {
  /** the patient's relationship to the subscriber (self when absent) */
  relationship?: SubscriberRelationship;
  subscriber?: SubscriberDetails | null;
  groupNumber?: string | null;
}
export interface Coverage {
  relationship: SubscriberRelationship;
  subscriber: SubscriberDetails | null;
  groupNumber: string | null;
}

export interface PayerInput {
  /** the payer id the clearinghouse routes on (2010BB NM109) */
  electronicPayerId?: string | null;
  address?: PostalAddress | null;
  /** SBR09; null = derived from the kind */
  claimFilingIndicator?: string | null;
}
export interface Payer {
  electronicPayerId: string | null;
  address: PostalAddress | null;
  claimFilingIndicator: string | null;
}

export interface PlanOfCareInput {
  certifyingPhysicianId?: number | null;
}
export interface PlanOfCareRecord {
  certifyingPhysicianId: number | null;
}

export interface PhysicianInput {
  practiceId: number;
  firstName: string;
  lastName: string;
  npi: string;
}
export interface Physician extends Versioned, PhysicianInput {}

export interface ChargeInput {
  practiceId: number;
  code: string;
  chargeCents: number;
  effectiveFrom: string;
  /** last day in force; open-ended when null */
  effectiveThrough?: string | null;
}
export interface Charge extends Versioned {
  practiceId: number;
  code: string;
  chargeCents: number;
  effectiveFrom: string;
  effectiveThrough: string | null;
}

export interface ClearinghouseInput {
  practiceId: number;
  submitterId: string;
  submitterName: string;
  contactName: string;
  contactPhone: string;
  receiverId: string;
  receiverName: string;
  /** ISA05/ISA06 */
  senderQualifier?: string;
  senderId: string;
  /** ISA07/ISA08 */
  receiverQualifier?: string;
  interchangeReceiverId: string;
  /** ISA15: T test, P production */
  usageIndicator?: "T" | "P";
}
export interface Clearinghouse extends Versioned {
  practiceId: number;
  submitterId: string;
  submitterName: string;
  contactName: string;
  contactPhone: string;
  receiverId: string;
  receiverName: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  interchangeReceiverId: string;
  usageIndicator: "T" | "P";
}

export interface StoredClaimLine {
  /** REF*6R line item control number, "<claimNumber>-<n>" */
  lineId: string;
}
export interface ClaimRecord {
  /** CLM01, "C-<id>" */
  claimNumber: string;
  frequency: ClaimFrequency;
  payerClaimControlNumber: string | null;
  replacesClaimId: number | null;
  visitVersion: number | null;
}
export interface ClaimStatusChange {
  from: ClaimStatus | null;
  to: ClaimStatus;
  actor: string;
  at: string;
  note: string | null;
}

// Payer profiles (migration 2026-12-01-payer-profiles)
export interface PayerInput {
  /** the payer profile id (data/payers/); null = the profile of the payer's kind */
  profile?: string | null;
  /** the payer's own rule values on top of its profile */
  profileOverrides?: ProfileOverrides | null;
}
export interface Payer {
  profile: string | null;
  profileOverrides: ProfileOverrides | null;
}
/** The patient's cost sharing under the coverage (payer profiles whose costSharing is "coverage"). */
export interface CoverageInput {
  copayCents?: number | null;
  coinsurancePercent?: number | null;
}
export interface Coverage {
  copayCents: number | null;
  coinsurancePercent: number | null;
}
