/** The 835 writer, where the tests look for it (src/x12/835/write.ts), and the tests' shorthand for its lines. */
import type { LineSpec } from "../write.js";

export * from "../write.js";

/** A service line paid on the 835: its code, units, charge, date and adjustments (CAS). */
export function serviceLine(code: string, units: number, chargeCents: number, serviceDate: string, adjustments: LineSpec["adjustments"]): LineSpec {
  return { code, units, chargeCents, serviceDate, adjustments };
}
