/**
 * Diagnoses (docs/billing-rules.md section 9): valid, billable ICD-10-CM codes of the date's fiscal
 * year (data/icd10cm/, FY2026 and FY2027 loaded), headers and codes missing their 7th character,
 * codes that do not exist, 12 per claim and 1-4 pointers per line.
 */
import { describe, expect, it } from "vitest";
import { about, omitBlock, problems, rules, scrub, visitBuilder, type ServiceInput, type VisitInput } from "./test-support/scrub-fixtures.js";

const dxVisit = visitBuilder({ id: "V-dx" });

/** The default visit with these diagnoses (undefined: no diagnoses block at all). */
function visit(diagnoses: string[] | undefined, services: ServiceInput[] = [{ code: "97530", minutes: 30 }], over: Partial<VisitInput> = {}): VisitInput {
  return diagnoses !== undefined ? dxVisit(services, { diagnoses, ...over }) : { ...omitBlock(dxVisit(services), "diagnoses"), ...over };
}

const TWELVE = ["I69.351", "I69.352", "I69.353", "I69.354", "I69.359", "M62.81", "M62.84", "R26.89", "R27.8", "F82", "G89.11", "S52.501D"];

describe("valid codes", () => {
  it.each(["I69.351", "M62.81", "R26.89", "R27.8", "F82", "G89.11", "G89.0", "S52.501D"])("%s is billable", (code) => {
    const result = scrub(visit([code]));
    expect(problems(result)).toEqual([]);
    expect(result.status).toBe("clean");
  });

  it("written without the dot or in lower case: m6281 is M62.81", () => {
    expect(problems(scrub(visit(["m6281"])))).toEqual([]);
  });
});

describe("diagnosis.not-billable", () => {
  it("I69.35 is a category header: error, with the specific codes as examples", () => {
    const result = scrub(visit(["I69.35", "M62.81"]));
    expect(problems(result)).toEqual(["diagnosis.not-billable"]);
    expect(result.status).toBe("reject");
    const text = about(result, "diagnosis.not-billable");
    expect(text).toContain("category header");
    expect(text).toContain("I69.351");
    expect(result.findings.find((item) => item.rule === "diagnosis.not-billable")?.path).toBe("diagnoses[0]");
  });

  it("M62.8 (the public case) is a header", () => {
    expect(problems(scrub(visit(["M62.8"])))).toEqual(["diagnosis.not-billable"]);
  });

  it("S52.501 needs its 7th character: error naming S52.501A; S52.501A and S52.501D are fine", () => {
    const result = scrub(visit(["S52.501"]));
    expect(problems(result)).toEqual(["diagnosis.not-billable"]);
    expect(about(result, "diagnosis.not-billable")).toContain("7th character");
    expect(about(result, "diagnosis.not-billable")).toContain("S52.501A");
    expect(problems(scrub(visit(["S52.501A"])))).toEqual([]);
  });
});

describe("diagnosis.invalid: a code that is no prefix of any billable code", () => {
  it.each(["M62.810", "Z99.999", "Q1234567", "123"])("%s", (code) => {
    const result = scrub(visit([code]));
    expect(problems(result)).toEqual(["diagnosis.invalid"]);
    expect(about(result, "diagnosis.invalid")).toContain(code);
    expect(result.status).toBe("reject");
  });
});

describe("diagnosis.missing", () => {
  it("an empty list or no list: error", () => {
    expect(problems(scrub(visit([])))).toEqual(["diagnosis.missing"]);
    expect(problems(scrub(visit(undefined)))).toEqual(["diagnosis.missing"]);
  });
});

describe("diagnosis.fiscal-year: the year's code set (1 October - 30 September)", () => {
  it("2025-09-30 belongs to FY2025, not loaded: checked against FY2026, with an info finding", () => {
    const result = scrub(visit(["M62.81"], [{ code: "97530", minutes: 30 }], { dateOfService: "2025-09-30", planOfCare: undefined }));
    expect(rules(result)).toContain("diagnosis.fiscal-year");
    expect(result.findings.find((item) => item.rule === "diagnosis.fiscal-year")?.severity).toBe("info");
  });

  it("2025-10-01 is FY2026's first day", () => {
    expect(rules(scrub(visit(["M62.81"], [{ code: "97530", minutes: 30 }], { dateOfService: "2025-10-01", planOfCare: undefined })))).not.toContain("diagnosis.fiscal-year");
  });
});

describe("diagnosis.pointer", () => {
  it("a line pointing past the claim's diagnoses: error", () => {
    const result = scrub(visit(["I69.351", "M62.81"], [{ code: "97530", minutes: 30, diagnosisPointers: [1, 3] }]));
    expect(problems(result)).toEqual(["diagnosis.pointer"]);
    expect(about(result, "diagnosis.pointer")).toContain("points to diagnosis 3");
    expect(result.lines[0]?.diagnosisPointers).toEqual([1]);
  });

  it("pointer 0: error", () => {
    expect(problems(scrub(visit(["I69.351"], [{ code: "97530", minutes: 30, diagnosisPointers: [0] }])))).toEqual(["diagnosis.pointer"]);
  });

  it("5 pointers on a line: error; 4 are fine", () => {
    const five = ["I69.351", "M62.81", "R26.89", "R27.8", "F82"];
    const result = scrub(visit(five, [{ code: "97530", minutes: 30, diagnosisPointers: [1, 2, 3, 4, 5] }]));
    expect(problems(result)).toEqual(["diagnosis.pointer"]);
    expect(about(result, "diagnosis.pointer")).toContain("5 diagnosis pointers");
    expect(problems(scrub(visit(five, [{ code: "97530", minutes: 30, diagnosisPointers: [4, 3, 2, 1] }])))).toEqual([]);
  });

  it("no pointers given: the first four diagnoses", () => {
    const result = scrub(visit(["I69.351", "M62.81", "R26.89", "R27.8", "F82", "G89.11"]));
    expect(result.lines[0]?.diagnosisPointers).toEqual([1, 2, 3, 4]);
    expect(result.status).toBe("clean");
  });

  it("12 diagnoses on a claim are fine, 13 are not", () => {
    expect(problems(scrub(visit(TWELVE)))).toEqual([]);
    const result = scrub(visit([...TWELVE, "G89.0"]));
    expect(problems(result)).toEqual(["diagnosis.pointer"]);
    expect(about(result, "diagnosis.pointer")).toContain("13 diagnoses");
  });

  it("the same diagnosis twice: error", () => {
    expect(problems(scrub(visit(["M62.81", "M62.81"])))).toEqual(["diagnosis.pointer"]);
  });
});

describe("ICD-10-CM FY2027 (dates of service from 2026-10-01)", () => {
  const PLAN_OCT = { discipline: "OT", initialEvaluationDate: "2026-10-05", certifiedFrom: "2026-10-05", certifiedThrough: "2026-12-31", signedDate: "2026-10-07", treatmentDaysSinceProgressReport: 3 } as const;
  const october = { dateOfService: "2026-10-15", planOfCare: { ...PLAN_OCT } };

  it("M72.2 was billable in FY2026 and is a header in FY2027: not-billable naming M72.20, M72.21, M72.22", () => {
    const september = { dateOfService: "2026-09-30", planOfCare: { ...PLAN_OCT, initialEvaluationDate: "2026-09-01", certifiedFrom: "2026-09-01", certifiedThrough: "2026-11-29", signedDate: "2026-09-03" } };
    expect(problems(scrub(visit(["M72.2"], undefined, september)))).toEqual([]);
    const result = scrub(visit(["M72.2"], undefined, october));
    const item = result.findings.find((found) => found.rule === "diagnosis.not-billable");
    expect(problems(result)).toEqual(["diagnosis.not-billable"]);
    expect(item?.message).toBe("M72.2 was billable through FY2026; FY2027 (dates of service from 2026-10-01) made it a category header with 3 more specific codes.");
    expect(item?.fix).toBe(
      "Use one of the new codes: M72.20, M72.21, M72.22 (M72.20 Plantar fascial fibromatosis, unspecified foot; M72.21 Plantar fascial fibromatosis, right foot; M72.22 Plantar fascial fibromatosis, left foot).",
    );
    expect(item?.source).toBe("ICD-10-CM FY2027 (data/icd10cm/icd10cm_codes_fy2027.tsv)");
  });

  it.each(["D69.1", "I42.0", "I42.8", "I49.8", "M86.8X1", "M86.8X8", "Z68.1", "Z87.890"])("%s turned into a header in FY2027", (code) => {
    expect(problems(scrub(visit([code], undefined, october)))).toEqual(["diagnosis.not-billable"]);
  });

  it("S23.420A was deleted: invalid on a FY2027 date, naming the sternoclavicular codes", () => {
    const item = scrub(visit(["S23.420A"], undefined, october)).findings.find((found) => found.rule === "diagnosis.invalid");
    expect(item?.message).toBe(
      "S23.420A (Sprain of sternoclavicular (joint) (ligament), initial encounter) was deleted from ICD-10-CM in FY2027 (dates of service from 2026-10-01); it is not valid on 2026-10-15.",
    );
    expect(item?.fix).toBe("Use S43.61XA or S43.62XA or S43.60XA, whichever the documentation supports.");
  });

  it("T52.8X1D was deleted: the new alkene, cycloparaffin and other-solvent codes are named", () => {
    expect(scrub(visit(["T52.8X1D"], undefined, october)).findings.find((found) => found.rule === "diagnosis.invalid")?.fix).toBe(
      "Use T52.811D or T52.821D or T52.891D, whichever the documentation supports.",
    );
  });

  it("M67.A01 (new in FY2027) is valid from 2026-10-01 and invalid on a FY2026 date, saying when it starts", () => {
    expect(problems(scrub(visit(["M67.A01"], undefined, october)))).toEqual([]);
    expect(problems(scrub(visit(["I42.00"], undefined, october)))).toEqual([]);
    const result = scrub(visit(["M67.A01"], undefined, { dateOfService: "2026-09-30", planOfCare: undefined }));
    expect(problems(result)).toEqual(["diagnosis.invalid", "poc.missing"]);
    expect(result.status).toBe("reject");
    expect(result.findings.find((found) => found.rule === "diagnosis.invalid")?.message).toBe("M67.A01 (Plantar fasciitis, right foot) is new in FY2027, valid from 2026-10-01; on 2026-09-30 (FY2026) it is not a valid code.");
  });

  it("a FY2027 date is checked against FY2027 without a fiscal-year note", () => {
    expect(rules(scrub(visit(["I69.351"], undefined, october)))).not.toContain("diagnosis.fiscal-year");
  });
});
