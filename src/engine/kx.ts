/**
 * The KX modifier and the therapy thresholds (MCPM Pub. 100-04 ch.5 section 10.3):
 * a Medicare line whose cumulative allowed amount this calendar year (the year to date
 * plus this visit's earlier lines) passes the year's threshold needs KX, and so does
 * every later line. Above the targeted medical review amount the claim may be reviewed.
 * OT has its own threshold; PT and SLP share one. Amounts come from the priced lines.
 */
import { objectList } from "../object-list.js";
import { formatDollars, dollarsToCents } from "../reference/fixed.js";
import { addModifier, type ScrubContext } from "./context.js";

const THRESHOLD_SOURCE = "data/policy/therapy_kx_thresholds.csv; MCPM Pub. 100-04 ch.5 section 10.3";

function yearToDateCents(context: ScrubContext): number | undefined {
  const { history, visit } = context;
  if (context.discipline === "OT") {
    if (history.otAllowedYearToDateCents !== undefined) return history.otAllowedYearToDateCents;
    const dollars = visit.patient?.otAllowedYearToDate;
    return dollars === undefined ? undefined : dollarsToCents(dollars);
  }
  if (history.ptSlpAllowedYearToDateCents !== undefined) return history.ptSlpAllowedYearToDateCents;
  const dollars = visit.patient?.ptSlpAllowedYearToDate;
  return dollars === undefined ? undefined : dollarsToCents(dollars);
}

export function applyKx(context: ScrubContext, priced: boolean): void {
  if (!context.isMedicare) return;
  const threshold = context.day.kxThreshold;
  const year = context.day.year;
  const label = context.discipline === "OT" ? "OT" : "PT and SLP combined";
  if (!threshold) {
    context.add({ rule: "threshold.kx", severity: "info" }, () => ({
      message: `This visit cannot be KX-checked until the ${year} KX threshold is loaded: none is on file for ${year}.`,
      fix: `Set it with \`otbill data set kx-threshold ${year} VALUE --source TEXT\` once CMS publishes it; \`otbill data status\` shows what is loaded.`,
      source: THRESHOLD_SOURCE,
    }));
    return;
  }
  const limit = context.discipline === "OT" ? threshold.ot : threshold.ptSlp;
  const review = context.discipline === "OT" ? threshold.reviewOt : threshold.reviewPtSlp;
  const yearToDate = yearToDateCents(context);
  // the codes the caller marked KX, as a list of one element kind (src/object-list.ts)
  const caller = objectList<string>();
  for (const line of context.lines) if (line.modifiers.includes("KX")) caller.push(line.code);
  if (yearToDate === undefined || !priced) {
    context.add({ rule: "threshold.kx", severity: "info" }, () => ({
      message:
        yearToDate === undefined
          ? `The patient's ${label} allowed amount so far in ${year} is not known, so the ${formatDollars(limit)} KX threshold was not checked.`
          : `This visit could not be priced, so the ${formatDollars(limit)} KX threshold was not checked.`,
      fix: `Give patient.${context.discipline === "OT" ? "otAllowedYearToDate" : "ptSlpAllowedYearToDate"} (Medicare allowed dollars this year before this visit), or scrub through the server, which knows the history.`,
      source: THRESHOLD_SOURCE,
    }));
    return;
  }
  let cumulative = yearToDate;
  const added: string[] = [];
  for (const line of context.lines) {
    cumulative += line.allowedCents ?? 0;
    if (cumulative > limit && addModifier(line, "KX") && !added.includes(line.code)) added.push(line.code);
  }
  const crossed = cumulative > limit;
  if (added.length > 0) {
    context.add({ rule: "modifier.kx", severity: "warning" }, () => ({
      message: `KX added to ${added.join(", ")}: ${formatDollars(yearToDate)} allowed so far in ${year} plus this visit's lines passes the ${formatDollars(limit)} ${label} threshold.`,
      fix: "KX attests that the services are medically necessary: the note must justify continued therapy (goals, progress, why skilled care is still needed). Without KX Medicare denies the lines.",
      source: THRESHOLD_SOURCE,
    }));
  } else if (!crossed && caller.length > 0) {
    context.add({ rule: "modifier.kx", severity: "info" }, () => ({
      message: `KX is on ${caller.join(", ")}, but the ${label} amount (${formatDollars(cumulative)} with this visit) has not passed the ${formatDollars(limit)} threshold yet.`,
      fix: "KX is not needed yet; keep it only if other claims not known here have passed the threshold.",
      source: THRESHOLD_SOURCE,
    }));
  }
  context.add({ rule: "threshold.kx", severity: "info" }, () => ({
    message: `${label} allowed in ${year}: ${formatDollars(yearToDate)} before this visit, ${formatDollars(cumulative)} after it; the KX threshold is ${formatDollars(limit)}${crossed ? " (passed)" : ` (${formatDollars(limit - cumulative)} left)`}.`,
    source: THRESHOLD_SOURCE,
  }));
  if (cumulative > review) {
    context.add({ rule: "threshold.review", severity: "warning" }, () => ({
      message: `${formatDollars(cumulative)} of ${label} services this year is above the ${formatDollars(review)} targeted medical review amount: the claim may be picked for medical review.`,
      fix: "Make sure the plan of care, progress reports and each note show why skilled therapy is still necessary.",
      source: THRESHOLD_SOURCE,
    }));
  }
}
