/**
 * The database's tables as Kysely sees them. One schema for SQLite and PostgreSQL, so it
 * keeps to what both share: integer ids, integer cents, ISO dates as text, booleans as
 * 0/1 integers and JSON documents as text. Every table a user can update carries a
 * `version` for optimistic concurrency (see versioned.ts).
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { ScrubStatus } from "../contract/result.js";

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

export type ClaimStatus = "draft" | "ready" | "submitted" | "paid" | "partial" | "denied" | "appealed" | "void" | "replaced";

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

// ---------------------------------------------------------------------------------------
// Claims out (migration 2026-12-01-claims-out): the parties a claim names, the charge
// master, the clearinghouse, and the corrected-claim lifecycle. Declared as interface
// merges so these columns stay in one block. Addresses are JSON text ({ line1, line2?,
// city, state, zip }).
// ---------------------------------------------------------------------------------------
export interface PracticeTable {
  /** the name on the claim (2010AA NM103); the practice's name when null */
  billing_name: Generated<string | null>;
  address: Generated<string | null>;
  phone: Generated<string | null>;
  taxonomy: Generated<string | null>;
  /** 2010AB, only when payment goes elsewhere than the billing address */
  pay_to_address: Generated<string | null>;
}
export interface ProviderTable {
  taxonomy: Generated<string | null>;
}
export interface PatientTable {
  sex: Generated<"F" | "M" | "U" | null>;
  address: Generated<string | null>;
  phone: Generated<string | null>;
}
export interface CoverageTable {
  relationship: Generated<"self" | "spouse" | "child" | "other">;
  subscriber_first_name: Generated<string | null>;
  subscriber_last_name: Generated<string | null>;
  subscriber_birth_date: Generated<string | null>;
  subscriber_sex: Generated<"F" | "M" | "U" | null>;
  subscriber_address: Generated<string | null>;
  group_number: Generated<string | null>;
}
export interface PayerTable {
  electronic_payer_id: Generated<string | null>;
  address: Generated<string | null>;
  /** SBR09 override; null = derived from the kind */
  claim_filing_indicator: Generated<string | null>;
}
export interface PlanOfCareTable {
  certifying_physician_id: Generated<number | null>;
}
/** Referring/certifying physicians and NPPs: the practice's own list, named on claims (2310A). */
export interface PhysicianTable {
  id: Generated<number>;
  practice_id: number;
  first_name: string;
  last_name: string;
  npi: string;
  version: Generated<number>;
}
/** The practice's charge per unit for a code, in force from effective_from through effective_through (open when null). */
export interface ChargeMasterTable {
  id: Generated<number>;
  practice_id: number;
  code: string;
  charge_cents: number;
  effective_from: string;
  effective_through: string | null;
  version: Generated<number>;
}
export interface ClearinghouseSettingsTable {
  id: Generated<number>;
  practice_id: number;
  submitter_id: string;
  submitter_name: string;
  contact_name: string;
  contact_phone: string;
  receiver_id: string;
  receiver_name: string;
  sender_qualifier: Generated<string>;
  sender_id: string;
  receiver_qualifier: Generated<string>;
  interchange_receiver_id: string;
  usage_indicator: Generated<"T" | "P">;
  version: Generated<number>;
}
/** The last ISA13 used, per practice: control numbers are unique and increasing. */
export interface InterchangeCounterTable {
  practice_id: number;
  last_control_number: number;
}
export interface ClaimTable {
  /** CLM01, "C-<id>"; the 835 returns it in CLP01 */
  claim_number: Generated<string | null>;
  /** CLM05-3: 1 original, 7 replacement, 8 void */
  frequency: Generated<"1" | "7" | "8">;
  /** the payer's ICN (835 CLP07), REF*F8 on frequency 7 and 8 */
  payer_claim_control_number: Generated<string | null>;
  replaces_claim_id: Generated<number | null>;
  /** the visit version the claim was built from: a rebuild of an unchanged visit is a conflict */
  visit_version: Generated<number | null>;
}
export interface ClaimLineTable {
  /** REF*6R, "<claim_number>-<n>"; the 835 returns it in REF*6R */
  line_id: Generated<string | null>;
}
export interface ClaimStatusHistoryTable {
  id: Generated<number>;
  claim_id: number;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  actor: string;
  /** ISO timestamp (UTC) */
  at: string;
  note: string | null;
}
export interface ClaimBatchTable {
  id: Generated<number>;
  practice_id: number;
  format: "837p" | "1500";
  control_number: number | null;
  receiver_id: string | null;
  file_name: string;
  content_type: string;
  /** sha256 of content, hex */
  file_hash: string;
  /** JSON array of claim ids */
  claim_ids: string;
  claim_count: number;
  total_charge_cents: number;
  actor: string;
  created_at: string;
  content: Uint8Array;
}
/* eslint-disable @typescript-eslint/no-empty-object-type -- interface merges add the stamp columns */
export interface PhysicianTable extends Stamped {}
export interface ChargeMasterTable extends Stamped {}
export interface ClearinghouseSettingsTable extends Stamped {}
/* eslint-enable @typescript-eslint/no-empty-object-type */
export interface Database {
  physicians: PhysicianTable;
  charge_master: ChargeMasterTable;
  clearinghouse_settings: ClearinghouseSettingsTable;
  interchange_counters: InterchangeCounterTable;
  claim_status_history: ClaimStatusHistoryTable;
  claim_batches: ClaimBatchTable;
}
export type PhysicianRow = Selectable<PhysicianTable>;
export type ChargeMasterRow = Selectable<ChargeMasterTable>;
export type ClearinghouseSettingsRow = Selectable<ClearinghouseSettingsTable>;
export type ClaimStatusHistoryRow = Selectable<ClaimStatusHistoryTable>;
export type ClaimBatchRow = Selectable<ClaimBatchTable>;

// ---------------------------------------------------------------------------------------
// Access (migration 2026-12-01-access): users, sessions, API tokens, the hash-chained
// audit log, prior versions of records, and created/updated stamps on every record
// table. Times are ISO 8601 UTC text ("2026-12-01T09:00:00.000Z"); actors are
// "user:EMAIL", "token:ID" or "os:NAME" (a CLI run).
// ---------------------------------------------------------------------------------------
export interface UserTable {
  id: Generated<number>;
  email: string;
  /** argon2id (PHC string); null for a user who has not set one yet */
  password_hash: string | null;
  practice_id: number;
  role: string;
  disabled: Generated<Flag>;
  /** failed sign-ins since the last good one (slows, then locks) */
  failed_sign_ins: Generated<number>;
  locked_until: string | null;
  created_at: string;
  last_sign_in_at: string | null;
}
export interface SessionTable {
  /** sha256 of the cookie's secret: a copy of the table signs no one in */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** absolute end (12 h after sign-in), whatever the activity */
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
}
export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  practice_id: number;
  role: string;
  created_by: string;
  user_id: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  user_id: number | null;
  token_id: number | null;
  practice_id: number | null;
  ip: string | null;
  action: string;
  resource: string | null;
  resource_id: string | null;
  /** JSON array of the patient ids the action touched */
  patient_ids: string;
  outcome: string;
  /** JSON object, ids and counts only (never PHI) */
  detail: string | null;
  prev_hash: string;
  hash: string;
}
export interface RecordHistoryTable {
  id: Generated<number>;
  table_name: string;
  record_id: number;
  /** the version the row had before the change */
  version: number;
  /** JSON: the whole row as it was */
  data: string;
  replaced_at: string;
  replaced_by: string;
}
export interface Stamped {
  created_at: Generated<string | null>;
  created_by: Generated<string | null>;
  updated_at: Generated<string | null>;
  updated_by: Generated<string | null>;
}
/* eslint-disable @typescript-eslint/no-empty-object-type -- interface merges add the stamp columns */
export interface PracticeTable extends Stamped {}
export interface ProviderTable extends Stamped {}
export interface PayerTable extends Stamped {}
export interface PatientTable extends Stamped {}
export interface CoverageTable extends Stamped {}
export interface PlanOfCareTable extends Stamped {}
export interface VisitTable extends Stamped {}
export interface ClaimTable extends Stamped {}
/* eslint-enable @typescript-eslint/no-empty-object-type */
export interface Database {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  record_history: RecordHistoryTable;
}
export type UserRow = Selectable<UserTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

// ---------------------------------------------------------------------------------------
// Remittances in (migration 2026-12-01-remittances): 835 payments as received, their
// claim and line payments and adjustments, and the queue of payments no claim matched.
// Money in integer cents; flags 0/1; JSON as text.
// ---------------------------------------------------------------------------------------
export interface RemittanceTable {
  id: Generated<number>;
  practice_id: number | null;
  payer_id: number | null;
  payer_key: string;
  payer_name: string | null;
  trace_number: string;
  payment_cents: number;
  payment_method: string | null;
  payment_date: string | null;
  control_number: string | null;
  claim_count: number;
  provider_adjustment_cents: Generated<number>;
  balanced: Flag;
  imbalance_cents: Generated<number>;
  file_name: string | null;
  file_hash: string;
  /** the transaction's bytes (ST..SE) with its envelope, as received */
  raw: string;
  actor: string;
  posted_at: string;
}
export interface ClaimPaymentTable {
  id: Generated<number>;
  remittance_id: number;
  position: number;
  claim_id: number | null;
  claim_number: string;
  status_code: string;
  payer_claim_control_number: string | null;
  charge_cents: number;
  paid_cents: number;
  patient_responsibility_cents: number;
  deductible_cents: Generated<number>;
  coinsurance_cents: Generated<number>;
  copay_cents: Generated<number>;
  balanced: Flag;
  reverses_id: number | null;
  reversed: Generated<Flag>;
  received_date: string | null;
  document: string;
}
export type LinePaymentStatus = "paid" | "partial" | "denied" | "reversed";
export type AppealStatus = "none" | "planned" | "appealed" | "won" | "lost" | "written-off";
export interface LinePaymentTable {
  id: Generated<number>;
  claim_payment_id: number;
  position: number;
  claim_line_id: number | null;
  line_id: string | null;
  code: string;
  modifiers: string;
  original_code: string | null;
  units: number;
  service_date: string | null;
  charge_cents: number;
  allowed_cents: number;
  paid_cents: number;
  patient_responsibility_cents: Generated<number>;
  deductible_cents: Generated<number>;
  coinsurance_cents: Generated<number>;
  copay_cents: Generated<number>;
  remarks: string;
  status: LinePaymentStatus;
  appeal_status: Generated<AppealStatus>;
  appeal_note: string | null;
  appeal_updated_at: string | null;
}
export interface PaymentAdjustmentTable {
  id: Generated<number>;
  claim_payment_id: number;
  line_payment_id: number | null;
  group_code: string;
  reason: string;
  amount_cents: number;
  quantity: number | null;
}
export interface ProviderAdjustmentTable {
  id: Generated<number>;
  remittance_id: number;
  provider_identifier: string;
  fiscal_period_date: string | null;
  reason: string;
  reference: string | null;
  amount_cents: number;
}
export interface UnmatchedPaymentTable {
  id: Generated<number>;
  claim_payment_id: number;
  reason: string;
  status: Generated<"open" | "resolved" | "dismissed">;
  resolved_claim_id: number | null;
  resolved_by: string | null;
  resolved_at: string | null;
  note: string | null;
}
export interface Database {
  remittances: RemittanceTable;
  claim_payments: ClaimPaymentTable;
  line_payments: LinePaymentTable;
  payment_adjustments: PaymentAdjustmentTable;
  provider_adjustments: ProviderAdjustmentTable;
  unmatched_payments: UnmatchedPaymentTable;
}

// Each claim's payment side kept as payments post (migration 2026-12-01-remittances-claim-balances,
// src/remit/claim-balances.ts): the payments that stand summed, in cents.
export interface ClaimBalanceTable {
  claim_id: number;
  /** CLP03 of the latest payment that stands; null when none does */
  charge_cents: number | null;
  paid_cents: number;
  /** the patient's share, corrections and contractual write-downs of the payments that stand */
  reduced_cents: number;
  /** ISO date: the latest day any of the claim's payments or reversals counts from */
  last_dated: string;
}
export interface Database {
  claim_balances: ClaimBalanceTable;
}

// The denial figures of each day of service kept as payments post (migration
// 2026-12-01-remittances-denial-totals, src/remit/denial-totals.ts).
export interface LineOutcomeDayTable {
  practice_id: number;
  date_of_service: string;
  payer_id: number;
  /** the line payment's procedure code (SVC01) */
  code: string;
  /** lines of the payments that stand */
  adjudicated_lines: number;
  /** of them, denied or partial */
  denied_lines: number;
}
export interface DenialReasonDayTable {
  practice_id: number;
  date_of_service: string;
  payer_id: number;
  code: string;
  /** CARC */
  reason: string;
  /** denied lines that carry the reason */
  lines: number;
  /** the reason's denied cents on those lines (own CAS or the line's share of a claim-level one) */
  cents: number;
}
export interface Database {
  line_outcome_days: LineOutcomeDayTable;
  denial_reason_days: DenialReasonDayTable;
}

// The denied lines of the payments that stand, kept as payments post (migration
// 2026-12-01-remittances-denied-lines, src/remit/denied-lines.ts): what the Denials page
// orders and filters them by.
export interface DeniedLineTable {
  line_payment_id: number;
  practice_id: number;
  date_of_service: string;
  /** the remittance's payment date (BPR16) */
  payment_date: string | null;
}
export interface Database {
  denied_lines: DeniedLineTable;
}

// Payer profiles (migration 2026-12-01-payer-profiles)
export interface PayerTable {
  /** data/payers/<id>.json the payer is billed by; null = its kind's profile */
  profile: Generated<string | null>;
  /** JSON: the payer's own rule values on top of the profile (src/payers/profile-schema.ts) */
  profile_overrides: Generated<string | null>;
}
export interface CoverageTable {
  /** the plan's copay per visit, in cents */
  copay_cents: Generated<number | null>;
  /** the plan's coinsurance, in hundredths of a percent (2000 = 20%) */
  coinsurance_basis_points: Generated<number | null>;
}

// Kept scrubs (migration 2026-12-01-visit-scrubs): each visit's history-aware scrub and the
// write counters that say whether it still holds (src/store/visit-scrubs.ts).
export interface ScrubStampTable {
  scope: "patient" | "practice";
  owner_id: number;
  /** writes so far to the tables a scrub of the owner's visits reads (kept by triggers) */
  stamp: number;
}
export interface VisitScrubTable {
  visit_id: number;
  visit_version: number;
  patient_stamp: number;
  practice_stamp: number;
  /** otbill's version and the reference data's content (src/reference/identity.ts) */
  reference: string;
  status: ScrubStatus;
  allowed_cents: number | null;
  /** JSON array of the scrub's findings */
  findings: string;
  /** a stored visit the scrub cannot read: its error message */
  problem: string | null;
}
export interface Database {
  scrub_stamps: ScrubStampTable;
  visit_scrubs: VisitScrubTable;
}
