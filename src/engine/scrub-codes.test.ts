/**
 * Code checks through the whole scrub (docs/billing-rules.md section 2): deleted codes name their
 * replacement, the 97633 typo points at 97533, another discipline's codes, payability
 * from the PFS status column (97014 -> G0283 for Medicare only; 97010 and 99072 bundled;
 * 97545 restricted), unlisted codes, and codes that are not therapy codes at all.
 */
import { describe, expect, it } from "vitest";
import { about, lines, problems, scrub, visitBuilder } from "./test-support/scrub-fixtures.js";

const visit = visitBuilder({ id: "V-codes" });

describe("deleted codes (data/otbill/deleted_codes.csv): code.deleted names the replacement and the line leaves the claim", () => {
  it.each([
    ["97001", "2017-01-01", "97161-97163"],
    ["97002", "2017-01-01", "97164"],
    ["97003", "2017-01-01", "97165-97167"],
    ["97004", "2017-01-01", "97168"],
    ["97532", "2018-01-01", "97129 or 97130"],
    ["97762", "2018-01-01", "97763"],
    ["97127", "2020-01-01", "97129 or 97130"],
    ["G0515", "2020-01-01", "97129 or 97130"],
  ])("%s (deleted %s) -> bill %s", (code, deletedOn, replacement) => {
    const result = scrub(visit([{ code, minutes: 30 }]));
    expect(problems(result)).toEqual(["code.deleted"]);
    expect(result.status).toBe("reject");
    expect(result.lines).toEqual([]);
    const text = about(result, "code.deleted");
    expect(text).toContain(`deleted on ${deletedOn}`);
    expect(text).toContain(`Bill ${replacement} instead`);
    expect(result.findings.find((item) => item.rule === "code.deleted")?.code).toBe(code);
  });

  it("a deleted code next to good ones: only its line leaves, the others are counted alone", () => {
    const result = scrub(visit([{ code: "97532", minutes: 20 }, { code: "97530", minutes: 25 }]));
    expect(lines(result)).toEqual([["97530", 2, ["GO"]]]);
    expect(result.totals).toMatchObject({ timedMinutes: 25, timedUnits: 2 });
  });
});

describe("code.unknown", () => {
  it("97633 does not exist: suggests 97533", () => {
    const result = scrub(visit([{ code: "97633", minutes: 30 }]));
    expect(problems(result)).toEqual(["code.unknown"]);
    expect(result.status).toBe("reject");
    expect(result.lines).toEqual([]);
    expect(about(result, "code.unknown")).toContain("Did you mean 97533");
  });

  it("a near miss of real codes lists them", () => {
    const result = scrub(visit([{ code: "97111", minutes: 30 }]));
    expect(problems(result)).toEqual(["code.unknown"]);
    expect(about(result, "code.unknown")).toContain("97110");
  });

  it("codes are compared upper-cased and trimmed: g0283 is G0283", () => {
    const result = scrub(visit([{ code: " g0283 " }]));
    expect(problems(result)).toEqual([]);
    expect(lines(result)).toEqual([["G0283", 1, ["GO"]]]);
  });

  it("a code added after the date of service is unknown on that date: 97550 (2024) in 2023", () => {
    const result = scrub(visit([{ code: "97550", minutes: 30 }], { dateOfService: "2023-06-01", planOfCare: undefined }));
    expect(problems(result)).toContain("code.unknown");
    expect(result.lines).toEqual([]);
  });
});

describe("code.discipline: another discipline's code", () => {
  it.each(["97161", "97162", "97163", "97164"])("PT evaluation %s on an OT plan: error, naming the OT codes", (code) => {
    const result = scrub(visit([{ code }]));
    expect(problems(result)).toEqual(["code.discipline"]);
    expect(result.status).toBe("reject");
    expect(about(result, "code.discipline")).toContain("97165-97168");
  });

  it("the same PT evaluation under a PT plan by a PT is fine (GP added)", () => {
    const result = scrub(
      visit([{ code: "97161" }], {
        provider: { discipline: "PT", participating: true },
        planOfCare: { discipline: "PT", initialEvaluationDate: "2026-03-10", certifiedFrom: "2026-03-10", certifiedThrough: "2026-06-07", signedDate: "2026-03-12" },
        patient: { ptSlpAllowedYearToDate: 0, deductibleRemaining: 0 },
      }),
    );
    expect(problems(result)).toEqual([]);
    expect(lines(result)).toEqual([["97161", 1, ["GP"]]]);
  });

  it("athletic training evaluation 97169: not an OT service (and Medicare status N)", () => {
    const result = scrub(visit([{ code: "97169" }]));
    expect(problems(result)).toEqual(["code.discipline", "code.not-payable"]);
  });
});

describe("code.not-payable: the PFS status column, for Medicare payers only", () => {
  it("97014 on Medicare (status I): error naming G0283", () => {
    const result = scrub(visit([{ code: "97014" }, { code: "97110", minutes: 15 }]));
    expect(problems(result)).toEqual(["code.not-payable"]);
    expect(result.status).toBe("reject");
    const text = about(result, "code.not-payable");
    expect(text).toContain("status I");
    expect(text).toContain("G0283");
    expect(result.lines.find((line) => line.code === "97014")?.allowed ?? 0).toBe(0);
  });

  it("97014 on a commercial payer: no finding", () => {
    const result = scrub(visit([{ code: "97014" }], { payer: { kind: "commercial", name: "Acme Health" } }));
    expect(problems(result)).toEqual([]);
    expect(lines(result)).toEqual([["97014", 1, ["GO"]]]);
  });

  it("97014 on Medicare Advantage follows Medicare's status", () => {
    expect(problems(scrub(visit([{ code: "97014" }], { payer: { kind: "medicare-advantage" } })))).toEqual(["code.not-payable"]);
  });

  it("G0283 on Medicare: paid; 2026 national (0.18 + 0.19 + 0.01) x 33.4009 = 12.692342 -> $12.69", () => {
    const result = scrub(visit([{ code: "G0283" }]));
    expect(problems(result)).toEqual([]);
    expect(result.lines[0]?.allowed).toBe(12.69);
  });

  it("97010 hot/cold packs (status B, bundled): error, no amount", () => {
    const result = scrub(visit([{ code: "97010" }, { code: "97110", minutes: 15 }]));
    expect(problems(result)).toEqual(["code.not-payable"]);
    expect(about(result, "code.not-payable")).toContain("status B");
    // 97110 alone is priced in full: (0.45 + 0.41 + 0.01) x 33.4009 = $29.06
    expect(result.totals.allowed).toBe(29.06);
  });

  it("99072 PHE supplies (status B): error", () => {
    expect(problems(scrub(visit([{ code: "99072" }])))).toEqual(["code.not-payable"]);
  });

  it("99072 after the public health emergency ended (2023-05-11) on a commercial claim: still a clear finding (docs/billing-rules.md section 2)", () => {
    const result = scrub(visit([{ code: "99072" }, { code: "97110", minutes: 15 }], { payer: { kind: "commercial", name: "Acme Health" } }));
    const about99072 = result.findings.filter((item) => item.code === "99072" && item.severity !== "info");
    expect(about99072.length).toBeGreaterThan(0);
    expect(result.status).not.toBe("clean");
  });

  it("97545 work hardening (status R, restricted): a warning, not an error", () => {
    const result = scrub(visit([{ code: "97545", minutes: 120 }]));
    expect(problems(result)).toEqual(["code.not-payable"]);
    expect(result.findings.find((item) => item.rule === "code.not-payable")?.severity).toBe("warning");
    expect(result.status).toBe("review");
  });
});

describe("code.description-required: unlisted codes", () => {
  it.each(["97039", "97139", "97799"])("%s without a description: warning; with one: none", (code) => {
    expect(problems(scrub(visit([{ code }])))).toEqual(["code.description-required"]);
    expect(problems(scrub(visit([{ code, description: "Mirror box therapy" }])))).toEqual([]);
  });
});

describe("lines that cannot be paid leave the claim (another discipline's code, Medicare status B/I/N)", () => {
  const unpaid = visitBuilder({ id: "V-unpaid" });

  it("97161 (PT evaluation) on an OT plan leaves the claim: 97530 keeps the full-PE unit ($35.07 + $25.05) and KX counts only it", () => {
    const result = scrub(unpaid([{ code: "97161" }, { code: "97530", minutes: 30 }]));
    expect(result.status).toBe("reject");
    expect(result.lines.map((line) => [line.code, line.units, line.modifiers, line.allowed])).toEqual([["97530", 2, ["GO"], 60.12]]);
    expect(result.totals.allowed).toBe(60.12);
    expect(result.totals.untimedUnits).toBe(0);
    expect(result.findings.find((item) => item.rule === "threshold.kx")?.message).toContain("$500.00 before this visit, $560.12 after it");
    expect(result.findings.find((item) => item.rule === "code.discipline")?.message).toBe(
      "97161 (Physical therapy evaluation: low complexity) is a PT code, but this is an OT visit (from the provider's discipline); it leaves the claim.",
    );
  });

  it("97014 (status I) on Medicare leaves the claim, pointing to G0283", () => {
    const result = scrub(unpaid([{ code: "97014" }, { code: "97110", minutes: 15 }]));
    expect(result.lines.map((line) => line.code)).toEqual(["97110"]);
    const item = result.findings.find((found) => found.rule === "code.not-payable");
    expect(item?.message).toContain("has Medicare status I: not valid for Medicare: use another code; it leaves the claim.");
    expect(item?.fix).toMatch(/^Bill G0283 \(/);
  });

  it("97014 on a commercial payer stays (the PFS status speaks for Medicare only)", () => {
    const result = scrub(unpaid([{ code: "97014" }], { payer: { kind: "commercial", name: "Acme Health" } }));
    expect(result.lines.map((line) => line.code)).toEqual(["97014"]);
  });
});

describe("wording", () => {
  const words = visitBuilder({ id: "V-words" });

  it("97633: the message says once that it is not a code", () => {
    const result = scrub(words([{ code: "97633", minutes: 30 }]));
    expect(result.findings.find((item) => item.rule === "code.unknown")?.message).toBe(
      "97633 is not a CPT/HCPCS code. It is a common typo for 97533 sensory integrative techniques (docs/billing-rules.md section 2).",
    );
  });

  it("poc.missing on a commercial visit does not speak of Medicare; on Medicare it does", () => {
    const commercial = scrub(words([{ code: "97110", minutes: 30 }], { payer: { kind: "commercial", name: "Acme" }, planOfCare: undefined }));
    expect(commercial.findings.find((item) => item.rule === "poc.missing")?.message).toBe(
      "No plan of care is known for this visit; most payers want therapy under a plan of care, so certification, expiry and progress reports were not checked.",
    );
    const medicare = scrub(words([{ code: "97110", minutes: 30 }], { planOfCare: undefined }));
    expect(medicare.findings.find((item) => item.rule === "poc.missing")?.message).toContain("Medicare pays therapy only under a certified plan of care");
  });

  it("the AT evaluation on an OT visit reads 'an OT service'", () => {
    expect(scrub(words([{ code: "97169" }])).findings.find((item) => item.rule === "code.discipline")?.message).toBe(
      "97169 (Athletic training evaluation: low complexity) is an athletic training code, not an OT service; it leaves the claim.",
    );
  });
});
