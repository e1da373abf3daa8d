/** The scrub result as the public contract (docs/contract.md) describes it. */
import type { RuleId } from "../engine/findings.js";

export type Severity = "info" | "warning" | "error";
/** `invalid`: the visit did not validate (the result carries `error`); `reject`: a payer would deny the claim as it stands. */
export type ScrubStatus = "clean" | "review" | "reject" | "invalid";

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** the CPT/HCPCS or ICD code concerned, when there is one */
  code?: string;
  message: string;
  fix?: string;
  source: string;
  /** the input field concerned, e.g. services[1].minutes */
  path?: string;
}

/** A finding without the words a person reads (message, fix, source): `otbill scrub --output codes`. */
export type CodesFinding = Pick<Finding, "rule" | "severity" | "code" | "path">;

export interface LinePricing {
  /** each unit's allowed amount in dollars, in the order MPPR ranked them */
  unitAmounts: number[];
  mpprReducedUnits: number;
  assistantPercent?: number;
  conversionFactor: number;
  locality: string;
}

export interface ClaimLine {
  code: string;
  modifiers: string[];
  units: number;
  minutes?: number;
  assistantMinutes?: number;
  diagnosisPointers: number[];
  /** index of the service in the visit this line came from */
  service: number;
  allowed?: number;
  payment?: number;
  patientShare?: number;
  pricing?: LinePricing;
}

export interface ScrubTotals {
  timedMinutes: number;
  timedUnits: number;
  untimedUnits: number;
  allowed?: number;
  payment?: number;
  patientShare?: number;
}

export interface ScrubResult {
  id?: string;
  dateOfService?: string;
  status: ScrubStatus;
  unitRule?: "cms" | "ama";
  lines: ClaimLine[];
  totals: ScrubTotals;
  findings: Finding[];
}

/** A scrub result whose findings carry no texts (`otbill scrub --output codes`). */
export type CodesScrubResult = Omit<ScrubResult, "findings"> & { findings: CodesFinding[] };
