/**
 * Documentation the claim must agree with (MBPM ch.15 section 220.3): the minutes of
 * the services must add up to the note's total treatment minutes.
 */
import type { ScrubContext } from "./context.js";

export function checkDocumentedMinutes(context: ScrubContext): void {
  const total = context.visit.totalTreatmentMinutes;
  if (total === undefined) return;
  const services = context.visit.services;
  const untimedWithoutMinutes = context.services.filter((service) => service.entry && !service.entry.timed && service.input.minutes === undefined);
  const sum = services.reduce((acc, service) => acc + (service.minutes ?? 0), 0);
  if (untimedWithoutMinutes.length === 0 && sum !== total) {
    context.add({ rule: "documentation.minutes", severity: "warning", path: "totalTreatmentMinutes" }, () => ({
      message: `The services add up to ${sum} minutes but the note's total treatment time is ${total} minutes (${sum > total ? "over" : "under"} by ${Math.abs(sum - total)}).`,
      fix: "Correct the minutes so that each service and the total match the note; auditors compare them.",
    }));
  } else if (untimedWithoutMinutes.length > 0 && sum > total) {
    context.add({ rule: "documentation.minutes", severity: "warning", path: "totalTreatmentMinutes" }, () => ({
      message: `The services with minutes already add up to ${sum} minutes, more than the note's total treatment time of ${total} minutes.`,
      fix: "Correct the minutes so that each service and the total match the note.",
    }));
  }
}
