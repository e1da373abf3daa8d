/**
 * The unit count on its own, for `otbill units` and POST /api/units: the same pipeline
 * as a scrub (so families, long codes and the assistant split behave identically), with
 * only the lines and the unit and code findings reported.
 */
import type { ClaimLine, Finding } from "../contract/result.js";
import type { Visit } from "../contract/visit.js";
import type { IsoDate } from "../reference/dates.js";
import type { Reference } from "../reference/reference.js";
import type { Discipline, UnitRule } from "../reference/types.js";
import { scrub } from "./scrub.js";

export interface UnitsRequestService {
  code: string;
  minutes: number;
  assistantMinutes?: number;
}

export interface UnitsRequest {
  services: UnitsRequestService[];
  rule: UnitRule;
  date: IsoDate;
  discipline?: Discipline;
}

export interface UnitsReport {
  rule: UnitRule;
  date: IsoDate;
  totalMinutes: number;
  totalUnits: number;
  lines: Pick<ClaimLine, "code" | "units" | "minutes" | "assistantMinutes" | "modifiers">[];
  explanation: string;
  findings: Finding[];
}

const REPORTED = ["units.", "code.", "documentation.minutes", "modifier.assistant", "addon.", "units.mue"];

export function unitsReport(reference: Reference, request: UnitsRequest): UnitsReport {
  const visit: Visit = {
    dateOfService: request.date,
    payer: { kind: request.rule === "cms" ? "medicare" : "commercial", unitRule: request.rule },
    provider: { discipline: request.discipline ?? "OT" },
    services: request.services.map((service) => ({
      code: service.code,
      minutes: service.minutes,
      ...(service.assistantMinutes !== undefined ? { assistantMinutes: service.assistantMinutes } : {}),
    })),
  };
  const result = scrub(visit, reference);
  const findings = result.findings.filter((item) => REPORTED.some((prefix) => item.rule.startsWith(prefix)));
  const allocation = findings.find((item) => item.rule === "units.allocation");
  return {
    rule: request.rule,
    date: request.date,
    totalMinutes: result.totals.timedMinutes,
    totalUnits: result.totals.timedUnits,
    lines: result.lines.map((line) => ({
      code: line.code,
      units: line.units,
      modifiers: line.modifiers,
      ...(line.minutes !== undefined ? { minutes: line.minutes } : {}),
      ...(line.assistantMinutes !== undefined ? { assistantMinutes: line.assistantMinutes } : {}),
    })),
    explanation: allocation?.message ?? "No timed codes.",
    findings,
  };
}
