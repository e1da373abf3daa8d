import { describe, expect, it } from "vitest";
import { memo, memoPair } from "./memo.js";

describe("memo", () => {
  it("makes a value once for each key, undefined among them", () => {
    const cache = new Map<number | undefined, string>();
    expect(memo(cache, undefined, () => "none")).toBe("none");
    expect(memo(cache, undefined, () => "again")).toBe("none");
    expect(memo(cache, 95, () => "95%")).toBe("95%");
    expect([...cache.keys()]).toEqual([undefined, 95]);
  });
});

describe("memoPair", () => {
  it("makes a value once for each pair of keys", () => {
    const cache = new Map<string, Map<number, string>>();
    let made = 0;
    const make = (text: string) => () => {
      made++;
      return text;
    };
    expect(memoPair(cache, "a", 1, make("a1"))).toBe("a1");
    expect(memoPair(cache, "a", 1, make("again"))).toBe("a1");
    expect(memoPair(cache, "a", 2, make("a2"))).toBe("a2");
    expect(memoPair(cache, "b", 1, make("b1"))).toBe("b1");
    expect(made).toBe(3);
  });

  it("keys objects weakly through a WeakMap", () => {
    const cache = new WeakMap<object, Map<string, number>>();
    const one = {};
    const two = {};
    expect(memoPair(cache, one, "x", () => 1)).toBe(1);
    expect(memoPair(cache, two, "x", () => 2)).toBe(2);
    expect(memoPair(cache, one, "x", () => 3)).toBe(1);
  });
});
