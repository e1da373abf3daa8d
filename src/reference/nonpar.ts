/**
 * Non-participating providers: Medicare's fee schedule amount is a percentage of the
 * participating amount (SSA 1848(a)(3)) and an unassigned claim may charge the patient
 * up to the limiting charge, a percentage of that non-par amount (SSA 1848(g)(2)(C)).
 * Both percentages are dated rows of data/policy/nonpar.csv. This file only parses the
 * CSV text (the shell reads the file) and picks the row in force; no I/O here.
 */
import { parseCsv } from "./csv.js";
import { isIsoDate, isWithin, type IsoDate } from "./dates.js";
import { InputError } from "../errors.js";

/** The data file, relative to the data directory. */
export const NONPAR_POLICY_FILE = "policy/nonpar.csv";

export interface NonParticipatingPolicy {
  start: IsoDate;
  end?: IsoDate;
  /** percent of the participating fee schedule amount allowed (95) */
  feeSchedulePercent: number;
  /** percent of the non-par amount a provider may charge on an unassigned claim (115) */
  limitingChargePercent: number;
  source: string;
}

function percentField(value: string | undefined, column: string, file: string, line: number): number {
  const percent = Number(value);
  if (value === undefined || value === "" || !Number.isFinite(percent) || percent <= 0) {
    throw new InputError("malformed_row", `column ${column}: ${JSON.stringify(value)} is not a percentage`, { file, line });
  }
  return percent;
}

function dateField(value: string | undefined, column: string, file: string, line: number): IsoDate {
  if (!isIsoDate(value)) throw new InputError("malformed_row", `column ${column}: ${JSON.stringify(value)} is not a YYYY-MM-DD date`, { file, line });
  return value;
}

/** Parses the text of data/policy/nonpar.csv. */
export function parseNonParticipatingPolicies(text: string, file = NONPAR_POLICY_FILE): NonParticipatingPolicy[] {
  return parseCsv(text, file, ["effective_start", "fee_schedule_percent", "limiting_charge_percent"]).map((row, index) => {
    const line = index + 2;
    const end = row.effective_end ? dateField(row.effective_end, "effective_end", file, line) : undefined;
    return {
      start: dateField(row.effective_start, "effective_start", file, line),
      ...(end ? { end } : {}),
      feeSchedulePercent: percentField(row.fee_schedule_percent, "fee_schedule_percent", file, line),
      limitingChargePercent: percentField(row.limiting_charge_percent, "limiting_charge_percent", file, line),
      source: row.source ?? "",
    };
  });
}

/** The row in force on the date of service. */
export function nonParticipatingPolicyOn(policies: readonly NonParticipatingPolicy[], date: IsoDate): NonParticipatingPolicy | undefined {
  return policies.find((policy) => isWithin(date, policy.start, policy.end));
}
