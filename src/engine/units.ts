/**
 * Counting timed units: the CMS total-time rule (MCPM Pub. 100-04 ch.5 section 20.2)
 * and the AMA/CPT per-code "substantial portion" rule. Pure functions over minutes.
 *
 * CMS: the total timed minutes of the day decide the number of units (8-22 = 1,
 * 23-37 = 2, ...); each code first gets one unit per full 15 minutes, and the units left
 * over go one each to the codes with the most remaining minutes. Ties are broken by the
 * larger total minutes, then by the order the services were listed, and the explanation
 * says so. AMA: each code on its own, a unit once 8 minutes of a 15-minute unit are passed.
 */
import type { UnitRule } from "../reference/types.js";

export const UNIT_MINUTES = 15;
/** more than half of a 15-minute unit: the CMS and CPT threshold for a unit */
export const MIDPOINT_MINUTES = 8;

export interface TimedService {
  /** what the allocation is reported against: a code, or a family such as 97129+97130 */
  key: string;
  minutes: number;
}

export interface UnitShare {
  key: string;
  minutes: number;
  fullUnits: number;
  remainderMinutes: number;
  extraUnits: number;
  units: number;
}

export interface LeftoverAward {
  key: string;
  remainderMinutes: number;
  /** set when the award was decided by a tie on remaining minutes */
  tieBrokenAgainst?: string[];
}

export interface UnitAllocation {
  rule: UnitRule;
  totalMinutes: number;
  totalUnits: number;
  shares: UnitShare[];
  /** CMS only: the units given out for remaining minutes, in order */
  leftoverAwards: LeftoverAward[];
}

/** CMS total-time table: fewer than 8 minutes 0 units, 8-22 1, 23-37 2, and so on. */
export function cmsUnitsForTotal(totalMinutes: number): number {
  if (totalMinutes < MIDPOINT_MINUTES) return 0;
  return Math.floor((totalMinutes + UNIT_MINUTES - MIDPOINT_MINUTES) / UNIT_MINUTES);
}

/** AMA/CPT per code: floor(m / 15) plus one when the remainder reaches 8 minutes. */
export function amaUnitsForMinutes(minutes: number, unitMinutes = UNIT_MINUTES): number {
  const full = Math.floor(minutes / unitMinutes);
  const remainder = minutes - full * unitMinutes;
  return full + (remainder * 2 > unitMinutes ? 1 : 0);
}

function emptyShare(service: TimedService): UnitShare {
  const fullUnits = Math.floor(service.minutes / UNIT_MINUTES);
  return {
    key: service.key,
    minutes: service.minutes,
    fullUnits,
    remainderMinutes: service.minutes - fullUnits * UNIT_MINUTES,
    extraUnits: 0,
    units: fullUnits,
  };
}

// Plain loops here and in allocateAma: run for every visit, their callbacks over arrays of
// varying element kinds kept sending the optimised code back to the interpreter.
function allocateCms(services: readonly TimedService[]): UnitAllocation {
  let totalMinutes = 0;
  for (const service of services) totalMinutes += service.minutes;
  const totalUnits = cmsUnitsForTotal(totalMinutes);
  const shares = new Array<UnitShare>(services.length);
  let left = totalUnits;
  for (let index = 0; index < services.length; index++) {
    const share = emptyShare(services[index]!);
    shares[index] = share;
    left -= share.fullUnits;
  }
  // Largest remainder first; ties to the larger total, then to the earlier listed service.
  const order: number[] = [];
  for (let index = 0; index < shares.length; index++) if (shares[index]!.remainderMinutes > 0) order.push(index);
  order.sort((a, b) => shares[b]!.remainderMinutes - shares[a]!.remainderMinutes || shares[b]!.minutes - shares[a]!.minutes || a - b);
  const leftoverAwards: LeftoverAward[] = [];
  for (let i = 0; i < order.length && left > 0; i++, left--) {
    const share = shares[order[i]!]!;
    share.extraUnits = 1;
    share.units += 1;
    const award: LeftoverAward = { key: share.key, remainderMinutes: share.remainderMinutes };
    if (left === 1) {
      // the last unit given: the services it could as well have gone to
      const tiedLosers: string[] = [];
      for (let j = i + 1; j < order.length; j++) {
        const other = shares[order[j]!]!;
        if (other.remainderMinutes === share.remainderMinutes) tiedLosers.push(other.key);
      }
      if (tiedLosers.length > 0) award.tieBrokenAgainst = tiedLosers;
    }
    leftoverAwards.push(award);
  }
  return { rule: "cms", totalMinutes, totalUnits, shares, leftoverAwards };
}

/** Why a tie on the minutes left over went the way it did: more minutes in all, or listed first. */
function describeTie(allocation: UnitAllocation, winner: string, losers: readonly string[]): string {
  const minutesOf = (key: string): number => allocation.shares.find((share) => share.key === key)?.minutes ?? 0;
  const won = minutesOf(winner);
  const fewer = losers.filter((key) => minutesOf(key) < won);
  const equal = losers.filter((key) => minutesOf(key) === won);
  const parts: string[] = [];
  if (fewer.length > 0) parts.push(`${winner} has more minutes in all (${won} against ${fewer.map((key) => `${minutesOf(key)} for ${key}`).join(", ")})`);
  if (equal.length > 0) parts.push(`${winner} is listed before ${equal.join(", ")}, which has as many minutes`);
  return `a tie with ${losers.join(", ")} on the minutes left over: either is correct; otbill gave it to ${winner} because ${parts.join(" and ")}`;
}

function allocateAma(services: readonly TimedService[]): UnitAllocation {
  const shares = new Array<UnitShare>(services.length);
  let totalMinutes = 0;
  let totalUnits = 0;
  for (let index = 0; index < services.length; index++) {
    const service = services[index]!;
    const share = emptyShare(service);
    const units = amaUnitsForMinutes(service.minutes);
    share.extraUnits = units - share.fullUnits;
    share.units = units;
    shares[index] = share;
    totalMinutes += share.minutes;
    totalUnits += units;
  }
  return { rule: "ama", totalMinutes, totalUnits, shares, leftoverAwards: [] };
}

/** Shares 15-minute units among timed services under the payer's rule. */
export function allocateUnits(services: readonly TimedService[], rule: UnitRule): UnitAllocation {
  return rule === "cms" ? allocateCms(services) : allocateAma(services);
}

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

function ordinal(n: number): string {
  // bounds checked first: a read past the end sent the optimised caller back to the interpreter
  return n >= 1 && n <= ORDINALS.length ? ORDINALS[n - 1]! : `${n}th`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The items joined by ", ", as Array#join would for items that are never empty: for the loops of explainAllocation. */
function joinedWith(joined: string, item: string): string {
  return joined === "" ? item : `${joined}, ${item}`;
}

/**
 * The count in a biller's words, e.g. "47 timed minutes = 3 units: 97112 (24 min)
 * 2 units, 97110 (23 min) 1 unit; the third unit went to 97112, 9 minutes left over against 8".
 * Built by plain loops into strings, without the arrays of map and filter: this runs for
 * every visit, and those arrays' element kinds (empty, or of strings) differ from visit to
 * visit, which sent the optimised code of its caller back to the interpreter eight times
 * in 30,000 visits.
 */
export function explainAllocation(allocation: UnitAllocation): string {
  const { shares } = allocation;
  let parts = "";
  for (const share of shares) parts = joinedWith(parts, `${share.key} (${share.minutes} min) ${plural(share.units, "unit")}`);
  if (allocation.rule === "ama") {
    let zero = "";
    for (const share of shares) if (share.units === 0) zero = joinedWith(zero, share.key);
    const tail = zero !== "" ? `; ${zero} under 8 minutes earn no unit` : "";
    return `Per-code rule (AMA/CPT): each code counted on its own, a unit once 8 of 15 minutes are passed: ${parts}${tail}.`;
  }
  const head = `${allocation.totalMinutes} timed minutes = ${plural(allocation.totalUnits, "unit")}`;
  if (allocation.totalUnits === 0) {
    return `${head}: fewer than 8 timed minutes in total earn no timed unit (CMS total-time rule).`;
  }
  let fullUnits = 0;
  for (const share of shares) fullUnits += share.fullUnits;
  let awards = "";
  for (let index = 0; index < allocation.leftoverAwards.length; index++) {
    const award = allocation.leftoverAwards[index]!;
    // the services still with minutes left over and no unit for them: one is named by its minutes, several each with its code
    let losers = 0;
    let alone = "";
    let each = "";
    for (const share of shares) {
      if (share.key === award.key || share.extraUnits !== 0 || share.remainderMinutes <= 0) continue;
      losers++;
      alone = String(share.remainderMinutes);
      each = joinedWith(each, `${share.remainderMinutes} (${share.key})`);
    }
    const against = losers === 0 ? "" : ` against ${losers === 1 ? alone : each}`;
    const tie = award.tieBrokenAgainst ? ` (${describeTie(allocation, award.key, award.tieBrokenAgainst)})` : "";
    const text = `the ${ordinal(fullUnits + index + 1)} unit went to ${award.key}, ${award.remainderMinutes} minutes left over${against}${tie}`;
    awards = awards === "" ? text : `${awards}; ${text}`;
  }
  return `${head}: ${parts}${awards !== "" ? `; ${awards}` : ""}.`;
}
