/** The visit schema at the boundary: every refusal names the field and the value. */
import { describe, expect, it } from "vitest";
import { describeIssue, parseVisit } from "./visit.js";

const base = { dateOfService: "2026-03-10", payer: { kind: "medicare" } };

function issues(input: unknown): string[] {
  const parsed = parseVisit(input);
  return parsed.ok ? [] : parsed.issues.map(describeIssue);
}

describe("parseVisit", () => {
  it("accepts the smallest visit: a date, a payer and a list of services", () => {
    expect(parseVisit({ ...base, services: [] }).ok).toBe(true);
  });

  it.each([
    [{ ...base, dateOfService: "2025-02-29", services: [] }, 'dateOfService: must be a calendar date in YYYY-MM-DD form (got "2025-02-29")'],
    [{ ...base, services: [{ code: "97110", minutes: -5 }] }, "services[0].minutes: cannot be negative (got -5)"],
    [{ ...base, services: [{ code: "97110", minutes: 7.5 }] }, "services[0].minutes: must be a whole number of minutes (got 7.5)"],
    [{ ...base, services: [{ code: "97110", minutes: 10, assistantMinutes: 11 }] }, "services[0].assistantMinutes: cannot exceed the service's 10 minutes (got 11)"],
    [{ ...base, locality: "1112-5", services: [] }, 'locality: must be MAC-LOCALITY, e.g. 01112-05 (got "1112-5")'],
    [{ ...base, services: [{ code: "97110", minutes: 10, modifiers: ["GOO"] }] }, 'services[0].modifiers[0]: must be two letters or digits (got "GOO")'],
  ])("refuses %j with %s", (input, message) => {
    expect(issues(input)).toEqual([message]);
  });

  it("accepts 2024-02-29, a leap day", () => {
    expect(parseVisit({ ...base, dateOfService: "2024-02-29", services: [] }).ok).toBe(true);
  });

  it("upper-cases and trims modifiers", () => {
    const parsed = parseVisit({ ...base, services: [{ code: "97110", minutes: 10, modifiers: [" go "] }] });
    expect(parsed.ok && parsed.visit.services[0]?.modifiers).toEqual(["GO"]);
  });
});
