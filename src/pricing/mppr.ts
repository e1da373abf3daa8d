/**
 * The therapy multiple procedure payment reduction (docs/billing-rules.md section 6; ATRA 2012
 * section 633, data/policy/mppr.csv): on one day, for one patient, among all units of
 * codes whose MULT_PROC is 5 (PT, OT and SLP together), the single unit with the highest
 * practice-expense payment is paid in full and every other such unit gets only a
 * percentage (50) of its PE. Work and malpractice are never reduced; MULT_PROC 0 codes
 * (97129, 97130, 97550-97552 in 2026) never enter the ranking.
 */
import { compare, type ExactDollars } from "./exact.js";

export interface MpprCandidate {
  /** index of the input line */
  line: number;
  /** 0-based unit within the line */
  unit: number;
  /** PE RVU x PE GPCI x CF */
  pePayment: ExactDollars;
  /**
   * the unit's amount in full (after the assistant percentage): breaks a PE tie, so that
   * of two equal-PE units the one that pays more (for example the non-CO one) is paid in full
   */
  total: ExactDollars;
}

/**
 * Ranks the candidates: highest PE payment first, then the higher total, then input order
 * (line, unit) so the result never depends on sort stability. Rank 1 is paid in full.
 * Returns each candidate's rank, in the order of `candidates`.
 */
export function mpprRanks(candidates: readonly MpprCandidate[]): number[] {
  const order = Array.from({ length: candidates.length }, (_, i) => i);
  order.sort((i, j) => {
    const a = candidates[i]!;
    const b = candidates[j]!;
    return compare(b.pePayment, a.pePayment) || compare(b.total, a.total) || a.line - b.line || a.unit - b.unit;
  });
  const ranks = new Array<number>(candidates.length);
  for (let position = 0; position < order.length; position++) ranks[order[position]!] = position + 1;
  return ranks;
}

/** The same ranks keyed "line:unit". */
export function rankMpprUnits(candidates: readonly MpprCandidate[]): Map<string, number> {
  const ranks = mpprRanks(candidates);
  return new Map(candidates.map((candidate, index) => [mpprKey(candidate.line, candidate.unit), ranks[index]!]));
}

export function mpprKey(line: number, unit: number): string {
  return `${line}:${unit}`;
}
