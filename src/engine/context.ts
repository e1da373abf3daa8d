/**
 * The scrub's working state: the visit normalised once (codes upper-cased, the
 * discipline and unit rule decided, history merged in), the claim lines being built, and
 * the findings. Each rule family reads it and adds findings or adjusts lines through the
 * small API here; no rule reaches back into an earlier one.
 */
import type { TherapyCode } from "../codes/catalog.js";
import { normalizeCode } from "../codes/catalog.js";
import type { CodesFinding } from "../contract/result.js";
import type { PlanOfCare, Service, Visit } from "../contract/visit.js";
import { objectList } from "../object-list.js";
import { memoPair } from "../reference/memo.js";
import type { DayReference } from "../reference/reference.js";
import type { Discipline, RvuRow, UnitRule } from "../reference/types.js";
import { codesFinding, textFinding, type FindingTexts, type RaisedFinding } from "./findings.js";

export interface AuthorizationUse {
  visitsAllowed?: number;
  visitsUsed?: number;
  unitsAllowed?: number;
  unitsUsed?: number;
  start?: string;
  end?: string;
}

/** What the store knows about the patient beyond the visit JSON; it overrides the visit's fields. */
export interface ScrubHistory {
  otAllowedYearToDateCents?: number;
  ptSlpAllowedYearToDateCents?: number;
  treatmentDaysSinceProgressReport?: number;
  planOfCare?: PlanOfCare;
  authorization?: AuthorizationUse;
}

export interface WorkingService {
  index: number;
  input: Service;
  code: string;
  entry: TherapyCode | undefined;
  rvu: RvuRow | undefined;
  /** false once a code check decided the code cannot be on a claim at all */
  billable: boolean;
  path: string;
}

export interface WorkingLine {
  code: string;
  /** index of the first service the line came from */
  service: number;
  units: number;
  minutes?: number;
  assistantMinutes?: number;
  /** billed with CO/CQ */
  assistant: boolean;
  distinct: boolean;
  modifiers: string[];
  diagnosisPointers: number[];
  allowedCents?: number;
  paymentCents?: number;
  patientShareCents?: number;
  unitAllowedCents?: number[];
  mpprReducedUnits?: number;
  assistantPercent?: number;
}

export const DISCIPLINE_MODIFIER: Readonly<Record<Discipline, string>> = { OT: "GO", PT: "GP", SLP: "GN" };
export const DISCIPLINE_OF_MODIFIER: Readonly<Record<string, Discipline>> = { GO: "OT", GP: "PT", GN: "SLP" };
export const ASSISTANT_MODIFIER: Readonly<Partial<Record<Discipline, string>>> = { OT: "CO", PT: "CQ" };
export const DISTINCT_MODIFIERS: readonly string[] = ["59", "XE", "XS", "XP", "XU"];
export const TELEHEALTH_MODIFIER = "95";
export const TELEHEALTH_PLACES: readonly string[] = ["02", "10"];

/** The first discipline modifier (GO, GP, GN) on the visit's services. */
function disciplineOfModifiers(visit: Visit): Discipline | undefined {
  for (const service of visit.services) for (const modifier of service.modifiers ?? []) if (DISCIPLINE_OF_MODIFIER[modifier]) return DISCIPLINE_OF_MODIFIER[modifier];
  return undefined;
}

/** The words for a payer kind's default unit rule, made once a rule row (every visit of the kind says the same). */
const ruleSources = new WeakMap<object, Map<string, string>>();
function defaultRuleSource(kind: string, fallback: { source: string }): string {
  return memoPair(ruleSources, fallback, kind, () => `it is the default for ${kind} payers (data/policy/unit_rules.csv: ${fallback.source})`);
}

/** "services[i]", made once an index: every visit's services have the same few paths. */
const servicePaths: string[] = [];
function servicePath(index: number): string {
  return (servicePaths[index] ??= `services[${index}]`);
}

export class ScrubContext {
  readonly visit: Visit;
  readonly day: DayReference;
  readonly history: ScrubHistory;
  readonly discipline: Discipline;
  /** how the discipline was decided, for the explanation */
  readonly disciplineSource: string;
  readonly unitRule: UnitRule;
  readonly unitRuleSource: string;
  readonly services: WorkingService[];
  /** false for `--output codes`: findings are kept without their texts, which are never made */
  readonly texts: boolean;
  /** full findings when `texts`, else codes findings (a full finding is a codes finding with words) */
  readonly findings: CodesFinding[] = [];
  /** one element kind whether a visit has lines or not (src/object-list.ts) */
  lines: WorkingLine[] = objectList();
  timedMinutes = 0;
  timedUnits = 0;

  constructor(visit: Visit, day: DayReference, history: ScrubHistory = {}, texts = true) {
    this.visit = visit;
    this.texts = texts;
    this.day = day;
    this.history = history;
    const plan = this.planOfCare;
    const fromModifiers = visit.provider?.discipline || plan?.discipline ? undefined : disciplineOfModifiers(visit);
    if (visit.provider?.discipline) {
      this.discipline = visit.provider.discipline;
      this.disciplineSource = "the provider's discipline";
    } else if (plan?.discipline) {
      this.discipline = plan.discipline;
      this.disciplineSource = "the plan of care";
    } else if (fromModifiers) {
      this.discipline = fromModifiers;
      this.disciplineSource = "the discipline modifier on the lines";
    } else {
      this.discipline = "OT";
      this.disciplineSource = "otbill's default (no provider discipline, plan of care or discipline modifier given)";
    }
    const rule = visit.payer.unitRule;
    const fallback = day.unitRuleFor(visit.payer.kind);
    this.unitRule = rule ?? fallback?.unitRule ?? "ama";
    this.unitRuleSource = rule ? "the payer's own unitRule setting" : fallback ? defaultRuleSource(visit.payer.kind, fallback) : "it is otbill's default";
    // A loop into a list of one element kind, not map: a visit without services gave map's empty array of another kind.
    this.services = objectList();
    for (let index = 0; index < visit.services.length; index++) {
      const input = visit.services[index]!;
      const code = normalizeCode(input.code);
      this.services.push({
        index,
        input,
        code,
        entry: day.catalog.get(code),
        rvu: day.feeSchedule?.rows.get(code),
        billable: true,
        path: servicePath(index),
      });
    }
  }

  get planOfCare(): PlanOfCare | undefined {
    return this.history.planOfCare ?? this.visit.planOfCare;
  }

  get isMedicare(): boolean {
    return this.visit.payer.kind === "medicare";
  }

  /** Medicare and Medicare Advantage read the PFS status column for payability. */
  get followsMedicareStatus(): boolean {
    return this.visit.payer.kind === "medicare" || this.visit.payer.kind === "medicare-advantage";
  }

  get disciplineModifier(): string {
    return DISCIPLINE_MODIFIER[this.discipline];
  }

  /**
   * Raises a finding. Its texts come from a function, called at once when the output has
   * texts (so it reads the state of this moment) and never for `--output codes`.
   */
  add(raised: RaisedFinding, texts: () => FindingTexts): void {
    this.findings.push(this.texts ? textFinding(raised, texts()) : codesFinding(raised));
  }

  billableServices(): WorkingService[] {
    return this.services.filter((service) => service.billable);
  }

  linesOf(code: string): WorkingLine[] {
    return this.lines.filter((line) => line.code === code);
  }
}

export function addModifier(line: WorkingLine, modifier: string): boolean {
  if (line.modifiers.includes(modifier)) return false;
  line.modifiers.push(modifier);
  return true;
}

export function removeModifier(line: WorkingLine, modifier: string): boolean {
  const before = line.modifiers.length;
  line.modifiers = line.modifiers.filter((existing) => existing !== modifier);
  return line.modifiers.length !== before;
}
