/**
 * The visit's payer profile applied to the scrub (src/payers/, data/payers/*.json): which
 * rules the payer bills by (unit rule, fee schedule, assistants, 59 or X, the telehealth
 * modifier, KX) and the payer's own claim rules: prior authorization, visit limits, units
 * per day, the ordering/referring provider, timely filing and the order window. A rule the
 * profile had no public source for came from commercial-default, and its finding says so.
 */
import type { Visit } from "../contract/visit.js";
import type { Reference } from "../reference/reference.js";
import { addDays, daysBetween, type IsoDate } from "../reference/dates.js";
import { memoPair } from "../reference/memo.js";
import { percentOfCents } from "../pricing/exact.js";
import type { PayerProfile, RuleName } from "../payers/profile-schema.js";
import { payerProfilesOf, type ProfileChoice } from "../payers/profiles.js";
import { filingWindow, warnFromVisit } from "../payers/periods.js";
import { ASSISTANT_MODIFIER, DISCIPLINE_OF_MODIFIER, removeModifier, type ScrubContext, type ScrubHistory, type WorkingLine } from "./context.js";
import type { RaisedFinding, RuleId } from "./findings.js";

export interface PayerScrub {
  choice: ProfileChoice;
  /** the visit with the profile's fee schedule and unit rule filled in where the visit gave none */
  visit: Visit;
  /** the history with the visit's own authorization when the store gave none */
  history: ScrubHistory;
}

function feeScheduleOn(profile: PayerProfile, date: IsoDate): Visit["payer"]["feeSchedule"] {
  const rule = profile.rules.feeSchedule;
  if (rule.basis === "percent-of-medicare") return { percentOfMedicare: rule.percent };
  if (rule.basis !== "rates") return undefined;
  const table = rule.tables.filter((entry) => entry.effectiveFrom <= date).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).at(-1);
  if (!table) return rule.percentOfMedicare !== undefined ? { percentOfMedicare: rule.percentOfMedicare } : undefined;
  return { rates: table.rates, ...(rule.percentOfMedicare !== undefined ? { percentOfMedicare: rule.percentOfMedicare } : {}) };
}

/** Chooses the visit's profile and hands the scrub the visit and history it bills by. */
export function applyPayerProfile(visit: Visit, reference: Reference, history: ScrubHistory): PayerScrub {
  const choice = payerProfilesOf(reference).profileFor(visit.payer, visit.dateOfService);
  const { profile } = choice;
  // The visit is copied only when the profile fills something in (the common visit needs nothing).
  let payer = visit.payer;
  // The profile's unit rule counts only when the payer chose the profile (or set the rule itself): a payer kind's default stays as data/policy/unit_rules.csv says.
  if (!payer.unitRule && (choice.named || profile.origins.unitRule.override)) {
    const kindDefault = reference.on(visit.dateOfService).unitRuleFor(visit.payer.kind)?.unitRule ?? "ama";
    if (profile.rules.unitRule !== kindDefault) payer = { ...payer, unitRule: profile.rules.unitRule };
  }
  if (!payer.feeSchedule) {
    const schedule = feeScheduleOn(profile, visit.dateOfService);
    if (schedule) payer = { ...payer, feeSchedule: schedule };
  }
  const auth = visit.authorization;
  const merged: ScrubHistory =
    history.authorization || !auth
      ? history
      : {
          ...history,
          authorization: {
            ...(auth.visitsAllowed !== undefined ? { visitsAllowed: auth.visitsAllowed } : {}),
            ...(auth.visitsUsed !== undefined ? { visitsUsed: auth.visitsUsed } : {}),
            ...(auth.unitsAllowed !== undefined ? { unitsAllowed: auth.unitsAllowed } : {}),
            ...(auth.unitsUsed !== undefined ? { unitsUsed: auth.unitsUsed } : {}),
            ...(auth.startDate !== undefined ? { start: auth.startDate } : {}),
            ...(auth.endDate !== undefined ? { end: auth.endDate } : {}),
          },
        };
  return { choice, visit: payer === visit.payer ? visit : { ...visit, payer }, history: merged };
}

/**
 * The payer's own CO/CQ percentage for pricing, when its profile sets a number. Original
 * Medicare is always priced by data/policy/assistant_reduction.csv (its profile only records it).
 */
export function payerAssistantPercent({ profile }: ProfileChoice, kind: Visit["payer"]["kind"]): { percent: number; source: string } | undefined {
  const rule = profile.rules.assistants;
  if (kind === "medicare" || rule.policy !== "modifier" || rule.percent === null) return undefined;
  return { percent: rule.percent, source: sourceOf(profile, "assistants") };
}

/** The payer's authorization rules replace the generic authorization check when the profile requires one. */
export function payerRequiresAuthorization(choice: ProfileChoice): boolean {
  return choice.profile.rules.priorAuthorization.required !== "never";
}

/** Each profile's source texts, made once: a profile is immutable reference data. */
const sourcesByProfile = new WeakMap<PayerProfile, Map<RuleName, string>>();

function sourceOf(profile: PayerProfile, rule: RuleName): string {
  return memoPair(sourcesByProfile, profile, rule, () => `payer profile ${profile.id} (data/payers/${profile.id}.json, ${profile.version}): ${profile.origins[rule].source}`);
}

/** " (...)" when the rule came from commercial-default because the profile had no source for it. */
function fallbackNote(profile: PayerProfile, rule: RuleName): string {
  return profile.origins[rule].fallback ? ` (${profile.name} has no public source for this rule: otbill used commercial-default's.)` : "";
}

/** A payer rule's finding: the payer's name in the message, the profile's source, and a note when the rule came from commercial-default. */
function add(context: ScrubContext, profile: PayerProfile, name: RuleName, raised: RaisedFinding, texts: () => { message: string; fix?: string }): void {
  context.add(raised, () => {
    const { message, fix } = texts();
    return { message: message.replaceAll(PAYER, context.visit.payer.name ?? profile.name) + fallbackNote(profile, name), fix, source: sourceOf(profile, name) };
  });
}

/** Stands for the payer's own name (else the profile's) in a message. */
const PAYER = "\u0000payer\u0000";

function dropFindings(context: ScrubContext, keep: (rule: string, severity: string) => boolean): void {
  const kept = context.findings.filter((item) => keep(item.rule, item.severity));
  context.findings.splice(0, context.findings.length, ...kept);
}

function sentModifiers(context: ScrubContext, line: WorkingLine): readonly string[] {
  return (context.visit.services[line.service]?.modifiers ?? []).map((modifier) => modifier.toUpperCase());
}

/** Assistants the payer does not recognize: no CO/CQ and no assistant reduction; split lines of one service join again. */
function billUnderSupervisor(context: ScrubContext, profile: PayerProfile): void {
  const assistantCodes = context.lines.filter((line) => line.assistant || line.modifiers.some((modifier) => modifier === "CO" || modifier === "CQ")).map((line) => line.code);
  if (assistantCodes.length === 0) return;
  const merged: WorkingLine[] = [];
  for (const line of context.lines) {
    line.assistant = false;
    for (const modifier of Object.values(ASSISTANT_MODIFIER)) if (modifier) removeModifier(line, modifier);
    const twin = merged.find((other) => other.service === line.service && other.code === line.code && other.modifiers.join() === line.modifiers.join());
    if (twin) {
      twin.units += line.units;
      if (line.minutes !== undefined) twin.minutes = (twin.minutes ?? 0) + line.minutes;
      if (line.assistantMinutes !== undefined) twin.assistantMinutes = (twin.assistantMinutes ?? 0) + line.assistantMinutes;
    } else merged.push(line);
  }
  context.lines = merged;
  // The CO/CQ notes no longer describe the claim.
  dropFindings(context, (rule, severity) => !(rule === "modifier.assistant" && severity === "info"));
  const codes = [...new Set(assistantCodes)];
  add(context, profile, "assistants", { rule: "payer.assistant-not-recognized", severity: "info" }, () => ({
    message: `${PAYER} does not recognize therapy assistants: ${codes.join(", ")} ${codes.length === 1 ? "is" : "are"} billed under the supervising therapist as rendering provider, without CO/CQ and without an assistant reduction.`,
    fix: "Put the supervising therapist's NPI as the rendering provider; the note must still show that the assistant furnished the service.",
  }));
}

/**
 * The profile's line rules, after the engine's own modifiers: assistants, discipline
 * modifiers, 59 or an X modifier, and the telehealth modifier.
 */
export function applyPayerLineRules(context: ScrubContext, { profile }: ProfileChoice): void {
  const { rules } = profile;
  if (rules.assistants.policy === "not-recognized") billUnderSupervisor(context, profile);
  if (!rules.disciplineModifiers.required) {
    for (const line of context.lines) {
      const sent = sentModifiers(context, line);
      for (const modifier of [...line.modifiers]) if (DISCIPLINE_OF_MODIFIER[modifier] && !sent.includes(modifier)) removeModifier(line, modifier);
    }
    dropFindings(context, (rule, severity) => !(rule === "modifier.discipline" && severity === "info"));
  }
  const swaps: [string, string, RuleName][] = [
    ["59", rules.distinctModifier, "distinctModifier"],
    ["95", rules.telehealth.modifier, "telehealth"],
  ];
  for (const [from, to, name] of swaps) {
    if (from === to) continue;
    const changed: string[] = [];
    for (const line of context.lines) {
      if (!line.modifiers.includes(from) || sentModifiers(context, line).includes(from)) continue;
      line.modifiers = line.modifiers.map((modifier) => (modifier === from ? to : modifier));
      changed.push(line.code);
    }
    if (changed.length > 0) {
      const rule: RuleId = name === "telehealth" ? "modifier.telehealth" : "modifier.distinct";
      add(context, profile, name, { rule, severity: "warning" }, () => ({
        message: `${PAYER} wants ${to} where otbill would use ${from}: ${to} is on ${[...new Set(changed)].join(", ")} instead.`,
        fix: `Keep ${to}; the note must support it as it would ${from}.`,
      }));
    }
  }
}

/** The visit number within the benefit period, when the caller or the store knows the earlier visits. */
function visitNumber(context: ScrubContext): number | undefined {
  const before = context.visit.patient?.visitsThisBenefitPeriod;
  return before === undefined ? undefined : before + 1;
}

function checkAuthorization(context: ScrubContext, profile: PayerProfile): void {
  const rule = profile.rules.priorAuthorization;
  if (rule.required === "never") return;
  const auth = context.history.authorization;
  const number = visitNumber(context);
  if (rule.required === "after-visits") {
    if (number !== undefined && number <= rule.afterVisits) return;
    if (number === undefined && !auth) {
      add(context, profile, "priorAuthorization", { rule: "payer.authorization-missing", severity: "info" }, () => ({
        message: `${PAYER} requires an authorization after ${rule.afterVisits} visits; how many visits came before this one is not known, so the need for one was not checked.`,
        fix: "Give patient.visitsThisBenefitPeriod (visits to this payer earlier in the benefit period), or scrub through the server, which counts them.",
      }));
      return;
    }
  }
  if (rule.required === "plan-dependent" && !auth) {
    add(context, profile, "priorAuthorization", { rule: "payer.authorization-missing", severity: "info" }, () => ({
      message: `${PAYER}: plans of this kind often require a prior authorization for therapy, and none is known for this visit.`,
      fix: "Check the plan's rule; record it as the payer's setting (then otbill checks it) and give the authorization with the visit.",
    }));
    return;
  }
  const when = rule.required === "first-visit" ? "from the first visit" : rule.required === "after-visits" ? `after visit ${rule.afterVisits}${number !== undefined ? ` (this is visit ${number})` : ""}` : "by the plan";
  const date = context.day.date;
  const label = context.visit.authorization?.number ? `authorization ${context.visit.authorization.number}` : "the authorization";
  if (!auth) {
    add(context, profile, "priorAuthorization", { rule: "payer.authorization-missing", severity: "error" }, () => ({
      message: `${PAYER} requires a prior authorization ${when}, and none is known for this visit.`,
      fix: "Get the payer's authorization (Health First Colorado: a PAR through ColoradoPAR) and give it as the visit's authorization, or record it on the coverage.",
    }));
    return;
  }
  if ((auth.start && date < auth.start) || (auth.end && date > auth.end)) {
    add(context, profile, "priorAuthorization", { rule: "payer.authorization-missing", severity: "error" }, () => ({
      message: `${PAYER} requires a prior authorization ${when}; ${label} covers ${auth.start ?? "..."} to ${auth.end ?? "..."}, not ${date}.`,
      fix: "Ask the payer for an authorization (or an extension) that covers this date before billing.",
    }));
  }
  if (auth.visitsAllowed !== undefined) {
    const used = (auth.visitsUsed ?? 0) + 1;
    if (used > auth.visitsAllowed) {
      add(context, profile, "priorAuthorization", { rule: "payer.authorization-exhausted", severity: "error" }, () => ({
        message: `This would be visit ${used} under ${label}, which allows ${auth.visitsAllowed}: the authorized visits are used up.`,
        fix: "Request more visits from the payer before billing this one.",
      }));
    }
  }
  if (auth.unitsAllowed !== undefined) {
    const units = context.lines.reduce((sum, line) => sum + line.units, 0);
    const used = (auth.unitsUsed ?? 0) + units;
    if (used > auth.unitsAllowed) {
      add(context, profile, "priorAuthorization", { rule: "payer.authorization-exhausted", severity: "error" }, () => ({
        message: `With this visit's ${units} unit(s), ${used} units would be billed under ${label}, which allows ${auth.unitsAllowed}.`,
        fix: "Request more units from the payer, or bill only the units still authorized.",
      }));
    }
  }
}

function checkVisitLimit(context: ScrubContext, profile: PayerProfile): void {
  const limit = profile.rules.visitLimit;
  if (limit.basis === "none") return;
  if (limit.basis === "authorized") {
    const auth = context.history.authorization;
    const allowed = auth?.visitsAllowed;
    if (allowed === undefined) return;
    const number = (auth?.visitsUsed ?? 0) + 1;
    // Past the authorized visits is payer.authorization-exhausted; here only the warning as they run out.
    if (number <= allowed && number >= warnFromVisit(allowed, limit.warnAtPercent)) {
      add(context, profile, "visitLimit", { rule: "payer.visit-limit", severity: "warning" }, () => ({
        message: `Visit ${number} of the ${allowed} authorized${number === allowed ? ": the last one" : `: ${allowed - number} left after this one`}; ${PAYER} limits therapy to the visits it authorizes.`,
        fix: "Request more visits now if the plan of care needs them, so treatment is not interrupted.",
      }));
    }
    return;
  }
  const scope = limit.scope === "combined" ? "PT, OT and SLP visits together" : `${context.discipline} visits`;
  const period = limit.period === "calendar-year" ? "calendar year" : `benefit year starting ${limit.benefitYearStart ?? "01-01"}`;
  const number = visitNumber(context);
  if (number === undefined) {
    add(context, profile, "visitLimit", { rule: "payer.visit-limit", severity: "info" }, () => ({
      message: `${PAYER} covers ${limit.visits} ${scope} per ${period}; the visits before this one are not known, so the limit was not checked.`,
      fix: "Give patient.visitsThisBenefitPeriod, or scrub through the server, which counts them.",
    }));
    return;
  }
  if (number > limit.visits) {
    add(context, profile, "visitLimit", { rule: "payer.visit-limit", severity: "error" }, () => ({
      message: `This is visit ${number} this ${period}; ${PAYER} covers ${limit.visits} ${scope}.`,
      fix: "The payer will deny it: ask for an exception, bill a secondary coverage, or have the patient agree in writing to pay.",
    }));
  } else if (number >= warnFromVisit(limit.visits, limit.warnAtPercent)) {
    add(context, profile, "visitLimit", { rule: "payer.visit-limit", severity: "warning" }, () => ({
      message: `Visit ${number} of the ${limit.visits} ${scope} ${PAYER} covers this ${period}${number === limit.visits ? ": the last covered visit" : `: ${limit.visits - number} left after this one`}.`,
      fix: "Plan the remaining visits, or ask the payer about more before the limit is reached.",
    }));
  }
}

function checkUnitsPerDay(context: ScrubContext, profile: PayerProfile): void {
  const rule = profile.rules.unitsPerDay;
  if (rule.basis === "none") return;
  const units = new Map<string, number>();
  for (const line of context.lines) units.set(line.code, (units.get(line.code) ?? 0) + line.units);
  for (const [code, total] of units) {
    const allowed = rule.codes?.[code] ?? rule.units;
    if (total <= allowed) continue;
    add(context, profile, "unitsPerDay", { rule: "payer.units-per-day", severity: "error", code }, () => ({
      message: `${total} units of ${code} on ${context.day.date}; ${PAYER} pays at most ${allowed} a day.`,
      fix: `Bill ${allowed} unit(s) of ${code}, or get the payer's approval for more.`,
    }));
  }
}

function checkReferring(context: ScrubContext, profile: PayerProfile): void {
  if (!profile.rules.referringProvider.required) return;
  const plan = context.planOfCare as (typeof context.visit)["planOfCare"];
  if (plan?.certifyingProvider?.npi || context.visit.referringProvider?.npi) return;
  add(context, profile, "referringProvider", { rule: "payer.referring-missing", severity: "error", path: "referringProvider" }, () => ({
    message: `${PAYER} requires the ordering/referring provider's NPI on every claim (837P loop 2310A, CMS-1500 box 17b), and none is known for this visit.`,
    fix: "Give planOfCare.certifyingProvider or referringProvider with the NPI of the physician, PA or NP who ordered the therapy.",
  }));
}

function checkTimelyFiling(context: ScrubContext, profile: PayerProfile): void {
  const claimDate = context.visit.claimDate;
  if (!claimDate) return;
  const window = filingWindow(context.day.date, profile.rules.timelyFiling);
  const age = daysBetween(context.day.date, claimDate);
  if (claimDate > window.deadline) {
    add(context, profile, "timelyFiling", { rule: "payer.timely-filing", severity: "error" }, () => ({
      message: `The claim is built ${age} days after the ${context.day.date} service; ${PAYER} accepts claims for ${window.label} (through ${window.deadline}), ${daysBetween(window.deadline, claimDate)} day(s) ago.`,
      fix: "Without proof of timely filing (an earlier submission or denial) the payer denies it (CARC 29); send it only with that proof.",
    }));
  } else if (claimDate >= window.warnFrom) {
    add(context, profile, "timelyFiling", { rule: "payer.timely-filing", severity: "warning" }, () => ({
      message: `Day ${age} of ${window.days}: ${PAYER}'s ${window.label} filing limit for the ${context.day.date} service ends ${window.deadline} (${daysBetween(claimDate, window.deadline)} day(s) left).`,
      fix: "Send this claim now.",
    }));
  }
}

function checkOrderWindow(context: ScrubContext, profile: PayerProfile): void {
  const rule = profile.rules.orderWindow;
  const plan = context.planOfCare as (typeof context.visit)["planOfCare"];
  const ordered = plan?.orderDate;
  if (!rule || !ordered) return;
  const started = plan.initialEvaluationDate && plan.initialEvaluationDate < context.day.date ? plan.initialEvaluationDate : context.day.date;
  if (started <= addDays(ordered, rule.days)) return;
  add(context, profile, "orderWindow", { rule: "payer.order-window", severity: "warning" }, () => ({
    message: `Treatment started ${started}, ${daysBetween(ordered, started)} days after the ${ordered} order; ${PAYER} wants it to start within ${rule.days} days.`,
    fix: "Get a new order from the physician, PA or NP, and keep it with the plan of care.",
  }));
}

/** The payer's claim rules; runs once the lines have their units. */
export function checkPayerRules(context: ScrubContext, choice: ProfileChoice): void {
  const { profile } = choice;
  const note = choice.note;
  if (note) context.add({ rule: "payer.profile", severity: "info" }, () => ({ message: note, fix: "Set payer.profile to the profile of this payer (data/payers/) or record the payer's own rules.", source: "src/payers/profiles.ts" }));
  checkAuthorization(context, profile);
  checkVisitLimit(context, profile);
  checkUnitsPerDay(context, profile);
  checkReferring(context, profile);
  checkTimelyFiling(context, profile);
  checkOrderWindow(context, profile);
}

/**
 * The coverage's copay (taken from the lines in claim order) and coinsurance (of what is
 * left, rounded once per line) for payers whose profile says so; a payer whose patient
 * owes nothing (workers' compensation) pays it all. Medicare's own split is left alone.
 */
export function applyPayerCostSharing(context: ScrubContext, { profile }: ProfileChoice, priced: boolean): void {
  const basis = profile.rules.costSharing.basis;
  if (!priced || basis === "medicare" || context.visit.payer.kind === "medicare") return;
  const coverage = context.visit.coverage;
  if (basis === "coverage" && coverage?.copay === undefined && coverage?.coinsurancePercent === undefined) return;
  let copayLeft = basis === "coverage" && coverage?.copay !== undefined ? Math.round(coverage.copay * 100) : 0;
  const percent = basis === "coverage" ? (coverage?.coinsurancePercent ?? 0) : 0;
  for (const line of context.lines) {
    if (line.allowedCents === undefined) continue;
    const copay = Math.min(copayLeft, line.allowedCents);
    copayLeft -= copay;
    const coinsurance = percentOfCents(line.allowedCents - copay, percent);
    line.patientShareCents = copay + coinsurance;
    line.paymentCents = line.allowedCents - line.patientShareCents;
  }
}
