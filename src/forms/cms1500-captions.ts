/**
 * The form itself, for plain paper (`--plain`): each item's box and caption on the same print
 * grid the data uses (cms1500-grid.ts), so a page printed on white paper reads like the red
 * form. The captions are the 02/12 form's, shortened where the form's own text runs long.
 * A box spans whole grid cells: from (line, column) to (lastLine, lastColumn), inclusive; its
 * caption sits in the box's first line, the data in its last.
 */
import { serviceLineRow } from "./cms1500-grid.js";

export interface FormBox {
  caption: string;
  line: number;
  column: number;
  lastLine: number;
  lastColumn: number;
}

/** A checkbox's label, printed just right of the box at (line, column). */
export interface CheckboxLabel {
  line: number;
  column: number;
  label: string;
  /** the label's side of the box; right unless the form prints it before the box */
  side?: "left" | "right";
}

function box(caption: string, line: number, column: number, lastLine: number, lastColumn: number): FormBox {
  return { caption, line, column, lastLine, lastColumn };
}

export const FORM_TITLE = "HEALTH INSURANCE CLAIM FORM";
export const FORM_SUBTITLE = "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12";
export const PLAIN_PAPER_NOTE = "PLAIN-PAPER COPY: NOT THE OCR RED FORM";

const LEFT = [1, 29] as const;
const MIDDLE = [30, 48] as const;
const RIGHT = [49, 79] as const;

export const FORM_BOXES: FormBox[] = [
  box("CARRIER: PAYER NAME AND ADDRESS", 1, 40, 5, RIGHT[1]),
  box("1. MEDICARE  MEDICAID  TRICARE  CHAMPVA  GROUP HEALTH PLAN  FECA BLK LUNG  OTHER", 7, LEFT[0], 8, MIDDLE[1]),
  box("1a. INSURED'S I.D. NUMBER (For Program in Item 1)", 7, RIGHT[0], 8, RIGHT[1]),
  box("2. PATIENT'S NAME (Last Name, First Name, Middle Initial)", 9, LEFT[0], 10, LEFT[1]),
  box("3. PATIENT'S BIRTH DATE MM DD YY / SEX", 9, MIDDLE[0], 10, MIDDLE[1]),
  box("4. INSURED'S NAME (Last Name, First Name, Middle Initial)", 9, RIGHT[0], 10, RIGHT[1]),
  box("5. PATIENT'S ADDRESS (No., Street)", 11, LEFT[0], 12, LEFT[1]),
  box("6. PATIENT RELATIONSHIP TO INSURED", 11, MIDDLE[0], 12, MIDDLE[1]),
  box("7. INSURED'S ADDRESS (No., Street)", 11, RIGHT[0], 12, RIGHT[1]),
  box("CITY", 13, LEFT[0], 14, 24),
  box("STATE", 13, 25, 14, LEFT[1]),
  box("8. RESERVED FOR NUCC USE", 13, MIDDLE[0], 16, MIDDLE[1]),
  box("CITY", 13, RIGHT[0], 14, 72),
  box("STATE", 13, 73, 14, RIGHT[1]),
  box("ZIP CODE", 15, LEFT[0], 16, 13),
  box("TELEPHONE (Include Area Code)", 15, 14, 16, LEFT[1]),
  box("ZIP CODE", 15, RIGHT[0], 16, 63),
  box("TELEPHONE (Include Area Code)", 15, 64, 16, RIGHT[1]),
  box("9. OTHER INSURED'S NAME", 17, LEFT[0], 18, LEFT[1]),
  box("10. IS PATIENT'S CONDITION RELATED TO:", 17, MIDDLE[0], 18, MIDDLE[1]),
  box("11. INSURED'S POLICY GROUP OR FECA NUMBER", 17, RIGHT[0], 18, RIGHT[1]),
  box("a. OTHER INSURED'S POLICY OR GROUP NUMBER", 19, LEFT[0], 20, LEFT[1]),
  box("a. EMPLOYMENT? (Current or Previous)", 19, MIDDLE[0], 20, MIDDLE[1]),
  box("a. INSURED'S DATE OF BIRTH MM DD YY / SEX", 19, RIGHT[0], 20, RIGHT[1]),
  box("b. RESERVED FOR NUCC USE", 21, LEFT[0], 22, LEFT[1]),
  box("b. AUTO ACCIDENT?  PLACE (State)", 21, MIDDLE[0], 22, MIDDLE[1]),
  box("b. OTHER CLAIM ID (Designated by NUCC)", 21, RIGHT[0], 22, RIGHT[1]),
  box("c. RESERVED FOR NUCC USE", 23, LEFT[0], 24, LEFT[1]),
  box("c. OTHER ACCIDENT?", 23, MIDDLE[0], 24, MIDDLE[1]),
  box("c. INSURANCE PLAN NAME OR PROGRAM NAME", 23, RIGHT[0], 24, RIGHT[1]),
  box("d. INSURANCE PLAN NAME OR PROGRAM NAME", 25, LEFT[0], 26, LEFT[1]),
  box("10d. CLAIM CODES (Designated by NUCC)", 25, MIDDLE[0], 26, MIDDLE[1]),
  box("d. IS THERE ANOTHER HEALTH BENEFIT PLAN?", 25, RIGHT[0], 26, RIGHT[1]),
  box("12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE  SIGNED / DATE", 27, LEFT[0], 29, MIDDLE[1]),
  box("13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE  SIGNED", 27, RIGHT[0], 29, RIGHT[1]),
  box("14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)", 31, LEFT[0], 32, LEFT[1]),
  box("15. OTHER DATE", 31, MIDDLE[0], 32, MIDDLE[1]),
  box("16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION", 31, RIGHT[0], 32, RIGHT[1]),
  box("17. NAME OF REFERRING PROVIDER OR OTHER SOURCE", 33, LEFT[0], 34, 28),
  box("17a.  17b. NPI", 33, 29, 34, MIDDLE[1]),
  box("18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES", 33, RIGHT[0], 34, RIGHT[1]),
  box("19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)", 35, LEFT[0], 36, MIDDLE[1]),
  box("20. OUTSIDE LAB?  $ CHARGES", 35, RIGHT[0], 36, RIGHT[1]),
  box("21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)", 37, LEFT[0], 40, MIDDLE[1]),
  box("22. RESUBMISSION CODE  ORIGINAL REF. NO.", 37, RIGHT[0], 38, RIGHT[1]),
  box("23. PRIOR AUTHORIZATION NUMBER", 39, RIGHT[0], 40, RIGHT[1]),
  // Item 24's column heads, over the six lines.
  box("24. A. DATE(S) OF SERVICE From  To", 41, 1, 42, 18),
  box("B. POS", 41, 19, 42, 21),
  box("C. EMG", 41, 22, 42, 24),
  box("D. PROCEDURES, SERVICES, OR SUPPLIES  CPT/HCPCS  MODIFIER", 41, 25, 42, 44),
  box("E. DIAGNOSIS POINTER", 41, 45, 42, 49),
  box("F. $ CHARGES", 41, 50, 42, 58),
  box("G. UNITS", 41, 59, 42, 62),
  box("H. EPSDT", 41, 63, 42, 64),
  box("I. QUAL", 41, 65, 42, 67),
  box("J. RENDERING PROVIDER ID. #", 41, 68, 42, RIGHT[1]),
  box("25. FEDERAL TAX I.D. NUMBER", 55, 1, 56, 21),
  box("26. PATIENT'S ACCOUNT NO.", 55, 22, 56, 36),
  box("27. ACCEPT ASSIGNMENT?", 55, 37, 56, 48),
  box("28. TOTAL CHARGE", 55, 49, 56, 60),
  box("29. AMOUNT PAID", 55, 61, 56, 70),
  box("30. Rsvd for NUCC Use", 55, 71, 56, RIGHT[1]),
  box("31. SIGNATURE OF PHYSICIAN OR SUPPLIER INCLUDING DEGREES OR CREDENTIALS", 57, 1, 61, 21),
  box("32. SERVICE FACILITY LOCATION INFORMATION", 57, 22, 60, 48),
  box("33. BILLING PROVIDER INFO & PH #", 57, RIGHT[0], 60, RIGHT[1]),
  box("a.", 61, 22, 61, 34),
  box("b.", 61, 35, 61, 48),
  box("a.", 61, RIGHT[0], 61, 61),
  box("b.", 61, 62, 61, RIGHT[1]),
];

/** The six service lines of item 24: the shaded supplemental line and the line below it. */
export function serviceLineBoxes(): { n: number; supplemental: number; service: number }[] {
  return [1, 2, 3, 4, 5, 6].map((n) => ({ n, ...serviceLineRow(n) }));
}

/** Item 24's vertical rules on a service line (the left edge of each column). */
export const SERVICE_RULES = [10, 19, 22, 25, 32, 45, 50, 59, 63, 65, 68];
/** The columns between dollars and cents where the form prints its dotted separators (24F, 28) */
export const CENTS_RULES: { column: number; from: number; to: number }[] = [
  { column: 55, from: 43, to: 54 },
  { column: 57, from: 55, to: 56 },
];

/** Small labels inside boxes: the ICD indicator and the letters A-L of item 21. */
export const FIELD_LABELS: CheckboxLabel[] = [
  { line: 37, column: 37, label: "ICD Ind." },
  ..."ABCDEFGHIJKL".split("").map((letter, index) => ({ line: 38 + Math.floor(index / 4), column: 1 + 13 * (index % 4), label: `${letter}.` })),
];

export const CHECKBOX_LABELS: CheckboxLabel[] = [
  { line: 8, column: 1, label: "Medicare" },
  { line: 8, column: 8, label: "Medicaid" },
  { line: 8, column: 15, label: "TRICARE" },
  { line: 8, column: 24, label: "CHAMPVA" },
  { line: 8, column: 31, label: "Group" },
  { line: 8, column: 39, label: "FECA" },
  { line: 8, column: 45, label: "Other" },
  { line: 10, column: 42, label: "M", side: "left" },
  { line: 10, column: 47, label: "F", side: "left" },
  { line: 12, column: 33, label: "Self", side: "left" },
  { line: 12, column: 38, label: "Spouse", side: "left" },
  { line: 12, column: 42, label: "Child", side: "left" },
  { line: 12, column: 47, label: "Other", side: "left" },
  ...[20, 22, 24].flatMap((line) => [
    { line, column: 35, label: "YES" },
    { line, column: 41, label: "NO" },
  ]),
  { line: 20, column: 68, label: "M", side: "left" },
  { line: 20, column: 75, label: "F", side: "left" },
  { line: 26, column: 52, label: "YES" },
  { line: 26, column: 57, label: "NO" },
  { line: 36, column: 52, label: "YES" },
  { line: 36, column: 57, label: "NO" },
  { line: 56, column: 17, label: "SSN", side: "left" },
  { line: 56, column: 19, label: "EIN" },
  { line: 56, column: 38, label: "YES" },
  { line: 56, column: 43, label: "NO" },
];
