/**
 * Same-day edits (docs/billing-rules.md section 5): more than one evaluation, add-on codes without
 * their primary, medically unlikely edits (MUE) and NCCI procedure-to-procedure pairs,
 * all looked up for the date of service. An indicator-1 pair is resolved with 59 on the
 * column-2 line only when the service was documented as distinct.
 */
import { DISTINCT_MODIFIERS, addModifier, type ScrubContext, type WorkingLine } from "./context.js";

const DEFAULT_DISTINCT_MODIFIER = "59";

function editSource(origin: string, release: string, source: string): string {
  if (origin === "curated-web") return `curated from a public page, not an official CMS file (data/ncci/, see its README): ${source}`;
  return origin === "curated" ? `NCCI practitioner edits, otbill curated starter table (${source})` : `NCCI practitioner edits, release ${release}`;
}

/** Rows curated from public web pages are secondary sources: their findings are warnings. */
const WEB = "curated-web";

export function checkEvaluations(context: ScrubContext): void {
  const evaluations = [...new Set(context.lines.filter((line) => context.day.catalog.get(line.code)?.evaluation).map((line) => line.code))];
  if (evaluations.length > 1) {
    context.add({ rule: "eval.multiple", severity: "error", code: evaluations[1] }, () => ({
      message: `${evaluations.length} evaluation codes on one day (${evaluations.join(", ")}); only one evaluation or re-evaluation is paid per day.`,
      fix: "Keep the one evaluation code that the note's complexity supports.",
    }));
  }
}

export function checkAddOns(context: ScrubContext): void {
  const billed = new Set(context.lines.map((line) => line.code));
  for (const code of billed) {
    const primary = context.day.catalog.get(code)?.addOnPrimary;
    if (primary && !billed.has(primary)) {
      context.add({ rule: "addon.primary-missing", severity: "error", code }, () => ({
        message: `${code} is an add-on code: it is paid only with its primary code ${primary} on the same day, and ${primary} is not on the claim.`,
        fix: `Bill the first unit as ${primary} (${context.day.catalog.get(primary)?.label ?? primary}) and only the further units as ${code}.`,
      }));
    }
  }
}

/** More units than the MUE allows: the claim carries the MUE and the finding says so. */
export function checkMue(context: ScrubContext): void {
  const unitsByCode = new Map<string, number>();
  for (const line of context.lines) unitsByCode.set(line.code, (unitsByCode.get(line.code) ?? 0) + line.units);
  for (const [code, units] of unitsByCode) {
    const mue = context.day.ncci.mue(code, context.day.date);
    if (!mue || units <= mue.value) continue;
    if (mue.origin === WEB) {
      // Not cut: the value is a public page's, so the claim keeps the units and the finding warns.
      context.add({ rule: "units.mue", severity: "warning", code }, () => ({
        message: `${units} units of ${code} exceed ${mue.value} per day, the MUE a public page gives for it (curated, not an official CMS file); the line may be denied.`,
        fix: `Check the units against the note and the current CMS MUE table (import it with \`otbill data import mue FILE\`); above the MUE a payer wants documentation of medical necessity.`,
        source: editSource(mue.origin, mue.release, mue.source),
      }));
      continue;
    }
    context.add({ rule: "units.mue", severity: "error", code }, () => ({
      message: `${units} units of ${code} exceed its medically unlikely edit of ${mue.value} per day; the line would be denied.`,
      fix: `Bill at most ${mue.value} unit(s); otbill cut the claim to ${mue.value}.`,
      source: editSource(mue.origin, mue.release, mue.source),
    }));
    let allowed = mue.value;
    for (const line of context.linesOf(code)) {
      line.units = Math.min(line.units, allowed);
      allowed -= line.units;
    }
  }
  context.lines = context.lines.filter((line) => line.units > 0);
}

function hasDistinctModifier(line: WorkingLine): boolean {
  return line.modifiers.some((modifier) => DISTINCT_MODIFIERS.includes(modifier));
}

export function checkPtpPairs(context: ScrubContext): void {
  const codes = [...new Set(context.lines.map((line) => line.code))];
  const pairedWithIndicator1 = new Set<string>();
  for (let i = 0; i < codes.length; i++) {
    for (let j = i + 1; j < codes.length; j++) {
      const edit = context.day.ncci.ptpBetween(codes[i]!, codes[j]!, context.day.date);
      if (!edit || edit.modifierIndicator === "9") continue;
      const source = editSource(edit.origin, edit.release, edit.source);
      const column1 = context.linesOf(edit.column1);
      const column2 = context.linesOf(edit.column2);
      const since =
        edit.origin === WEB
          ? `curated from a public page, not an official CMS file; the page dates it "${edit.rationale}"`
          : `in force since ${edit.effective}${edit.deleted ? ` until ${edit.deleted}` : ""}`;
      if (edit.modifierIndicator === "0") {
        context.add({ rule: "ncci.ptp", severity: edit.origin === WEB ? "warning" : "error", code: edit.column2 }, () => ({
          message: `${edit.column2} is never paid with ${edit.column1} on the same day (NCCI PTP, modifier indicator 0, ${since}); no modifier can bypass it.`,
          fix: `Bill only ${edit.column1}, or ${edit.column2} alone if that is what the note supports.`,
          source,
        }));
        continue;
      }
      pairedWithIndicator1.add(edit.column1).add(edit.column2);
      const documented = column2.some((line) => line.distinct) || column1.some((line) => line.distinct);
      const alreadyResolved = column2.some(hasDistinctModifier) || column1.some(hasDistinctModifier);
      if (documented || alreadyResolved) {
        const target = column2.some((line) => line.distinct) || !column1.some((line) => line.distinct) ? column2 : column1;
        const added = alreadyResolved ? [] : target.filter((line) => addModifier(line, DEFAULT_DISTINCT_MODIFIER));
        const onCode = added[0]?.code ?? edit.column2;
        context.add({ rule: "modifier.distinct", severity: "warning", code: onCode }, () => ({
          message: alreadyResolved
            ? `${edit.column2} is bundled into ${edit.column1} on the same day (NCCI PTP, indicator 1); the distinct-service modifier on the claim bypasses the edit.`
            : `${DEFAULT_DISTINCT_MODIFIER} added to ${onCode}: ${edit.column2} is bundled into ${edit.column1} on the same day (NCCI PTP, indicator 1), and the visit documents ${onCode} as a distinct service.`,
          fix: "The note must show a separate, distinct interval for each service (e.g. different 15-minute blocks); XU may be used instead of 59 where the payer prefers X modifiers.",
          source,
        }));
        continue;
      }
      context.add({ rule: "ncci.ptp", severity: "warning", code: edit.column2 }, () => ({
        message: `${edit.column2} is bundled into ${edit.column1} on the same day (NCCI PTP, modifier indicator 1, ${since}); without a distinct-service modifier the ${edit.column2} line is denied.`,
        fix: `Append 59 or XU to ${edit.column2} only if the note shows a separate 15-minute interval; otherwise bill ${edit.column1} alone.`,
        source,
      }));
      context.add({ rule: "modifier.distinct", severity: "warning", code: edit.column2 }, () => ({
        message: `${edit.column2} needs 59 or an X modifier to be paid with ${edit.column1}, and the visit does not document it as distinct.`,
        fix: `If the services were separate, mark ${edit.column2} "distinct": true (the note must show it) and otbill adds 59.`,
        source,
      }));
    }
  }
  reportUnneededDistinctModifiers(context, pairedWithIndicator1);
}

/**
 * 59 and X{EPSU} say a service was distinct from another it is paired with; on a code in
 * no indicator-1 pair that day they are the misuse auditors look for. The caller's
 * modifier stays (otbill's edit tables may not hold every pair) and a warning says so.
 */
function reportUnneededDistinctModifiers(context: ScrubContext, paired: ReadonlySet<string>): void {
  const tables = context.day.ncci.ptpReleases.length > 0 ? "the imported NCCI release" : "otbill's curated starter table (import the official NCCI file for every pair)";
  for (const line of context.lines) {
    if (paired.has(line.code)) continue;
    const distinct = line.modifiers.filter((modifier) => DISTINCT_MODIFIERS.includes(modifier));
    if (distinct.length === 0) continue;
    context.add({ rule: "modifier.invalid", severity: "warning", code: line.code, path: `services[${line.service}].modifiers` }, () => ({
      message: `${distinct.join(" and ")} on ${line.code}, but ${line.code} is in no NCCI pair with the other codes of this day in ${tables}.`,
      fix: `Remove ${distinct.join(" and ")} unless an edit the payer applies requires it; an unneeded distinct-service modifier is a common audit finding.`,
    }));
  }
}
