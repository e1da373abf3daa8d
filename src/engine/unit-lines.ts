/**
 * From services to claim lines with units: group the services of each code, count the
 * timed units under the payer's rule (units.ts), apply the CPT time rules of the longer
 * time codes (97550/97551, 97545/97546), split add-on time families (97129+97130) when
 * the minutes come as one total on the primary code, then split each code's units into
 * CO and non-CO lines (assistant.ts). Lines with 0 units are left out, with a finding.
 */
import { objectList } from "../object-list.js";
import { memoPair } from "../reference/memo.js";
import { splitTimedUnits, splitUntimedService, type AssistantSplit } from "./assistant.js";
import { ASSISTANT_MODIFIER, type ScrubContext, type WorkingLine, type WorkingService } from "./context.js";
import { allocateUnits, amaUnitsForMinutes, explainAllocation, UNIT_MINUTES, type TimedService } from "./units.js";

const UNITS_SOURCE = "MCPM Pub. 100-04 ch.5 section 20.2 / CPT time rule";

/** The services of one code on the day, taken together. */
export interface CodeGroup {
  code: string;
  services: WorkingService[];
  timed: boolean;
  unitMinutes: number;
  minutes: number | undefined;
  assistantMinutes: number;
  statedUnits: number | undefined;
  /** an untimed code is one unit per service unless the caller states the units */
  untimedUnits: number;
  distinct: boolean;
  modifiers: string[];
  diagnosisPointers: number[] | undefined;
  /** the add-on code folded into this primary code's minutes (97130 into 97129) */
  addOn?: CodeGroup;
}

/** The modifiers once each, in the order given (at most ten: a loop beats a Set). */
function distinctModifiers(modifiers: readonly string[] | undefined): string[] {
  // one element kind, empty or not (src/object-list.ts): addModifier pushes into copies of it
  const distinct = objectList<string>();
  if (modifiers) for (const modifier of modifiers) if (!distinct.includes(modifier)) distinct.push(modifier);
  return distinct;
}

function groupServices(services: readonly WorkingService[]): CodeGroup[] {
  const groups = new Map<string, CodeGroup>();
  for (const service of services) {
    const existing = groups.get(service.code);
    const { input } = service;
    if (!existing) {
      groups.set(service.code, {
        code: service.code,
        services: [service],
        timed: service.entry?.timed ?? false,
        unitMinutes: service.entry?.unitMinutes ?? UNIT_MINUTES,
        minutes: input.minutes,
        assistantMinutes: input.assistantMinutes ?? 0,
        statedUnits: input.units,
        untimedUnits: input.units ?? 1,
        distinct: input.distinct ?? false,
        modifiers: distinctModifiers(input.modifiers),
        diagnosisPointers: input.diagnosisPointers,
      });
      continue;
    }
    existing.services.push(service);
    if (input.minutes !== undefined) existing.minutes = (existing.minutes ?? 0) + input.minutes;
    existing.assistantMinutes += input.assistantMinutes ?? 0;
    if (input.units !== undefined) existing.statedUnits = (existing.statedUnits ?? 0) + input.units;
    existing.untimedUnits += input.units ?? 1;
    existing.distinct ||= input.distinct ?? false;
    for (const modifier of input.modifiers ?? []) if (!existing.modifiers.includes(modifier)) existing.modifiers.push(modifier);
    existing.diagnosisPointers ??= input.diagnosisPointers;
  }
  return [...groups.values()];
}

/**
 * An add-on time code folds into its primary: the family is counted as one timed service
 * (97129+97130 in the 15-minute pool, 97550+97551 and 97545+97546 by the CPT time rule),
 * so the minutes may come as one total on the primary code or split across both.
 */
function foldAddOns(context: ScrubContext, groups: CodeGroup[]): CodeGroup[] {
  const byCode = new Map(groups.map((group) => [group.code, group]));
  const folded = new Set<string>();
  for (const group of groups) {
    const addOnCode = context.day.catalog.addOnsOf(group.code)[0];
    const addOnEntry = addOnCode ? context.day.catalog.get(addOnCode) : undefined;
    if (!addOnCode || !group.timed || !addOnEntry?.timed) continue;
    const addOn = byCode.get(addOnCode);
    // Units the primary's minutes earn past its own go to the add-on, billed like the primary.
    group.addOn = addOn ?? {
      code: addOnCode,
      services: [],
      timed: true,
      unitMinutes: addOnEntry.unitMinutes ?? UNIT_MINUTES,
      minutes: undefined,
      assistantMinutes: 0,
      statedUnits: undefined,
      untimedUnits: 0,
      distinct: group.distinct,
      modifiers: [...group.modifiers],
      diagnosisPointers: group.diagnosisPointers,
    };
    if (addOn) folded.add(addOnCode);
  }
  if (folded.size === 0) return groups;
  return groups.filter((group) => !folded.has(group.code));
}

function familyMinutes(group: CodeGroup): number | undefined {
  if (group.minutes === undefined && group.addOn?.minutes === undefined) return undefined;
  return (group.minutes ?? 0) + (group.addOn?.minutes ?? 0);
}

function familyAssistantMinutes(group: CodeGroup): number {
  return group.assistantMinutes + (group.addOn?.assistantMinutes ?? 0);
}

function familyKey(group: CodeGroup): string {
  return group.addOn ? `${group.code}+${group.addOn.code}` : group.code;
}

/** A unit of a 30-, 60- or 120-minute code needs more than half its minutes (CPT time rule). */
function longCodeUnits(context: ScrubContext, group: CodeGroup, minutes: number): { primary: number; addOn: number; addOnCode?: string } {
  const primary = minutes * 2 > group.unitMinutes ? 1 : 0;
  const addOnCode = context.day.catalog.addOnsOf(group.code)[0];
  const addOnMinutes = addOnCode ? context.day.catalog.get(addOnCode)?.unitMinutes : undefined;
  if (!addOnCode || !addOnMinutes || minutes <= group.unitMinutes) return { primary, addOn: 0 };
  return { primary, addOn: amaUnitsForMinutes(minutes - group.unitMinutes, addOnMinutes), addOnCode };
}

interface CountedGroup {
  group: CodeGroup;
  /** units per code of the family, in order: the primary first */
  units: { code: string; units: number }[];
  minutes: number | undefined;
}

/** The units of a counted family, its codes together. */
function unitsOf(counted: CountedGroup): number {
  let units = 0;
  for (const entry of counted.units) units += entry.units;
  return units;
}

function newLine(group: CodeGroup, code: string, units: number, assistant: boolean, minutes: number | undefined, assistantMinutes: number): WorkingLine {
  // Fields added in one order, optional ones only when set: one object shape for every line.
  const line = { code, service: group.services[0]?.index ?? 0, units } as WorkingLine;
  if (minutes !== undefined) line.minutes = minutes;
  if (assistantMinutes > 0) line.assistantMinutes = assistantMinutes;
  line.assistant = assistant;
  line.distinct = group.distinct;
  line.modifiers = group.modifiers.slice();
  line.diagnosisPointers = group.diagnosisPointers ? group.diagnosisPointers.slice() : [];
  return line;
}

function splitFor(context: ScrubContext, counted: CountedGroup, totalUnits: number): AssistantSplit {
  const deMinimis = context.day.pocRules.assistantDeMinimisPercent;
  const assistantMinutes = familyAssistantMinutes(counted.group);
  const modifier = ASSISTANT_MODIFIER[context.discipline] ?? "CO";
  if (counted.group.timed && counted.minutes !== undefined) {
    return splitTimedUnits(totalUnits, counted.minutes, assistantMinutes, deMinimis, modifier);
  }
  return splitUntimedService(totalUnits, counted.minutes, assistantMinutes, deMinimis, modifier);
}

function linesFor(context: ScrubContext, counted: CountedGroup): WorkingLine[] {
  const totalUnits = unitsOf(counted);
  if (totalUnits === 0) return [];
  if (context.day.catalog.get(counted.group.code)?.evaluation && familyAssistantMinutes(counted.group) > 0) return [evaluationByAssistant(context, counted, totalUnits)];
  const split = splitFor(context, counted, totalUnits);
  const assistantModifier = ASSISTANT_MODIFIER[context.discipline];
  const canSplit = assistantModifier !== undefined && split.assistantUnits > 0;
  if (assistantModifier === undefined && split.assistantUnits > 0 && context.followsMedicareStatus) {
    // Medicare has CO for OTAs and CQ for PTAs, and no modifier at all for SLP assistants.
    context.add({ rule: "modifier.assistant", severity: "error", code: counted.group.code, path: `${counted.group.services[0]?.path ?? "services"}.assistantMinutes` }, () => ({
      message: `${familyKey(counted.group)}: an assistant furnished part of this ${context.discipline} service (${split.reason.replace(/: CO$/, "")}), and Medicare does not recognise speech-language pathology assistants.`,
      fix: "Bill only what the SLP furnished, or check that assistantMinutes is right.",
      source: "MCPM Pub. 100-04 ch.5 section 20.1 (assistant modifiers exist only for OTAs and PTAs)",
    }));
  }
  if (canSplit) {
    context.add({ rule: "modifier.assistant", severity: "info", code: counted.group.code }, () => ({
      message:
        split.therapistUnits > 0
          ? `${familyKey(counted.group)}: ${split.assistantUnits} unit(s) with ${assistantModifier} and ${split.therapistUnits} without (${split.reason}).`
          : `${familyKey(counted.group)}: ${assistantModifier} added (${split.reason}).`,
      fix: `Bill the assistant's units with ${assistantModifier}; Medicare pays them at the reduced assistant rate.`,
    }));
  }
  // Non-assistant units first, then the assistant's, across the codes of the family in order.
  let therapistLeft = canSplit ? split.therapistUnits : totalUnits;
  const assistantMinutes = familyAssistantMinutes(counted.group);
  const therapistMinutes = counted.minutes === undefined ? undefined : counted.minutes - assistantMinutes;
  const lines: WorkingLine[] = [];
  for (const entry of counted.units) {
    if (entry.units === 0) continue;
    const asTherapist = Math.min(entry.units, therapistLeft);
    therapistLeft -= asTherapist;
    const asAssistant = entry.units - asTherapist;
    const source = entry.code === counted.group.code ? counted.group : (counted.group.addOn ?? counted.group);
    if (asTherapist > 0) lines.push(newLine(source, entry.code, asTherapist, false, canSplit ? therapistMinutes : counted.minutes, canSplit ? 0 : assistantMinutes));
    if (asAssistant > 0) lines.push(newLine(source, entry.code, asAssistant, true, assistantMinutes, assistantMinutes));
  }
  if (counted.group.addOn && lines.length > 1 && !canSplit) {
    // The family's minutes count as one total; each line carries the minutes its units stand for.
    const first = lines[0]!;
    const firstMinutes = Math.min(counted.minutes ?? 0, first.units * counted.group.unitMinutes);
    first.minutes = firstMinutes;
    for (const line of lines.slice(1)) line.minutes = (counted.minutes ?? 0) - firstMinutes;
  }
  return lines;
}

/**
 * Assistants "may not provide evaluative or assessment services" (MBPM ch.15 section
 * 230.1 for PTAs, 230.2 for OTAs): assistant minutes on an evaluation are an error, and
 * the line stays the therapist's, never a CO/CQ line.
 */
function evaluationByAssistant(context: ScrubContext, counted: CountedGroup, units: number): WorkingLine {
  const assistantMinutes = familyAssistantMinutes(counted.group);
  const assistant = context.discipline === "PT" ? "a PTA" : context.discipline === "OT" ? "an OTA" : "an assistant";
  context.add({ rule: "assistant.evaluation", severity: "error", code: counted.group.code, path: `${counted.group.services[0]?.path ?? "services"}.assistantMinutes` }, () => ({
    message: `${counted.group.code} is an evaluation or re-evaluation, and ${assistantMinutes} of its minutes are an assistant's; ${assistant} may not furnish evaluative or assessment services.`,
    fix: `The evaluation must be the therapist's own: correct assistantMinutes if the therapist furnished it all, or bill the assistant's time as treatment under a treatment code.`,
  }));
  return newLine(counted.group, counted.group.code, units, false, counted.minutes, 0);
}

function reportMissingMinutes(context: ScrubContext, group: CodeGroup): void {
  context.add({ rule: "documentation.minutes", severity: "warning", code: group.code, path: `${group.services[0]?.path ?? "services"}.minutes` }, () => ({
    message: `${group.code} is a timed code but no minutes were given, so no unit can be counted${group.statedUnits !== undefined ? ` (the ${group.statedUnits} unit(s) stated cannot be checked)` : ""}.`,
    fix: "Record the minutes of the timed service from the note; the line is left off until then.",
  }));
}

function reportInsufficient(context: ScrubContext, counted: CountedGroup, explanation: string): void {
  const minutes = counted.minutes ?? 0;
  context.add({ rule: "units.insufficient-minutes", severity: "warning", code: counted.group.code, path: `${counted.group.services[0]?.path ?? "services"}.minutes` }, () => ({
    message: `${familyKey(counted.group)} (${minutes} min) earned no unit: ${explanation}`,
    fix: "The line is left off the claim. Check the minutes against the note; do not bill it unless more time was documented.",
    source: UNITS_SOURCE,
  }));
}

/** A timed code's units come from its minutes; units the caller stated are checked against them. */
function reportStatedUnits(context: ScrubContext, counted: CountedGroup, units: number): void {
  const stated = counted.group.statedUnits;
  if (stated === undefined || stated === units) return;
  const key = familyKey(counted.group);
  if (stated > units) {
    context.add({ rule: "units.insufficient-minutes", severity: "warning", code: counted.group.code, path: `${counted.group.services[0]?.path ?? "services"}.units` }, () => ({
      message: `${stated} unit(s) of ${key} were stated, but its ${counted.minutes} minutes support ${units} under the ${context.unitRule === "cms" ? "CMS total-time" : "per-code"} rule; the claim carries ${units}.`,
      fix: "Bill the units the documented minutes support; more units than minutes is a common audit finding.",
      source: UNITS_SOURCE,
    }));
    return;
  }
  context.add({ rule: "units.allocation", severity: "info", code: counted.group.code }, () => ({
    message: `${stated} unit(s) of ${key} were stated, but its ${counted.minutes} minutes support ${units}; the claim carries ${units}.`,
    fix: "Check the minutes against the note; otbill counts units from minutes.",
    source: UNITS_SOURCE,
  }));
}

/** Which rule counted the units and why: the same few sentences on every visit, so each is made once. */
const ruleFixes = new Map<"cms" | "ama", Map<string, string>>();
function ruleFix(context: ScrubContext): string {
  return memoPair(ruleFixes, context.unitRule, context.unitRuleSource, () =>
    context.unitRule === "cms" ? `CMS total-time rule, because ${context.unitRuleSource}.` : `AMA/CPT per-code rule, because ${context.unitRuleSource}.`,
  );
}

/**
 * The units.allocation message: the allocation, the longer codes' notes, then how each add-on
 * family (97129+97130) split, the non-empty parts joined by spaces. A string built in
 * loops, for the reason explainAllocation gives.
 */
function allocationMessage(explanation: string, longCodeNotes: readonly (() => string)[], pool: readonly TimedService[]): string {
  let message = explanation;
  const append = (part: string): void => {
    if (part !== "") message = message === "" ? part : `${message} ${part}`;
  };
  for (const note of longCodeNotes) append(note());
  for (const service of pool) {
    const plus = service.key.indexOf("+");
    if (plus === -1) continue;
    const primary = service.key.slice(0, plus);
    const rest = service.key.slice(plus + 1);
    // String#split("+")[1]: what follows the first "+", up to a second one
    const second = rest.includes("+") ? rest.slice(0, rest.indexOf("+")) : rest;
    append(`${primary} + ${rest}: the first unit is ${primary}, each further unit ${second}.`);
  }
  return message;
}

/** Counts units for every billable code and builds the claim lines. */
export function buildUnitLines(context: ScrubContext): void {
  const groups = foldAddOns(context, groupServices(context.billableServices()));
  const counted: CountedGroup[] = [];
  const pool: TimedService[] = [];
  const poolGroups = new Map<string, CountedGroup>();
  // each long code's sentence for the allocation finding, made only when the finding's texts are
  const longCodeNotes: (() => string)[] = [];

  for (const group of groups) {
    const minutes = familyMinutes(group);
    if (!group.timed) {
      counted.push({ group, units: [{ code: group.code, units: group.untimedUnits }], minutes: group.minutes });
      if (group.untimedUnits === 0) {
        context.add({ rule: "units.allocation", severity: "info", code: group.code, path: `${group.services[0]?.path ?? "services"}.units` }, () => ({
          message: `${group.code} was given 0 units, so it is left off the claim.`,
          fix: "An untimed code is billed as 1 unit per session; leave units out to bill it.",
          source: UNITS_SOURCE,
        }));
      }
      continue;
    }
    if (minutes === undefined) {
      reportMissingMinutes(context, group);
      counted.push({ group, units: [{ code: group.code, units: 0 }], minutes });
      continue;
    }
    if (group.unitMinutes !== UNIT_MINUTES) {
      const units = longCodeUnits(context, group, minutes);
      const entries = [{ code: group.code, units: units.primary }];
      if (units.addOnCode) entries.push({ code: units.addOnCode, units: units.addOn });
      const entry: CountedGroup = { group, units: entries, minutes };
      counted.push(entry);
      longCodeNotes.push(
        () => `${familyKey(group)} (${minutes} min): ${group.code} ${units.primary} unit${units.addOnCode ? `, ${units.addOnCode} ${units.addOn} unit(s)` : ""} (a ${group.unitMinutes}-minute code needs more than half its time${units.addOnCode ? "; the add-on counts each further block past its midpoint" : ""}; counted apart from the 15-minute codes)`,
      );
      if (units.primary + units.addOn === 0) {
        reportInsufficient(context, entry, `a ${group.unitMinutes}-minute code needs more than ${group.unitMinutes / 2} minutes.`);
      }
      continue;
    }
    const entry: CountedGroup = { group, units: [], minutes };
    counted.push(entry);
    pool.push({ key: familyKey(group), minutes });
    poolGroups.set(familyKey(group), entry);
  }

  const allocation = allocateUnits(pool, context.unitRule);
  for (const share of allocation.shares) {
    const entry = poolGroups.get(share.key)!;
    const addOn = entry.group.addOn;
    entry.units = addOn
      ? [
          { code: entry.group.code, units: Math.min(share.units, 1) },
          { code: addOn.code, units: Math.max(share.units - 1, 0) },
        ]
      : [{ code: entry.group.code, units: share.units }];
  }
  // Plain loops over the counted groups: this runs for every visit, and callbacks here kept
  // sending the function's optimised code back to the interpreter.
  let longMinutes = 0;
  let longUnits = 0;
  const timedWithoutMinutes: string[] = [];
  for (const entry of counted) {
    if (!entry.group.timed) continue;
    if (entry.group.unitMinutes !== UNIT_MINUTES) {
      longMinutes += entry.minutes ?? 0;
      longUnits += unitsOf(entry);
    }
    if (entry.minutes === undefined) timedWithoutMinutes.push(entry.group.code);
  }
  context.timedMinutes = allocation.totalMinutes + longMinutes;
  context.timedUnits = allocation.totalUnits + longUnits;

  if (pool.length === 0 && longCodeNotes.length === 0 && timedWithoutMinutes.length > 0) {
    context.add({ rule: "units.allocation", severity: "info" }, () => ({
      message: `No timed units: ${timedWithoutMinutes.join(", ")} ${timedWithoutMinutes.length === 1 ? "is a timed code" : "are timed codes"} given without minutes, and timed units are counted from minutes.`,
      fix: "Give each timed service's minutes from the note.",
      source: UNITS_SOURCE,
    }));
  }
  if (pool.length > 0 || longCodeNotes.length > 0) {
    context.add({ rule: "units.allocation", severity: "info" }, () => ({
      message: allocationMessage(pool.length > 0 ? explainAllocation(allocation) : "", longCodeNotes, pool),
      fix: ruleFix(context),
      source: UNITS_SOURCE,
    }));
  }

  for (const entry of counted) {
    const units = unitsOf(entry);
    if (entry.group.timed && entry.minutes !== undefined) reportStatedUnits(context, entry, units);
    if (entry.group.timed && entry.minutes !== undefined && units === 0 && entry.group.unitMinutes === UNIT_MINUTES) {
      reportInsufficient(
        context,
        entry,
        context.unitRule === "cms"
          ? allocation.totalUnits === 0
            ? `the day's ${allocation.totalMinutes} timed minutes are fewer than 8.`
            : `the day's ${allocation.totalUnits} unit(s) went to codes with more minutes (CMS total-time rule).`
          : "fewer than 8 minutes earn no unit under the per-code rule.",
      );
    }
    for (const line of linesFor(context, entry)) context.lines.push(line);
  }
}
