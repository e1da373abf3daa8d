/**
 * A prepared claim -> the text of each CMS-1500 page, as (line, column, text) on the print
 * grid. Pure: no PDF here, so the placement of every item can be read and tested alone.
 *
 * Items follow the NUCC 1500 Reference Instruction Manual (02/12). A claim with more than six
 * lines continues on further pages; each page repeats the claim's items 1-23 and 25-33 so it
 * stands alone, and item 28 carries the total only on the last page ("CONTINUED" before it).
 * Free text the form has no room for (a long street, a long narrative) is cut at the box's
 * edge; an identifier that does not fit (member id, account number, authorization) is an
 * error, because a cut identifier names the wrong claim.
 */
import type { ClaimAddress } from "../contract/claim-document.js";
import { InputError } from "../errors.js";
import type { PreparedClaim, PreparedLine } from "../claims/prepared-claim.js";
import type { IsoDate } from "../reference/dates.js";
import { claimAssignment, relatedCauses } from "../x12/837p/codes.js";
import {
  ASSIGNMENT_BOXES,
  EMPLOYMENT_BOXES,
  AUTO_ACCIDENT_BOXES,
  OTHER_ACCIDENT_BOXES,
  FIELDS,
  INSURED_SEX_BOXES,
  LINES_PER_PAGE,
  OTHER_PLAN_BOXES,
  OUTSIDE_LAB_BOXES,
  PATIENT_SEX_BOXES,
  PROGRAM_BOXES,
  RELATIONSHIP_BOXES,
  SERVICE_COLUMNS,
  TAX_ID_BOXES,
  diagnosisField,
  serviceLineRow,
  type CheckboxRow,
  type FieldName,
  type GridField,
} from "./cms1500-grid.js";
import { addressText, cityStateZip, dateParts, fit, formText, icdText, moneyText, personName, phoneParts, pointerLetters, providerName, shortDate, zipText } from "./cms1500-format.js";

export interface PlacedText {
  line: number;
  column: number;
  text: string;
}

export interface LayoutOptions {
  /** item 31's date: the day the form is signed (printed) */
  signatureDate: IsoDate;
}

/** Codes whose claim line needs a narrative (NUCC 24 shaded area, qualifier ZZ; 837P SV101-7). */
const NARRATIVE_QUALIFIER = "ZZ";
const MAX_DIAGNOSES = 12;
/** 99,999.99: the most the five dollar columns of 24F and 28 hold */
const MAX_FORM_CENTS = 9_999_999;

type Program = keyof (typeof PROGRAM_BOXES)["columns"];

/**
 * Item 1: the program box for the visit's payer kind. A plan the insured holds through a group
 * (an employer's plan: the coverage has a group number) is "Group Health Plan"; other private
 * coverage, HMOs, Medicare Advantage plans and workers' compensation are "Other" (CMS Pub.
 * 100-04 ch. 26, item 1: "Other indicates health insurance including HMOs, commercial
 * insurance, automobile accident, liability, or workers' compensation").
 */
function programOf(kind: string, hasGroupNumber: boolean): Program {
  switch (kind) {
    case "medicare":
      return "medicare";
    case "medicaid":
      return "medicaid";
    case "tricare":
      return "tricare";
    case "commercial":
    case "medicare-advantage":
      return hasGroupNumber ? "group" : "other";
    default:
      return "other";
  }
}

class PageWriter {
  readonly placed: PlacedText[] = [];
  constructor(private readonly claimId: string) {}

  /** Writes free text, cut at the field's edge. */
  text(field: GridField, value: string | undefined, line = field.line): void {
    if (!value) return;
    const shown = value.length > field.width ? value.slice(0, field.width).trimEnd() : value;
    this.placed.push({ line, column: field.column, text: fit(shown, field.width, field.align) });
  }

  /** Writes an identifier or amount that must fit whole. */
  exact(field: GridField, value: string | undefined, path: string, line = field.line): void {
    if (!value) return;
    if (value.length > field.width) {
      throw new InputError("unprocessable", `${this.claimId}: ${path}: ${JSON.stringify(value)} has ${value.length} characters; the CMS-1500 box holds ${field.width}`, { path, value });
    }
    this.placed.push({ line, column: field.column, text: fit(value, field.width, field.align) });
  }

  check<Choice extends string>(row: CheckboxRow<Choice>, choice: Choice | undefined): void {
    if (choice === undefined) return;
    this.placed.push({ line: row.line, column: row.columns[choice], text: "X" });
  }

  field(name: FieldName, value: string | undefined): void {
    this.text(FIELDS[name], value);
  }
}

function writeAddress(page: PageWriter, address: ClaimAddress, street: FieldName, city: FieldName, state: FieldName, zip: FieldName): void {
  page.field(street, addressText([address.line1, address.line2].filter(Boolean).join(" ")));
  page.field(city, addressText(address.city));
  page.field(state, address.state);
  page.field(zip, zipText(address.zip));
}

function money(cents: number, claimId: string, path: string): string {
  if (cents > MAX_FORM_CENTS) {
    throw new InputError("unprocessable", `${claimId}: ${path}: ${(cents / 100).toFixed(2)} is more than the CMS-1500 charge boxes hold (99999.99)`, { path, value: cents / 100 });
  }
  return moneyText(cents);
}

/** Items 1-23 and 25-27, 29-33: the same on every page of a claim. */
function writeClaimItems(page: PageWriter, claim: PreparedClaim, options: LayoutOptions): void {
  const document = claim.document;
  const { subscriber, billingProvider, payer, visit } = document;
  const claimId = document.claimId;
  const patient = document.patient;
  // Items 10a, 12, 13, 27 and 31 say what the 837P's CLM06-CLM09 and CLM11 say, from the same rules.
  const assignment = claimAssignment(document);

  // Carrier block: the payer's name and address (NUCC "Carrier Block").
  page.field("payerName", formText(payer.name));
  if (payer.address) {
    page.field("payerLine1", addressText(payer.address.line1));
    if (payer.address.line2) page.field("payerLine2", addressText(payer.address.line2));
    page.text(payer.address.line2 ? FIELDS.payerCityStateZip : FIELDS.payerLine2, cityStateZip(payer.address));
  }

  page.check(PROGRAM_BOXES, programOf(visit.payer.kind, Boolean(subscriber.groupNumber))); // 1
  page.exact(FIELDS.insuredId, formText(subscriber.memberId), "subscriber.memberId"); // 1a

  // 2, 3, 5: the patient, who is the subscriber when `patient` is null.
  const person = patient ?? subscriber;
  page.field("patientName", personName(person.lastName, person.firstName));
  const birth = dateParts(person.birthDate as IsoDate);
  page.field("patientBirthMonth", birth.month);
  page.field("patientBirthDay", birth.day);
  page.field("patientBirthYear", birth.year);
  page.check(PATIENT_SEX_BOXES, person.sex === "U" ? undefined : person.sex);
  writeAddress(page, person.address, "patientStreet", "patientCity", "patientState", "patientZip");

  // 4, 7, 11, 11a: the insured (subscriber).
  page.field("insuredName", personName(subscriber.lastName, subscriber.firstName));
  page.check(RELATIONSHIP_BOXES, patient ? patient.relationship : "self"); // 6
  writeAddress(page, subscriber.address, "insuredStreet", "insuredCity", "insuredState", "insuredZip");
  // 11: the group number; Medicare asks for "NONE" when no insurance is primary to it (CMS Pub. 100-04 ch. 26, item 11).
  const group = subscriber.groupNumber ? formText(subscriber.groupNumber) : visit.payer.kind === "medicare" ? "NONE" : undefined;
  page.exact(FIELDS.insuredGroup, group, "subscriber.groupNumber");
  const insuredBirth = dateParts(subscriber.birthDate as IsoDate);
  page.field("insuredBirthMonth", insuredBirth.month);
  page.field("insuredBirthDay", insuredBirth.day);
  page.field("insuredBirthYear", insuredBirth.year);
  page.check(INSURED_SEX_BOXES, subscriber.sex === "U" ? undefined : subscriber.sex);
  // 9-9d other insured: blank, the claim document knows no other coverage.
  // 10a-c: a workers' compensation claim is employment related (CLM11-1 EM); no accidents are claimed.
  page.check(EMPLOYMENT_BOXES, relatedCauses(document) === "EM" ? "yes" : "no");
  page.check(AUTO_ACCIDENT_BOXES, "no");
  page.check(OTHER_ACCIDENT_BOXES, "no");
  // 11d: no other plan is known; Medicare leaves 11d blank (CMS Pub. 100-04 ch. 26).
  page.check(OTHER_PLAN_BOXES, visit.payer.kind === "medicare" ? undefined : "no");
  // 12: the release of information is signed and on file (CLM09 Y); 13: benefits are assigned (CLM08 Y).
  if (assignment.releaseOfInformation === "Y") page.field("patientSignature", "SIGNATURE ON FILE");
  if (assignment.benefitsAssigned) page.field("insuredSignature", "SIGNATURE ON FILE");

  // 17, 17b: the certifying physician as referring provider (qualifier DN).
  const referring = document.referringProvider;
  if (referring) {
    page.field("referringQualifier", "DN");
    page.field("referringName", providerName(referring.firstName, referring.lastName));
    page.field("referringNpi", referring.npi);
  }
  page.check(OUTSIDE_LAB_BOXES, "no"); // 20: no purchased services

  // 21: ICD-10 indicator 0 and the codes A-L without dots.
  page.field("icdIndicator", "0");
  if (claim.diagnoses.length > MAX_DIAGNOSES) {
    throw new InputError("unprocessable", `${claimId}: visit.diagnoses: ${claim.diagnoses.length} diagnoses; a claim carries at most ${MAX_DIAGNOSES} (A-L)`, { path: "visit.diagnoses" });
  }
  claim.diagnoses.forEach((code, index) => page.text(diagnosisField(index), icdText(code)));

  // 22: resubmission code 7 (replacement) or 8 (void) and the payer's claim control number.
  if (document.frequency !== "1") {
    page.field("resubmissionCode", document.frequency);
    page.exact(FIELDS.originalReference, document.payerClaimControlNumber ?? undefined, "payerClaimControlNumber");
  }
  page.exact(FIELDS.priorAuthorization, document.priorAuthorization ? formText(document.priorAuthorization) : undefined, "priorAuthorization"); // 23

  // 25: the EIN, with the EIN box.
  page.field("taxId", billingProvider.taxId);
  page.check(TAX_ID_BOXES, "ein");
  page.exact(FIELDS.accountNumber, formText(claimId), "claimId"); // 26
  // 27: accept assignment (CLM07): a participating provider does by agreement.
  page.check(ASSIGNMENT_BOXES, assignment.acceptsAssignment ? "yes" : "no");

  // 31: the provider's signature on file (CLM06) and the date the form is signed.
  if (assignment.providerSignatureOnFile) page.field("physicianSignature", "SIGNATURE ON FILE");
  page.field("physicianSignatureDate", shortDate(options.signatureDate));

  // 32, 32a: where the service was furnished; the practice's own office when none is named
  // (Medicare wants item 32 for every place of service but the patient's home, 12).
  const facility = document.serviceFacility ?? (visit.placeOfService === "12" ? null : { name: billingProvider.name, address: billingProvider.address });
  if (facility) {
    page.field("facilityName", formText(facility.name));
    page.field("facilityStreet", addressText([facility.address.line1, facility.address.line2].filter(Boolean).join(" ")));
    page.field("facilityCityStateZip", cityStateZip(facility.address));
    if ("npi" in facility && facility.npi) page.field("facilityNpi", facility.npi);
  }

  // 33, 33a: the billing provider.
  if (billingProvider.phone) {
    const phone = phoneParts(billingProvider.phone);
    page.field("billingPhoneArea", phone.area);
    page.field("billingPhone", phone.number);
  }
  page.field("billingName", formText(billingProvider.name));
  page.field("billingStreet", addressText([billingProvider.address.line1, billingProvider.address.line2].filter(Boolean).join(" ")));
  page.field("billingCityStateZip", cityStateZip(billingProvider.address));
  page.field("billingNpi", billingProvider.npi);
}

/** One line of item 24 at position n (1-6) on its page. */
function writeServiceLine(page: PageWriter, claim: PreparedClaim, line: PreparedLine, n: number, index: number): void {
  const { supplemental, service } = serviceLineRow(n);
  const columns = SERVICE_COLUMNS;
  const claimId = claim.document.claimId;
  if (line.description) page.text(columns.supplemental, `${NARRATIVE_QUALIFIER}${formText(line.description)}`, supplemental);
  const date = dateParts(line.dateOfService);
  page.text(columns.fromMonth, date.month, service);
  page.text(columns.fromDay, date.day, service);
  page.text(columns.fromYear, date.shortYear, service);
  page.text(columns.toMonth, date.month, service);
  page.text(columns.toDay, date.day, service);
  page.text(columns.toYear, date.shortYear, service);
  page.text(columns.placeOfService, claim.document.visit.placeOfService ?? "11", service);
  page.exact(columns.code, line.code, `lines[${index}].code`, service);
  if (line.modifiers.length > columns.modifiers.length) {
    throw new InputError("unprocessable", `${claimId}: lines[${index}].modifiers: ${line.modifiers.length} modifiers; 24D holds 4`, { path: `lines[${index}].modifiers` });
  }
  line.modifiers.forEach((modifier, position) => page.exact(columns.modifiers[position]!, modifier, `lines[${index}].modifiers[${position}]`, service));
  page.exact(columns.pointers, pointerLetters(line.diagnosisPointers), `lines[${index}].diagnosisPointers`, service);
  page.exact(columns.charges, money(line.chargeCents, claimId, `lines[${index}].charge`), `lines[${index}].charge`, service);
  page.exact(columns.units, String(line.units), `lines[${index}].units`, service);
  page.text(columns.renderingNpi, claim.document.renderingProvider?.npi, service);
}

/** The pages of one claim: six lines a page, the total on the last. */
export function layoutClaim(claim: PreparedClaim, options: LayoutOptions): PlacedText[][] {
  const claimId = claim.document.claimId;
  const pageCount = Math.max(1, Math.ceil(claim.lines.length / LINES_PER_PAGE));
  const pages: PlacedText[][] = [];
  for (let pageIndex = 0; pageIndex < pageCount; pageIndex++) {
    const page = new PageWriter(claimId);
    writeClaimItems(page, claim, options);
    const first = pageIndex * LINES_PER_PAGE;
    claim.lines.slice(first, first + LINES_PER_PAGE).forEach((line, position) => writeServiceLine(page, claim, line, position + 1, first + position));
    const last = pageIndex === pageCount - 1;
    page.exact(FIELDS.totalCharge, last ? money(claim.totalChargeCents, claimId, "totalCharge") : "CONTINUED", "totalCharge");
    pages.push(page.placed);
  }
  return pages;
}

/**
 * A page's placements as its print lines (line 1 first), each character in its column, the
 * way a 10-pitch printer would receive the page. Two values in one cell are a layout bug.
 */
export function pageLines(placed: readonly PlacedText[]): string[] {
  const lines: string[][] = [];
  for (const item of placed) {
    const row = (lines[item.line - 1] ??= []);
    for (let index = 0; index < item.text.length; index++) {
      const column = item.column - 1 + index;
      const character = item.text[index]!;
      if (character === " ") continue;
      if (row[column] !== undefined && row[column] !== " ") throw new Error(`CMS-1500 layout: line ${item.line} column ${column + 1} is taken (${JSON.stringify(item.text)})`);
      row[column] = character;
    }
  }
  return Array.from(lines, (row) => Array.from(row ?? [], (character) => character ?? " ").join("").trimEnd());
}
