/**
 * Plan of care and progress (MBPM Pub. 100-02 ch.15 section 220.1-220.3): a plan must
 * be known, certified within 30 days of the initial evaluation, cover the date of service
 * (and be recertified at least every 90 days), match the visit's discipline, and a
 * progress report is due at least once every 10 treatment days. The day counts come
 * from data/policy/poc_rules.csv.
 */
import { addDays, daysBetween, type IsoDate } from "../reference/dates.js";
import type { ScrubContext } from "./context.js";

function source(context: ScrubContext, rule: string, fallback: string): string {
  return context.day.pocRules.sources[rule] ?? fallback;
}

export function checkPlanOfCare(context: ScrubContext): void {
  const plan = context.planOfCare;
  const date = context.day.date;
  const rules = context.day.pocRules;
  if (!plan) {
    context.add({ rule: "poc.missing", severity: "warning", path: "planOfCare" }, () => ({
      message: context.followsMedicareStatus
        ? "No plan of care is known for this visit; Medicare pays therapy only under a certified plan of care, so certification, expiry and progress reports were not checked."
        : "No plan of care is known for this visit; most payers want therapy under a plan of care, so certification, expiry and progress reports were not checked.",
      fix: "Attach the plan of care (discipline, certification period, signature date).",
    }));
    return;
  }
  if (plan.discipline && plan.discipline !== context.discipline) {
    context.add({ rule: "poc.discipline", severity: "error", path: "planOfCare.discipline" }, () => ({
      message: `The plan of care is a ${plan.discipline} plan, but the services are ${context.discipline} services (from ${context.disciplineSource}).`,
      fix: `Bill under the ${context.discipline} plan of care, or have the ${plan.discipline} furnish and bill the services with its own modifier.`,
    }));
  }
  checkCertificationPeriod(context, plan.certifiedFrom ?? plan.initialEvaluationDate, plan.certifiedThrough, date, rules.recertificationDays);
  checkCertificationLength(context, plan.certifiedFrom ?? plan.initialEvaluationDate, plan.certifiedThrough, rules.recertificationDays);
  checkSignature(context, plan.initialEvaluationDate ?? plan.certifiedFrom, plan.signedDate, date, rules.initialCertificationDays);
  // The count is of the period's treatment days before this visit (the evaluation day is
  // day 1); the report is due on or before the 10th treatment day, so this visit is due
  // when the count is 9 or more (MBPM ch.15 section 220.3).
  const treatmentDays = context.history.treatmentDaysSinceProgressReport ?? plan.treatmentDaysSinceProgressReport;
  if (treatmentDays !== undefined && treatmentDays + 1 >= rules.progressReportTreatmentDays) {
    const thisDay = treatmentDays + 1;
    context.add({ rule: "poc.progress-report-due", severity: "warning", path: "planOfCare.treatmentDaysSinceProgressReport" }, () => ({
      message:
        thisDay === rules.progressReportTreatmentDays
          ? `This visit is treatment day ${thisDay} of the progress reporting period; the progress report is due on or before the ${rules.progressReportTreatmentDays}th treatment day, so at this visit.`
          : `This visit is treatment day ${thisDay} of the progress reporting period; the progress report was due by treatment day ${rules.progressReportTreatmentDays}.`,
      fix: `Write the progress report (by the ${context.discipline}, not an assistant) at this visit and keep it with the note.`,
      source: source(context, "progress_report_treatment_days", "MBPM ch.15 section 220.3"),
    }));
  }
}

function checkCertificationPeriod(context: ScrubContext, from: IsoDate | undefined, through: IsoDate | undefined, date: IsoDate, maxDays: number): void {
  if (from && through && through < from) {
    context.add({ rule: "poc.expired", severity: "error", path: "planOfCare.certifiedThrough" }, () => ({
      message: `The certification period ends (${through}) before it starts (${from}), so it covers no date.`,
      fix: "Correct the certification dates from the signed plan of care.",
      source: source(context, "recertification_days", "MBPM ch.15 section 220.1.2"),
    }));
    return;
  }
  if (through && date > through) {
    context.add({ rule: "poc.expired", severity: "error", path: "planOfCare.certifiedThrough" }, () => ({
      message: `The date of service ${date} is after the certification period ended (${through}, ${daysBetween(through, date)} day(s) earlier).`,
      fix: "Get the plan recertified (signed) by the physician or NPP for a period that covers this date before billing.",
      source: source(context, "recertification_days", "MBPM ch.15 section 220.1.2"),
    }));
    return;
  }
  if (from && date < from) {
    context.add({ rule: "poc.expired", severity: "error", path: "planOfCare.certifiedFrom" }, () => ({
      message: `The date of service ${date} is before the certification period starts (${from}).`,
      fix: "Check the certification dates, or bill under the plan that covered this date.",
      source: source(context, "recertification_days", "MBPM ch.15 section 220.1.2"),
    }));
    return;
  }
  if (from) {
    const lastDay = addDays(from, maxDays - 1);
    if (date > lastDay) {
      context.add({ rule: "poc.expired", severity: "error", path: "planOfCare.certifiedThrough" }, () => ({
        message: `The date of service is day ${daysBetween(from, date) + 1} of a certification that began ${from}; a certification covers at most ${maxDays} days (through ${lastDay}).`,
        fix: "Recertify the plan of care; a period longer than 90 days is not covered past day 90.",
        source: source(context, "recertification_days", "MBPM ch.15 section 220.1.2"),
      }));
    }
  }
}

/** A plan may say it runs a year; the certification still covers 90 calendar days (MBPM ch.15 section 220.1.3). */
function checkCertificationLength(context: ScrubContext, from: IsoDate | undefined, through: IsoDate | undefined, maxDays: number): void {
  if (!from || !through || through < from) return;
  const days = daysBetween(from, through) + 1;
  if (days <= maxDays) return;
  const lastDay = addDays(from, maxDays - 1);
  context.add({ rule: "poc.certification-length", severity: "warning", path: "planOfCare.certifiedThrough" }, () => ({
    message: `The plan is certified from ${from} through ${through} (${days} days), but a certification covers at most ${maxDays} calendar days: this one covers through ${lastDay}.`,
    fix: `Plan a recertification on or before ${lastDay}; visits after it need a new signed certification.`,
    source: source(context, "recertification_days", "MBPM ch.15 section 220.1.3"),
  }));
}

function checkSignature(context: ScrubContext, start: IsoDate | undefined, signed: IsoDate | undefined, date: IsoDate, days: number): void {
  if (!start) return;
  const deadline = addDays(start, days);
  if (signed === undefined) {
    if (date > deadline) {
      context.add({ rule: "poc.unsigned", severity: "warning", path: "planOfCare.signedDate" }, () => ({
        message: `The plan of care is not signed, and more than ${days} days have passed since the initial evaluation (${start}; due by ${deadline}).`,
        fix: "Get the physician's or NPP's signature; a delayed certification needs a note explaining the delay.",
        source: source(context, "initial_certification_days", "MBPM ch.15 section 220.1.3"),
      }));
    } else {
      context.add({ rule: "poc.unsigned", severity: "warning", path: "planOfCare.signedDate" }, () => ({
        message: `The plan of care is not signed yet; it must be certified by ${deadline} (${days} days after ${start}).`,
        fix: "Send the plan of care to the physician or NPP for signature.",
        source: source(context, "initial_certification_days", "MBPM ch.15 section 220.1.3"),
      }));
    }
    return;
  }
  if (signed > deadline) {
    context.add({ rule: "poc.unsigned", severity: "warning", path: "planOfCare.signedDate" }, () => ({
      message: `The plan of care was signed ${signed}, ${daysBetween(start, signed)} days after the initial evaluation (${start}); timely certification is within ${days} days.`,
      fix: "Keep the physician's or NPP's explanation of the delayed certification with the record.",
      source: source(context, "initial_certification_days", "MBPM ch.15 section 220.1.3"),
    }));
  }
}
