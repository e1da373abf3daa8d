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

/** A stable order that gives each billing provider one 2000A: by billing provider, then as given. */
export function byBillingProvider(claims: readonly PreparedClaim[]): PreparedClaim[] {
  const firstSeen = new Map<string, number>();
  claims.forEach((claim, index) => {
    const key = `${partiesKey(claim.document)}|${billingKey(claim.document)}`;
    if (!firstSeen.has(key)) firstSeen.set(key, index);
  });
  return claims
    .map((claim, index) => ({ claim, index, group: firstSeen.get(`${partiesKey(claim.document)}|${billingKey(claim.document)}`)! }))
    .sort((a, b) => a.group - b.group || a.index - b.index)
    .map((item) => item.claim);
}

/** Writes the interchange, a chunk at a time. Throws InputError before the first chunk for bad options or no claims. */
export function* write837p(claims: Iterable<PreparedClaim>, interchange: InterchangeOptions): Generator<string> {
  const iterator = claims[Symbol.iterator]();
  let next = iterator.next();
  if (next.done) throw new InputError("unprocessable", "no claims to write: an 837P carries at least one claim");
  const first = next.value.document;
  const options = checkInterchange(interchange, first.submitter.id, first.receiver.id);
  const w = new SegmentWriter();
  const date = x12Date(options.date);
  yield isaSegment(options) + w.format("GS", ["HC", options.senderId, options.receiverId, date, options.time, options.controlNumber, "X", IMPLEMENTATION_GUIDE]);

  let transactions = 0;
  let transaction = "";
  let currentParties: string | undefined;
  let currentBilling: string | undefined;
  let claimsInTransaction = 0;
  let hl = 0;
  let billingHl = 0;
  const closeTransaction = (): string => w.segment("SE", w.count + 1, transaction);

  while (!next.done) {
    const claim = next.value;
    const { document } = claim;
    let text = "";
    const parties = partiesKey(document);
    if (parties !== currentParties || claimsInTransaction >= MAX_CLAIMS_PER_TRANSACTION) {
      if (currentParties !== undefined) text += closeTransaction();
      transactions += 1;
      transaction = transactionControlNumber(transactions);
      w.reset();
      // BHT03: the originator's reference for this transaction set, echoed by the 999 and 277CA.
      text += w.segment("ST", "837", transaction, IMPLEMENTATION_GUIDE) + header(w, document, `${options.controlNumber}-${transaction}`, options.date, options.time);
      currentParties = parties;
      currentBilling = undefined;
      claimsInTransaction = 0;
      hl = 0;
    }
    const billing = billingKey(document);
    if (billing !== currentBilling) {
      hl += 1;
      billingHl = hl;
      text += billingProviderLoop(w, hl, document.billingProvider, document.submitter.phone);
      currentBilling = billing;
    }
    hl += 1;
    const subscriberHl = hl;
    text += subscriberLoop(w, hl, billingHl, document);
    if (document.patient) {
      hl += 1;
      text += patientLoop(w, hl, subscriberHl, document.patient);
    }
    text += claimLoop(w, claim);
    claimsInTransaction += 1;
    yield text;
    next = iterator.next();
  }
  yield closeTransaction() + w.format("GE", [transactions, options.controlNumber]) + w.format("IEA", [1, String(options.controlNumber).padStart(9, "0")]);
}

/** The whole interchange as one string (small batches, tests, the HTTP answer). */
export function write837pText(claims: Iterable<PreparedClaim>, interchange: InterchangeOptions): string {
  let text = "";
  for (const chunk of write837p(claims, interchange)) text += chunk;
  return text;
}
