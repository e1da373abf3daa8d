/**
 * Remittances as stored, for GET /api/remittances and /api/remittances/:id: the payment
 * (payer, check/EFT number, amount, date), and for one remittance every claim payment
 * with its lines and adjustments, in dollars.
 */
import { centsToDollars } from "../reference/fixed.js";
import { fromJsonText } from "../store/columns.js";
import { fetchPage, type Page, type PageRequest } from "../store/paging.js";
import type { RemittanceTable } from "../store/schema.js";
import type { Db } from "../store/transaction.js";
import type { Selectable } from "kysely";
import { InputError } from "../errors.js";

export interface RemittanceSummary {
  id: number;
  practiceId: number | null;
  payer: { name: string | null; id: string; payerId: number | null };
  checkNumber: string;
  payment: number;
  paymentMethod: string | null;
  paymentDate: string | null;
  claimCount: number;
  providerAdjustments: number;
  balanced: boolean;
  imbalance: number;
  fileName: string | null;
  fileHash: string;
  postedBy: string;
  postedAt: string;
}

function summaryOf(row: Selectable<RemittanceTable>): RemittanceSummary {
  return {
    id: row.id,
    practiceId: row.practice_id,
    payer: { name: row.payer_name, id: row.payer_key, payerId: row.payer_id },
    checkNumber: row.trace_number,
    payment: centsToDollars(row.payment_cents),
    paymentMethod: row.payment_method,
    paymentDate: row.payment_date,
    claimCount: row.claim_count,
    providerAdjustments: centsToDollars(row.provider_adjustment_cents),
    balanced: row.balanced === 1,
    imbalance: centsToDollars(row.imbalance_cents),
    fileName: row.file_name,
    fileHash: row.file_hash,
    postedBy: row.actor,
    postedAt: row.posted_at,
  };
}

export interface RemittanceFilter {
  practiceId?: number;
  from?: string;
  to?: string;
}

export async function listRemittances(db: Db, filter: RemittanceFilter = {}, page?: PageRequest): Promise<Page<RemittanceSummary>> {
  let query = db.selectFrom("remittances");
  const practiceId = filter.practiceId;
  // A remittance that matched no claim of any practice belongs to no one yet: every practice's billers see it.
  if (practiceId !== undefined) query = query.where((eb) => eb.or([eb("practice_id", "=", practiceId), eb("practice_id", "is", null)]));
  if (filter.from) query = query.where("payment_date", ">=", filter.from);
  if (filter.to) query = query.where("payment_date", "<=", filter.to);
  const { rows, ...bounds } = await fetchPage<Selectable<RemittanceTable>>(query, "id", page);
  return { items: rows.map(summaryOf), ...bounds };
}

export async function getRemittance(db: Db, id: number, practiceId?: number): Promise<Record<string, unknown>> {
  const row = await db.selectFrom("remittances").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row || (practiceId !== undefined && row.practice_id !== null && row.practice_id !== practiceId)) throw new InputError("not_found", `no remittance ${id}`, { value: id });
  const payments = await db.selectFrom("claim_payments").selectAll().where("remittance_id", "=", id).orderBy("position").execute();
  const ids = payments.map((payment) => payment.id);
  const lines = ids.length === 0 ? [] : await db.selectFrom("line_payments").selectAll().where("claim_payment_id", "in", ids).orderBy("claim_payment_id").orderBy("position").execute();
  const adjustments = ids.length === 0 ? [] : await db.selectFrom("payment_adjustments").selectAll().where("claim_payment_id", "in", ids).orderBy("id").execute();
  const unmatched = ids.length === 0 ? [] : await db.selectFrom("unmatched_payments").select(["id", "claim_payment_id", "status", "reason"]).where("claim_payment_id", "in", ids).execute();
  const provider = await db.selectFrom("provider_adjustments").selectAll().where("remittance_id", "=", id).orderBy("id").execute();
  const adjustmentJson = (adjustment: (typeof adjustments)[number]) => ({ group: adjustment.group_code, reason: adjustment.reason, amount: centsToDollars(adjustment.amount_cents), ...(adjustment.quantity !== null ? { quantity: adjustment.quantity } : {}) });
  return {
    ...summaryOf(row),
    claims: payments.map((payment) => {
      const queued = unmatched.find((item) => item.claim_payment_id === payment.id);
      return {
        claimPaymentId: payment.id,
        claimId: payment.claim_number,
        storedClaimId: payment.claim_id,
        statusCode: payment.status_code,
        payerClaimControlNumber: payment.payer_claim_control_number,
        charge: centsToDollars(payment.charge_cents),
        paid: centsToDollars(payment.paid_cents),
        patientResponsibility: centsToDollars(payment.patient_responsibility_cents),
        deductible: centsToDollars(payment.deductible_cents),
        coinsurance: centsToDollars(payment.coinsurance_cents),
        copay: centsToDollars(payment.copay_cents),
        balanced: payment.balanced === 1,
        reversed: payment.reversed === 1,
        reversesClaimPaymentId: payment.reverses_id,
        unmatched: queued ? { id: queued.id, status: queued.status, reason: queued.reason } : null,
        adjustments: adjustments.filter((adjustment) => adjustment.claim_payment_id === payment.id && adjustment.line_payment_id === null).map(adjustmentJson),
        lines: lines
          .filter((line) => line.claim_payment_id === payment.id)
          .map((line) => ({
            linePaymentId: line.id,
            lineId: line.line_id,
            storedLineId: line.claim_line_id,
            code: line.code,
            modifiers: fromJsonText<string[]>(line.modifiers, []),
            units: line.units,
            serviceDate: line.service_date,
            charge: centsToDollars(line.charge_cents),
            allowed: centsToDollars(line.allowed_cents),
            paid: centsToDollars(line.paid_cents),
            patientResponsibility: centsToDollars(line.patient_responsibility_cents),
            status: line.status,
            adjustments: adjustments.filter((adjustment) => adjustment.line_payment_id === line.id).map(adjustmentJson),
            remarks: fromJsonText<string[]>(line.remarks, []),
          })),
      };
    }),
    providerAdjustments: provider.map((adjustment) => ({
      providerId: adjustment.provider_identifier,
      fiscalPeriodDate: adjustment.fiscal_period_date,
      reason: adjustment.reason,
      reference: adjustment.reference,
      amount: centsToDollars(adjustment.amount_cents),
    })),
  };
}
