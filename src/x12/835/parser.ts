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
import { cents, date, fail, optional, quantity, required, value } from "./elements.js";
import type { Delimiters, Segment } from "./reader.js";
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

  constructor(
    private readonly delimiters: Delimiters,
    options: ParserOptions = {},
  ) {
    this.file = options.file;
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
    this.claim = {
      type: "claim",
      claimId: required(segment, 1, this.file, "patient control number"),
      statusCode,
      status,
      chargeCents: cents(segment, 3, this.file, "total claim charge"),
      paidCents: cents(segment, 4, this.file, "claim payment"),
      patientResponsibilityCents: cents(segment, 5, this.file, "patient responsibility", 0),
      adjustments: [],
      remarks: [],
      lines: [],
      balanced: true,
      imbalanceCents: 0,
      patientResponsibilityImbalanceCents: 0,
      problems: [],
      transaction: this.header!,
      segment: segment.ordinal,
      offset: segment.offset,
    };
    const fields: [number, "filingIndicator" | "payerClaimControlNumber" | "facilityCode" | "frequency"][] = [
      [6, "filingIndicator"],
      [7, "payerClaimControlNumber"],
      [8, "facilityCode"],
      [9, "frequency"],
    ];
    for (const [index, field] of fields) {
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
