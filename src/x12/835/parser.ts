/**
 * The 835 health care claim payment/advice (005010X221A1) as a state machine over
 * segments: header (BPR, TRN, payer N1*PR loop 1000A, payee N1*PE loop 1000B), claim
 * payments (LX 2000, CLP 2100 with CAS, NM1, MIA/MOA, DTM, AMT), service payments (SVC
 * 2110 with DTM, CAS, REF*6R, AMT*B6, LQ*HE) and the provider-level adjustments (PLB).
 * A claim is handed out when the next CLP, LX, PLB or SE closes it, so memory holds one
 * claim at a time whatever the file's size.
 */
import type { X12Warning } from "./errors.js";
import { balanceClaim } from "./balance.js";
import { cents, centsIn, date, dateIn, fail, optional, quantity, quantityIn, required, value } from "./elements.js";
import { segmentOf, type Delimiters, type Segment, type SegmentReader } from "./reader.js";
import type { Adjustment, ClaimPayment, ClaimStatusName, Party, Person, ProviderAdjustment, RemittanceEvent, ServicePayment, TransactionHeader } from "./types.js";

/** CLP02 claim status codes (005010X221A1 2100 CLP02). */
export const CLAIM_STATUS: Record<string, ClaimStatusName> = {
  "1": "processed-primary",
  "2": "processed-secondary",
  "3": "processed-tertiary",
  "4": "denied",
  "19": "forwarded",
  "20": "forwarded",
  "21": "forwarded",
  "22": "reversal",
  "23": "not-our-claim",
};

/** CAS01 claim adjustment group codes. */
export const ADJUSTMENT_GROUPS: ReadonlySet<string> = new Set(["CO", "PR", "OA", "PI", "CR"]);

/** Every segment 005010X221A1 and its envelope can carry; anything else is an error. */
const KNOWN = new Set(["ISA", "IEA", "GS", "GE", "TA1", "ST", "SE", "BPR", "NTE", "TRN", "CUR", "REF", "DTM", "N1", "N2", "N3", "N4", "PER", "RDM", "LX", "TS3", "TS2", "CLP", "CAS", "NM1", "MIA", "MOA", "AMT", "QTY", "SVC", "LQ", "PLB"]);

type Place = "outside" | "interchange" | "group" | "header" | "payer" | "payee" | "lx" | "claim" | "service" | "summary";

/** Segments of each place that stay in it (the rest move to another place or are out of order). */
const STAYS: Record<Place, ReadonlySet<string>> = {
  outside: new Set(),
  interchange: new Set(["TA1"]),
  group: new Set(),
  header: new Set(["NTE", "TRN", "CUR", "REF", "DTM"]),
  payer: new Set(["N2", "N3", "N4", "REF", "PER"]),
  payee: new Set(["N2", "N3", "N4", "REF", "RDM"]),
  lx: new Set(["TS3", "TS2"]),
  claim: new Set(["CAS", "NM1", "MIA", "MOA", "REF", "DTM", "PER", "AMT", "QTY"]),
  service: new Set(["DTM", "CAS", "REF", "AMT", "QTY", "LQ"]),
  summary: new Set(),
};

/** CAS01 when it is one of ADJUSTMENT_GROUPS (the same string), else undefined. */
function groupCode(text: string, start: number, end: number): string | undefined {
  if (end - start !== 2) return undefined;
  switch ((text.charCodeAt(start) << 8) | text.charCodeAt(start + 1)) {
    case 0x434f:
      return "CO";
    case 0x5052:
      return "PR";
    case 0x4f41:
      return "OA";
    case 0x5049:
      return "PI";
    case 0x4352:
      return "CR";
    default:
      return undefined;
  }
}

export interface ParserOptions {
  file?: string;
}

function person(segment: Segment): Person {
  const result: Person = {};
  const last = optional(segment, 3);
  const first = optional(segment, 4);
  const middle = optional(segment, 5);
  const qualifier = optional(segment, 8);
  const id = optional(segment, 9);
  if (last) result.lastName = last;
  if (first) result.firstName = first;
  if (middle) result.middleName = middle;
  if (qualifier) result.idQualifier = qualifier;
  if (id) result.id = id.trim();
  return result;
}

function party(segment: Segment): Party {
  const result: Party = {};
  const name = optional(segment, 2);
  const qualifier = optional(segment, 3);
  const id = optional(segment, 4);
  if (name) result.name = name;
  if (qualifier) result.idQualifier = qualifier;
  if (id) result.id = id;
  return result;
}

/** CLP06-09: the claim's optional fields, kept only when the payer sent them. */
const CLP_OPTIONAL_FIELDS: readonly [number, "filingIndicator" | "payerClaimControlNumber" | "facilityCode" | "frequency"][] = [
  [6, "filingIndicator"],
  [7, "payerClaimControlNumber"],
  [8, "facilityCode"],
  [9, "frequency"],
];

/** A claim payment as its CLP opens it: no adjustments, remarks or lines yet, balanced until it closes. */
function newClaimPayment(opened: Pick<ClaimPayment, "claimId" | "statusCode" | "status" | "chargeCents" | "paidCents" | "patientResponsibilityCents" | "transaction" | "segment" | "offset">): ClaimPayment {
  return {
    type: "claim",
    claimId: opened.claimId,
    statusCode: opened.statusCode,
    status: opened.status,
    chargeCents: opened.chargeCents,
    paidCents: opened.paidCents,
    patientResponsibilityCents: opened.patientResponsibilityCents,
    adjustments: [],
    remarks: [],
    lines: [],
    balanced: true,
    imbalanceCents: 0,
    patientResponsibilityImbalanceCents: 0,
    problems: [],
    transaction: opened.transaction,
    segment: opened.segment,
    offset: opened.offset,
  };
}

export class RemittanceParser {
  readonly warnings: X12Warning[] = [];
  private place: Place = "outside";
  private header: TransactionHeader | undefined;
  private claim: ClaimPayment | undefined;
  private service: ServicePayment | undefined;
  private claimCount = 0;
  private claimsPaidCents = 0;
  private plbCents = 0;
  private interchange: { control: string; groups: number; segment: Segment } | undefined;
  private group: { control: string; transactions: number; segment: Segment } | undefined;
  private sawEnvelope = false;
  private readonly file: string | undefined;
  private readonly component: number;
  /** The chunk being read by `pushRecords`: its text, its records (SegmentReader.marks) and the byte offset of its start. */
  private text = "";
  private marks: Int32Array = new Int32Array(0);
  private base = 0;

  constructor(
    private readonly delimiters: Delimiters,
    options: ParserOptions = {},
  ) {
    this.file = options.file;
    this.component = delimiters.component.charCodeAt(0);
  }

  private warn(segment: Segment, message: string, element?: number): void {
    this.warnings.push({ file: this.file, segment: segment.ordinal, segmentId: segment.id, offset: segment.offset, ...(element !== undefined ? { element: `${segment.id}${String(element).padStart(2, "0")}` } : {}), message });
  }

  /** Takes one segment; pushes onto `out` whatever it completes. */
  push(segment: Segment, out: RemittanceEvent[]): void {
    const { id } = segment;
    if (!KNOWN.has(id)) fail(segment, this.file, `unknown segment ${id}: 005010X221A1 has no such segment`);
    if (STAYS[this.place].has(id)) return this.within(segment);
    switch (id) {
      case "ISA":
        return this.openInterchange(segment);
      case "IEA":
        return this.closeInterchange(segment);
      case "GS":
        return this.openGroup(segment);
      case "GE":
        return this.closeGroup(segment);
      case "ST":
        return this.openTransaction(segment);
      case "SE":
        return this.closeTransaction(segment, out);
      case "BPR":
        if (this.place !== "header" || this.header!.handling !== undefined) break;
        return this.payment(segment);
      case "N1":
        return this.name(segment);
      case "LX":
        if (!this.header) break;
        this.closeClaim(out);
        this.place = "lx";
        return;
      case "CLP":
        if (this.place === "payer" || this.place === "payee") {
          // LX is required before the first claim, but some payers leave it out; the claim still reads.
          this.warn(segment, "CLP without a preceding LX (header number)");
        } else if (this.place !== "lx" && this.place !== "claim" && this.place !== "service") break;
        this.closeClaim(out);
        return this.openClaim(segment);
      case "SVC":
        if (this.place !== "claim" && this.place !== "service") break;
        return this.openService(segment);
      case "PLB":
        if (!this.header || this.place === "header") break;
        this.closeClaim(out);
        this.place = "summary";
        return this.providerAdjustment(segment, out);
    }
    fail(segment, this.file, `${id} is out of place here (after ${this.place === "outside" ? "the start of the file" : `the ${this.place} segments`})`);
  }

  /**
   * Takes the segments a SegmentReader has scanned (its records), as `push` would take
   * them one by one; returns where the last record starts in `marks`. The segments a
   * remittance repeats (CLP, CAS, NM1, SVC, DTM, REF, AMT, LQ, LX) are read by the fast
   * methods below from the characters, making strings only of the values kept; each
   * returns false, having changed nothing, when `push` must read the segment instead: the
   * other segments, and any with something to report, go through `push` as Segment
   * objects, so every message and location stays the same.
   */
  pushRecords(reader: SegmentReader, out: RemittanceEvent[]): number {
    const text = (this.text = reader.recordText);
    const marks = (this.marks = reader.marks);
    this.base = reader.recordBase;
    const records = reader.records;
    let ordinal = reader.recordOrdinal;
    let at = 0;
    let last = 0;
    for (let index = 0; index < records; index++) {
      last = at;
      const count = marks[at]!;
      // The segment id as a number, its characters' codes side by side: CAS is 0x434153.
      const start = marks[at + 1]!;
      const id = (text.charCodeAt(start) << 16) | (text.charCodeAt(start + 1) << 8) | (marks[at + 2]! - 1 - start === 3 ? text.charCodeAt(start + 2) : 0);
      const place = this.place;
      // Inside a claim payment (at its CLP or one of its SVCs): where CAS, DTM, SVC, REF and AMT belong.
      const inClaim = place === "claim" || place === "service";
      let done = false;
      switch (id) {
        case 0x434153: // CAS
          done = inClaim && this.fastAdjustments(at, count, ordinal);
          break;
        case 0x44544d: // DTM
          done = inClaim && this.fastDate(at, count);
          break;
        case 0x535643: // SVC
          done = inClaim && this.fastService(at, count, ordinal);
          break;
        case 0x524546: // REF
          done = inClaim && this.fastReference(at, count);
          break;
        case 0x414d54: // AMT
          done = inClaim && this.fastAmount(at, count);
          break;
        case 0x434c50: // CLP
          done = (place === "lx" || inClaim) && this.fastClaimStart(at, count, ordinal, out);
          break;
        case 0x4e4d31: // NM1
          done = place === "claim" && this.fastPerson(at, count);
          break;
        case 0x4c5100: // LQ
          done = place === "service" && this.fastRemark(at, count);
          break;
        case 0x4c5800: // LX
          if (this.header) {
            this.closeClaim(out);
            this.place = "lx";
            done = true;
          }
          break;
      }
      // Anything else, or anything to report: the segment as a Segment, to `push`.
      if (!done) this.push(this.segmentAt(at, ordinal), out);
      at += count + 2;
      ordinal++;
    }
    return last;
  }

  private segmentAt(at: number, ordinal: number): Segment {
    return segmentOf(this.text, this.marks, at, ordinal, this.base);
  }

  private fastReference(at: number, count: number): boolean {
    // Only REF*6R of a service line is kept.
    if (this.place !== "service" || !this.is(at, count, 1, 0x36, 0x52)) return true;
    const line = this.element(at, count, 2);
    if (line === undefined) return false;
    this.service!.lineId = line;
    return true;
  }

  private fastAmount(at: number, count: number): boolean {
    const amount = this.amount(at, count, 2);
    if (amount === undefined) return false;
    if (this.place === "service" && this.is(at, count, 1, 0x42, 0x36)) this.service!.allowedCents = amount;
    return true;
  }

  private fastClaimStart(at: number, count: number, ordinal: number, out: RemittanceEvent[]): boolean {
    this.closeClaim(out);
    if (!this.fastClaim(at, count, ordinal)) this.openClaim(this.segmentAt(at, ordinal));
    return true;
  }

  private fastRemark(at: number, count: number): boolean {
    if (!this.is(at, count, 1, 0x48, 0x45)) return true;
    const remark = this.element(at, count, 2);
    if (remark === undefined) return false;
    this.service!.remarks.push(remark);
    return true;
  }

  /** Element `index` of the record as a string, undefined when empty or absent (optional()). */
  private element(at: number, count: number, index: number): string | undefined {
    if (index >= count) return undefined;
    const start = this.marks[at + 1 + index]!;
    const end = this.marks[at + 2 + index]! - 1;
    return start < end ? this.text.slice(start, end) : undefined;
  }

  /** Element `index` of the record is the two characters `first` `second`. */
  private is(at: number, count: number, index: number, first: number, second: number): boolean {
    if (index >= count) return false;
    const start = this.marks[at + 1 + index]!;
    return this.marks[at + 2 + index]! - 1 - start === 2 && this.text.charCodeAt(start) === first && this.text.charCodeAt(start + 1) === second;
  }

  /** Amount element `index` in cents; undefined when absent, empty or not an amount. */
  private amount(at: number, count: number, index: number): number | undefined {
    if (index >= count) return undefined;
    const start = this.marks[at + 1 + index]!;
    const end = this.marks[at + 2 + index]! - 1;
    return start < end ? centsIn(this.text, start, end) : undefined;
  }

  private fastAdjustments(at: number, count: number, ordinal: number): boolean {
    if (count < 2) return false;
    const text = this.text;
    const marks = this.marks;
    const groupStart = marks[at + 2]!;
    const group = groupCode(text, groupStart, marks[at + 3]! - 1);
    if (group === undefined) return false;
    const target = this.place === "service" ? this.service!.adjustments : this.claim!.adjustments;
    const before = target.length;
    // Up to six reason / amount / quantity triples: CAS02-04, 05-07, ... 17-19.
    for (let index = 2; index <= 17 && index < count; index += 3) {
      const reasonStart = marks[at + 1 + index]!;
      const reasonEnd = marks[at + 2 + index]! - 1;
      const amountStart = index + 1 < count ? marks[at + 2 + index]! : 0;
      const amountEnd = index + 1 < count ? marks[at + 3 + index]! - 1 : 0;
      if (reasonStart >= reasonEnd && amountStart >= amountEnd) continue;
      const amountCents = reasonStart < reasonEnd && amountStart < amountEnd ? centsIn(text, amountStart, amountEnd) : undefined;
      if (amountCents === undefined) {
        target.length = before;
        return false;
      }
      const adjustment: Adjustment = { group, reason: text.slice(reasonStart, reasonEnd), amountCents };
      if (index + 2 < count) {
        const quantityStart = marks[at + 3 + index]!;
        const quantityEnd = marks[at + 4 + index]! - 1;
        if (quantityStart < quantityEnd) {
          const units = quantityIn(text, quantityStart, quantityEnd);
          if (units === undefined) {
            target.length = before;
            return false;
          }
          adjustment.quantity = units;
        }
      }
      target.push(adjustment);
    }
    if (count > 20) this.warn(this.segmentAt(at, ordinal), `CAS has ${count - 1} elements; it has room for six triples (19)`);
    return true;
  }

  private fastDate(at: number, count: number): boolean {
    let when: string | undefined;
    if (count > 2) {
      const start = this.marks[at + 3]!;
      const end = this.marks[at + 4]! - 1;
      if (start < end) {
        when = dateIn(this.text, start, end);
        if (when === undefined) return false;
      }
    }
    if (when === undefined || count < 2) return true;
    const text = this.text;
    const start = this.marks[at + 2]!;
    if (this.marks[at + 3]! - 1 - start !== 3) return true;
    const qualifier = (text.charCodeAt(start) << 16) | (text.charCodeAt(start + 1) << 8) | text.charCodeAt(start + 2);
    if (this.place === "claim") {
      const claim = this.claim;
      if (!claim) return true;
      if (qualifier === 0x303530) claim.receivedDate = when; // 050
      else if (qualifier === 0x323332) claim.statementFrom = when; // 232
      else if (qualifier === 0x323333) claim.statementTo = when; // 233
    } else {
      const service = this.service;
      if (!service) return true;
      if (qualifier === 0x343732 || qualifier === 0x313530) service.serviceDate = when; // 472, 150
      else if (qualifier === 0x313531) service.serviceDateTo = when; // 151
    }
    return true;
  }

  private fastClaim(at: number, count: number, ordinal: number): boolean {
    const statusCode = this.element(at, count, 2);
    const claimId = this.element(at, count, 1);
    const chargeCents = this.amount(at, count, 3);
    const paidCents = this.amount(at, count, 4);
    if (statusCode === undefined || claimId === undefined || chargeCents === undefined || paidCents === undefined) return false;
    let patientResponsibilityCents = 0;
    if (count > 5 && this.marks[at + 6]! < this.marks[at + 7]! - 1) {
      const cents = this.amount(at, count, 5);
      if (cents === undefined) return false;
      patientResponsibilityCents = cents;
    }
    const status = CLAIM_STATUS[statusCode] ?? "unknown";
    if (status === "unknown") this.warn(this.segmentAt(at, ordinal), `CLP02 ${statusCode} is not a claim status code`, 2);
    const claim = newClaimPayment({ claimId, statusCode, status, chargeCents, paidCents, patientResponsibilityCents, transaction: this.header!, segment: ordinal, offset: this.base + this.marks[at + 1]! });
    for (const [index, field] of CLP_OPTIONAL_FIELDS) {
      const text = this.element(at, count, index);
      if (text) claim[field] = text;
    }
    this.claim = claim;
    this.service = undefined;
    this.place = "claim";
    return true;
  }

  private fastPerson(at: number, count: number): boolean {
    if (count < 2) return false;
    const start = this.marks[at + 2]!;
    if (this.marks[at + 3]! - 1 - start !== 2) return false;
    const entity = (this.text.charCodeAt(start) << 8) | this.text.charCodeAt(start + 1);
    // QC, IL, 74, 82, TT, PR; anything else is warned about by claimPerson.
    if (entity !== 0x5143 && entity !== 0x494c && entity !== 0x3734 && entity !== 0x3832 && entity !== 0x5454 && entity !== 0x5052) return false;
    const who: Person = {};
    const last = this.element(at, count, 3);
    const first = this.element(at, count, 4);
    const middle = this.element(at, count, 5);
    const qualifier = this.element(at, count, 8);
    const id = this.element(at, count, 9);
    if (last) who.lastName = last;
    if (first) who.firstName = first;
    if (middle) who.middleName = middle;
    if (qualifier) who.idQualifier = qualifier;
    if (id) who.id = id.trim();
    const claim = this.claim!;
    if (entity === 0x5143) claim.patient = who;
    else if (entity === 0x494c) claim.insured = who;
    else if (entity === 0x3734) claim.correctedPatient = who;
    else if (entity === 0x3832) claim.renderingProvider = who;
    else if (entity === 0x5454) claim.crossoverCarrier = { ...(who.lastName ? { name: who.lastName } : {}), ...(who.id ? { id: who.id } : {}) };
    else claim.correctedPayer = { ...(who.lastName ? { name: who.lastName } : {}), ...(who.id ? { id: who.id } : {}) };
    return true;
  }

  private fastService(at: number, count: number, ordinal: number): boolean {
    if (count < 2) return false;
    const text = this.text;
    const component = this.component;
    const from = this.marks[at + 2]!;
    const end = this.marks[at + 3]! - 1;
    // SVC01: qualifier : code : up to four modifiers
    let cut = from;
    while (cut < end && text.charCodeAt(cut) !== component) cut++;
    if (cut >= end) return false;
    let next = cut + 1;
    while (next < end && text.charCodeAt(next) !== component) next++;
    if (next === cut + 1) return false;
    const qualifier = text.slice(from, cut);
    const code = text.slice(cut + 1, next);
    // Up to four modifiers, the empty ones left out; the array made at its size (most lines have one or two).
    let first: string | undefined;
    let second: string | undefined;
    let more: string[] | undefined;
    for (let piece = 0; piece < 4 && next < end; piece++) {
      const modifierStart = next + 1;
      next = modifierStart;
      while (next < end && text.charCodeAt(next) !== component) next++;
      if (next === modifierStart) continue;
      const modifier = text.slice(modifierStart, next);
      if (first === undefined) first = modifier;
      else if (second === undefined) second = modifier;
      else (more ??= [first, second]).push(modifier);
    }
    const modifiers = more ?? (second !== undefined ? [first!, second] : first !== undefined ? [first] : []);
    let units = 1;
    if (count > 5) {
      const unitsStart = this.marks[at + 6]!;
      const unitsEnd = this.marks[at + 7]! - 1;
      if (unitsStart < unitsEnd) {
        const paid = quantityIn(text, unitsStart, unitsEnd);
        if (paid === undefined) return false;
        units = paid;
      }
    }
    const chargeCents = this.amount(at, count, 2);
    const paidCents = this.amount(at, count, 3);
    if (chargeCents === undefined || paidCents === undefined) return false;
    let originalUnits: number | undefined;
    if (count > 7) {
      const unitsStart = this.marks[at + 8]!;
      const unitsEnd = this.marks[at + 9]! - 1;
      if (unitsStart < unitsEnd) {
        originalUnits = quantityIn(text, unitsStart, unitsEnd);
        if (originalUnits === undefined) return false;
      }
    }
    const line: ServicePayment = {
      qualifier,
      code,
      modifiers,
      units,
      chargeCents,
      paidCents,
      adjustments: [],
      remarks: [],
      imbalanceCents: 0,
      segment: ordinal,
    };
    if (count > 4) {
      const revenue = this.element(at, count, 4);
      if (revenue) line.revenueCode = revenue;
      const original = this.element(at, count, 6);
      if (original) {
        const [, originalCode = "", ...originalModifiers] = original.split(this.delimiters.component);
        line.originalCode = originalCode;
        line.originalModifiers = originalModifiers.slice(0, 4).filter((modifier) => modifier.length > 0);
      }
    }
    if (originalUnits !== undefined) line.originalUnits = originalUnits;
    if (count > 8) this.warn(this.segmentAt(at, ordinal), `SVC has ${count - 1} elements; 005010X221A1 defines 7`);
    this.claim!.lines.push(line);
    this.service = line;
    this.place = "service";
    return true;
  }

  /** The end of the input: a file that stops inside its envelope is truncated. */
  finish(last: Segment | undefined): void {
    const where = { file: this.file, ...(last ? { segment: last.ordinal, segmentId: last.id, offset: last.offset + last.length + 1 } : { offset: 0 }) };
    if (this.header) fail(last ?? ({ id: "ST", elements: [], ordinal: 0, offset: 0, length: 0 } as Segment), this.file, `the file is truncated: transaction ${this.header.controlNumber} has no SE`);
    if (this.group && last) fail(last, this.file, `the file is truncated: functional group ${this.group.control} has no GE`);
    if (this.interchange && last) fail(last, this.file, `the file is truncated: interchange ${this.interchange.control} has no IEA`);
    if (!this.sawEnvelope && this.claimCount === 0 && !last) this.warnings.push({ ...where, message: "no transaction in the file" });
  }

  private openInterchange(segment: Segment): void {
    if (this.place !== "outside") fail(segment, this.file, "ISA inside an interchange");
    this.interchange = { control: value(segment, 13), groups: 0, segment };
    this.sawEnvelope = true;
    this.place = "interchange";
  }

  private closeInterchange(segment: Segment): void {
    if (!this.interchange || this.place !== "interchange") fail(segment, this.file, "IEA without its ISA");
    if (value(segment, 2) !== this.interchange.control) this.warn(segment, `IEA02 ${value(segment, 2)} does not match ISA13 ${this.interchange.control}`, 2);
    if (Number(value(segment, 1)) !== this.interchange.groups) this.warn(segment, `IEA01 says ${value(segment, 1)} functional groups, the interchange has ${this.interchange.groups}`, 1);
    this.interchange = undefined;
    this.place = "outside";
  }

  private openGroup(segment: Segment): void {
    if (this.place !== "interchange") fail(segment, this.file, "GS outside an interchange");
    if (value(segment, 1) !== "HP") this.warn(segment, `GS01 is ${JSON.stringify(value(segment, 1))}; an 835 group is HP`, 1);
    const version = value(segment, 8);
    if (version && !version.startsWith("005010X221")) this.warn(segment, `GS08 is ${version}; this reader follows 005010X221A1`, 8);
    this.group = { control: value(segment, 6), transactions: 0, segment };
    if (this.interchange) this.interchange.groups++;
    this.place = "group";
  }

  private closeGroup(segment: Segment): void {
    if (!this.group || this.place !== "group") fail(segment, this.file, "GE without its GS");
    if (value(segment, 2) !== this.group.control) this.warn(segment, `GE02 ${value(segment, 2)} does not match GS06 ${this.group.control}`, 2);
    if (Number(value(segment, 1)) !== this.group.transactions) this.warn(segment, `GE01 says ${value(segment, 1)} transactions, the group has ${this.group.transactions}`, 1);
    this.group = undefined;
    this.place = "interchange";
  }

  private openTransaction(segment: Segment): void {
    if (this.place !== "group" && this.place !== "outside") fail(segment, this.file, "ST inside another transaction (is an SE missing?)");
    if (this.place === "outside" && !this.sawEnvelope && this.claimCount === 0 && this.warnings.every((w) => !w.message.startsWith("no ISA"))) {
      this.warn(segment, "no ISA/GS envelope: the file starts at ST; delimiters * ~ : assumed");
    }
    if (value(segment, 1) !== "835") fail(segment, this.file, `ST01 is ${JSON.stringify(value(segment, 1))}, not 835`, 1);
    if (this.group) this.group.transactions++;
    this.header = { controlNumber: value(segment, 2), paymentCents: 0, payer: {}, payee: {}, offset: segment.offset, segment: segment.ordinal };
    this.claimCount = 0;
    this.claimsPaidCents = 0;
    this.plbCents = 0;
    this.place = "header";
  }

  private closeTransaction(segment: Segment, out: RemittanceEvent[]): void {
    const header = this.header;
    if (!header) fail(segment, this.file, "SE without its ST");
    this.closeClaim(out);
    const count = segment.ordinal - header.segment + 1;
    if (Number(value(segment, 1)) !== count) this.warn(segment, `SE01 says ${value(segment, 1)} segments, the transaction has ${count}`, 1);
    if (value(segment, 2) !== header.controlNumber) this.warn(segment, `SE02 ${value(segment, 2)} does not match ST02 ${header.controlNumber}`, 2);
    if (header.handling === undefined) fail(segment, this.file, "the transaction has no BPR (financial information)");
    const imbalanceCents = header.paymentCents - (this.claimsPaidCents - this.plbCents);
    if (imbalanceCents !== 0) {
      this.warn(segment, `the payment does not balance: BPR02 ${(header.paymentCents / 100).toFixed(2)} but the claims paid ${(this.claimsPaidCents / 100).toFixed(2)} less provider adjustments ${(this.plbCents / 100).toFixed(2)}`);
    }
    out.push({
      type: "transaction",
      header,
      claimCount: this.claimCount,
      claimsPaidCents: this.claimsPaidCents,
      providerAdjustmentCents: this.plbCents,
      imbalanceCents,
      balanced: imbalanceCents === 0,
      startOffset: header.offset,
      endOffset: segment.offset + segment.length + 1,
    });
    this.header = undefined;
    this.place = this.group ? "group" : "outside";
  }

  private payment(segment: Segment): void {
    const header = this.header!;
    header.handling = required(segment, 1, this.file, "transaction handling code");
    header.paymentCents = cents(segment, 2, this.file, "total payment");
    const creditDebit = optional(segment, 3);
    const method = optional(segment, 4);
    if (creditDebit) header.creditDebit = creditDebit;
    if (method) header.method = method;
    const paymentDate = date(segment, 16, this.file, "payment date");
    if (paymentDate) header.paymentDate = paymentDate;
  }

  private within(segment: Segment): void {
    const header = this.header;
    switch (segment.id) {
      case "TRN":
        if (header) {
          header.traceNumber = required(segment, 2, this.file, "check or EFT trace number");
          const originator = optional(segment, 3);
          if (originator) header.originatorId = originator;
        }
        return;
      case "DTM":
        return this.dateOf(segment);
      case "REF":
        return this.reference(segment);
      case "CAS":
        return this.adjustments(segment);
      case "NM1":
        return this.claimPerson(segment);
      case "MOA":
      case "MIA":
        return this.claimRemarks(segment);
      case "AMT":
        if (this.place === "service" && value(segment, 1) === "B6") this.service!.allowedCents = cents(segment, 2, this.file, "allowed amount");
        else if (this.place === "service" || this.place === "claim") cents(segment, 2, this.file, "amount");
        return;
      case "LQ":
        if (value(segment, 1) === "HE") this.service!.remarks.push(required(segment, 2, this.file, "remark code"));
        return;
      default:
        return; // N2-N4, PER, RDM, TS3, TS2, NTE, CUR, QTY: kept by the file, not needed to post
    }
  }

  private dateOf(segment: Segment): void {
    const qualifier = value(segment, 1);
    const when = date(segment, 2, this.file, "date");
    if (this.place === "header") {
      if (qualifier === "405" && when) this.header!.productionDate = when;
      return;
    }
    if (this.place === "claim" && this.claim && when) {
      if (qualifier === "050") this.claim.receivedDate = when;
      else if (qualifier === "232") this.claim.statementFrom = when;
      else if (qualifier === "233") this.claim.statementTo = when;
      return;
    }
    if (this.place === "service" && this.service && when) {
      if (qualifier === "472" || qualifier === "150") this.service.serviceDate = when;
      else if (qualifier === "151") this.service.serviceDateTo = when;
    }
  }

  private reference(segment: Segment): void {
    if (this.place === "service" && value(segment, 1) === "6R") this.service!.lineId = required(segment, 2, this.file, "line item control number");
    else if (this.place === "payer" && value(segment, 1) === "2U" && !this.header!.payer.id) this.header!.payer.id = required(segment, 2, this.file, "payer identification number");
  }

  private name(segment: Segment): void {
    if (!this.header || (this.place !== "header" && this.place !== "payer" && this.place !== "payee")) fail(segment, this.file, "N1 is out of place (names belong before the first LX)");
    const entity = value(segment, 1);
    if (entity === "PR") {
      this.header.payer = party(segment);
      this.place = "payer";
    } else if (entity === "PE") {
      this.header.payee = party(segment);
      this.place = "payee";
    } else fail(segment, this.file, `N101 is ${JSON.stringify(entity)}; an 835 names the payer (PR) and the payee (PE)`, 1, entity);
  }

  private openClaim(segment: Segment): void {
    const statusCode = required(segment, 2, this.file, "claim status code");
    const status = CLAIM_STATUS[statusCode] ?? "unknown";
    if (status === "unknown") this.warn(segment, `CLP02 ${statusCode} is not a claim status code`, 2);
    this.claim = newClaimPayment({
      claimId: required(segment, 1, this.file, "patient control number"),
      statusCode,
      status,
      chargeCents: cents(segment, 3, this.file, "total claim charge"),
      paidCents: cents(segment, 4, this.file, "claim payment"),
      patientResponsibilityCents: cents(segment, 5, this.file, "patient responsibility", 0),
      transaction: this.header!,
      segment: segment.ordinal,
      offset: segment.offset,
    });
    for (const [index, field] of CLP_OPTIONAL_FIELDS) {
      const text = optional(segment, index);
      if (text) this.claim[field] = text;
    }
    this.service = undefined;
    this.place = "claim";
  }

  private closeClaim(out: RemittanceEvent[]): void {
    const claim = this.claim;
    if (!claim) return;
    balanceClaim(claim);
    if (!claim.balanced) {
      for (const problem of claim.problems) this.warnings.push({ file: this.file, segment: claim.segment, segmentId: "CLP", offset: claim.offset, message: `claim ${claim.claimId}: ${problem}` });
    }
    this.claimCount++;
    this.claimsPaidCents += claim.paidCents;
    out.push(claim);
    this.claim = undefined;
    this.service = undefined;
  }

  private claimPerson(segment: Segment): void {
    const claim = this.claim!;
    const entity = value(segment, 1);
    const who = person(segment);
    switch (entity) {
      case "QC":
        claim.patient = who;
        return;
      case "IL":
        claim.insured = who;
        return;
      case "74":
        claim.correctedPatient = who;
        return;
      case "82":
        claim.renderingProvider = who;
        return;
      case "TT":
        claim.crossoverCarrier = { ...(who.lastName ? { name: who.lastName } : {}), ...(who.id ? { id: who.id } : {}) };
        return;
      case "PR":
        claim.correctedPayer = { ...(who.lastName ? { name: who.lastName } : {}), ...(who.id ? { id: who.id } : {}) };
        return;
      default:
        this.warn(segment, `NM101 ${JSON.stringify(entity)} is not a 2100 name (QC, IL, 74, 82, TT, PR, GB)`, 1);
    }
  }

  private claimRemarks(segment: Segment): void {
    // MOA03-07 and MIA05, MIA20-23 carry claim-level remark codes (RARC).
    const indexes = segment.id === "MOA" ? [3, 4, 5, 6, 7] : [5, 20, 21, 22, 23];
    for (const index of indexes) {
      const code = optional(segment, index);
      if (code) this.claim!.remarks.push(code);
    }
  }

  private adjustments(segment: Segment): void {
    const group = required(segment, 1, this.file, "claim adjustment group code");
    if (!ADJUSTMENT_GROUPS.has(group)) fail(segment, this.file, `CAS01 ${JSON.stringify(group)} is not an adjustment group (CO, PR, OA, PI, CR)`, 1, group);
    const target = this.place === "service" ? this.service!.adjustments : this.claim!.adjustments;
    // Up to six reason / amount / quantity triples: CAS02-04, 05-07, ... 17-19.
    for (let index = 2; index <= 17; index += 3) {
      const reason = optional(segment, index);
      const amount = optional(segment, index + 1);
      if (reason === undefined && amount === undefined) continue;
      if (reason === undefined) fail(segment, this.file, `CAS${String(index).padStart(2, "0")} (reason code) is required with an amount`, index);
      const adjustment: Adjustment = { group, reason, amountCents: cents(segment, index + 1, this.file, "adjustment amount") };
      const count = quantity(segment, index + 2, this.file, "adjustment quantity");
      if (count !== undefined) adjustment.quantity = count;
      target.push(adjustment);
    }
    if (segment.elements.length > 20) this.warn(segment, `CAS has ${segment.elements.length - 1} elements; it has room for six triples (19)`);
  }

  private openService(segment: Segment): void {
    const composite = required(segment, 1, this.file, "composite medical procedure identifier").split(this.delimiters.component);
    const [qualifier = "", code = "", ...modifiers] = composite;
    if (!code) fail(segment, this.file, "SVC01-2 (procedure code) is required", 1);
    const line: ServicePayment = {
      qualifier,
      code,
      modifiers: modifiers.slice(0, 4).filter((modifier) => modifier.length > 0),
      units: quantity(segment, 5, this.file, "units of service paid") ?? 1,
      chargeCents: cents(segment, 2, this.file, "line item charge"),
      paidCents: cents(segment, 3, this.file, "line item provider payment"),
      adjustments: [],
      remarks: [],
      imbalanceCents: 0,
      segment: segment.ordinal,
    };
    const revenue = optional(segment, 4);
    if (revenue) line.revenueCode = revenue;
    const original = optional(segment, 6);
    if (original) {
      const [, originalCode = "", ...originalModifiers] = original.split(this.delimiters.component);
      line.originalCode = originalCode;
      line.originalModifiers = originalModifiers.slice(0, 4).filter((modifier) => modifier.length > 0);
    }
    const originalUnits = quantity(segment, 7, this.file, "original units of service");
    if (originalUnits !== undefined) line.originalUnits = originalUnits;
    if (segment.elements.length > 8) this.warn(segment, `SVC has ${segment.elements.length - 1} elements; 005010X221A1 defines 7`);
    this.claim!.lines.push(line);
    this.service = line;
    this.place = "service";
  }

  private providerAdjustment(segment: Segment, out: RemittanceEvent[]): void {
    const providerId = required(segment, 1, this.file, "provider identifier");
    const fiscalPeriodDate = date(segment, 2, this.file, "fiscal period date");
    // Up to six reason / amount pairs: PLB03-04 ... PLB13-14.
    for (let index = 3; index <= 13; index += 2) {
      const composite = optional(segment, index);
      if (composite === undefined) continue;
      const [reason = "", reference] = composite.split(this.delimiters.component);
      const adjustment: ProviderAdjustment = {
        type: "provider-adjustment",
        providerId,
        reason,
        amountCents: cents(segment, index + 1, this.file, "provider adjustment amount"),
        transaction: this.header!,
        segment: segment.ordinal,
      };
      if (fiscalPeriodDate) adjustment.fiscalPeriodDate = fiscalPeriodDate;
      if (reference) adjustment.reference = reference;
      this.plbCents += adjustment.amountCents;
      out.push(adjustment);
    }
  }
}
