/**
 * The one catalog of rule ids. Each row: the id, the severities it may carry, when it
 * fires, and the source it cites. docs/rules.md documents every id and a test keeps this
 * table, the docs and docs/contract.md's table in step.
 */
import type { CodesFinding, Finding, Severity } from "../contract/result.js";

export const RULES = {
  "input.unknown-field": { severities: ["warning"], when: "a field the contract does not know (names it and the nearest known field); it was ignored", source: "docs/contract.md (the visit's fields)" },
  "code.unknown": { severities: ["error"], when: "not a CPT/HCPCS code in the catalog, or not valid on the date of service", source: "otbill therapy code catalog (data/otbill/therapy_codes.csv) and the year's PFS RVU file" },
  "code.deleted": { severities: ["error"], when: "a deleted code; the finding names the replacement", source: "data/otbill/deleted_codes.csv (CPT/HCPCS annual updates)" },
  "code.discipline": { severities: ["error"], when: "another discipline's code (PT evaluations on an OT plan, athletic training, non-therapy codes)", source: "docs/billing-rules.md section 2; CPT code descriptors" },
  "code.not-payable": { severities: ["error", "warning"], when: "the payer does not pay this code (Medicare status B, I, N, R, X...; 97014 -> G0283)", source: "PFS RVU file, status code column" },
  "code.description-required": { severities: ["warning"], when: "an unlisted code without a description of the service", source: "CPT unlisted-code instructions; X12 837P SV101-7" },
  "units.allocation": { severities: ["info"], when: "how timed units were counted and shared (always present when timed codes exist)", source: "MCPM Pub. 100-04 ch.5 section 20.2 / CPT time rule" },
  "units.insufficient-minutes": { severities: ["warning"], when: "a timed service earned no unit", source: "MCPM Pub. 100-04 ch.5 section 20.2 / CPT time rule" },
  "units.mue": { severities: ["error", "warning"], when: "more units than the MUE allows (warning when the MUE comes from a curated public page, not an official file)", source: "NCCI medically unlikely edits" },
  "addon.primary-missing": { severities: ["error"], when: "add-on code without its primary code on the same day", source: "CPT add-on code rules; NCCI policy manual ch.1" },
  "eval.multiple": { severities: ["error"], when: "more than one evaluation code on one day", source: "docs/billing-rules.md section 2; NCCI MUE for 97161-97168" },
  "assistant.evaluation": { severities: ["error"], when: "an assistant's minutes on an evaluation or re-evaluation code (97161-97168)", source: "MBPM Pub. 100-02 ch.15 sections 230.1 and 230.2 (assistants may not provide evaluative or assessment services)" },
  "modifier.discipline": { severities: ["error", "info"], when: "GP or GN on an OT line (error); GO added (info)", source: "MCPM Pub. 100-04 ch.5 section 20.1" },
  "modifier.assistant": { severities: ["error", "info"], when: "CQ on an OT line (error); CO added or split (info)", source: "CY2020 and CY2022 PFS final rules; MCPM ch.5 section 20.1" },
  "modifier.kx": { severities: ["warning", "info"], when: "KX needed and added; the note must support medical necessity", source: "MCPM Pub. 100-04 ch.5 section 10.3; data/policy/therapy_kx_thresholds.csv" },
  "modifier.distinct": { severities: ["warning"], when: "NCCI indicator-1 pair: 59/X added because distinct, or needed and not documented", source: "NCCI policy manual ch.1 section E (modifier 59 and X{EPSU})" },
  "modifier.telehealth": { severities: ["error", "warning"], when: "95/POS 02/10 inconsistent, or telehealth not payable on that date", source: "data/policy/telehealth_therapist_periods.csv; MCPM ch.12 section 190" },
  "modifier.too-many": { severities: ["error"], when: "more than 4 modifiers on a line", source: "X12 837P SV101-3..6; CMS-1500 item 24D" },
  "modifier.invalid": { severities: ["warning"], when: "59 or an X modifier on a code in no NCCI pair with the day's other codes", source: "NCCI policy manual ch.1 section E" },
  "ncci.ptp": { severities: ["error", "warning"], when: "a PTP pair on the same day (indicator 0: error; 1: warning unless resolved)", source: "NCCI practitioner PTP edits" },
  "diagnosis.missing": { severities: ["error"], when: "no diagnosis", source: "MBPM ch.15 section 220.3; X12 837P HI segment" },
  "diagnosis.invalid": { severities: ["error"], when: "not an ICD-10-CM code valid on the date of service", source: "ICD-10-CM code set for the fiscal year (data/icd10cm/)" },
  "diagnosis.not-billable": { severities: ["error"], when: "a header code, or missing 7th character", source: "ICD-10-CM Official Guidelines section I.A.3 and I.B.1" },
  "diagnosis.pointer": { severities: ["error"], when: "a pointer to no diagnosis, or more than 4 / 12", source: "X12 837P SV107; CMS-1500 items 21 and 24E" },
  "diagnosis.fiscal-year": { severities: ["info"], when: "the date's ICD-10-CM fiscal year is not loaded and another year was used", source: "data/icd10cm/releases.csv" },
  "poc.missing": { severities: ["warning"], when: "no plan of care known", source: "MBPM Pub. 100-02 ch.15 section 220.1" },
  "poc.expired": { severities: ["error"], when: "date of service outside the certification period", source: "MBPM ch.15 section 220.1.2" },
  "poc.certification-length": { severities: ["warning"], when: "a certification period longer than 90 days (it covers 90 calendar days from the initial treatment)", source: "MBPM Pub. 100-02 ch.15 section 220.1.3" },
  "poc.unsigned": { severities: ["warning"], when: "not certified within 30 days of the initial evaluation", source: "MBPM ch.15 section 220.1.3" },
  "poc.discipline": { severities: ["error"], when: "plan of care discipline differs from the service's", source: "MBPM ch.15 section 220.1; MCPM ch.5 section 20.1" },
  "poc.progress-report-due": { severities: ["warning"], when: "this visit is the 10th treatment day of the reporting period or later (9 or more before it, the evaluation day being day 1)", source: "MBPM ch.15 section 220.3" },
  "threshold.kx": { severities: ["info"], when: "where the patient stands against the KX threshold", source: "data/policy/therapy_kx_thresholds.csv" },
  "threshold.review": { severities: ["warning"], when: "above the targeted medical review amount", source: "data/policy/therapy_kx_thresholds.csv; MCPM ch.5 section 10.3" },
  "documentation.minutes": { severities: ["warning"], when: "timed codes without minutes, or minutes that do not add up to totalTreatmentMinutes", source: "MBPM ch.15 section 220.3" },
  "remit.underpaid": { severities: ["warning"], when: "a paid line whose allowed amount is more than one cent below what otbill computes for that payer and date (from an 835, never from a scrub)", source: "835 AMT*B6 or charge less CO adjustments, against the payer's fee schedule (src/remit/underpayments.ts)" },
  "pricing.unavailable": { severities: ["info"], when: "no allowed amount could be computed (no fee schedule for the payer or year, unknown locality)", source: "data/pfs/ and the payer's fee schedule" },
  "pricing.assumption": { severities: ["info"], when: "pricing assumed something not given (deductible met, participating provider)", source: "docs/billing-rules.md section 6" },
  "authorization.exceeded": { severities: ["warning", "error"], when: "the visit uses more visits or units than the payer authorized, or falls outside the authorization dates", source: "the coverage's authorization on file" },
  // Payer profiles (data/payers/*.json, src/engine/payer-rules.ts): each finding's source names the profile and the rule's own source.
  "payer.profile": { severities: ["info"], when: "the payer named no profile and its kind has none of its own: commercial-default was applied", source: "src/payers/profiles.ts; data/payers/" },
  "payer.authorization-missing": { severities: ["error", "info"], when: "the payer's profile requires an authorization and none covers the date (info: the visits before it are not known)", source: "the payer profile's prior authorization rule (data/payers/)" },
  "payer.authorization-exhausted": { severities: ["error"], when: "the visits or units authorized are used up", source: "the payer profile's prior authorization rule and the authorization's counts" },
  "payer.visit-limit": { severities: ["warning", "error", "info"], when: "the payer's visit limit is near (from 80% of it) / passed; info: not checked, the earlier visits are not known", source: "the payer profile's visit limit (data/payers/)" },
  "payer.units-per-day": { severities: ["error"], when: "more units of a code on a day than the payer allows", source: "the payer profile's units-per-day rule (data/payers/)" },
  "payer.referring-missing": { severities: ["error"], when: "the payer requires the ordering/referring provider and none is known", source: "the payer profile's referring provider rule (data/payers/); 837P loop 2310A, CMS-1500 box 17b" },
  "payer.timely-filing": { severities: ["warning", "error"], when: "the claim is near (from 80% of the window) / past the payer's filing limit, counted from the date of service to the claim date", source: "the payer profile's timely filing rule (data/payers/)" },
  "payer.assistant-not-recognized": { severities: ["info"], when: "the payer does not recognize assistants: no CO/CQ, billed under the supervising therapist", source: "the payer profile's assistant rule (data/payers/)" },
  "payer.order-window": { severities: ["warning"], when: "treatment started later after the order than the payer allows", source: "the payer profile's order window rule (data/payers/)" },
} as const satisfies Record<string, { severities: readonly Severity[]; when: string; source: string }>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** Rules found by posting a remittance (src/remit/), never by a scrub. */
export const REMITTANCE_RULE_IDS = ["remit.underpaid"] as const satisfies readonly RuleId[];
export type ScrubRuleId = Exclude<RuleId, (typeof REMITTANCE_RULE_IDS)[number]>;
export const SCRUB_RULE_IDS = RULE_IDS.filter((id): id is ScrubRuleId => !(REMITTANCE_RULE_IDS as readonly RuleId[]).includes(id));

export type FindingInput = Omit<Finding, "source"> & { source?: string };

function checkSeverity(id: RuleId, severity: Severity): void {
  if (!(RULES[id].severities as readonly Severity[]).includes(severity)) {
    throw new Error(`rule ${id} does not take severity ${severity}`);
  }
}

/** Builds a finding, defaulting its source to the catalog's and checking the severity is allowed. */
export function finding(input: FindingInput): Finding {
  checkSeverity(input.rule, input.severity);
  // The input is always a fresh literal at the call site, so it becomes the finding itself.
  input.source ??= RULES[input.rule].source;
  return input as Finding;
}

/** What a rule raised, without the words: what `--output codes` carries of a finding. */
export interface RaisedFinding {
  rule: RuleId;
  severity: Severity;
  code?: string;
  path?: string;
}

/** What a finding says to a person; the source defaults to the catalog's. */
export interface FindingTexts {
  message: string;
  fix?: string;
  source?: string;
}

/** A finding without its texts, checking the severity is allowed; keys in the order of a full finding. */
export function codesFinding(raised: RaisedFinding): CodesFinding {
  checkSeverity(raised.rule, raised.severity);
  return { rule: raised.rule, severity: raised.severity, code: raised.code, path: raised.path };
}

/**
 * A finding with its texts, checking the severity is allowed. Every finding has the same keys
 * in the same order (absent ones undefined, which JSON leaves out): one shape to write.
 */
export function textFinding(raised: RaisedFinding, texts: FindingTexts): Finding {
  checkSeverity(raised.rule, raised.severity);
  return {
    rule: raised.rule,
    severity: raised.severity,
    code: raised.code,
    path: raised.path,
    message: texts.message,
    fix: texts.fix,
    source: texts.source ?? RULES[raised.rule].source,
  };
}
