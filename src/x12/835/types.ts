/**
 * The typed remittance an 835 (005010X221A1) carries, in integer cents. The contract's
 * JSON (dollars) is made from these in json.ts; posting reads these directly.
 */

export interface Adjustment {
  /** CAS01: CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction/reversal */
  group: string;
  /** the CARC */
  reason: string;
  amountCents: number;
  quantity?: number;
}

export interface Party {
  name?: string;
  id?: string;
  idQualifier?: string;
}

export interface Person {
  lastName?: string;
  firstName?: string;
  middleName?: string;
  idQualifier?: string;
  id?: string;
}

export interface ServicePayment {
  lineId?: string;
  /** SVC01-1: HC (HCPCS/CPT) and the like */
  qualifier: string;
  code: string;
  modifiers: string[];
  /** SVC06 when the payer adjudicated a different code than was billed */
  originalCode?: string;
  originalModifiers?: string[];
  /** SVC05 paid units, 1 when not sent (X12 default) */
  units: number;
  /** SVC07 billed units when they differ */
  originalUnits?: number;
  chargeCents: number;
  paidCents: number;
  /** AMT*B6 when sent */
  allowedCents?: number;
  revenueCode?: string;
  serviceDate?: string;
  serviceDateTo?: string;
  adjustments: Adjustment[];
  /** LQ*HE remark codes (RARC) */
  remarks: string[];
  /** line charge - adjustments - paid; 0 when balanced */
  imbalanceCents: number;
  /** ordinal of the SVC segment, for messages */
  segment: number;
}

export type ClaimStatusName = "processed-primary" | "processed-secondary" | "processed-tertiary" | "denied" | "forwarded" | "reversal" | "not-our-claim" | "unknown";

export interface ClaimPayment {
  type: "claim";
  claimId: string;
  payerClaimControlNumber?: string;
  statusCode: string;
  status: ClaimStatusName;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  filingIndicator?: string;
  facilityCode?: string;
  frequency?: string;
  patient?: Person;
  insured?: Person;
  correctedPatient?: Person;
  renderingProvider?: Person;
  crossoverCarrier?: Party;
  correctedPayer?: Party;
  receivedDate?: string;
  statementFrom?: string;
  statementTo?: string;
  adjustments: Adjustment[];
  /** MOA / MIA remark codes */
  remarks: string[];
  lines: ServicePayment[];
  balanced: boolean;
  /** claim charge - all adjustments - paid */
  imbalanceCents: number;
  /** CLP05 - the sum of PR adjustments */
  patientResponsibilityImbalanceCents: number;
  /** why it does not balance, one sentence a check */
  problems: string[];
  transaction: TransactionHeader;
  /** ordinal and offset of the CLP segment */
  segment: number;
  offset: number;
}

export interface ProviderAdjustment {
  type: "provider-adjustment";
  /** PLB01 */
  providerId: string;
  /** PLB02 */
  fiscalPeriodDate?: string;
  /** PLB03-1, e.g. L6 interest, WO overpayment recovery, FB forwarding balance */
  reason: string;
  /** PLB03-2 */
  reference?: string;
  /** positive reduces the payment, negative (interest) adds to it */
  amountCents: number;
  transaction: TransactionHeader;
  segment: number;
}

export interface TransactionHeader {
  /** ST02 */
  controlNumber: string;
  /** BPR01: I remittance with payment, H notification only, ... */
  handling?: string;
  /** BPR02 */
  paymentCents: number;
  /** BPR03 C credit, D debit */
  creditDebit?: string;
  /** BPR04: ACH, CHK, NON, ... */
  method?: string;
  /** BPR16 */
  paymentDate?: string;
  /** TRN02: the check or EFT trace number */
  traceNumber?: string;
  /** TRN03 */
  originatorId?: string;
  /** DTM*405 production date */
  productionDate?: string;
  payer: Party;
  payee: Party;
  /** byte offset of the ST */
  offset: number;
  segment: number;
}

export interface TransactionTotals {
  type: "transaction";
  header: TransactionHeader;
  claimCount: number;
  claimsPaidCents: number;
  providerAdjustmentCents: number;
  /** BPR02 - (sum of CLP04 - PLB) */
  imbalanceCents: number;
  balanced: boolean;
  /** bytes ST .. SE terminator, for keeping the transaction as received */
  startOffset: number;
  endOffset: number;
}

export type RemittanceEvent = ClaimPayment | ProviderAdjustment | TransactionTotals;
