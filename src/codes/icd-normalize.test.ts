import { describe, expect, it } from "vitest";
import { normalizeIcd } from "./icd.js";

describe("normalizeIcd", () => {
  it.each([
    ["I69.351", "I69351"],
    ["I69351", "I69351"],
    ["i69.351", "I69351"],
    [" I69.351 ", "I69351"],
    ["M62.81", "M6281"],
    ["R26", "R26"],
    ["S52.501A", "S52501A"],
    ["S52.5.01A", "S52501A"],
    ["I69.35.", "I6935"],
    ["i69", "I69"],
    ["", ""],
  ])("%j -> %j", (text, expected) => {
    expect(normalizeIcd(text)).toBe(expected);
  });
});
