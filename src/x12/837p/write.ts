/**
 * Prepared claims -> one X12 837P 005010X222A1 interchange, streamed: the generator yields the
 * envelope and then one chunk of text a claim, holding only the claim in hand, so a batch of
 * any size is written in flat memory. Control numbers, HL numbers and SE counts are computed as
 * the segments are written.
 *
 * Layout: one ISA/GS; a transaction set (ST) per run of claims with the same submitter and
 * receiver, at most 5,000 claims each (the guide recommends at most 5,000 CLM segments a
 * transaction set); within it one 2000A per run of claims of the same billing provider (callers sort
 * by billing provider to get exactly one 2000A each), then a 2000B (and 2000C when the patient
 * is not the subscriber) and the 2300 claim for every claim.
 */
import type { ClaimDocument } from "../../contract/claim-document.js";
import type { PreparedClaim } from "../../claims/prepared-claim.js";
import { InputError } from "../../errors.js";
import { checkInterchange, isaSegment, transactionControlNumber, type InterchangeOptions } from "../envelope.js";
import { SegmentWriter, x12Date } from "../segments.js";
import { billingProviderLoop, claimLoop, header, patientLoop, subscriberLoop } from "./loops.js";

export type { InterchangeOptions } from "../envelope.js";

/** The guide recommends that a transaction set carry at most 5,000 claims. */
export const MAX_CLAIMS_PER_TRANSACTION = 5000;
export const IMPLEMENTATION_GUIDE = "005010X222A1";

/** A party's key by value, remembered by object: claims of one practice often share the very objects. */
const keys = new WeakMap<object, string>();

function keyOf(party: object): string {
  let key = keys.get(party);
  if (key === undefined) {
    key = JSON.stringify(party);
    keys.set(party, key);
  }
  return key;
}

function billingKey(document: ClaimDocument): string {
  return keyOf(document.billingProvider);
}

function partiesKey(document: ClaimDocument): string {
  return `${keyOf(document.submitter)}|${keyOf(document.receiver)}`;
}

/** The claims that share a 2000A: same submitter, receiver and billing provider. */
export function billingGroupKey(document: ClaimDocument): string {
  return `${partiesKey(document)}|${billingKey(document)}`;
}

/** A stable order that gives each billing provider one 2000A: by billing provider, then as given. */
export function byBillingProvider(claims: readonly PreparedClaim[]): PreparedClaim[] {
  const firstSeen = new Map<string, number>();
  claims.forEach((claim, index) => {
    const key = billingGroupKey(claim.document);
    if (!firstSeen.has(key)) firstSeen.set(key, index);
  });
  return claims
    .map((claim, index) => ({ claim, index, group: firstSeen.get(billingGroupKey(claim.document))! }))
    .sort((a, b) => a.group - b.group || a.index - b.index)
    .map((item) => item.claim);
}

/** ISA and GS: the interchange's opening, for checked options. */
export function interchangeHeader(options: Required<InterchangeOptions>): string {
  return isaSegment(options) + new SegmentWriter().format("GS", ["HC", options.senderId, options.receiverId, x12Date(options.date), options.time, options.controlNumber, "X", IMPLEMENTATION_GUIDE]);
}

/** GE and IEA: the interchange's close, counting its transaction sets. */
export function interchangeTrailer(options: Required<InterchangeOptions>, transactions: number): string {
  const w = new SegmentWriter();
  return w.format("GE", [transactions, options.controlNumber]) + w.format("IEA", [1, String(options.controlNumber).padStart(9, "0")]);
}

/**
 * The transaction sets of one interchange, a claim at a time (push): `add` returns the claim's
 * text (opening a transaction set when needed), `finish` the last SE. ST control numbers come
 * from `nextTransaction`, so several writers can share one functional group with unique ST02s.
 */
export class TransactionSets {
  /** transaction sets this writer opened */
  opened = 0;
  private readonly w = new SegmentWriter();
  private transaction = "";
  private currentParties: string | undefined;
  private currentBilling: string | undefined;
  private claimsInTransaction = 0;
  private hl = 0;
  private billingHl = 0;

  constructor(
    private readonly options: Required<InterchangeOptions>,
    private readonly nextTransaction: () => number,
  ) {}

  add(claim: PreparedClaim): string {
    const { w } = this;
    const { document } = claim;
    let text = "";
    const parties = partiesKey(document);
    if (parties !== this.currentParties || this.claimsInTransaction >= MAX_CLAIMS_PER_TRANSACTION) {
      text += this.finish();
      this.opened += 1;
      this.transaction = transactionControlNumber(this.nextTransaction());
      w.reset();
      // BHT03: the originator's reference for this transaction set, echoed by the 999 and 277CA.
      text += w.segment("ST", "837", this.transaction, IMPLEMENTATION_GUIDE) + header(w, document, `${this.options.controlNumber}-${this.transaction}`, this.options.date, this.options.time);
      this.currentParties = parties;
      this.currentBilling = undefined;
      this.claimsInTransaction = 0;
      this.hl = 0;
    }
    const billing = billingKey(document);
    if (billing !== this.currentBilling) {
      this.hl += 1;
      this.billingHl = this.hl;
      text += billingProviderLoop(w, this.hl, document.billingProvider, document.submitter.phone);
      this.currentBilling = billing;
    }
    this.hl += 1;
    const subscriberHl = this.hl;
    text += subscriberLoop(w, this.hl, this.billingHl, document);
    if (document.patient) {
      this.hl += 1;
      text += patientLoop(w, this.hl, subscriberHl, document.patient);
    }
    text += claimLoop(w, claim);
    this.claimsInTransaction += 1;
    return text;
  }

  /** The SE of the open transaction set (SE01 counts ST to SE), or nothing. */
  finish(): string {
    if (this.currentParties === undefined) return "";
    this.currentParties = undefined;
    return this.w.segment("SE", this.w.count + 1, this.transaction);
  }
}

/** The options checked, with the sender and receiver defaulting to the first claim's. */
export function interchangeFor(first: PreparedClaim, interchange: InterchangeOptions): Required<InterchangeOptions> {
  return checkInterchange(interchange, first.document.submitter.id, first.document.receiver.id);
}

/** Writes the interchange, a chunk at a time. Throws InputError before the first chunk for bad options or no claims. */
export function* write837p(claims: Iterable<PreparedClaim>, interchange: InterchangeOptions): Generator<string> {
  const iterator = claims[Symbol.iterator]();
  let next = iterator.next();
  if (next.done) throw new InputError("unprocessable", "no claims to write: an 837P carries at least one claim");
  const options = interchangeFor(next.value, interchange);
  yield interchangeHeader(options);
  let transactions = 0;
  const sets = new TransactionSets(options, () => (transactions += 1));
  while (!next.done) {
    yield sets.add(next.value);
    next = iterator.next();
  }
  yield sets.finish() + interchangeTrailer(options, transactions);
}

/** The whole interchange as one string (small batches, tests, the HTTP answer). */
export function write837pText(claims: Iterable<PreparedClaim>, interchange: InterchangeOptions): string {
  let text = "";
  for (const chunk of write837p(claims, interchange)) text += chunk;
  return text;
}
