/**
 * Writes 835s (for the demo's remittances, tests and benchmarks): a remittance described
 * in cents becomes an 005010X221A1 interchange that passes ../shared/tools/x12-validate.
 * Unless told otherwise, amounts are made to balance (line paid = charge - adjustments,
 * claim totals from the lines, CLP05 from the PR adjustments, BPR02 = claims paid - PLB),
 * so a caller states only what it is about; an override writes an unbalanced file on purpose.
 * A payer writes real 835s; otbill only reads them, except to play the payer.
 */

export interface AdjustmentSpec {
  group: "CO" | "PR" | "OA" | "PI" | "CR";
  reason: string;
  amountCents: number;
  quantity?: number;
}

export interface LineSpec {
  code: string;
  modifiers?: string[];
  units?: number;
  chargeCents: number;
  /** default: charge - adjustments */
  paidCents?: number;
  adjustments?: AdjustmentSpec[];
  lineId?: string;
  serviceDate: string;
  allowedCents?: number;
  remarks?: string[];
  /** SVC06: the code as billed, when the payer changed it */
  originalCode?: string;
  originalModifiers?: string[];
}

export interface ClaimSpec {
  claimId: string;
  statusCode?: string;
  payerClaimControlNumber?: string;
  patient?: { lastName: string; firstName: string; memberId: string };
  filingIndicator?: string;
  chargeCents?: number;
  paidCents?: number;
  patientResponsibilityCents?: number;
  adjustments?: AdjustmentSpec[];
  remarks?: string[];
  lines: LineSpec[];
  receivedDate?: string;
}

export interface TransactionSpec {
  traceNumber: string;
  paymentDate: string;
  payer?: { name: string; id: string };
  payee?: { name: string; npi: string };
  /** default: claims paid - provider adjustments */
  paymentCents?: number;
  claims: ClaimSpec[];
  providerAdjustments?: { reason: string; reference?: string; amountCents: number }[];
}

export interface InterchangeSpec {
  controlNumber?: number;
  date?: string;
  transactions: TransactionSpec[];
  /** one segment a line (easier to read in a failing test) */
  newlines?: boolean;
  delimiters?: { element?: string; component?: string; segment?: string; repetition?: string };
}

export const TEST_PAYER = { name: "MEDICARE JL", id: "04112" };
export const TEST_PAYEE = { name: "SUNRISE OCCUPATIONAL THERAPY", npi: "1234567893" };

function money(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  return fraction === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(fraction).padStart(2, "0")}`;
}

const compact = (iso: string): string => iso.replaceAll("-", "");
const sumOf = (list: readonly AdjustmentSpec[] | undefined): number => (list ?? []).reduce((total, adjustment) => total + adjustment.amountCents, 0);
const prOf = (list: readonly AdjustmentSpec[] | undefined): number => (list ?? []).filter((adjustment) => adjustment.group === "PR").reduce((total, adjustment) => total + adjustment.amountCents, 0);

export function linePaidCents(line: LineSpec): number {
  return line.paidCents ?? line.chargeCents - sumOf(line.adjustments);
}

export function claimTotals(claim: ClaimSpec): { chargeCents: number; paidCents: number; patientResponsibilityCents: number } {
  const lineCharge = claim.lines.reduce((total, line) => total + line.chargeCents, 0);
  const linePaid = claim.lines.reduce((total, line) => total + linePaidCents(line), 0);
  const chargeCents = claim.chargeCents ?? lineCharge;
  return {
    chargeCents,
    paidCents: claim.paidCents ?? linePaid - sumOf(claim.adjustments),
    patientResponsibilityCents: claim.patientResponsibilityCents ?? prOf(claim.adjustments) + claim.lines.reduce((total, line) => total + prOf(line.adjustments), 0),
  };
}

export function transactionPaymentCents(transaction: TransactionSpec): number {
  if (transaction.paymentCents !== undefined) return transaction.paymentCents;
  const paid = transaction.claims.reduce((total, claim) => total + claimTotals(claim).paidCents, 0);
  return paid - (transaction.providerAdjustments ?? []).reduce((total, adjustment) => total + adjustment.amountCents, 0);
}

/** CAS segments: one per run of the same group (in the order given), up to six triples each. */
function casSegments(adjustments: readonly AdjustmentSpec[] | undefined, e: string): string[] {
  const runs: AdjustmentSpec[][] = [];
  for (const adjustment of adjustments ?? []) {
    const last = runs.at(-1);
    if (last && last[0]!.group === adjustment.group && last.length < 6) last.push(adjustment);
    else runs.push([adjustment]);
  }
  return runs.map((run) => {
    const elements = ["CAS", run[0]!.group, ...run.flatMap((adjustment) => [adjustment.reason, money(adjustment.amountCents), adjustment.quantity === undefined ? "" : String(adjustment.quantity)])];
    while (elements.at(-1) === "") elements.pop();
    return elements.join(e);
  });
}

function transactionSegments(transaction: TransactionSpec, control: string, e: string, c: string): string[] {
  const payer = transaction.payer ?? TEST_PAYER;
  const payee = transaction.payee ?? TEST_PAYEE;
  const payment = transactionPaymentCents(transaction);
  const date = compact(transaction.paymentDate);
  const out: string[] = [`ST${e}835${e}${control}`];
  out.push(payment === 0 ? `BPR${e}H${e}0${e}C${e}NON${e.repeat(12)}${date}` : `BPR${e}I${e}${money(payment)}${e}C${e}CHK${e.repeat(12)}${date}`);
  out.push(`TRN${e}1${e}${transaction.traceNumber}${e}1512345678`);
  out.push(`DTM${e}405${e}${date}`);
  out.push(`N1${e}PR${e}${payer.name}${e}XV${e}${payer.id}`, `N3${e}PO BOX 6703`, `N4${e}FARGO${e}ND${e}581086703`, `PER${e}BL${e}PROVIDER SERVICES${e}TE${e}8665021234`);
  out.push(`N1${e}PE${e}${payee.name}${e}XX${e}${payee.npi}`, `N3${e}100 MAIN ST`, `N4${e}DENVER${e}CO${e}802021234`);
  if (transaction.claims.length > 0) out.push(`LX${e}1`);
  for (const claim of transaction.claims) {
    const totals = claimTotals(claim);
    const patient = claim.patient ?? { lastName: "DOE", firstName: "JANE", memberId: "1EG4TE5MK72" };
    out.push(
      [
        "CLP",
        claim.claimId,
        claim.statusCode ?? "1",
        money(totals.chargeCents),
        money(totals.paidCents),
        totals.patientResponsibilityCents === 0 ? "" : money(totals.patientResponsibilityCents),
        claim.filingIndicator ?? "MB",
        claim.payerClaimControlNumber ?? `ICN${claim.claimId.replace(/[^A-Za-z0-9]/g, "")}`,
        "11",
        "1",
      ].join(e),
    );
    out.push(...casSegments(claim.adjustments, e));
    out.push(`NM1${e}QC${e}1${e}${patient.lastName}${e}${patient.firstName}${e}${e}${e}${e}MI${e}${patient.memberId}`);
    if (claim.remarks && claim.remarks.length > 0) out.push(["MOA", "", "", ...claim.remarks.slice(0, 5)].join(e));
    if (claim.receivedDate) out.push(`DTM${e}050${e}${compact(claim.receivedDate)}`);
    for (const line of claim.lines) {
      const procedure = ["HC", line.code, ...(line.modifiers ?? [])].join(c);
      const original = line.originalCode ? ["HC", line.originalCode, ...(line.originalModifiers ?? [])].join(c) : "";
      const svc = ["SVC", procedure, money(line.chargeCents), money(linePaidCents(line)), "", String(line.units ?? 1), original];
      while (svc.at(-1) === "") svc.pop();
      out.push(svc.join(e));
      out.push(`DTM${e}472${e}${compact(line.serviceDate)}`);
      out.push(...casSegments(line.adjustments, e));
      if (line.lineId) out.push(`REF${e}6R${e}${line.lineId}`);
      if (line.allowedCents !== undefined) out.push(`AMT${e}B6${e}${money(line.allowedCents)}`);
      for (const remark of line.remarks ?? []) out.push(`LQ${e}HE${e}${remark}`);
    }
  }
  const adjustments = transaction.providerAdjustments ?? [];
  for (let start = 0; start < adjustments.length; start += 6) {
    const pairs = adjustments.slice(start, start + 6).flatMap((adjustment) => [adjustment.reference ? `${adjustment.reason}${c}${adjustment.reference}` : adjustment.reason, money(adjustment.amountCents)]);
    out.push(["PLB", payee.npi, `${transaction.paymentDate.slice(0, 4)}1231`, ...pairs].join(e));
  }
  out.push(`SE${e}${out.length + 1}${e}${control}`);
  return out;
}

/** The interchange as text. */
export function write835(spec: InterchangeSpec): string {
  const e = spec.delimiters?.element ?? "*";
  const c = spec.delimiters?.component ?? ":";
  const t = spec.delimiters?.segment ?? "~";
  const r = spec.delimiters?.repetition ?? "^";
  const control = spec.controlNumber ?? 1;
  const date = compact(spec.date ?? spec.transactions[0]?.paymentDate ?? "2026-11-20");
  const isaControl = String(control).padStart(9, "0");
  const pad = (text: string, width: number): string => text.padEnd(width, " ");
  const segments: string[] = [
    ["ISA", "00", pad("", 10), "00", pad("", 10), "ZZ", pad("04112", 15), "ZZ", pad("SUB123", 15), date.slice(2), "1200", r, "00501", isaControl, "0", "T", c].join(e),
    ["GS", "HP", "04112", "SUB123", date, "1200", String(control), "X", "005010X221A1"].join(e),
  ];
  // A loop, not push(...): a transaction of 10,000 claims has more segments than a call has arguments.
  spec.transactions.forEach((transaction, index) => {
    for (const segment of transactionSegments(transaction, String(index + 1).padStart(4, "0"), e, c)) segments.push(segment);
  });
  segments.push(`GE${e}${spec.transactions.length}${e}${control}`, `IEA${e}1${e}${isaControl}`);
  return segments.join(t + (spec.newlines ? "\n" : "")) + t + (spec.newlines ? "\n" : "");
}
