import { describe, expect, it } from "vitest";
import type { IsoDate } from "../reference/dates.js";
import { addressText, cityStateZip, dateParts, formText, icdText, moneyText, personName, phoneParts, pointerLetters, providerName, shortDate, zipText } from "./cms1500-format.js";

describe("CMS-1500 field formatting (NUCC 1500 manual 02/12)", () => {
  it("money: dollars, a space for the form's dotted line, two cents digits; rounded once, never by floats", () => {
    expect(moneyText(11000)).toBe("110 00");
    expect(moneyText(4505)).toBe("45 05");
    expect(moneyText(99)).toBe("0 99");
    expect(moneyText(9_999_999)).toBe("99999 99");
  });

  it("ICD-10-CM codes lose the dot; pointers become letters A-L without separators", () => {
    expect(icdText("I69.351")).toBe("I69351");
    expect(icdText("s52.501d")).toBe("S52501D");
    expect(pointerLetters([1, 2, 3, 4])).toBe("ABCD");
    expect(pointerLetters([12])).toBe("L");
  });

  it("names: LAST, FIRST for patient and insured; FIRST LAST for the referring provider; no periods", () => {
    expect(personName("O'Brien Jr.", "Mary Ann")).toBe("O'BRIEN JR, MARY ANN");
    expect(providerName("J.", "Chen")).toBe("J CHEN");
  });

  it("text is upper case in the font's characters: accents dropped, other characters a space", () => {
    expect(formText("José Núñez")).toBe("JOSE NUNEZ");
    expect(formText("Tab\there  ✓ done")).toBe("TAB HERE DONE");
  });

  it("addresses drop commas, periods and #; a 9-digit ZIP takes its hyphen", () => {
    expect(addressText("123 N. Main Street, #101")).toBe("123 N MAIN STREET 101");
    expect(zipText("802021234")).toBe("80202-1234");
    expect(zipText("80202")).toBe("80202");
    expect(cityStateZip({ line1: "x", city: "St. Louis", state: "MO", zip: "631011234" })).toBe("ST LOUIS MO 63101-1234");
  });

  it("dates: MM DD YYYY for birth dates, MM DD YY for item 24A and 31", () => {
    expect(dateParts("2026-02-28" as IsoDate)).toEqual({ year: "2026", shortYear: "26", month: "02", day: "28" });
    expect(shortDate("2000-12-31" as IsoDate)).toBe("12 31 00");
  });

  it("phone: area code and number, no separators", () => {
    expect(phoneParts("3035551212")).toEqual({ area: "303", number: "5551212" });
  });
});
