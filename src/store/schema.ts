/**
 * The database's tables as Kysely sees them. One schema for SQLite and PostgreSQL, so it
 * keeps to what both share: integer ids, integer cents, ISO dates as text, booleans as
 * 0/1 integers and JSON documents as text. Every table a user can update carries a
 * `version` for optimistic concurrency (see versioned.ts).
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/** 0 or 1: SQLite has no boolean type, so both databases store an integer. */
export type Flag = 0 | 1;

export interface PracticeTable {
  id: Generated<number>;
  name: string;
  /** the group (type 2) NPI the claims are billed under */
  npi: string | null;
  tax_id: string | null;
  version: Generated<number>;
}

export interface ProviderTable {
  id: Generated<number>;
  practice_id: number;
  npi: string;
  first_name: string;
  last_name: string;
  discipline: "OT" | "PT" | "SLP";
  /** therapist (OT/PT/SLP) or assistant (OTA/PTA): an assistant's minutes carry CO/CQ */
  role: "therapist" | "assistant";
  /** qualifying APM participant: its own 2026 conversion factor */
  qualifying_apm: Flag;
  version: Generated<number>;
}

export interface PayerTable {
  id: Generated<number>;
  practice_id: number;
  name: string;
  kind: string;
  unit_rule: "cms" | "ama" | null;
  /** JSON: { percentOfMedicare?, rateCents?: { code: cents } } */
  fee_schedule: string | null;
  /** JSON object: payer-specific settings (timely filing days, portal, ...) */
  settings: string;
  version: Generated<number>;
}

export interface PatientTable {
  id: Generated<number>;
  practice_id: number;
  /** the practice's own chart number; visit imports match patients on it */
  external_id: string | null;
  first_name: string;
  last_name: string;
  birth_date: string | null;
  version: Generated<number>;
}

export interface CoverageTable {
  id: Generated<number>;
  patient_id: number;
  payer_id: number;
  member_id: string;
  /** 1 primary, 2 secondary, 3 tertiary */
  priority: number;
  start_date: string | null;
  end_date: string | null;
  version: Generated<number>;
}

/** Part of the coverage aggregate: replaced with it, versioned through it. */
export interface AuthorizationTable {
  id: Generated<number>;
  coverage_id: number;
  position: number;
  number: string | null;
  visits_allowed: number | null;
  units_allowed: number | null;
  start_date: string;
  end_date: string;
}

export interface PlanOfCareTable {
  id: Generated<number>;
  patient_id: number;
  /** the therapist who wrote the plan */
  provider_id: number | null;
  discipline: "OT" | "PT" | "SLP";
  initial_evaluation_date: string;
  certified_from: string;
  certified_through: string;
  signed_date: string | null;
  /** JSON array of ISO dates */
  progress_report_dates: string;
  version: Generated<number>;
}

export interface VisitTable {
  id: Generated<number>;
  practice_id: number;
  patient_id: number;
  /** the billing therapist; an assistant who furnished minutes is named on the service */
  provider_id: number;
  payer_id: number;
  coverage_id: number | null;
  plan_of_care_id: number | null;
  external_id: string | null;
  date_of_service: string;
  place_of_service: string | null;
  locality: string | null;
  /** JSON array of ICD-10-CM codes in claim order (pointers are 1-based into it) */
  diagnoses: string;
  total_treatment_minutes: number | null;
  version: Generated<number>;
}

/** Part of the visit aggregate. */
export interface VisitServiceTable {
  id: Generated<number>;
  visit_id: number;
  position: number;
  code: string;
  minutes: number | null;
  assistant_minutes: number | null;
  units: number | null;
  /** JSON array of two-character modifiers */
  modifiers: string;
  distinct_service: Flag;
  /** JSON array of 1-based pointers into the visit's diagnoses */
  diagnosis_pointers: string;
  description: string | null;
  /** the OTA/PTA who furnished `assistant_minutes` */
  assistant_provider_id: number | null;
}

export type ClaimStatus = "draft" | "ready" | "submitted" | "paid" | "denied" | "appealed";

export interface ClaimTable {
  id: Generated<number>;
  practice_id: number;
  visit_id: number;
  patient_id: number;
  payer_id: number;
  date_of_service: string;
  status: ClaimStatus;
  /** the scrub's status when the claim was built: clean, review or reject */
  scrub_status: string;
  /** JSON: the whole scrub result the lines came from */
  scrub_result: string;
  allowed_cents: number | null;
  payment_cents: number | null;
  patient_share_cents: number | null;
  version: Generated<number>;
}

/** Part of the claim aggregate. */
export interface ClaimLineTable {
  id: Generated<number>;
  claim_id: number;
  position: number;
  code: string;
  modifiers: string;
  units: number;
  minutes: number | null;
  diagnosis_pointers: string;
  allowed_cents: number | null;
  payment_cents: number | null;
  patient_share_cents: number | null;
  status: ClaimStatus;
}

export interface Database {
  practices: PracticeTable;
  providers: ProviderTable;
  payers: PayerTable;
  patients: PatientTable;
  coverages: CoverageTable;
  authorizations: AuthorizationTable;
  plans_of_care: PlanOfCareTable;
  visits: VisitTable;
  visit_services: VisitServiceTable;
  claims: ClaimTable;
  claim_lines: ClaimLineTable;
}

export type PracticeRow = Selectable<PracticeTable>;
export type ProviderRow = Selectable<ProviderTable>;
export type PayerRow = Selectable<PayerTable>;
export type PatientRow = Selectable<PatientTable>;
export type CoverageRow = Selectable<CoverageTable>;
export type AuthorizationRow = Selectable<AuthorizationTable>;
export type PlanOfCareRow = Selectable<PlanOfCareTable>;
export type VisitRow = Selectable<VisitTable>;
export type VisitServiceRow = Selectable<VisitServiceTable>;
export type ClaimRow = Selectable<ClaimTable>;
export type ClaimLineRow = Selectable<ClaimLineTable>;
export type NewRow<T> = Insertable<T>;
export type RowPatch<T> = Updateable<T>;
