/**
 * Modifiers and NCCI pairs through the whole scrub (docs/billing-rules.md sections 4 and 5): GO/GP/GN,
 * CO/CQ and the CO split with its 85% payment, 59/X only on indicator-1 pairs and only
 * when `distinct`, never on indicator 0, 95 with POS 02/10 and the dated telehealth
 * periods (data/policy/telehealth_therapist_periods.csv), at most 4 modifiers, one order.
 * Amounts are 2026 national (CF 33.4009, GPCIs 1.000) unless said.
 */
import { describe, expect, it } from "vitest";
import type { IsoDate } from "../reference/dates.js";
import { NcciTables } from "../reference/ncci.js";
import { Reference } from "../reference/reference.js";
import type { PtpEdit } from "../reference/types.js";
import { PLAN, about, lines, problems, reference, rules, scrub, scrubWith, severities, visitBuilder, type ServiceInput } from "./test-support/scrub-fixtures.js";

const PLAN_2025 = { discipline: "OT", initialEvaluationDate: "2025-09-02", certifiedFrom: "2025-09-02", certifiedThrough: "2025-11-30", signedDate: "2025-09-05", treatmentDaysSinceProgressReport: 3 } as const;
const PLAN_JAN_2026 = { discipline: "OT", initialEvaluationDate: "2026-01-05", certifiedFrom: "2026-01-05", certifiedThrough: "2026-04-04", signedDate: "2026-01-08", treatmentDaysSinceProgressReport: 3 } as const;

const visit = visitBuilder({ id: "V-mods" });

describe("discipline modifiers (MCPM ch.5 section 20.1)", () => {
  it("GO is added to every therapy line of an OT visit (info)", () => {
    const result = scrub(visit([{ code: "97110", minutes: 15 }, { code: "97165" }]));
    expect(lines(result)).toEqual([
      ["97110", 1, ["GO"]],
      ["97165", 1, ["GO"]],
    ]);
    expect(severities(result, "modifier.discipline")).toEqual(["info"]);
    expect(about(result, "modifier.discipline")).toContain("GO added to 97110, 97165");
    expect(result.status).toBe("clean");
  });

  it("GO already on the line: nothing to say", () => {
    const result = scrub(visit([{ code: "97110", minutes: 15, modifiers: ["GO"] }]));
    expect(rules(result)).not.toContain("modifier.discipline");
    expect(lines(result)).toEqual([["97110", 1, ["GO"]]]);
  });

  it.each(["GP", "GN"])("%s on an OT line: error, replaced by GO", (wrong) => {
    const result = scrub(visit([{ code: "97110", minutes: 30, modifiers: [wrong] }]));
    expect(lines(result)).toEqual([["97110", 2, ["GO"]]]);
    expect(severities(result, "modifier.discipline")).toContain("error");
    expect(about(result, "modifier.discipline")).toContain(`Replace ${wrong} with GO`);
    expect(result.status).toBe("reject");
  });

  it("a code that is not a therapy service gets no discipline modifier (99072 during the PHE, commercial)", () => {
    const result = scrub(visit([{ code: "99072" }], { dateOfService: "2023-03-10", payer: { kind: "commercial", name: "Acme Health" } }));
    expect(lines(result)).toEqual([["99072", 1, []]]);
  });
});

describe("assistant modifiers: CO, and CQ on an OT line", () => {
  it("OTA 10 + OT 5 of 97110: 1 unit with CO, at 85%: 29.058783 x 0.85 = 24.699966 -> $24.70", () => {
    const result = scrub(visit([{ code: "97110", minutes: 15, assistantMinutes: 10 }]));
    expect(lines(result)).toEqual([["97110", 1, ["GO", "CO"]]]);
    expect(result.lines[0]?.allowed).toBe(24.7);
    expect(severities(result, "modifier.assistant")).toEqual(["info"]);
    expect(result.status).toBe("clean");
  });

  it("OTA 23 + OT 13 of 97110: split into a GO line and a GO CO line", () => {
    const result = scrub(visit([{ code: "97110", minutes: 36, assistantMinutes: 23 }]));
    expect(lines(result)).toEqual([
      ["97110", 1, ["GO"]],
      ["97110", 1, ["GO", "CO"]],
    ]);
    // MPPR: equal PE, the non-CO unit is paid in full: 0.87 x 33.4009 = 29.058783 -> 29.06;
    // the CO unit at half PE and 85%: (0.45 + 0.205 + 0.01) x 33.4009 x 0.85 = 18.879859 -> 18.88
    expect(result.lines.map((line) => line.allowed)).toEqual([29.06, 18.88]);
    expect(about(result, "modifier.assistant")).toContain("1 unit(s) with CO and 1 without");
    expect(result.totals).toMatchObject({ timedMinutes: 36, timedUnits: 2 });
  });

  it("all OTA, 97530 30 minutes: 2 units with CO: 35.070945 x 0.85 -> 29.81, 25.050675 x 0.85 -> 21.29", () => {
    const result = scrub(visit([{ code: "97530", minutes: 30, assistantMinutes: 30 }]));
    expect(lines(result)).toEqual([["97530", 2, ["GO", "CO"]]]);
    expect(result.lines[0]?.allowed).toBe(51.1);
  });

  it("OT 12 + OTA 12 of 97530 (2 units, each 9-14 minutes): one with CO, one without", () => {
    const result = scrub(visit([{ code: "97530", minutes: 24, assistantMinutes: 12 }]));
    expect(lines(result)).toEqual([
      ["97530", 1, ["GO"]],
      ["97530", 1, ["GO", "CO"]],
    ]);
  });

  it("de minimis on 100 minutes of 97110 (7 units): OTA 0 and 10 -> no CO; 11 -> 6 + 1 CO", () => {
    expect(lines(scrub(visit([{ code: "97110", minutes: 100, assistantMinutes: 0 }])))).toEqual([["97110", 7, ["GO"]]]);
    const ten = scrub(visit([{ code: "97110", minutes: 100, assistantMinutes: 10 }]));
    expect(lines(ten)).toEqual([["97110", 7, ["GO"]]]);
    expect(rules(ten)).not.toContain("modifier.assistant");
    expect(lines(scrub(visit([{ code: "97110", minutes: 100, assistantMinutes: 11 }])))).toEqual([
      ["97110", 6, ["GO"]],
      ["97110", 1, ["GO", "CO"]],
    ]);
  });

  it("untimed 97150: OTA 10 of 100 minutes no CO, 11 of 100 CO, the whole session CO", () => {
    expect(lines(scrub(visit([{ code: "97150", minutes: 100, assistantMinutes: 10 }])))).toEqual([["97150", 1, ["GO"]]]);
    expect(lines(scrub(visit([{ code: "97150", minutes: 100, assistantMinutes: 11 }])))).toEqual([["97150", 1, ["GO", "CO"]]]);
    const whole = scrub(visit([{ code: "97150", minutes: 45, assistantMinutes: 45 }]));
    expect(lines(whole)).toEqual([["97150", 1, ["GO", "CO"]]]);
    // (0.29 + 0.24 + 0.01) x 33.4009 = 18.036486 x 0.85 = 15.331013 -> $15.33
    expect(whole.lines[0]?.allowed).toBe(15.33);
  });

  it("CO sent but the minutes say the OT furnished it all: CO removed (info)", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, assistantMinutes: 0, modifiers: ["CO"] }]));
    expect(lines(result)).toEqual([["97110", 2, ["GO"]]]);
    expect(about(result, "modifier.assistant")).toContain("CO removed");
    expect(result.status).toBe("clean");
  });

  it("CO sent without assistant minutes: kept (the caller knows)", () => {
    expect(lines(scrub(visit([{ code: "97110", minutes: 30, modifiers: ["CO"] }])))).toEqual([["97110", 2, ["GO", "CO"]]]);
  });

  it("CQ (the PTA modifier) on an OT line: error, CQ removed", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, modifiers: ["CQ"] }]));
    expect(lines(result)).toEqual([["97110", 2, ["GO"]]]);
    expect(severities(result, "modifier.assistant")).toEqual(["error"]);
    expect(about(result, "modifier.assistant")).toContain("CQ is the PTA modifier");
    expect(result.status).toBe("reject");
  });
});

describe("NCCI pairs and distinct-service modifiers", () => {
  it("97530 with 97140, indicator 1, not documented distinct: ncci.ptp warning and no 59 anywhere", () => {
    const result = scrub(visit([{ code: "97530", minutes: 30 }, { code: "97140", minutes: 15 }]));
    expect(lines(result)).toEqual([
      ["97530", 2, ["GO"]],
      ["97140", 1, ["GO"]],
    ]);
    expect(problems(result)).toEqual(["modifier.distinct", "ncci.ptp"]);
    expect(severities(result, "ncci.ptp")).toEqual(["warning"]);
    expect(about(result, "ncci.ptp")).toContain("97140 is bundled into 97530");
    expect(result.status).toBe("review");
  });

  it("97140 documented distinct: 59 added to 97140 only, the pair resolved", () => {
    const result = scrub(visit([{ code: "97530", minutes: 30 }, { code: "97140", minutes: 15, distinct: true }]));
    expect(lines(result)).toEqual([
      ["97530", 2, ["GO"]],
      ["97140", 1, ["GO", "59"]],
    ]);
    expect(problems(result)).toEqual(["modifier.distinct"]);
    expect(about(result, "modifier.distinct")).toContain("59 added to 97140");
  });

  it("only the column-1 code (97530) documented distinct: 59 on 97530 (docs/billing-rules.md section 5 allows column 1), and the message names the pair", () => {
    const result = scrub(visit([{ code: "97530", minutes: 30, distinct: true }, { code: "97140", minutes: 15 }]));
    expect(lines(result)).toEqual([
      ["97530", 2, ["GO", "59"]],
      ["97140", 1, ["GO"]],
    ]);
    expect(rules(result)).not.toContain("ncci.ptp");
    // plain words (docs/contract.md): the finding must say that 97140 is bundled into 97530, not that 97530 is bundled into itself
    expect(about(result, "modifier.distinct")).toContain("97140");
    expect(about(result, "modifier.distinct")).not.toContain("bundled into 97530 (NCCI PTP, indicator 1) and the visit documents it");
  });

  it("XU already on 97140: accepted as the distinct modifier, 59 not added", () => {
    const result = scrub(visit([{ code: "97530", minutes: 30 }, { code: "97140", minutes: 15, modifiers: ["XU"] }]));
    expect(lines(result)).toEqual([
      ["97530", 2, ["GO"]],
      ["97140", 1, ["GO", "XU"]],
    ]);
    expect(rules(result)).not.toContain("ncci.ptp");
  });

  it("distinct on codes that form no pair: 59 never added", () => {
    const result = scrub(visit([{ code: "97530", minutes: 30, distinct: true }, { code: "97110", minutes: 15, distinct: true }]));
    expect(lines(result)).toEqual([
      ["97530", 2, ["GO"]],
      ["97110", 1, ["GO"]],
    ]);
    expect(result.status).toBe("clean");
  });

  it("59 sent on a code that is in no NCCI pair that day: flagged as modifier.invalid (findings.ts: '59 without an edit')", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, modifiers: ["59"] }]));
    expect(rules(result)).toContain("modifier.invalid");
    expect(result.status).not.toBe("clean");
  });

  describe("with a synthetic NCCI table (test-only edits, not real CMS rows)", () => {
    const base = reference.tables;
    const edit = (column1: string, column2: string, indicator: "0" | "1", effective: string, deleted?: string): PtpEdit => ({
      column1,
      column2,
      effective: effective as IsoDate,
      ...(deleted ? { deleted: deleted as IsoDate } : {}),
      modifierIndicator: indicator,
      rationale: "synthetic test edit",
      origin: "imported",
      release: "TEST",
      source: "synthetic test edit",
    });
    const synthetic = new Reference({
      ...base,
      ncci: new NcciTables([], [], {
        ptp: {
          kind: "ncci-ptp",
          releases: [],
          edits: [
            edit("97530", "97140", "1", "2020-01-01"),
            edit("97760", "97763", "0", "2020-01-01"),
            edit("97535", "97537", "1", "2020-01-01", "2026-01-01"),
          ],
        },
      }),
    });
    const scrubSynthetic = scrubWith(synthetic);

    it("indicator 0: an error, and 59 is never added even when documented distinct", () => {
      const result = scrubSynthetic(visit([{ code: "97760", minutes: 30 }, { code: "97763", minutes: 15, distinct: true }]));
      expect(severities(result, "ncci.ptp")).toEqual(["error"]);
      expect(about(result, "ncci.ptp")).toContain("modifier indicator 0");
      expect(result.lines.flatMap((line) => line.modifiers)).not.toContain("59");
      expect(rules(result)).not.toContain("modifier.distinct");
      expect(result.status).toBe("reject");
    });

    it("an edit deleted before the date of service no longer applies; before its deletion it does", () => {
      const services: ServiceInput[] = [{ code: "97535", minutes: 30 }, { code: "97537", minutes: 15 }];
      expect(rules(scrubSynthetic(visit(services)))).not.toContain("ncci.ptp");
      const before = scrubSynthetic(visit(services, { dateOfService: "2025-12-31", planOfCare: { ...PLAN_2025, certifiedThrough: "2026-01-01" } }));
      expect(rules(before)).toContain("ncci.ptp");
    });
  });
});

describe("telehealth (95, POS 02/10, data/policy/telehealth_therapist_periods.csv)", () => {
  it("POS 02 on 2025-09-30 (inside the extension): 95 added with a warning to confirm, no error", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30 }], { dateOfService: "2025-09-30", placeOfService: "02", planOfCare: { ...PLAN_2025 } }));
    expect(lines(result)).toEqual([["97110", 2, ["GO", "95"]]]);
    expect(severities(result, "modifier.telehealth")).toEqual(["warning"]);
    expect(problems(result)).toEqual(["modifier.telehealth"]);
    expect(result.status).toBe("review");
    // 2025 national: (0.45 + 0.43 + 0.01) x 32.3465 = 28.788385 -> 28.79; (0.45 + 0.215 + 0.01) x 32.3465 = 21.833888 -> 21.83
    expect(result.lines[0]?.allowed).toBe(50.62);
  });

  it("POS 10 on 2026-01-30 and 2026-01-31: the lapse between two extensions was closed retroactively, both paid", () => {
    const before = scrub(visit([{ code: "97110", minutes: 30 }], { dateOfService: "2026-01-30", placeOfService: "10", planOfCare: { ...PLAN_JAN_2026 } }));
    expect(severities(before, "modifier.telehealth")).toEqual(["warning"]);
    const after = scrub(visit([{ code: "97110", minutes: 30 }], { dateOfService: "2026-01-31", placeOfService: "10", planOfCare: { ...PLAN_JAN_2026 } }));
    expect(severities(after, "modifier.telehealth")).toEqual(["warning"]);
  });

  it("POS 02 on 2026-03-10, inside the extension through 2027-12-31: 95 added, no error", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30 }], { placeOfService: "02" }));
    expect(severities(result, "modifier.telehealth")).toEqual(["warning"]);
    expect(result.status).toBe("review");
  });

  it("POS 10 on 2028-01-01, the day after the last extension ends: error naming the date", () => {
    const plan = { discipline: "OT" as const, initialEvaluationDate: "2027-12-01", certifiedFrom: "2027-12-01", certifiedThrough: "2028-02-28", signedDate: "2027-12-05", treatmentDaysSinceProgressReport: 2 };
    const last = scrub(visit([{ code: "97110", minutes: 30 }], { dateOfService: "2027-12-31", placeOfService: "10", planOfCare: plan }));
    expect(severities(last, "modifier.telehealth")).toEqual(["warning"]);
    const unpaid = scrub(visit([{ code: "97110", minutes: 30 }], { dateOfService: "2028-01-01", placeOfService: "10", planOfCare: plan }));
    expect(severities(unpaid, "modifier.telehealth")).toContain("error");
    expect(about(unpaid, "modifier.telehealth")).toContain("2028-01-01");
    expect(unpaid.status).toBe("reject");
  });

  it("95 with POS 11: error, the place of service is not telehealth", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, modifiers: ["95"] }], { dateOfService: "2025-09-30", planOfCare: { ...PLAN_2025 } }));
    expect(severities(result, "modifier.telehealth")).toEqual(["error"]);
    expect(about(result, "modifier.telehealth")).toContain("not 02 or 10");
    expect(result.status).toBe("reject");
  });

  describe("the place of service is dated (data/policy/telehealth_place_of_service.csv)", () => {
    const PLAN_2022 = { discipline: "OT", initialEvaluationDate: "2022-03-01", certifiedFrom: "2022-03-01", certifiedThrough: "2022-05-29", signedDate: "2022-03-03", treatmentDaysSinceProgressReport: 3 } as const;
    const PLAN_2023 = { ...PLAN_2022, initialEvaluationDate: "2023-12-01", certifiedFrom: "2023-12-01", certifiedThrough: "2024-02-28", signedDate: "2023-12-03" } as const;

    it("2022: POS 11 with 95 is how CMS had telehealth billed: no telehealth finding at all", () => {
      const result = scrub(visit([{ code: "97110", minutes: 30, modifiers: ["95"] }], { dateOfService: "2022-03-15", placeOfService: "11", planOfCare: { ...PLAN_2022 } }));
      expect(rules(result)).not.toContain("modifier.telehealth");
      expect(lines(result)).toEqual([["97110", 2, ["GO", "95"]]]);
    });

    it("2023-12-31 is the last day of the in-person POS rule; 2024-01-01 needs POS 02 or 10", () => {
      const last = scrub(visit([{ code: "97110", minutes: 30, modifiers: ["95"] }], { dateOfService: "2023-12-29", placeOfService: "11", planOfCare: { ...PLAN_2023 } }));
      expect(rules(last)).not.toContain("modifier.telehealth");
      const first = scrub(visit([{ code: "97110", minutes: 30, modifiers: ["95"] }], { dateOfService: "2024-01-02", placeOfService: "11", planOfCare: { ...PLAN_2023 } }));
      expect(severities(first, "modifier.telehealth")).toEqual(["error"]);
    });

    it("2022 with POS 02: a warning that the in-person place of service was wanted", () => {
      const result = scrub(visit([{ code: "97110", minutes: 30 }], { dateOfService: "2022-03-15", placeOfService: "02", planOfCare: { ...PLAN_2022 } }));
      expect(severities(result, "modifier.telehealth")).toEqual(["warning", "warning"]);
      expect(about(result, "modifier.telehealth")).toContain("On 2022-03-15 Medicare had telehealth billed with the place of service of an in-person visit (e.g. 11) plus 95, not POS 02");
    });

    it("a workers' comp visit with POS 10 does not speak of Medicare", () => {
      const result = scrub(visit([{ code: "97110", minutes: 30 }], { placeOfService: "10", payer: { kind: "workers-comp", name: "State Fund" } }));
      const text = about(result, "modifier.telehealth");
      expect(text).toBe(
        "95 added to 97110: place of service 10 is telehealth, and most payers want telehealth lines marked with 95. Confirm the visit was real-time audio and video, and check this payer's telehealth policy (some want GT, or no modifier).",
      );
    });
  });

  it("95 already sent with POS 10 inside a period: nothing to say", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, modifiers: ["95"] }], { dateOfService: "2025-09-30", placeOfService: "10", planOfCare: { ...PLAN_2025 } }));
    expect(rules(result)).not.toContain("modifier.telehealth");
    expect(lines(result)).toEqual([["97110", 2, ["GO", "95"]]]);
  });

  it("a commercial payer on POS 02: 95 added, Medicare's dates do not apply", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30 }], { placeOfService: "02", payer: { kind: "commercial", name: "Acme Health" } }));
    expect(severities(result, "modifier.telehealth")).toEqual(["warning"]);
  });
});

describe("four modifiers at most, in one order (discipline, assistant, KX, distinct, telehealth, others)", () => {
  it("five modifiers on a line: modifier.too-many error", () => {
    const result = scrub(visit([{ code: "97110", minutes: 30, modifiers: ["GO", "KX", "GA", "AT", "76"] }]));
    expect(severities(result, "modifier.too-many")).toEqual(["error"]);
    expect(about(result, "modifier.too-many")).toContain("5 modifiers");
    expect(result.status).toBe("reject");
  });

  it("exactly four: fine", () => {
    expect(rules(scrub(visit([{ code: "97110", minutes: 30, modifiers: ["GO", "GA", "AT", "76"] }])))).not.toContain("modifier.too-many");
  });

  it("the engine's own modifiers can reach five: GO CO KX 59 95 on an OTA's distinct 97140 by telehealth past the KX threshold", () => {
    const result = scrub(
      visit([{ code: "97530", minutes: 30 }, { code: "97140", minutes: 15, assistantMinutes: 15, distinct: true }], {
        dateOfService: "2025-09-30",
        placeOfService: "02",
        planOfCare: { ...PLAN_2025 },
        patient: { otAllowedYearToDate: 2500, deductibleRemaining: 0 },
      }),
    );
    expect(lines(result)).toEqual([
      ["97530", 2, ["GO", "KX", "95"]],
      ["97140", 1, ["GO", "CO", "KX", "59", "95"]],
    ]);
    expect(problems(result)).toEqual(["modifier.distinct", "modifier.kx", "modifier.telehealth", "modifier.too-many"]);
  });

  it("sent in any order, the line comes back as discipline, assistant, distinct, others", () => {
    const result = scrub(visit([{ code: "97530", minutes: 30 }, { code: "97140", minutes: 15, assistantMinutes: 15, modifiers: ["GA", "XU", "GO"] }]));
    expect(result.lines[1]?.modifiers).toEqual(["GO", "CO", "XU", "GA"]);
  });
});

describe("assistants on an SLP visit", () => {
  it("Medicare: an assistant's share of an SLP service is an error, with no modifier added", () => {
    const result = scrub(visit([{ code: "92526", minutes: 30, assistantMinutes: 30 }], { provider: { npi: "1234567893", discipline: "SLP" }, planOfCare: { ...PLAN, discipline: "SLP" } }));
    expect(lines(result)).toEqual([["92526", 1, ["GN"]]]);
    expect(problems(result)).toEqual(["modifier.assistant"]);
    expect(about(result, "modifier.assistant")).toContain("Medicare does not recognise speech-language pathology assistants");
  });

  it("a commercial payer: no finding", () => {
    const result = scrub(visit([{ code: "92526", minutes: 30, assistantMinutes: 30 }], { payer: { kind: "commercial" }, provider: { npi: "1234567893", discipline: "SLP" }, planOfCare: { ...PLAN, discipline: "SLP" } }));
    expect(problems(result)).not.toContain("modifier.assistant");
  });
});
