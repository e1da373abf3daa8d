/**
 * What pricing had to assume because the visit did not say (docs/contract.md: a rule that
 * needs a missing block reports what it assumed as an info finding, and never guesses
 * silently): the deductible met, a participating provider, the single conversion factor
 * for a year without an APM one, and who bears the cost sharing for other payers.
 */
import type { Finding } from "../contract/result.js";
import { finding } from "../engine/findings.js";
import { formatDollars, formatScaled } from "../reference/fixed.js";
import { memo, memoPair } from "../reference/memo.js";
import type { ConversionFactor } from "../reference/types.js";
import { isMedicareKind } from "./payer-schedule.js";
import type { PricingContext } from "./types.js";

export interface PricingAssumptions {
  findings: Finding[];
  /** the deductible to apply, in cents (0 when assumed met) */
  deductibleRemainingCents: number;
}

/**
 * Messages that read the same on every visit of a year (the deductible assumed met, the
 * participating rate) are made once and shared: strings are immutable, and a shared one is
 * written out without being rebuilt for each result.
 */
const deductibleMetTexts = new Map<number, Map<number | undefined, string>>();
const participatingTexts = new Map<number | undefined, string>();

function assumption(message: string, extra: Partial<Finding> = {}): Finding {
  return finding({ rule: "pricing.assumption", severity: "info", message, ...extra });
}

export function pricingAssumptions(
  context: PricingContext,
  facts: { hasMedicareLines: boolean; conversionFactor: ConversionFactor | undefined },
): PricingAssumptions {
  const { day, payerKind } = context;
  const findings: Finding[] = [];
  let deductibleRemainingCents = 0;

  if (isMedicareKind(payerKind)) {
    const yearDeductible = day.deductibleCents;
    if (context.deductibleRemainingCents === undefined) {
      findings.push(
        assumption(
          memoPair(deductibleMetTexts, day.year, yearDeductible, () => `The Part B deductible was assumed met (patient.deductibleRemaining not given)${yearDeductible !== undefined ? `; the ${day.year} deductible is ${formatDollars(yearDeductible)}` : ""}.`),
          { fix: "Give patient.deductibleRemaining to split the deductible out of Medicare's payment.", source: day.deductibleSource ?? "data/policy/part_b_deductible.csv", path: "patient.deductibleRemaining" },
        ),
      );
    } else if (yearDeductible !== undefined && context.deductibleRemainingCents > yearDeductible) {
      deductibleRemainingCents = yearDeductible;
      findings.push(
        assumption(
          `patient.deductibleRemaining ${formatDollars(context.deductibleRemainingCents)} is more than the ${day.year} Part B deductible, ${formatDollars(yearDeductible)}; the full deductible was used.`,
          { fix: "Check the patient's remaining deductible.", source: day.deductibleSource ?? "data/policy/part_b_deductible.csv", path: "patient.deductibleRemaining" },
        ),
      );
    } else {
      deductibleRemainingCents = Math.max(0, context.deductibleRemainingCents);
    }

    if (facts.hasMedicareLines && context.participating === undefined) {
      findings.push(
        assumption(
          memo(
            participatingTexts,
            day.nonParticipating?.feeSchedulePercent,
            () => `Priced at the participating rate (provider.participating not given); a non-participating provider is allowed ${day.nonParticipating ? `${day.nonParticipating.feeSchedulePercent}%` : "a lower percentage"} of it (data/policy/nonpar.csv).`,
          ),
          {
            fix: "Set provider.participating to false for a non-participating provider.",
            path: "provider.participating",
          },
        ),
      );
    }
    if (payerKind === "medicare-advantage") {
      findings.push(
        assumption(
          "Medicare Advantage: the patient share is shown as Original Medicare's (Part B deductible, then coinsurance), and the payment net of sequestration; the plan's own copays and contract may differ.",
          { fix: "Check the plan's cost sharing; give payer.feeSchedule for a contracted rate." },
        ),
      );
    }
  } else if (payerKind === "self-pay") {
    findings.push(assumption("Self-pay: the patient owes the whole allowed amount, so payment is 0 and the patient share is the allowed amount."));
  } else {
    findings.push(
      assumption(`The ${payerKind} payer's cost sharing is not known: payment is shown equal to the allowed amount and the patient share as 0.`, {
        fix: "Check the plan's copay, coinsurance and deductible.",
      }),
    );
  }

  const cf = facts.conversionFactor;
  if (context.qualifyingApm && cf && !cf.qualifyingApm) {
    findings.push(
      assumption(`There is no separate conversion factor for qualifying APM participants on ${day.date}; the single $${formatScaled(cf.value, 4)} was used.`, {
        source: "data/pfs/conversion_factors.csv",
        path: "provider.qualifyingApm",
      }),
    );
  }
  return { findings, deductibleRemainingCents };
}
