import { describe, expect, it } from "vitest";
import { completeNpi, isValidNpi, npiCheckDigit, npiProblem } from "./npi.js";

describe("NPI check digit (Luhn over 80840 + the first 9 digits)", () => {
  it.each([
    ["1234567893", true],
    ["1234567890", false],
    ["1245319599", true],
    ["1245319598", false],
    ["123456789", false],
    ["12345678931", false],
    ["123456789X", false],
    ["0123456789", false],
  ])("%s valid: %s", (npi, valid) => {
    expect(isValidNpi(npi)).toBe(valid);
  });

  it("computes the check digit CMS's worked example gives (123456789 -> 3)", () => {
    expect(npiCheckDigit("123456789")).toBe(3);
  });

  it("says why an NPI is wrong", () => {
    expect(npiProblem("1234567890")).toBe("check digit should be 3, not 0");
    expect(npiProblem("12345")).toBe("must be 10 digits");
    expect(npiProblem("1234567893")).toBeUndefined();
  });

  it("completes 9 digits into a valid NPI", () => {
    expect(completeNpi("124531959")).toBe("1245319599");
    expect(isValidNpi(completeNpi("987654321"))).toBe(true);
  });
});
