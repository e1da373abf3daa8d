/**
 * Line modifiers (docs/billing-rules.md section 4): the discipline modifier (GO/GP/GN), the assistant
 * modifier the caller sent against the one otbill computed (CO/CQ), telehealth (95 with
 * POS 02/10 and the dated periods in which Medicare pays therapists), the four-modifier
 * limit and one consistent order: discipline, assistant, KX, distinct, telehealth, others.
 * KX is added in kx.ts once the lines are priced.
 */
import {
  ASSISTANT_MODIFIER,
  DISCIPLINE_OF_MODIFIER,
  DISTINCT_MODIFIERS,
  TELEHEALTH_MODIFIER,
  TELEHEALTH_PLACES,
  addModifier,
  removeModifier,
  type ScrubContext,
} from "./context.js";

const ASSISTANT_MODIFIERS = ["CO", "CQ"];

/** "an OT", "a PT", "an SLP": the article as the letters are spoken. */
function anDiscipline(discipline: string): string {
  return `${/^[AEFHILMNORSX]/.test(discipline) ? "an" : "a"} ${discipline}`;
}

function isTherapyLine(context: ScrubContext, code: string): boolean {
  const entry = context.day.catalog.get(code);
  if (!entry) return false;
  // "Sometimes therapy" codes (29xxx) carry the discipline modifier when a therapist
  // furnishes them under a plan of care (MCPM ch.5 section 20; CMS therapy code list).
  if (entry.discipline === "sometimes") return context.planOfCare !== undefined || context.visit.provider?.discipline !== undefined;
  return entry.discipline === "therapy" || entry.discipline === context.discipline;
}

/** GO on every therapy line of an OT visit; GP or GN there is an error and is replaced. */
export function applyDisciplineModifiers(context: ScrubContext): void {
  const wanted = context.disciplineModifier;
  const added: string[] = [];
  for (const line of context.lines) {
    for (const modifier of [...line.modifiers]) {
      const discipline = DISCIPLINE_OF_MODIFIER[modifier];
      if (discipline && discipline !== context.discipline) {
        removeModifier(line, modifier);
        context.add({ rule: "modifier.discipline", severity: "error", code: line.code, path: `services[${line.service}].modifiers` }, () => ({
          message: `${line.code} carries ${modifier} (${discipline}), but this is ${anDiscipline(context.discipline)} service (from ${context.disciplineSource}); ${context.followsMedicareStatus ? "Medicare denies" : "payers deny"} a line whose discipline modifier does not match the plan of care.`,
          fix: `Replace ${modifier} with ${wanted}.`,
        }));
      }
    }
    if (isTherapyLine(context, line.code) && addModifier(line, wanted) && !added.includes(line.code)) added.push(line.code);
  }
  if (added.length > 0) {
    context.add({ rule: "modifier.discipline", severity: "info" }, () => ({
      message: `${wanted} added to ${added.join(", ")}: every line of ${context.discipline === "PT" ? "a" : "an"} ${context.discipline} plan of care carries it.`,
      fix: `Keep ${wanted} on each line.`,
    }));
  }
}

/** Reconciles the assistant modifiers the caller sent with the split otbill computed. */
export function applyAssistantModifiers(context: ScrubContext): void {
  const own = ASSISTANT_MODIFIER[context.discipline];
  for (const line of context.lines) {
    const sent = line.modifiers.filter((modifier) => ASSISTANT_MODIFIERS.includes(modifier));
    for (const modifier of sent) {
      if (modifier !== own) {
        context.add({ rule: "modifier.assistant", severity: "error", code: line.code, path: `services[${line.service}].modifiers` }, () => ({
          message: `${modifier} is the ${modifier === "CQ" ? "PTA" : "OTA"} modifier; it does not belong on ${anDiscipline(context.discipline)} line.`,
          fix: own ? `Use ${own} for the units the assistant furnished.` : `Remove ${modifier}.`,
        }));
        removeModifier(line, modifier);
      } else if (!line.assistant) {
        const told = line.assistantMinutes !== undefined || context.visit.services[line.service]?.assistantMinutes !== undefined;
        if (told) {
          removeModifier(line, modifier);
          context.add({ rule: "modifier.assistant", severity: "info", code: line.code, path: `services[${line.service}].modifiers` }, () => ({
            message: `${modifier} removed from ${line.code}: by the minutes given, the assistant's share of these units does not need it (10% de minimis and the unit split).`,
            fix: `Bill these units without ${modifier}; check assistantMinutes if the note says otherwise.`,
          }));
        } else {
          line.assistant = true;
        }
      }
    }
    if (line.assistant && own) addModifier(line, own);
  }
}

/** 95 with POS 02/10, and Medicare's dated telehealth periods for therapists. */
export function applyTelehealth(context: ScrubContext): void {
  const place = context.visit.placeOfService;
  const placeIsTelehealth = place !== undefined && TELEHEALTH_PLACES.includes(place);
  const modifierSent = context.lines.some((line) => line.modifiers.includes(TELEHEALTH_MODIFIER));
  if (!placeIsTelehealth && !modifierSent) return;
  const medicareLike = context.followsMedicareStatus;
  // Through 2023-12-31 CMS had telehealth billed with the in-person place of service plus 95;
  // from 2024 POS 02 or 10 with 95 (data/policy/telehealth_place_of_service.csv).
  const placeRule = context.day.telehealthPlace;
  const inPersonPlace = placeRule?.placeRule === "in-person";
  const placeSource = `data/policy/telehealth_place_of_service.csv${placeRule ? ` (${placeRule.source})` : ""}`;
  if (modifierSent && !placeIsTelehealth && !inPersonPlace) {
    context.add({ rule: "modifier.telehealth", severity: "error" }, () => ({
      message: `Modifier 95 (synchronous telehealth) is on the claim but the place of service is ${place ?? "not given"}, not 02 or 10.`,
      fix: "Use POS 10 (telehealth in the patient's home) or 02 (elsewhere) for a telehealth visit, or remove 95 for an in-person visit.",
      source: placeSource,
    }));
  }
  if (placeIsTelehealth && inPersonPlace && medicareLike) {
    context.add({ rule: "modifier.telehealth", severity: "warning" }, () => ({
      message: `On ${context.day.date} Medicare had telehealth billed with the place of service of an in-person visit (e.g. 11) plus 95, not POS ${place}; POS ${place} was paid at the facility rate.`,
      fix: "Bill the place of service where the visit would have been in person, with 95 on each line.",
      source: placeSource,
    }));
  }
  if (placeIsTelehealth) {
    const added: string[] = [];
    for (const line of context.lines) if (addModifier(line, TELEHEALTH_MODIFIER)) added.push(line.code);
    if (added.length > 0) {
      context.add({ rule: "modifier.telehealth", severity: "warning" }, () => ({
        message: medicareLike
          ? `95 added to ${added.join(", ")}: place of service ${place} is telehealth, and Medicare wants outpatient therapy by telehealth billed with 95.`
          : `95 added to ${added.join(", ")}: place of service ${place} is telehealth, and most payers want telehealth lines marked with 95.`,
        fix: medicareLike
          ? "Confirm the visit was real-time audio and video."
          : "Confirm the visit was real-time audio and video, and check this payer's telehealth policy (some want GT, or no modifier).",
        source: placeSource,
      }));
    }
  }
  if (context.isMedicare) {
    const period = context.day.telehealth;
    if (!period || !period.paysTherapists) {
      context.add({ rule: "modifier.telehealth", severity: "error" }, () => ({
        message: `Medicare does not pay occupational, physical or speech therapists for telehealth on ${context.day.date}: no extension of the flexibilities covers that date in otbill's data.`,
        fix: "See the patient in person, or bill only when Congress extends therapist telehealth to this date (then update data/policy/telehealth_therapist_periods.csv).",
        source: "data/policy/telehealth_therapist_periods.csv",
      }));
    }
  }
}

function orderRank(modifier: string): number {
  if (DISCIPLINE_OF_MODIFIER[modifier]) return 0;
  if (ASSISTANT_MODIFIERS.includes(modifier)) return 1;
  if (modifier === "KX") return 2;
  if (DISTINCT_MODIFIERS.includes(modifier)) return 3;
  if (modifier === TELEHEALTH_MODIFIER) return 4;
  return 5;
}

/**
 * The modifiers in claim order (discipline, assistant, KX, distinct, telehealth, others),
 * keeping the given order within a rank: an insertion sort of a copy, since a line has a
 * handful. (Pairs of modifier and index sorted, then mapped back, made three arrays a line
 * whose element kinds differed between empty and filled lists, and this function was
 * compiled four times in a run.)
 */
function inClaimOrder(modifiers: readonly string[]): string[] {
  const ordered = modifiers.slice();
  for (let i = 1; i < ordered.length; i++) {
    const modifier = ordered[i]!;
    const rank = orderRank(modifier);
    let j = i - 1;
    for (; j >= 0 && orderRank(ordered[j]!) > rank; j--) ordered[j + 1] = ordered[j]!;
    ordered[j + 1] = modifier;
  }
  return ordered;
}

/** Puts modifiers in one order and reports lines with more than the claim can carry. */
export function finishModifiers(context: ScrubContext): void {
  const limit = context.day.pocRules.maxModifiersPerLine;
  for (const line of context.lines) {
    line.modifiers = inClaimOrder(line.modifiers);
    if (line.modifiers.length > limit) {
      context.add({ rule: "modifier.too-many", severity: "error", code: line.code, path: `services[${line.service}].modifiers` }, () => ({
        message: `${line.code} has ${line.modifiers.length} modifiers (${line.modifiers.join(", ")}); a claim line carries at most ${limit}.`,
        fix: `Keep the ${limit} that matter for payment (discipline, assistant, KX, distinct, telehealth) and drop informational ones.`,
        source: context.day.pocRules.sources.max_modifiers_per_line ?? "X12 837P SV101",
      }));
    }
  }
}

