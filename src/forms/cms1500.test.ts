/**
 * The CMS-1500 PDF read back with poppler's pdftotext: each value is looked for inside its
 * box on the print grid (pdftotext cropped to the box's lines and columns), so a value one
 * line or one column out of place fails.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { PDFDocument, PrintScaling } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { isInputError } from "../errors.js";
import type { IsoDate } from "../reference/dates.js";
import { renderCms1500Pdf } from "./cms1500.js";
import { layoutPages, preparedClaim, sampleClaim, sampleDocument, savePdf, textInBox, type LineInput } from "./test-support/sample-claims.js";

const signatureDate = "2026-11-04" as IsoDate;

async function render(claims: Parameters<typeof renderCms1500Pdf>[0], options: Parameters<typeof renderCms1500Pdf>[1] = {}): Promise<string> {
  return savePdf(await renderCms1500Pdf(claims, { signatureDate, ...options }));
}

/** The text in lines [first, last] and columns [first, last] of page `page`. */
function at(path: string, lines: [number, number] | number, columns: [number, number], page = 1): string {
  return textInBox(path, page, { lines: typeof lines === "number" ? [lines, lines] : lines, columns });
}

describe("CMS-1500: a claim's items in their boxes", async () => {
  const path = await render([sampleClaim()]);

  it("is one page of letter size", () => {
    expect(layoutPages(path)).toHaveLength(1);
  });

  it("carrier block, item 1 program and 1a member id", () => {
    expect(at(path, [2, 5], [41, 79])).toBe("MEDICARE PART B\nPO BOX 3095\nMECHANICSBURG PA 17055-1234");
    expect(at(path, 8, [1, 1])).toBe("X"); // Medicare
    expect(at(path, 8, [2, 48])).toBe("");
    expect(at(path, 8, [50, 79])).toBe("1EG4TE5MK72");
  });

  it("items 2-7: patient and insured, LAST, FIRST, birth date MM DD YYYY, sex, relationship self", () => {
    expect(at(path, 10, [1, 29])).toBe("DOE, JANE");
    expect(at(path, 10, [31, 40])).toBe("01 01 1950");
    expect(at(path, 10, [47, 47])).toBe("X"); // F
    expect(at(path, 10, [42, 42])).toBe("");
    expect(at(path, 10, [50, 79])).toBe("DOE, JANE");
    expect(at(path, 12, [1, 29])).toBe("1 ELM ST");
    expect(at(path, 12, [33, 33])).toBe("X"); // self
    expect(at(path, 14, [1, 24])).toBe("DENVER");
    expect(at(path, 14, [26, 28])).toBe("CO");
    expect(at(path, 16, [1, 13])).toBe("80202");
    expect(at(path, 12, [50, 79])).toBe("1 ELM ST");
  });

  it("items 10-13: not condition related, group NONE for Medicare, insured birth date and sex, signatures on file", () => {
    for (const line of [20, 22, 24]) {
      expect(at(path, line, [41, 41])).toBe("X");
      expect(at(path, line, [35, 35])).toBe("");
    }
    expect(at(path, 18, [50, 79])).toBe("NONE");
    expect(at(path, 20, [53, 62])).toBe("01 01 1950");
    expect(at(path, 20, [75, 75])).toBe("X");
    expect(at(path, 26, [50, 79])).toBe(""); // 11d blank for Medicare
    expect(at(path, 29, [1, 48])).toBe("SIGNATURE ON FILE");
    expect(at(path, 29, [49, 79])).toBe("SIGNATURE ON FILE");
  });

  it("item 17 qualifier DN and the referring name, 17b NPI", () => {
    expect(at(path, 34, [1, 2])).toBe("DN");
    expect(at(path, 34, [4, 28])).toBe("MARK CHEN");
    expect(at(path, 34, [33, 42])).toBe("1972543114");
  });

  it("item 21: ICD indicator 0 and the codes A, B, C without dots", () => {
    expect(at(path, 37, [42, 42])).toBe("0");
    expect(at(path, 38, [3, 10])).toBe("M6281");
    expect(at(path, 38, [16, 23])).toBe("R262");
    expect(at(path, 38, [29, 36])).toBe("I69351");
    expect(at(path, [38, 40], [1, 48])).not.toContain(".");
  });

  it("item 24: each line's date, POS, code, modifiers, pointers, charge, units and rendering NPI", () => {
    const first = 44;
    expect(at(path, first, [1, 8])).toBe("11 03 26");
    expect(at(path, first, [10, 17])).toBe("11 03 26");
    expect(at(path, first, [19, 20])).toBe("11");
    expect(at(path, first, [25, 31])).toBe("97530");
    expect(at(path, first, [33, 44])).toBe("GO");
    expect(at(path, first, [45, 48])).toBe("AB");
    expect(at(path, first, [50, 54])).toBe("110"); // dollars
    expect(at(path, first, [56, 57])).toBe("00"); // cents
    expect(at(path, first, [59, 61])).toBe("2");
    expect(at(path, first, [68, 77])).toBe("1245319599");
    expect(at(path, first - 1, [1, 79])).toBe(""); // no supplemental information
    const second = 46;
    expect(at(path, second, [25, 31])).toBe("97110");
    expect(at(path, second, [33, 44])).toBe("GO KX");
    expect(at(path, second, [45, 48])).toBe("AC");
    expect(at(path, second, [50, 57])).toBe("45 00");
    expect(at(path, second, [59, 61])).toBe("1");
    expect(at(path, [47, 54], [1, 79])).toBe("");
  });

  it("items 25-28: EIN with the EIN box, claim id, assignment accepted, total 155.00", () => {
    expect(at(path, 56, [1, 15])).toBe("841234567");
    expect(at(path, 56, [19, 19])).toBe("X");
    expect(at(path, 56, [17, 17])).toBe("");
    expect(at(path, 56, [23, 36])).toBe("C-1001");
    expect(at(path, 56, [38, 38])).toBe("X");
    expect(at(path, 56, [52, 56])).toBe("155");
    expect(at(path, 56, [58, 59])).toBe("00");
  });

  it("items 31-33: signature and date, service facility, billing provider with phone and 33a NPI", () => {
    expect(at(path, 60, [1, 21])).toBe("SIGNATURE ON FILE");
    expect(at(path, 61, [1, 21])).toBe("11 04 26");
    expect(at(path, [58, 60], [23, 48])).toBe("SUNRISE OCCUPATIONAL THERA\n100 MAIN ST\nDENVER CO 80202-1234");
    expect(at(path, 57, [66, 68])).toBe("303");
    expect(at(path, 57, [70, 79])).toBe("5551212");
    expect(at(path, [58, 60], [50, 79])).toBe("SUNRISE OCCUPATIONAL THERAPY\n100 MAIN ST\nDENVER CO 80202-1234");
    expect(at(path, 61, [50, 59])).toBe("1234567893");
  });

  it("asks the print dialog for actual size (no scaling), and keeps names out of the metadata", async () => {
    const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
    expect(info).toMatch(/Title:\s+CMS-1500 \(02\/12\) claims/);
    expect(info).not.toContain("DOE");
    expect(info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const loaded = await PDFDocument.load(readFileSync(path));
    expect(loaded.catalog.getViewerPreferences()?.getPrintScaling()).toBe(PrintScaling.None);
  });

  it("draws data only: no captions or boxes for the red form", () => {
    expect(layoutPages(path)[0]).not.toContain("INSURED'S I.D. NUMBER");
  });
});

describe("CMS-1500: more than six lines continue on another page", async () => {
  const lines: LineInput[] = Array.from({ length: 7 }, (_, index) => ({ code: "97110", units: 1, unitChargeCents: 4500 + index * 100, pointers: [1] }));
  const path = await render([preparedClaim(sampleDocument(), lines)]);

  it("7 lines make 2 pages: six lines on the first, the seventh on the second", () => {
    expect(layoutPages(path)).toHaveLength(2);
    expect(at(path, 54, [50, 57], 1)).toBe("50 00"); // line 6: $50.00
    expect(at(path, 44, [50, 57], 2)).toBe("51 00"); // line 7: $51.00, first line of page 2
    expect(at(path, [45, 54], [1, 79], 2)).toBe("");
  });

  it("the total only on the last page; CONTINUED before it", () => {
    expect(at(path, 56, [49, 60], 1)).toBe("CONTINUED");
    // 45+46+...+51 = 336.00
    expect(at(path, 56, [52, 56], 2)).toBe("336");
    expect(at(path, 56, [58, 59], 2)).toBe("00");
  });

  it("each page carries the claim's items", () => {
    for (const page of [1, 2]) {
      expect(at(path, 8, [50, 79], page)).toBe("1EG4TE5MK72");
      expect(at(path, 38, [3, 10], page)).toBe("M6281");
      expect(at(path, 56, [23, 36], page)).toBe("C-1001");
      expect(at(path, 61, [50, 59], page)).toBe("1234567893");
    }
  });
});

describe("CMS-1500: other claims", () => {
  it("an unlisted code carries its description on the shaded line with qualifier ZZ", async () => {
    const path = await render([
      preparedClaim(sampleDocument(), [
        { code: "97530", units: 1, unitChargeCents: 5500 },
        { code: "97139", units: 1, unitChargeCents: 4000, description: "Fluidotherapy, right hand" },
      ]),
    ]);
    expect(at(path, 43, [1, 79])).toBe("");
    expect(at(path, 45, [1, 61])).toBe("ZZFLUIDOTHERAPY, RIGHT HAND");
    expect(at(path, 46, [25, 31])).toBe("97139");
  });

  it("a child of the subscriber: patient in 2, 3 and 5, subscriber in 4, 7 and 11a, relationship child", async () => {
    const document = sampleDocument({
      visit: { ...sampleDocument().visit, payer: { kind: "commercial", name: "Acme Health" } },
      subscriber: { ...sampleDocument().subscriber, groupNumber: "GRP-778", firstName: "Robert", lastName: "Doe", birthDate: "1980-06-15", sex: "M" },
      patient: { firstName: "Lily", lastName: "Doe", birthDate: "2015-09-30", sex: "F", relationship: "child", address: { line1: "9 Oak Ave, Apt 2", city: "Aurora", state: "CO", zip: "800101234" } },
      payer: { name: "Acme Health", payerId: "ACME1" },
    });
    const path = await render([preparedClaim(document, [{ code: "97530", units: 2, unitChargeCents: 5500 }])]);
    expect(at(path, 8, [31, 31])).toBe("X"); // group health plan
    expect(at(path, 8, [1, 1])).toBe("");
    expect(at(path, 10, [1, 29])).toBe("DOE, LILY");
    expect(at(path, 10, [31, 40])).toBe("09 30 2015");
    expect(at(path, 10, [50, 79])).toBe("DOE, ROBERT");
    expect(at(path, 12, [1, 29])).toBe("9 OAK AVE APT 2");
    expect(at(path, 12, [42, 42])).toBe("X"); // child
    expect(at(path, 16, [1, 13])).toBe("80010-1234");
    expect(at(path, 18, [50, 79])).toBe("GRP-778");
    expect(at(path, 20, [53, 62])).toBe("06 15 1980");
    expect(at(path, 20, [68, 68])).toBe("X"); // insured male
    expect(at(path, 26, [57, 57])).toBe("X"); // 11d NO
  });

  it("item 1: a commercial plan without a group number and a Medicare Advantage plan are Other; Medicaid and TRICARE their own boxes", async () => {
    const kinds: [string, number][] = [["commercial", 45], ["medicare-advantage", 45], ["medicaid", 8], ["tricare", 15]];
    for (const [kind, column] of kinds) {
      const path = await render([sampleClaim({ visit: { ...sampleDocument().visit, payer: { kind: kind as "medicaid", name: "Plan" } } })]);
      expect(at(path, 8, [column, column])).toBe("X");
      expect(at(path, 8, [1, 48]).replace(/\s/g, "")).toBe("X");
    }
  });

  it("item 32: the named service facility and its 32a NPI; blank for the patient's home (POS 12)", async () => {
    const facility = { name: "Sunrise OT Aurora", npi: "1666666668", address: { line1: "55 Clinic Way", line2: "Suite 4", city: "Aurora", state: "CO", zip: "800111234" } };
    const named = await render([sampleClaim({ serviceFacility: facility })]);
    expect(at(named, [58, 60], [23, 48])).toBe("SUNRISE OT AURORA\n55 CLINIC WAY SUITE 4\nAURORA CO 80011-1234");
    expect(at(named, 61, [23, 34])).toBe("1666666668");
    const home = await render([sampleClaim({ visit: { ...sampleDocument().visit, placeOfService: "12" } })]);
    expect(at(home, [58, 61], [23, 48])).toBe("");
    expect(at(home, 44, [19, 20])).toBe("12");
  });

  it("a replacement claim: item 22 resubmission code 7 and the payer's claim control number; item 23 the authorization", async () => {
    const path = await render([sampleClaim({ frequency: "7", payerClaimControlNumber: "22026334112300", priorAuthorization: "AUTH-5521" })]);
    expect(at(path, 38, [50, 60])).toBe("7");
    expect(at(path, 38, [62, 79])).toBe("22026334112300");
    expect(at(path, 40, [50, 79])).toBe("AUTH-5521");
  });

  it("twelve diagnoses fill A-L; a line may point at L", async () => {
    const diagnoses = ["M62.81", "R26.2", "I69.351", "M25.511", "M25.512", "M79.641", "G81.91", "R27.8", "Z96.651", "M17.11", "S52.501D", "R53.1"];
    const document = sampleDocument({ visit: { ...sampleDocument().visit, diagnoses } });
    const path = await render([preparedClaim(document, [{ code: "97530", units: 1, unitChargeCents: 5500, pointers: [12, 1, 2, 3] }])]);
    diagnoses.forEach((code, index) => {
      // A-D on line 38, E-H on 39, I-L on 40; each 13 columns apart from column 3.
      const column = 3 + 13 * (index % 4);
      expect(at(path, 38 + Math.floor(index / 4), [column, column + 7])).toBe(code.replace(".", ""));
    });
    expect(at(path, 44, [45, 48])).toBe("LABC");
  });

  it("claims follow one another, one or more pages each", async () => {
    const second = sampleClaim({ claimId: "C-1002", subscriber: { ...sampleDocument().subscriber, memberId: "9ZZ9ZZ9ZZ99" } });
    const path = await render([sampleClaim(), second]);
    expect(layoutPages(path)).toHaveLength(2);
    expect(at(path, 56, [23, 36], 2)).toBe("C-1002");
    expect(at(path, 8, [50, 79], 2)).toBe("9ZZ9ZZ9ZZ99");
  });

  it("a non-participating provider does not accept assignment", async () => {
    const path = await render([sampleClaim({ visit: { ...sampleDocument().visit, provider: { npi: "1245319599", participating: false } } })]);
    expect(at(path, 56, [43, 43])).toBe("X");
    expect(at(path, 56, [38, 38])).toBe("");
  });
});

describe("CMS-1500: items 10a, 12, 13, 27 and 31 agree with the 837P's CLM06-CLM11", () => {
  it("a workers' compensation claim: program Other and 10a employment YES", async () => {
    const path = await render([sampleClaim({ visit: { ...sampleDocument().visit, payer: { kind: "workers-comp", name: "Pinnacol" } } })]);
    expect(at(path, 8, [45, 45])).toBe("X");
    expect(at(path, 20, [35, 35])).toBe("X");
    expect(at(path, 20, [41, 41])).toBe("");
    expect(at(path, 22, [41, 41])).toBe("X"); // not an auto accident
  });

  it("the document's assignment flags: no release on file (12 blank), benefits not assigned (13 blank), assignment not accepted, no provider signature on file", async () => {
    const path = await render([sampleClaim({ assignment: { releaseOfInformation: "I", benefitsAssigned: false, acceptsAssignment: false, providerSignatureOnFile: false } })]);
    expect(at(path, 29, [1, 79])).toBe("");
    expect(at(path, 56, [43, 43])).toBe("X");
    expect(at(path, 60, [1, 21])).toBe("");
    expect(at(path, 61, [1, 21])).toBe("11 04 26");
  });
});

describe("CMS-1500: calibration offset and plain paper", () => {
  it("the offset moves every value: one column right and one line down", async () => {
    const path = await render([sampleClaim()], { offset: { x: 7.2, y: 12 } });
    expect(at(path, 8, [49, 79])).toBe("");
    expect(at(path, 9, [51, 80])).toBe("1EG4TE5MK72");
    expect(at(path, 62, [51, 60])).toBe("1234567893");
  });

  it("plain mode draws the form's captions and keeps the data in its boxes", async () => {
    const path = await render([sampleClaim()], { plain: true });
    const text = layoutPages(path)[0]!;
    for (const caption of ["HEALTH INSURANCE CLAIM FORM", "1a. INSURED'S I.D. NUMBER", "2. PATIENT'S NAME", "21. DIAGNOSIS OR NATURE OF ILLNESS", "24. A. DATE(S) OF SERVICE", "28. TOTAL CHARGE", "33. BILLING PROVIDER INFO"]) {
      expect(text).toContain(caption);
    }
    expect(at(path, 8, [50, 79])).toContain("1EG4TE5MK72");
    expect(at(path, 61, [50, 59])).toContain("1234567893");
  });
});

describe("CMS-1500: what cannot be printed is an error naming the claim and the field", () => {
  async function failure(promise: Promise<unknown>): Promise<{ message: string; path?: string }> {
    try {
      await promise;
    } catch (error) {
      if (isInputError(error)) return { message: error.message, path: error.details.path };
      throw error;
    }
    throw new Error("expected an error");
  }

  it("a claim id longer than item 26 holds", async () => {
    const error = await failure(renderCms1500Pdf([sampleClaim({ claimId: "C-12345678901234" })], { signatureDate }));
    expect(error).toEqual({ message: 'C-12345678901234: claimId: "C-12345678901234" has 16 characters; the CMS-1500 box holds 14', path: "claimId" });
  });

  it("a member id or payer control number longer than its box (never cut: a cut id names someone else)", async () => {
    const member = await failure(renderCms1500Pdf([sampleClaim({ subscriber: { ...sampleDocument().subscriber, memberId: "M".repeat(30) } })], { signatureDate }));
    expect(member).toEqual({ message: `C-1001: subscriber.memberId: "${"M".repeat(30)}" has 30 characters; the CMS-1500 box holds 29`, path: "subscriber.memberId" });
    const control = await failure(renderCms1500Pdf([sampleClaim({ frequency: "8", payerClaimControlNumber: "1".repeat(19) })], { signatureDate }));
    expect(control.path).toBe("payerClaimControlNumber");
  });

  it("more than twelve diagnoses", async () => {
    const diagnoses = Array.from({ length: 13 }, (_, index) => `M62.${80 + index}`);
    const document = sampleDocument({ visit: { ...sampleDocument().visit, diagnoses } });
    const error = await failure(renderCms1500Pdf([preparedClaim(document, [{ code: "97530", units: 1, unitChargeCents: 5500 }])], { signatureDate }));
    expect(error.message).toBe("C-1001: visit.diagnoses: 13 diagnoses; a claim carries at most 12 (A-L)");
  });

  it("an offset of more than an inch, and no claims at all", async () => {
    expect((await failure(renderCms1500Pdf([sampleClaim()], { offset: { x: 0, y: 100 } }))).path).toBe("offset.y");
    expect((await failure(renderCms1500Pdf([]))).message).toBe("no claims to print");
  });
});
