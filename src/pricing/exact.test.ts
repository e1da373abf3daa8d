import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { add, cents, compare, exact, formatExact, formatPercent, multiply, percentFactor, percentOf, percentOfCents, subtract, toCents } from "./exact.js";

describe("exact decimal money", () => {
  it("multiplies RVU x GPCI x CF without losing a digit", () => {
    // 0.44 x 1.095 = 0.48180; x 33.4009 = 16.092553620
    const product = multiply(multiply(exact(44, 2), exact(1095, 3)), exact(334009, 4));
    expect(formatExact(product)).toBe("16.09255362");
    expect(toCents(product)).toBe(1609);
  });

  it("rounds exactly half a cent up, once", () => {
    expect(toCents(exact(39945, 3))).toBe(3995); // 39.945 -> 39.95
    expect(toCents(exact(399449999, 7))).toBe(3994); // 39.9449999 -> 39.94
    expect(toCents(exact(-5, 3))).toBe(-1); // -0.005 -> -0.01 (half away from zero)
    expect(toCents(exact(12, 0))).toBe(1200);
  });

  it("adds and subtracts across scales", () => {
    expect(formatExact(add(exact(44, 2), exact(205, 3), exact(1, 2)))).toBe("0.655");
    expect(formatExact(subtract(exact(100, 2), exact(1, 3)))).toBe("0.999");
    expect(compare(exact(50, 2), exact(500, 3))).toBe(0);
    expect(compare(exact(51, 2), exact(500, 3))).toBe(1);
  });

  it("takes percentages from data exactly", () => {
    expect(formatExact(percentFactor(85), 0)).toBe("0.85");
    expect(formatExact(percentOf(exact(35070945, 6), 85))).toBe("29.81030325");
    expect(formatExact(percentOf(exact(10000, 2), 112.5))).toBe("112.50");
    expect(formatPercent(85)).toBe("85");
    expect(formatPercent(112.5)).toBe("112.5");
  });

  it("formats with at least the requested decimals", () => {
    expect(formatExact(exact(105000, 5))).toBe("1.05");
    expect(formatExact(exact(5, 3))).toBe("0.005");
    expect(formatExact(exact(7, 0))).toBe("7.00");
    expect(formatExact(exact(-150, 2))).toBe("-1.50");
  });

  test.prop([fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 3, max: 12 })])("rounding matches integer half-up division", (units, scale) => {
    const divisor = 10 ** (scale - 2);
    const expected = Math.floor((2 * units + divisor) / (2 * divisor));
    expect(toCents(exact(units, scale))).toBe(expected);
  });

  it("takes a percentage of cents with one rounding, half a cent away from zero", () => {
    expect(percentOfCents(25, 10)).toBe(3); // 2.5 cents
    expect(percentOfCents(-25, 10)).toBe(-3);
    expect(percentOfCents(24, 10)).toBe(2); // 2.4 cents
    expect(percentOfCents(1, 50)).toBe(1); // half a cent
    expect(percentOfCents(12345, 20)).toBe(2469);
    expect(percentOfCents(11101, 2)).toBe(222); // 222.02
    expect(percentOfCents(10000, 112.5)).toBe(11250);
    expect(percentOfCents(333, 33.3333)).toBe(111); // 110.9998...
  });

  test.prop([fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1000, noNaN: true }).map((value) => Math.round(value * 10_000) / 10_000))])(
    "a percentage of cents is the exact decimal's, rounded once",
    (amount, percent) => {
      expect(percentOfCents(amount, percent)).toBe(toCents(percentOf(cents(amount), percent)));
    },
  );
});

