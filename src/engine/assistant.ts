/**
 * Which units of a service carry CO (OTA) or CQ (PTA): the CY2022 PFS final rule and
 * the CMS page "Billing Examples Using CQ/CO Modifiers for Services Furnished In Whole or
 * In Part by PTAs and OTAs". All of this logic lives here so it can be corrected in one
 * place; assistant.test.ts holds the worked cases.
 *
 * Timed codes, once the code's units are known:
 *  1. the service is not "in part" by the assistant when the assistant furnished 10% or
 *     less of its minutes (de minimis): no unit carries CO;
 *  2. each full 15 minutes one person furnished alone is one unit for that person;
 *  3. each unit left over goes to whoever furnished more of the remaining minutes, whose
 *     remainder is then spent; an even split carries CO (the assistant's share is above 10%).
 * Untimed codes: CO when the assistant furnished more than 10% of the minutes.
 */
import { UNIT_MINUTES } from "./units.js";

export interface AssistantSplit {
  /** units billed with CO/CQ */
  assistantUnits: number;
  /** units billed without */
  therapistUnits: number;
  /** why, in a biller's words */
  reason: string;
}

/** More than the de minimis share: assistantMinutes / totalMinutes > percent%. */
export function exceedsDeMinimis(assistantMinutes: number, totalMinutes: number, deMinimisPercent: number): boolean {
  return assistantMinutes > 0 && assistantMinutes * 100 > totalMinutes * deMinimisPercent;
}

/** `modifier` is only for the wording: CO for an OTA, CQ for a PTA. */
export function splitTimedUnits(units: number, totalMinutes: number, assistantMinutes: number, deMinimisPercent: number, modifier = "CO"): AssistantSplit {
  const assistant = Math.min(Math.max(assistantMinutes, 0), totalMinutes);
  const therapist = totalMinutes - assistant;
  if (units <= 0) return { assistantUnits: 0, therapistUnits: 0, reason: "no units to share" };
  if (!exceedsDeMinimis(assistant, totalMinutes, deMinimisPercent)) {
    const reason =
      assistant === 0
        ? "furnished by the therapist alone"
        : `the assistant furnished ${assistant} of ${totalMinutes} minutes, ${deMinimisPercent}% or less (de minimis): no ${modifier}`;
    return { assistantUnits: 0, therapistUnits: units, reason };
  }
  if (therapist === 0) return { assistantUnits: units, therapistUnits: 0, reason: `the assistant furnished all ${totalMinutes} minutes` };

  let assistantUnits = Math.min(Math.floor(assistant / UNIT_MINUTES), units);
  let therapistUnits = Math.min(Math.floor(therapist / UNIT_MINUTES), units - assistantUnits);
  let assistantLeft = assistant - Math.floor(assistant / UNIT_MINUTES) * UNIT_MINUTES;
  let therapistLeft = therapist - Math.floor(therapist / UNIT_MINUTES) * UNIT_MINUTES;
  const steps: string[] = [];
  if (assistantUnits > 0) steps.push(`${assistantUnits} full 15-minute unit(s) by the assistant (${modifier})`);
  if (therapistUnits > 0) steps.push(`${therapistUnits} full 15-minute unit(s) by the therapist`);
  for (let left = units - assistantUnits - therapistUnits; left > 0; left--) {
    if (assistantLeft >= therapistLeft) {
      steps.push(`a remaining unit to the assistant (${assistantLeft} min against ${therapistLeft}), with ${modifier}`);
      assistantUnits += 1;
      assistantLeft = 0;
    } else {
      steps.push(`a remaining unit to the therapist (${therapistLeft} min against ${assistantLeft}), without ${modifier}`);
      therapistUnits += 1;
      therapistLeft = 0;
    }
  }
  return { assistantUnits, therapistUnits, reason: `assistant ${assistant} min, therapist ${therapist} min: ${steps.join("; ")}` };
}

export function splitUntimedService(units: number, totalMinutes: number | undefined, assistantMinutes: number, deMinimisPercent: number, modifier = "CO"): AssistantSplit {
  if (assistantMinutes <= 0) return { assistantUnits: 0, therapistUnits: units, reason: "furnished by the therapist alone" };
  if (totalMinutes === undefined || totalMinutes === 0 || exceedsDeMinimis(assistantMinutes, totalMinutes, deMinimisPercent)) {
    const share = totalMinutes ? `${assistantMinutes} of ${totalMinutes} minutes` : `${assistantMinutes} minutes`;
    return { assistantUnits: units, therapistUnits: 0, reason: `the assistant furnished ${share} of this service (more than ${deMinimisPercent}%): ${modifier}` };
  }
  return {
    assistantUnits: 0,
    therapistUnits: units,
    reason: `the assistant furnished ${assistantMinutes} of ${totalMinutes} minutes, ${deMinimisPercent}% or less (de minimis): no ${modifier}`,
  };
}
