import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { centsToDollars, dollarsToCents, formatDollars, formatScaled, parseScaled } from "./fixed.js";

describe("formatDollars", () => {
  it.each([
    [0, "$0.00"],
    [5, "$0.05"],
    [99_999, "$999.99"],
    [100_000, "$1,000.00"],
    [123_456_789, "$1,234,567.89"],
    [100_500_000, "$1,005,000.00"],
    [100_000_000, "$1,000,000.00"],
    [100_000_099, "$1,000,000.99"],
    [99_999_999, "$999,999.99"],
    [-100_000, "-$1,000.00"],
    [-5, "-$0.05"],
    [2720.4, "$27.20"],
  ])("%d cents -> %s", (cents, text) => {
    expect(formatDollars(cents)).toBe(text);
  });
});

test.prop([fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })])("groups dollars as en-US does, for any whole cents", (cents) => {
  const dollars = Math.floor(Math.abs(cents) / 100);
  const expected = `${cents < 0 ? "-" : ""}$${dollars.toLocaleString("en-US")}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;
  expect(formatDollars(cents)).toBe(expected);
});

describe("dollars and cents", () => {
  it("rounds half away from zero once", () => {
    expect(dollarsToCents(27.205)).toBe(2721);
    expect(dollarsToCents(-27.205)).toBe(-2721);
    expect(dollarsToCents(1850.25)).toBe(185025);
    expect(centsToDollars(2720)).toBe(27.2);
  });

  it("reads and writes scaled decimals", () => {
    expect(parseScaled("33.4009", 5)).toBe(3340090);
    expect(parseScaled("1.23456", 4)).toBeUndefined();
    expect(parseScaled("", 2)).toBeUndefined();
    expect(formatScaled(3340090, 5)).toBe("33.40090");
    expect(formatScaled(-5, 2)).toBe("-0.05");
  });
});
