/**
 * Posting an 835 to the stored claims, all or nothing (one database transaction): each
 * transaction (BPR/TRN) becomes a remittance, each CLP a claim payment matched to its
 * claim by CLP01 = claims.claim_number, each SVC a line payment matched by REF*6R, then
 * code, modifiers and date (match.ts), each CAS an adjustment. A remittance already posted
 * (same payer and TRN02) is left alone; an unbalanced one is refused unless the caller
 * accepts it; a payment for a claim we never sent waits in the unmatched queue.
 */
import { createHash } from "node:crypto";
import { appendAudit } from "../audit/log.js";
import { InputError } from "../errors.js";
import { toJsonText } from "../store/columns.js";
import { chargesInForce } from "../store/charge-master.js";
import type { ClaimActor } from "../store/claims.js";
import type { LinePaymentTable, NewRow, PaymentAdjustmentTable } from "../store/schema.js";
import { inTransaction, type Db } from "../store/transaction.js";
import { formatWarning } from "../x12/835/errors.js";
import { allowedCentsOf } from "../x12/835/json.js";
import { parse835, type ParsedRemittance } from "../x12/835/parse.js";
import type { ClaimPayment, ProviderAdjustment, TransactionHeader, TransactionTotals } from "../x12/835/types.js";
import { lineStatusOf, patientShareOf } from "./classify.js";
import { REVERSAL, settleClaim } from "./claim-state.js";
import { refreshKeptForClaims } from "./kept-refresh.js";
import { matchLines } from "./match.js";

export interface PostOptions {
  fileName?: string;
  acceptUnbalanced?: boolean;
  /** "user:EMAIL", "token:ID" or "os:NAME": who posted, for the claims' history and the audit log */
  actor: string;
  /** post only to this practice's claims (the API's caller); any practice from the CLI */
  practiceId?: number;
  audit?: { userId?: number | null; tokenId?: number | null; ip?: string | null };
}

export interface PostingSummary {
  /** the first remittance of the file (the one already there when alreadyPosted) */
  remittanceId: number | null;
  remittanceIds: number[];
  claimsPosted: number;
  linesPosted: number;
  /** CLP01 of each claim payment that matched no stored claim */
  unmatched: string[];
  alreadyPosted: boolean;
  balanced: boolean;
  warnings: string[];
}

interface Transaction835 {
  totals: TransactionTotals;
  claims: ClaimPayment[];
  adjustments: ProviderAdjustment[];
}

function byTransaction(parsed: ParsedRemittance): Transaction835[] {
  const groups = new Map<TransactionHeader, Transaction835>();
  for (const totals of parsed.transactions) groups.set(totals.header, { totals, claims: [], adjustments: [] });
  for (const claim of parsed.claims) groups.get(claim.transaction)?.claims.push(claim);
  for (const adjustment of parsed.providerAdjustments) groups.get(adjustment.transaction)?.adjustments.push(adjustment);
  return [...groups.values()];
}

export function payerKeyOf(header: TransactionHeader): string {
  return header.payer.id ?? header.originatorId ?? header.payer.name ?? "unknown";
}

function unbalancedReason(transaction: Transaction835): string | undefined {
  const claim = transaction.claims.find((candidate) => !candidate.balanced);
  if (claim) return `claim ${claim.claimId}: ${claim.problems[0]}`;
  if (!transaction.totals.balanced) return `payment ${transaction.totals.header.traceNumber}: BPR02 is off by ${(transaction.totals.imbalanceCents / 100).toFixed(2)}`;
  return undefined;
}

/** Parses and posts an 835 given as bytes (or latin1 text). */
export async function importRemittance(db: Db, input: string | Uint8Array, options: PostOptions): Promise<PostingSummary> {
  const text = typeof input === "string" ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("latin1");
  const parsed = parse835(text, { file: options.fileName ?? "835" });
  const fileHash = createHash("sha256").update(text, "latin1").digest("hex");
  return postRemittance(db, parsed, { ...options, text, fileHash });
}

export async function postRemittance(db: Db, parsed: ParsedRemittance, options: PostOptions & { text: string; fileHash: string }): Promise<PostingSummary> {
  const transactions = byTransaction(parsed);
  const warnings = parsed.warnings.map(formatWarning);
  if (transactions.length === 0) throw new InputError("unprocessable", `${options.fileName ?? "the 835"}: no 835 transaction (ST/SE) to post`);
  const who: ClaimActor = { actor: options.actor };
  return inTransaction(db, async (trx) => {
    const summary: PostingSummary = { remittanceId: null, remittanceIds: [], claimsPosted: 0, linesPosted: 0, unmatched: [], alreadyPosted: false, balanced: true, warnings };
    const fresh: Transaction835[] = [];
    for (const transaction of transactions) {
      const header = transaction.totals.header;
      const existing = await trx.selectFrom("remittances").select("id").where("payer_key", "=", payerKeyOf(header)).where("trace_number", "=", header.traceNumber ?? "").executeTakeFirst();
      if (existing) summary.remittanceIds.push(existing.id);
      else fresh.push(transaction);
    }
    if (fresh.length === 0) {
      summary.alreadyPosted = true;
      summary.remittanceId = summary.remittanceIds[0] ?? null;
      return summary;
    }
    for (const transaction of fresh) {
      const reason = unbalancedReason(transaction);
      if (reason === undefined) continue;
      summary.balanced = false;
      if (!options.acceptUnbalanced) {
        throw new InputError("unprocessable", `${options.fileName ?? "the 835"}: the remittance does not balance (${reason}); nothing was posted. Post it as it is with --accept-unbalanced`, { path: "balanced" });
      }
    }
    const touched = new Set<number>();
    const patients = new Set<number>();
    for (const transaction of fresh) {
      const id = await insertRemittance(trx, transaction, options);
      summary.remittanceIds.push(id);
      summary.remittanceId ??= id;
      let practiceId = options.practiceId;
      const known = await storedClaims(trx, transaction.claims, options.practiceId);
      for (const [position, claim] of transaction.claims.entries()) {
        const posted = await postClaimPayment(trx, id, position, claim, known);
        practiceId ??= posted.practiceId ?? undefined;
        if (posted.claimId === null) summary.unmatched.push(claim.claimId);
        else {
          summary.claimsPosted++;
          summary.linesPosted += posted.lines;
          touched.add(posted.claimId);
          patients.add(posted.patientId!);
        }
      }
      // A remittance belongs to the practice whose claims it pays (from the CLI, nobody said which).
      if (options.practiceId === undefined && practiceId !== undefined) await trx.updateTable("remittances").set({ practice_id: practiceId }).where("id", "=", id).where("practice_id", "is", null).execute();
      for (const adjustment of transaction.adjustments) {
        await trx
          .insertInto("provider_adjustments")
          .values({ remittance_id: id, provider_identifier: adjustment.providerId, fiscal_period_date: adjustment.fiscalPeriodDate ?? null, reason: adjustment.reason, reference: adjustment.reference ?? null, amount_cents: adjustment.amountCents })
          .execute();
      }
    }
    for (const claimId of touched) await settleClaim(trx, claimId, who);
    await refreshKeptForClaims(trx, touched);
    await appendAudit(trx, {
      actor: options.actor,
      ...(options.audit ?? {}),
      practiceId: options.practiceId ?? null,
      action: "import",
      resource: "remittances",
      resourceId: summary.remittanceId,
      patientIds: [...patients],
      outcome: "success",
      detail: { remittances: fresh.length, claimsPosted: summary.claimsPosted, linesPosted: summary.linesPosted, unmatched: summary.unmatched.length },
    });
    return summary;
  });
}

async function insertRemittance(trx: Db, transaction: Transaction835, options: PostOptions & { text: string; fileHash: string }): Promise<number> {
  const { header } = transaction.totals;
  const payerKey = payerKeyOf(header);
  const payer = await trx.selectFrom("payers").select(["id", "practice_id"]).where("electronic_payer_id", "=", payerKey).$if(options.practiceId !== undefined, (query) => query.where("practice_id", "=", options.practiceId!)).executeTakeFirst();
  const row = await trx
    .insertInto("remittances")
    .values({
      practice_id: options.practiceId ?? payer?.practice_id ?? null,
      payer_id: payer?.id ?? null,
      payer_key: payerKey,
      payer_name: header.payer.name ?? null,
      trace_number: header.traceNumber ?? "",
      payment_cents: header.paymentCents,
      payment_method: header.method ?? null,
      payment_date: header.paymentDate ?? null,
      control_number: header.controlNumber,
      claim_count: transaction.claims.length,
      provider_adjustment_cents: transaction.totals.providerAdjustmentCents,
      balanced: transaction.totals.balanced && transaction.claims.every((claim) => claim.balanced) ? 1 : 0,
      imbalance_cents: transaction.totals.imbalanceCents,
      file_name: options.fileName ?? null,
      file_hash: options.fileHash,
      raw: options.text.slice(transaction.totals.startOffset, transaction.totals.endOffset),
      actor: options.actor,
      posted_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

interface KnownClaim {
  id: number;
  patient_id: number;
  date_of_service: string;
  practice_id: number;
  lines: StoredLineRow[];
}

type StoredLineRow = { id: number; claim_id: number; line_id: string | null; code: string; modifiers: string };

/** The stored claims (and their lines) the file's CLP01s name, read a few hundred at a time. */
async function storedClaims(trx: Db, claims: readonly ClaimPayment[], practiceId: number | undefined): Promise<Map<string, KnownClaim>> {
  const numbers = [...new Set(claims.map((claim) => claim.claimId))];
  const known = new Map<string, KnownClaim>();
  for (let start = 0; start < numbers.length; start += 500) {
    const rows = await trx
      .selectFrom("claims")
      .select(["id", "claim_number", "patient_id", "date_of_service", "practice_id"])
      .where("claim_number", "in", numbers.slice(start, start + 500))
      .$if(practiceId !== undefined, (query) => query.where("practice_id", "=", practiceId!))
      .execute();
    if (rows.length === 0) continue;
    const lines = await trx.selectFrom("claim_lines").select(["id", "claim_id", "line_id", "code", "modifiers"]).where("claim_id", "in", rows.map((row) => row.id)).orderBy("claim_id").orderBy("position").execute();
    const byClaim = new Map<number, StoredLineRow[]>();
    for (const line of lines) byClaim.set(line.claim_id, [...(byClaim.get(line.claim_id) ?? []), line]);
    for (const row of rows) known.set(row.claim_number!, { id: row.id, patient_id: row.patient_id, date_of_service: row.date_of_service, practice_id: row.practice_id, lines: byClaim.get(row.id) ?? [] });
  }
  return known;
}

/** Stores one claim payment; matched, it is posted to the claim's lines (or reverses an earlier one). */
async function postClaimPayment(trx: Db, remittanceId: number, position: number, claim: ClaimPayment, known: ReadonlyMap<string, KnownClaim>): Promise<{ claimId: number | null; patientId: number | null; practiceId: number | null; lines: number }> {
  const stored = known.get(claim.claimId);
  const share = patientShareOf([...claim.adjustments, ...claim.lines.flatMap((line) => line.adjustments)]);
  const { transaction: _transaction, ...document } = claim;
  const inserted = await trx
    .insertInto("claim_payments")
    .values({
      remittance_id: remittanceId,
      position,
      claim_id: stored && claim.statusCode !== REVERSAL ? stored.id : null,
      claim_number: claim.claimId,
      status_code: claim.statusCode,
      payer_claim_control_number: claim.payerClaimControlNumber ?? null,
      charge_cents: claim.chargeCents,
      paid_cents: claim.paidCents,
      patient_responsibility_cents: claim.patientResponsibilityCents,
      deductible_cents: share.deductibleCents,
      coinsurance_cents: share.coinsuranceCents,
      copay_cents: share.copayCents,
      balanced: claim.balanced ? 1 : 0,
      reverses_id: null,
      received_date: claim.receivedDate ?? null,
      document: toJsonText(document),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (!stored) {
    await trx.insertInto("unmatched_payments").values({ claim_payment_id: inserted.id, reason: `no stored claim has the number ${claim.claimId}`, resolved_claim_id: null, resolved_by: null, resolved_at: null, note: null }).execute();
    return { claimId: null, patientId: null, practiceId: null, lines: 0 };
  }
  const lines = await attachClaimPayment(trx, inserted.id, stored, claim, { linked: claim.statusCode !== REVERSAL, lines: stored.lines });
  if (lines === null) return { claimId: null, patientId: null, practiceId: stored.practice_id, lines: 0 };
  return { claimId: stored.id, patientId: stored.patient_id, practiceId: stored.practice_id, lines };
}

/**
 * Ties a stored claim payment to its claim: lines, adjustments, and for a reversal the
 * payment it undoes. Null when a reversal finds nothing to undo (it joins the queue).
 * Also used when a person resolves an unmatched payment.
 */
export async function attachClaimPayment(
  trx: Db,
  claimPaymentId: number,
  stored: { id: number; date_of_service: string },
  claim: Omit<ClaimPayment, "transaction">,
  known: { linked?: boolean; lines?: readonly StoredLineRow[] } = {},
): Promise<number | null> {
  let reversesId: number | null = null;
  if (claim.statusCode === REVERSAL) {
    const original = await trx
      .selectFrom("claim_payments")
      .select("id")
      .where("claim_id", "=", stored.id)
      .where("reversed", "=", 0)
      .where("status_code", "!=", REVERSAL)
      .$if(claim.payerClaimControlNumber !== undefined, (query) => query.where("payer_claim_control_number", "=", claim.payerClaimControlNumber!))
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (!original) {
      await trx
        .insertInto("unmatched_payments")
        .values({ claim_payment_id: claimPaymentId, reason: `a reversal of claim ${claim.claimId}, which has no posted payment to reverse`, resolved_claim_id: null, resolved_by: null, resolved_at: null, note: null })
        // Already queued when a person is resolving it.
        .onConflict((conflict) => conflict.column("claim_payment_id").doNothing())
        .execute();
      return null;
    }
    reversesId = original.id;
    await trx.updateTable("claim_payments").set({ reversed: 1 }).where("id", "=", original.id).execute();
  }
  if (!known.linked) await trx.updateTable("claim_payments").set({ claim_id: stored.id, reverses_id: reversesId }).where("id", "=", claimPaymentId).execute();
  const storedLines = known.lines ?? (await trx.selectFrom("claim_lines").select(["id", "claim_id", "line_id", "code", "modifiers"]).where("claim_id", "=", stored.id).orderBy("position").execute());
  const matches = matchLines(
    storedLines.map((line) => ({ id: line.id, lineId: line.line_id, code: line.code, modifiers: JSON.parse(line.modifiers) as string[] })),
    stored.date_of_service,
    claim.lines,
  );
  // Every CAS of the claim payment in one statement.
  const adjustments: NewRow<PaymentAdjustmentTable>[] = claim.adjustments.map((adjustment) => ({ claim_payment_id: claimPaymentId, line_payment_id: null, group_code: adjustment.group, reason: adjustment.reason, amount_cents: adjustment.amountCents, quantity: adjustment.quantity ?? null }));
  // The lines in one statement; ids come back ascending in insertion order (SQLite rowids,
  // PostgreSQL's sequence), so sorting them pairs each id with its line.
  const lineRows: NewRow<LinePaymentTable>[] = claim.lines.map((line, position) => {
    const share = patientShareOf(line.adjustments);
    return {
      claim_payment_id: claimPaymentId,
      position,
      claim_line_id: matches[position] ?? null,
      line_id: line.lineId ?? null,
      code: line.code,
      modifiers: toJsonText(line.modifiers),
      original_code: line.originalCode ?? null,
      units: Math.round(line.units),
      service_date: line.serviceDate ?? stored.date_of_service,
      charge_cents: line.chargeCents,
      allowed_cents: allowedCentsOf(line),
      paid_cents: line.paidCents,
      patient_responsibility_cents: share.patientResponsibilityCents,
      deductible_cents: share.deductibleCents,
      coinsurance_cents: share.coinsuranceCents,
      copay_cents: share.copayCents,
      remarks: toJsonText(line.remarks),
      status: reversesId !== null ? "reversed" : lineStatusOf(line.paidCents, line.adjustments),
      appeal_note: null,
      appeal_updated_at: null,
    };
  });
  if (claim.lines.length === 0 && reversesId === null && claim.statusCode === "4" && lineStatusOf(claim.paidCents, claim.adjustments) === "denied") {
    lineRows.push(...(await claimLevelDenialLines(trx, claimPaymentId, stored, claim)));
  }
  const lineIds: number[] = [];
  for (let start = 0; start < lineRows.length; start += 200) {
    const rows = await trx.insertInto("line_payments").values(lineRows.slice(start, start + 200)).returning("id").execute();
    lineIds.push(...rows.map((row) => row.id).sort((a, b) => a - b));
  }
  claim.lines.forEach((line, position) => {
    for (const adjustment of line.adjustments) {
      adjustments.push({ claim_payment_id: claimPaymentId, line_payment_id: lineIds[position]!, group_code: adjustment.group, reason: adjustment.reason, amount_cents: adjustment.amountCents, quantity: adjustment.quantity ?? null });
    }
  });
  for (let start = 0; start < adjustments.length; start += 500) await trx.insertInto("payment_adjustments").values(adjustments.slice(start, start + 500)).execute();
  return claim.lines.length;
}

/**
 * A claim denied at claim level (CLP02 = 4, the reasons in claim-level CAS, no SVC): each
 * line of our claim gets a denied line payment of its own, so that it reaches the denial
 * worklist and report and can be appealed line by line. Its charge is the charge master's
 * on the date of service; the CAS stays at claim level (src/remit/claim-level.ts shares it
 * over these lines when they are read), so balances count it once.
 */
async function claimLevelDenialLines(trx: Db, claimPaymentId: number, stored: { id: number; date_of_service: string }, claim: Omit<ClaimPayment, "transaction">): Promise<NewRow<LinePaymentTable>[]> {
  const ours = await trx
    .selectFrom("claim_lines")
    .innerJoin("claims", "claims.id", "claim_lines.claim_id")
    .select(["claim_lines.id", "claim_lines.line_id", "claim_lines.code", "claim_lines.modifiers", "claim_lines.units", "claims.practice_id"])
    .where("claim_lines.claim_id", "=", stored.id)
    .orderBy("claim_lines.position")
    .execute();
  if (ours.length === 0) return [];
  const charges = await chargesInForce(
    trx,
    ours[0]!.practice_id,
    ours.map((line) => line.code),
    stored.date_of_service,
  );
  return ours.map((line, position) => ({
    claim_payment_id: claimPaymentId,
    position,
    claim_line_id: line.id,
    line_id: line.line_id,
    code: line.code,
    modifiers: line.modifiers,
    original_code: null,
    units: line.units,
    service_date: stored.date_of_service,
    charge_cents: (charges.get(line.code) ?? 0) * line.units,
    allowed_cents: 0,
    paid_cents: 0,
    remarks: toJsonText(claim.remarks),
    status: "denied",
    appeal_note: null,
    appeal_updated_at: null,
  }));
}
