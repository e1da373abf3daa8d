/**
 * Which stored claim line a service payment (SVC) pays. The 835 echoes the line item
 * control number we sent in REF*6R, which decides when present; otherwise the code (SVC06
 * when the payer changed it, else SVC01), the modifiers and the date of service; then the
 * code and date alone, because payers often drop modifiers they did not need.
 */
import type { ServicePayment } from "../x12/835/types.js";

export interface StoredLine {
  id: number;
  lineId: string | null;
  code: string;
  modifiers: readonly string[];
}

function sameModifiers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((modifier, index) => modifier === b[index]);
}

/** For each service payment, the id of the stored line it pays, or null; each stored line is taken once. */
export function matchLines(stored: readonly StoredLine[], dateOfService: string, payments: readonly ServicePayment[]): (number | null)[] {
  const taken = new Set<number>();
  const result: (number | null)[] = payments.map(() => null);
  const billed = (payment: ServicePayment) => ({ code: payment.originalCode ?? payment.code, modifiers: payment.originalCode !== undefined ? (payment.originalModifiers ?? []) : payment.modifiers });
  const onDate = (payment: ServicePayment) => payment.serviceDate === undefined || payment.serviceDate === dateOfService;
  const passes: ((line: StoredLine, payment: ServicePayment) => boolean)[] = [
    (line, payment) => payment.lineId !== undefined && line.lineId === payment.lineId,
    (line, payment) => payment.lineId === undefined && onDate(payment) && line.code === billed(payment).code && sameModifiers(line.modifiers, billed(payment).modifiers),
    (line, payment) => payment.lineId === undefined && onDate(payment) && line.code === billed(payment).code,
    // A line id the claim never had (a payer that makes up its own): fall back on the code.
    (line, payment) => onDate(payment) && line.code === billed(payment).code,
  ];
  for (const pass of passes) {
    payments.forEach((payment, index) => {
      if (result[index] !== null) return;
      const line = stored.find((candidate) => !taken.has(candidate.id) && pass(candidate, payment));
      if (line) {
        result[index] = line.id;
        taken.add(line.id);
      }
    });
  }
  return result;
}
