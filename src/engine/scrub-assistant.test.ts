/**
 * Assistants and evaluations: assistant minutes on 97161-97168 are an error, never a CO
 * line (MBPM ch.15 sections 230.1, 230.2).
 */
import { describe, expect, it } from "vitest";
import { scrub, visitBuilder, type ServiceInput } from "./test-support/scrub-fixtures.js";

const visit = visitBuilder({ id: "V-assistant" });
const scrubVisit = (services: ServiceInput[]) => scrub(visit(services));

describe("assistant.evaluation (MBPM ch.15 sections 230.1, 230.2)", () => {
  it("97166 with 10 assistant minutes of 50: an error, and the line is the OT's (no CO)", () => {
    const result = scrubVisit([{ code: "97166", minutes: 50, assistantMinutes: 10 }]);
    expect(result.status).toBe("reject");
    expect(result.lines.map((line) => [line.code, line.units, line.modifiers])).toEqual([["97166", 1, ["GO"]]]);
    const item = result.findings.find((found) => found.rule === "assistant.evaluation");
    expect(item).toMatchObject({ severity: "error", code: "97166", path: "services[0].assistantMinutes" });
    expect(item?.message).toBe("97166 is an evaluation or re-evaluation, and 10 of its minutes are an assistant's; an OTA may not furnish evaluative or assessment services.");
    expect(result.findings.map((found) => found.rule)).not.toContain("modifier.assistant");
  });

  it("97168 (re-evaluation) furnished by the OT alone is fine; 97530 with assistant minutes still splits", () => {
    expect(scrubVisit([{ code: "97168", minutes: 30 }]).findings.map((found) => found.rule)).not.toContain("assistant.evaluation");
    expect(scrubVisit([{ code: "97530", minutes: 30, assistantMinutes: 30 }]).findings.map((found) => found.rule)).not.toContain("assistant.evaluation");
  });
});
