/**
 * The contract's JSON for a parsed remittance (CONTRACT.md Part 2, "Remittances in"):
 * dollars with two decimals, one object per claim payment, then one per provider-level
 * adjustment. Fields the contract does not name are added, never renamed.
 */
import { centsToDollars } from "../../reference/fixed.js";
import type { Adjustment, ClaimPayment, Party, ProviderAdjustment, ServicePayment, TransactionHeader } from "./types.js";

function adjustmentJson(adjustment: Adjustment): Record<string, unknown> {
  return { group: adjustment.group, reason: adjustment.reason, amount: centsToDollars(adjustment.amountCents), ...(adjustment.quantity !== undefined ? { quantity: adjustment.quantity } : {}) };
}

/** Allowed: AMT*B6 when the payer sent it, else the charge less the contractual (CO) adjustments. */
export function allowedCentsOf(line: ServicePayment): number {
  if (line.allowedCents !== undefined) return line.allowedCents;
  let allowed = line.chargeCents;
  // CO-253 (sequestration) reduces the payment, not the allowed amount.
  for (const adjustment of line.adjustments) if (adjustment.group === "CO" && adjustment.reason !== "253") allowed -= adjustment.amountCents;
  return allowed;
}

function lineJson(line: ServicePayment): Record<string, unknown> {
  return {
    lineId: line.lineId ?? null,
    code: line.code,
    modifiers: line.modifiers,
    ...(line.originalCode !== undefined ? { originalCode: line.originalCode, originalModifiers: line.originalModifiers ?? [] } : {}),
    units: line.units,
    ...(line.originalUnits !== undefined ? { originalUnits: line.originalUnits } : {}),
    charge: centsToDollars(line.chargeCents),
    allowed: centsToDollars(allowedCentsOf(line)),
    paid: centsToDollars(line.paidCents),
    serviceDate: line.serviceDate ?? null,
    ...(line.serviceDateTo ? { serviceDateTo: line.serviceDateTo } : {}),
    adjustments: line.adjustments.map(adjustmentJson),
    remarks: line.remarks,
    ...(line.imbalanceCents !== 0 ? { balanced: false, imbalance: centsToDollars(line.imbalanceCents) } : {}),
  };
}

function partyJson(party: Party): Record<string, unknown> {
  return { name: party.name ?? null, id: party.id ?? null };
}

function transactionJson(header: TransactionHeader): Record<string, unknown> {
  return { paymentDate: header.paymentDate ?? null, checkNumber: header.traceNumber ?? null, payer: partyJson(header.payer) };
}

export function claimJson(claim: ClaimPayment): Record<string, unknown> {
  const payer = claim.transaction.payer;
  return {
    type: "claim",
    claimId: claim.claimId,
    payerClaimControlNumber: claim.payerClaimControlNumber ?? null,
    status: claim.status,
    statusCode: claim.statusCode,
    charge: centsToDollars(claim.chargeCents),
    paid: centsToDollars(claim.paidCents),
    patientResponsibility: centsToDollars(claim.patientResponsibilityCents),
    ...transactionJson(claim.transaction),
    payer: { name: payer.name ?? null, id: payer.id ?? claim.transaction.originatorId ?? null },
    payee: partyJson(claim.transaction.payee),
    ...(claim.patient ? { patient: claim.patient } : {}),
    ...(claim.insured ? { insured: claim.insured } : {}),
    ...(claim.correctedPatient ? { correctedPatient: claim.correctedPatient } : {}),
    ...(claim.renderingProvider ? { renderingProvider: claim.renderingProvider } : {}),
    ...(claim.crossoverCarrier ? { crossoverCarrier: claim.crossoverCarrier } : {}),
    ...(claim.correctedPayer ? { correctedPayer: claim.correctedPayer } : {}),
    ...(claim.filingIndicator ? { filingIndicator: claim.filingIndicator } : {}),
    ...(claim.frequency ? { frequency: claim.frequency } : {}),
    receivedDate: claim.receivedDate ?? null,
    statementFrom: claim.statementFrom ?? null,
    statementTo: claim.statementTo ?? null,
    adjustments: claim.adjustments.map(adjustmentJson),
    remarks: claim.remarks,
    lines: claim.lines.map(lineJson),
    balanced: claim.balanced,
    ...(claim.balanced ? {} : { imbalance: centsToDollars(claim.imbalanceCents), problems: claim.problems }),
  };
}

export function providerAdjustmentJson(adjustment: ProviderAdjustment): Record<string, unknown> {
  return {
    type: "provider-adjustment",
    providerId: adjustment.providerId,
    fiscalPeriodDate: adjustment.fiscalPeriodDate ?? null,
    reason: adjustment.reason,
    reference: adjustment.reference ?? null,
    amount: centsToDollars(adjustment.amountCents),
    // PLB: a positive amount is withheld from the payment, a negative one (interest, L6) is added.
    effect: adjustment.amountCents >= 0 ? "reduces-payment" : "increases-payment",
    ...transactionJson(adjustment.transaction),
  };
}
