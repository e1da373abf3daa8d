import type { IsoDate } from "./dates.js";

export type Discipline = "OT" | "PT" | "SLP";
export type PayerKind = "medicare" | "medicare-advantage" | "medicaid" | "tricare" | "commercial" | "workers-comp" | "self-pay";
export type UnitRule = "cms" | "ama";

/** An effective period of a dated table row; `end` absent means still in force. */
export interface Period {
  start: IsoDate;
  end?: IsoDate;
}

/** One code's row of a year's PPRRVU file. RVUs in hundredths (0.45 -> 45). */
export interface RvuRow {
  code: string;
  description: string;
  status: string;
  workRvu: number;
  nonFacilityPeRvu: number;
  facilityPeRvu: number;
  mpRvu: number;
  /** MULT_PROC: 5 = therapy MPPR applies, 0 = no reduction, 9 = not applicable. */
  multipleProcedure: string;
  globalDays: string;
}

export interface FeeScheduleYear extends Period {
  year: number;
  release: string;
  file: string;
  rows: ReadonlyMap<string, RvuRow>;
  /** set when the year came from `otbill data import pprrvu` */
  importedAt?: string;
  /** false when only the therapy extract is loaded for the year (no SLP and splint rows) */
  hasExtraCodes?: boolean;
}

/** Conversion factor in ten-thousandths of a dollar (33.4009 -> 334009). */
export interface ConversionFactor extends Period {
  year: number;
  value: number;
  qualifyingApm: boolean;
  source: string;
}

/** Geographic practice cost indices in thousandths (1.000 -> 1000). */
export interface GpciRow {
  year: number;
  locality: string;
  mac: string;
  localityNumber: string;
  state: string;
  name: string;
  counties: string;
  workWithoutFloor?: number;
  workWithFloor: number;
  pe: number;
  mp: number;
}

export interface GpciYear extends Period {
  year: number;
  file: string;
  rows: ReadonlyMap<string, GpciRow>;
  /** Dates on which the 1.0 work floor applies; outside them the without-floor value. */
  workFloor?: Period & { source: string };
}

/** The GPCIs in force on one day for one locality (national: all 1000). */
export interface AppliedGpci {
  locality: string | undefined;
  name: string;
  work: number;
  pe: number;
  mp: number;
  workFloorApplied: boolean;
  year: number | undefined;
}

export interface KxThreshold {
  year: number;
  /** cents */
  ot: number;
  ptSlp: number;
  reviewOt: number;
  reviewPtSlp: number;
  source: string;
}

export interface PercentPeriod extends Period {
  percent: number;
  source: string;
}

export interface TelehealthPeriod extends Period {
  paysTherapists: boolean;
  source: string;
}

/** How telehealth shows the place of service: the in-person POS plus 95, or POS 02/10 plus 95. */
export interface TelehealthPlacePeriod extends Period {
  placeRule: "in-person" | "telehealth";
  source: string;
}

export interface UnitRuleDefault {
  payerKind: PayerKind;
  unitRule: UnitRule;
  source: string;
}

export interface PocRules {
  initialCertificationDays: number;
  recertificationDays: number;
  progressReportTreatmentDays: number;
  assistantDeMinimisPercent: number;
  maxModifiersPerLine: number;
  maxDiagnosesPerClaim: number;
  maxPointersPerLine: number;
  sources: Readonly<Record<string, string>>;
}

/**
 * "curated": otbill's own starter rows (data/otbill/); "curated-web": rows gathered from
 * public web pages (data/ncci/, secondary sources of uneven quality: their findings are
 * warnings naming the page); "imported": an official CMS release.
 */
export type EditOrigin = "curated" | "curated-web" | "imported";

export interface PtpEdit {
  column1: string;
  column2: string;
  effective: IsoDate;
  deleted?: IsoDate;
  /** "0" never together, "1" allowed with a distinct-service modifier, "9" not applicable (deleted). */
  modifierIndicator: "0" | "1" | "9";
  rationale: string;
  origin: EditOrigin;
  release: string;
  source: string;
}

export interface MueEdit {
  code: string;
  value: number;
  adjudicationIndicator: string;
  rationale: string;
  origin: EditOrigin;
  release: string;
  effective?: IsoDate;
  source: string;
}
