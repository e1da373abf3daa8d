/**
 * The immutable, indexed Reference. `reference.on(date)` answers with everything in
 * force on a date of service: that year's RVUs, the conversion factor (2024 has two),
 * GPCIs with the work floor only inside its dates, the KX threshold, the deductible,
 * the ICD-10-CM fiscal year and the NCCI edits. Day views are cached per date.
 */
import type { CodeCatalog } from "../codes/catalog.js";
import { normalizeIcd, type IcdCodeSet } from "../codes/icd.js";
import { icdForDate } from "../codes/icd-releases.js";
import { isWithin, parseIsoDate, yearOf, type IsoDate } from "./dates.js";
import { loadReferenceTables, type LoadOptions, type ReferenceTables } from "./load.js";
import type { NcciTables } from "./ncci.js";
import type { NonParticipatingPolicy } from "./nonpar.js";
import type {
  AppliedGpci,
  ConversionFactor,
  FeeScheduleYear,
  GpciRow,
  GpciYear,
  KxThreshold,
  PayerKind,
  PercentPeriod,
  PocRules,
  TelehealthPeriod,
  TelehealthPlacePeriod,
  UnitRuleDefault,
} from "./types.js";

export interface IcdForDay {
  codeSet: IcdCodeSet;
  fiscalYear: number;
  /** true when the date's own fiscal year is not loaded and another year answers */
  fallback: boolean;
}

const NATIONAL_GPCI = 1000;

/**
 * Applied GPCIs shared by every day of a GPCI year that applies them alike (same locality,
 * same side of the work floor's dates): pricing memoises each code's unit amount on the
 * object, so a batch over many dates computes a code's amount once a year and locality,
 * not once a date. Keyed by the year's table; the national object by the tables.
 */
const sharedGpcis = new WeakMap<object, Map<string, AppliedGpci>>();

function sharedGpci(owner: object, key: string, make: () => AppliedGpci): AppliedGpci {
  let byKey = sharedGpcis.get(owner);
  if (!byKey) sharedGpcis.set(owner, (byKey = new Map()));
  let gpci = byKey.get(key);
  if (!gpci) byKey.set(key, (gpci = make()));
  return gpci;
}

function inPeriod<T extends { start: IsoDate; end?: IsoDate }>(rows: readonly T[], date: IsoDate): T | undefined {
  return rows.find((row) => isWithin(date, row.start, row.end));
}

export class DayReference {
  readonly date: IsoDate;
  readonly year: number;
  readonly feeSchedule: FeeScheduleYear | undefined;
  readonly kxThreshold: KxThreshold | undefined;
  readonly deductibleCents: number | undefined;
  readonly deductibleSource: string | undefined;
  readonly icd: IcdForDay;
  readonly telehealth: TelehealthPeriod | undefined;
  /** how a telehealth visit's place of service is billed on this date */
  readonly telehealthPlace: TelehealthPlacePeriod | undefined;
  /** percent of the fee schedule paid for CO/CQ lines (100 before the reduction began) */
  readonly assistantPercentPaid: PercentPeriod | undefined;
  readonly mpprPePercentPaid: PercentPeriod | undefined;
  readonly sequestration: PercentPeriod | undefined;
  readonly coinsurance: PercentPeriod | undefined;
  /** non-participating provider percentages in force (95% fee schedule, 115% limiting charge) */
  readonly nonParticipating: NonParticipatingPolicy | undefined;
  private readonly tables: ReferenceTables;
  private readonly gpciYear: GpciYear | undefined;
  /** GPCIs per locality for this day: the same object each time, so pricing can memoise on it */
  private readonly appliedGpcis = new Map<string | undefined, AppliedGpci | undefined>();
  /** the conversion factors in force, by qualifying APM (false, true), found once a day */
  private readonly conversionFactors: [ConversionFactor | undefined | null, ConversionFactor | undefined | null] = [null, null];

  constructor(tables: ReferenceTables, date: IsoDate) {
    this.tables = tables;
    this.date = date;
    this.year = yearOf(date);
    this.feeSchedule = inPeriod(tables.feeSchedules, date);
    this.gpciYear = inPeriod(tables.gpciYears, date);
    this.kxThreshold = tables.kxThresholds.get(this.year);
    const deductible = tables.deductibles.get(this.year);
    this.deductibleCents = deductible?.cents;
    this.deductibleSource = deductible?.source;
    this.icd = DayReference.icdFor(tables.icdSets, date);
    this.telehealth = inPeriod(tables.telehealth, date);
    this.telehealthPlace = inPeriod(tables.telehealthPlaces, date);
    this.assistantPercentPaid = inPeriod(tables.assistantPayment, date);
    this.mpprPePercentPaid = inPeriod(tables.mpprPePaid, date);
    this.sequestration = inPeriod(tables.sequestration, date);
    this.coinsurance = inPeriod(tables.coinsurance, date);
    this.nonParticipating = inPeriod(tables.nonParticipating, date);
  }

  private static icdFor(sets: readonly IcdCodeSet[], date: IsoDate): IcdForDay {
    // shared with `otbill icd`, which loads the code sets without the rest (codes/icd-releases.ts)
    return icdForDate(sets, date);
  }

  get catalog(): CodeCatalog {
    return this.tables.catalog;
  }

  /** A later fiscal year that added a code this date's year lacks (M67.A01 on a FY2026 date). */
  icdAddedLater(code: string): { fiscalYear: number; start: IsoDate; description: string } | undefined {
    const key = normalizeIcd(code);
    for (const set of this.tables.icdSets) {
      if (set.release.fiscalYear <= this.icd.fiscalYear) continue;
      const description = set.changes.added.get(key);
      if (description !== undefined) return { fiscalYear: set.release.fiscalYear, start: set.release.start, description };
    }
    return undefined;
  }

  get ncci(): NcciTables {
    return this.tables.ncci;
  }

  get pocRules(): PocRules {
    return this.tables.pocRules;
  }

  /** The conversion factor in force; qualifying APM participants have their own from 2026. */
  conversionFactor(qualifyingApm = false): ConversionFactor | undefined {
    const slot = qualifyingApm ? 1 : 0;
    let found = this.conversionFactors[slot];
    if (found === null) {
      const candidates = this.tables.conversionFactors.filter((cf) => isWithin(this.date, cf.start, cf.end));
      found = candidates.find((cf) => cf.qualifyingApm === qualifyingApm) ?? candidates.find((cf) => !cf.qualifyingApm);
      this.conversionFactors[slot] = found;
    }
    return found;
  }

  /** The year's GPCI row for a MAC-locality ("01112-05"), or undefined when unknown. */
  gpciRow(locality: string): GpciRow | undefined {
    return this.gpciYear?.rows.get(locality);
  }

  get gpciYearLoaded(): boolean {
    return this.gpciYear !== undefined;
  }

  get workFloorPeriod(): GpciYear["workFloor"] {
    return this.gpciYear?.workFloor;
  }

  /**
   * GPCIs for pricing: national (1.000) without a locality; otherwise the locality's,
   * with the 1.0 work floor only inside the floor's dates. Undefined for an unknown locality.
   */
  gpci(locality: string | undefined): AppliedGpci | undefined {
    if (!this.appliedGpcis.has(locality)) this.appliedGpcis.set(locality, this.computeGpci(locality));
    return this.appliedGpcis.get(locality);
  }

  private computeGpci(locality: string | undefined): AppliedGpci | undefined {
    if (locality === undefined) {
      const year = this.gpciYear?.year;
      return sharedGpci(this.tables, `national ${year}`, () => ({ locality: undefined, name: "national", work: NATIONAL_GPCI, pe: NATIONAL_GPCI, mp: NATIONAL_GPCI, workFloorApplied: false, year }));
    }
    const row = this.gpciRow(locality);
    if (!row) return undefined;
    const floor = this.gpciYear?.workFloor;
    const floorApplies = floor === undefined || isWithin(this.date, floor.start, floor.end) || row.workWithoutFloor === undefined;
    return sharedGpci(this.gpciYear!, `${locality} ${floorApplies}`, () => {
      const work = floorApplies ? row.workWithFloor : (row.workWithoutFloor as number);
      return {
        locality,
        name: row.name,
        work,
        pe: row.pe,
        mp: row.mp,
        workFloorApplied: floorApplies && row.workWithoutFloor !== undefined && row.workWithFloor !== row.workWithoutFloor,
        year: row.year,
      };
    });
  }

  allLocalities(): readonly GpciRow[] {
    return this.gpciYear ? [...this.gpciYear.rows.values()] : [];
  }

  unitRuleFor(kind: PayerKind): UnitRuleDefault | undefined {
    return this.tables.unitRules.get(kind);
  }

  placeOfService(code: string): { code: string; description: string; unassigned: boolean } | undefined {
    return this.tables.placesOfService.get(code);
  }
}

export class Reference {
  readonly tables: ReferenceTables;
  private readonly days = new Map<string, DayReference>();

  constructor(tables: ReferenceTables) {
    this.tables = tables;
  }

  /** Everything in force on the date of service. Throws InputError for a non-date. */
  on(date: string): DayReference {
    let day = this.days.get(date);
    if (!day) {
      day = new DayReference(this.tables, parseIsoDate(date, "dateOfService"));
      if (this.days.size > 5000) this.days.clear();
      this.days.set(date, day);
    }
    return day;
  }

  get catalog(): CodeCatalog {
    return this.tables.catalog;
  }

  /** The newest ICD-10-CM code set loaded (for search without a date). */
  get latestIcd(): IcdCodeSet {
    const sets = [...this.tables.icdSets].sort((a, b) => b.release.fiscalYear - a.release.fiscalYear);
    return sets[0]!;
  }

  get feeScheduleYears(): readonly number[] {
    return this.tables.feeSchedules.map((schedule) => schedule.year);
  }
}

let shared: Reference | undefined;

/** Loads data/ once per process (the CLI and server share it). */
export function loadReference(options?: LoadOptions): Reference {
  if (options) return new Reference(loadReferenceTables(options));
  shared ??= new Reference(loadReferenceTables());
  return shared;
}
