/**
 * Where each item of the CMS-1500 (02/12) goes, as one table on the form's print grid.
 *
 * The red form is laid out for 10-pitch type: 10 characters per inch across and 6 lines per
 * inch down, so a position is a print line (1-66) and a print column (1-85). The rows and
 * columns below are the ones the pre-printed form's boxes hold on that grid, as the NUCC 1500
 * Reference Instruction Manual (02/12) describes the items and as long-used open-source
 * claim printers place them (OpenEMR's Hcfa1500 text layout uses the same line/column grid).
 * Each claim line takes two print lines: the shaded supplemental line above (lines 43, 45 ...)
 * and the service line below it (44, 46 ... 54).
 *
 * Page geometry (points, 72 per inch): column 1 starts 0.3 in from the left edge (the NUCC
 * printing specification's X offset to the first print position), and line 1's cell starts
 * 20 pt below the top edge, which puts line 8 (item 1's boxes) and line 61 (item 33a) inside
 * their rows on the printed form. Printers feed paper a little differently, so a calibration
 * offset moves everything; `--plain` draws the boxes on this same grid.
 */

export const POINTS_PER_INCH = 72;
export const PAGE_WIDTH = 8.5 * POINTS_PER_INCH;
export const PAGE_HEIGHT = 11 * POINTS_PER_INCH;
/** 10 characters per inch: 12 pt Courier's advance is 600/1000 em = 7.2 pt */
export const COLUMN_WIDTH = POINTS_PER_INCH / 10;
/** 6 lines per inch */
export const LINE_HEIGHT = POINTS_PER_INCH / 6;
export const FONT_SIZE = 12;
/** left edge of column 1, from the page's left edge */
export const LEFT_MARGIN = 0.3 * POINTS_PER_INCH;
/** top of line 1's cell, from the page's top edge */
export const TOP_MARGIN = 20;
/** the baseline sits this far above the bottom of its line's cell (Courier's descender at 12 pt is 3 pt) */
export const BASELINE_LIFT = 3;

/** A field: the print line, the first column, and how many characters fit. */
export interface GridField {
  line: number;
  column: number;
  width: number;
  /** numbers are right-aligned within the width (money) */
  align?: "left" | "right";
}

function at(line: number, column: number, width: number, align: "left" | "right" = "left"): GridField {
  return { line, column, width, align };
}

/** Where an "X" goes for each choice of a checkbox item. */
export type CheckboxRow<Choice extends string> = { line: number; columns: Record<Choice, number> };

export const PROGRAM_BOXES: CheckboxRow<"medicare" | "medicaid" | "tricare" | "champva" | "group" | "feca" | "other"> = {
  line: 8,
  columns: { medicare: 1, medicaid: 8, tricare: 15, champva: 24, group: 31, feca: 39, other: 45 },
};
export const PATIENT_SEX_BOXES: CheckboxRow<"M" | "F"> = { line: 10, columns: { M: 42, F: 47 } };
export const RELATIONSHIP_BOXES: CheckboxRow<"self" | "spouse" | "child" | "other"> = { line: 12, columns: { self: 33, spouse: 38, child: 42, other: 47 } };
export const EMPLOYMENT_BOXES: CheckboxRow<"yes" | "no"> = { line: 20, columns: { yes: 35, no: 41 } };
export const AUTO_ACCIDENT_BOXES: CheckboxRow<"yes" | "no"> = { line: 22, columns: { yes: 35, no: 41 } };
export const OTHER_ACCIDENT_BOXES: CheckboxRow<"yes" | "no"> = { line: 24, columns: { yes: 35, no: 41 } };
export const INSURED_SEX_BOXES: CheckboxRow<"M" | "F"> = { line: 20, columns: { M: 68, F: 75 } };
export const OTHER_PLAN_BOXES: CheckboxRow<"yes" | "no"> = { line: 26, columns: { yes: 52, no: 57 } };
export const OUTSIDE_LAB_BOXES: CheckboxRow<"yes" | "no"> = { line: 36, columns: { yes: 52, no: 57 } };
export const TAX_ID_BOXES: CheckboxRow<"ssn" | "ein"> = { line: 56, columns: { ssn: 17, ein: 19 } };
export const ASSIGNMENT_BOXES: CheckboxRow<"yes" | "no"> = { line: 56, columns: { yes: 38, no: 43 } };

/** The text fields of the claim (everything but item 24's lines). */
export const FIELDS = {
  // Carrier block, upper right above the form: payer name, address lines, city state ZIP.
  payerName: at(2, 41, 39),
  payerLine1: at(3, 41, 39),
  payerLine2: at(4, 41, 39),
  payerCityStateZip: at(5, 41, 39),
  insuredId: at(8, 50, 29), // 1a
  patientName: at(10, 1, 28), // 2
  patientBirthMonth: at(10, 31, 2), // 3
  patientBirthDay: at(10, 34, 2),
  patientBirthYear: at(10, 37, 4),
  insuredName: at(10, 50, 29), // 4
  patientStreet: at(12, 1, 28), // 5
  insuredStreet: at(12, 50, 29), // 7
  patientCity: at(14, 1, 24),
  patientState: at(14, 26, 3),
  insuredCity: at(14, 50, 23),
  insuredState: at(14, 74, 3),
  patientZip: at(16, 1, 12),
  patientPhoneArea: at(16, 15, 3),
  patientPhone: at(16, 19, 10),
  insuredZip: at(16, 50, 13),
  insuredPhoneArea: at(16, 65, 3),
  insuredPhone: at(16, 69, 10),
  otherInsuredName: at(18, 1, 28), // 9
  insuredGroup: at(18, 50, 29), // 11
  otherInsuredPolicy: at(20, 1, 28), // 9a
  insuredBirthMonth: at(20, 53, 2), // 11a
  insuredBirthDay: at(20, 56, 2),
  insuredBirthYear: at(20, 59, 4),
  autoAccidentState: at(22, 45, 2), // 10b
  otherInsuredPlan: at(26, 1, 28), // 9d
  patientSignature: at(29, 7, 24), // 12
  insuredSignature: at(29, 55, 24), // 13
  referringQualifier: at(34, 1, 2), // 17
  referringName: at(34, 4, 25),
  referringNpi: at(34, 33, 10), // 17b
  icdIndicator: at(37, 42, 1), // 21
  resubmissionCode: at(38, 50, 11), // 22
  originalReference: at(38, 62, 18),
  priorAuthorization: at(40, 50, 29), // 23
  taxId: at(56, 1, 15), // 25
  accountNumber: at(56, 23, 14), // 26
  totalCharge: at(56, 51, 9, "right"), // 28: dollars end in column 56, cents in 58-59
  billingPhoneArea: at(57, 66, 3), // 33 phone, in the caption line's parentheses
  billingPhone: at(57, 70, 9),
  facilityName: at(58, 23, 26), // 32
  billingName: at(58, 50, 29), // 33
  facilityStreet: at(59, 23, 26),
  billingStreet: at(59, 50, 29),
  physicianSignature: at(60, 1, 21), // 31
  facilityCityStateZip: at(60, 23, 26),
  billingCityStateZip: at(60, 50, 29),
  physicianSignatureDate: at(61, 6, 10),
  facilityNpi: at(61, 23, 10), // 32a
  billingNpi: at(61, 50, 10), // 33a
} satisfies Record<string, GridField>;

export type FieldName = keyof typeof FIELDS;

/** Item 21: twelve diagnoses A-L, four across on each of three lines. */
export function diagnosisField(index: number): GridField {
  return at(38 + Math.floor(index / 4), 3 + 13 * (index % 4), 8);
}

export const LINES_PER_PAGE = 6;

/** Item 24 line n (1-6): the service line and the shaded supplemental line above it. */
export function serviceLineRow(n: number): { supplemental: number; service: number } {
  return { supplemental: 41 + 2 * n, service: 42 + 2 * n };
}

/** Item 24's columns on a service line. */
export const SERVICE_COLUMNS = {
  fromMonth: at(0, 1, 2), // 24A from
  fromDay: at(0, 4, 2),
  fromYear: at(0, 7, 2),
  toMonth: at(0, 10, 2), // 24A to
  toDay: at(0, 13, 2),
  toYear: at(0, 16, 2),
  placeOfService: at(0, 19, 2), // 24B
  code: at(0, 25, 6), // 24D
  modifiers: [at(0, 33, 2), at(0, 36, 2), at(0, 39, 2), at(0, 42, 2)],
  pointers: at(0, 45, 4), // 24E
  charges: at(0, 50, 8, "right"), // 24F: dollars end in column 54, cents in 56-57
  units: at(0, 59, 3), // 24G
  renderingNpi: at(0, 68, 10), // 24J
  /** the shaded line from 24A to 24G: a qualifier and the supplemental information */
  supplemental: at(0, 1, 61),
} as const;

/** A point on the page (pdf-lib's origin is the bottom-left corner) for the start of a cell's baseline. */
export function baselineOf(line: number, column: number, offset: { x: number; y: number } = { x: 0, y: 0 }): { x: number; y: number } {
  return {
    x: LEFT_MARGIN + (column - 1) * COLUMN_WIDTH + offset.x,
    y: PAGE_HEIGHT - (TOP_MARGIN + line * LINE_HEIGHT - BASELINE_LIFT) - offset.y,
  };
}

/** The rectangle of grid cells from (line, column) to (lastLine, lastColumn), inclusive, in page points. */
export function cellRect(line: number, column: number, lastLine: number, lastColumn: number, offset: { x: number; y: number } = { x: 0, y: 0 }): { x: number; y: number; width: number; height: number } {
  const top = TOP_MARGIN + (line - 1) * LINE_HEIGHT + offset.y;
  const height = (lastLine - line + 1) * LINE_HEIGHT;
  return {
    x: LEFT_MARGIN + (column - 1) * COLUMN_WIDTH + offset.x,
    y: PAGE_HEIGHT - top - height,
    width: (lastColumn - column + 1) * COLUMN_WIDTH,
    height,
  };
}
