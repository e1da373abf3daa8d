/**
 * A claim ready for a writer: the validated claim document, the scrub its lines came from,
 * and each line with its charge and line item control number. The 837P writer and the
 * CMS-1500 renderer read only this, so both print the same lines, charges and pointers.
 */
import type { ClaimDocument } from "../contract/claim-document.js";
import type { ScrubResult } from "../contract/result.js";
import type { IsoDate } from "../reference/dates.js";

export interface PreparedLine {
  /** REF*6R: unique within the interchange, echoed by the 835 (e.g. "C-1001-1") */
  lineId: string;
  code: string;
  /** the scrub's modifiers in its order (at most 4) */
  modifiers: string[];
  units: number;
  /** charge per unit from the charge master, integer cents */
  unitChargeCents: number;
  /** unitChargeCents x units: SV102 / item 24F */
  chargeCents: number;
  /** 1-based pointers into the claim's diagnoses (at most 4) */
  diagnosisPointers: number[];
  dateOfService: IsoDate;
  /** SV101-7 / the shaded supplemental line: required for unlisted codes (97039, 97139, 97799) */
  description?: string;
}

export interface PreparedClaim {
  document: ClaimDocument;
  scrub: ScrubResult;
  lines: PreparedLine[];
  /** CLM02 / item 28: the sum of the lines' charges */
  totalChargeCents: number;
  /** the visit's ICD-10-CM codes in claim order, as written (with dots); writers strip them */
  diagnoses: string[];
  /** what the document said that otbill ignored (unknown fields), each naming the claim; shown to the biller */
  warnings?: string[];
}
