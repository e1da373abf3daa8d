import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "./dates.js";
import { InputError } from "../errors.js";
import { NONPAR_POLICY_FILE, nonParticipatingPolicyOn, parseNonParticipatingPolicies } from "./nonpar.js";

describe("data/policy/nonpar.csv", () => {
  const file = fileURLToPath(new URL(`../../data/${NONPAR_POLICY_FILE}`, import.meta.url));
  const policies = parseNonParticipatingPolicies(readFileSync(file, "utf8"), file);

  it("has the percentages in force with their source", () => {
    const policy = nonParticipatingPolicyOn(policies, parseIsoDate("2026-03-10"));
    expect(policy).toMatchObject({ feeSchedulePercent: 95, limitingChargePercent: 115 });
    expect(policy?.source).toMatch(/1848\(a\)\(3\)/);
    expect(policy?.source).toMatch(/1848\(g\)/);
  });

  it("rejects a malformed row with the file and line", () => {
    const text = "effective_start,effective_end,fee_schedule_percent,limiting_charge_percent,source\n1993-01-01,,ninety-five,115,x\n";
    expect(() => parseNonParticipatingPolicies(text, "nonpar.csv")).toThrow(InputError);
    try {
      parseNonParticipatingPolicies(text, "nonpar.csv");
    } catch (error) {
      expect((error as InputError).located()).toMatch(/^nonpar\.csv:2: column fee_schedule_percent/);
    }
  });
});
