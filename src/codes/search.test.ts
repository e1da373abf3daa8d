/**
 * Catalog and ICD-10-CM search, against the shipped data (data/otbill, data/icd10cm).
 *
 * Measured 2026-11-23 on the shared development machine (Node 20, `npx tsx`, other
 * test suites running, so the spread is wide): building the FY2026 ICD-10-CM word
 * index (74,719 descriptions) on the first ICD search takes 0.9-1.7 s; after that a
 * word query takes 0.3-25 ms ("carpal tunnel" 0.3 ms, "muscle weakness" 5-20 ms) and
 * up to 55-110 ms for "hemiplegia following cerebral infarction right dominant" (six
 * long words, each widened by prefix and typo matching); a code prefix ("I69.35")
 * under 1 ms. The catalog index builds in about 50 ms and answers in under 5 ms.
 * loadReference() builds neither (see hasIcdIndex below); `npx tsx
 * bench/reference-load.ts` prints the load time (median 124-300 ms here).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { loadReference, type Reference } from "../reference/reference.js";
import { editDistance, nearestCodes } from "./near-codes.js";
import { hasIcdIndex, searchCodes, searchIcd, searchTerm } from "./search.js";

let reference: Reference;

beforeAll(() => {
  reference = loadReference({ importedDir: null });
});

const codesFor = (query: string, limit?: number): string[] =>
  searchCodes(reference, query, limit === undefined ? {} : { limit }).map((hit) => hit.code);

describe("searchCodes: the words of billers and therapists", () => {
  it.each([
    ["dressing", "97535"],
    ["bathing", "97535"],
    ["meal preparation", "97535"],
    ["meal prep", "97535"],
    ["ADLs", "97535"],
    ["handwriting", "97530"],
    ["fine motor", "97530"],
    ["transfers", "97530"],
    ["sensory", "97533"],
    ["wheelchair", "97542"],
    ["paraffin", "97018"],
  ])("%s lists %s first", (query, code) => {
    expect(codesFor(query)[0]).toBe(code);
  });

  it.each(["splint", "orthosis", "brace", "splints"])("%s lists 97760 and 97763 first", (query) => {
    expect(codesFor(query).slice(0, 2)).toEqual(["97760", "97763"]);
  });

  it.each(["memory", "attention", "cognition"])("%s lists the cognitive codes 97129/97130 first", (query) => {
    expect(codesFor(query).slice(0, 2).sort()).toEqual(["97129", "97130"]);
  });

  it("e-stim lists G0283 and 97032 above 97014, which Medicare does not accept", () => {
    expect(codesFor("e-stim").slice(0, 3)).toEqual(["G0283", "97032", "97014"]);
  });

  it("caregiver lists the three caregiver training codes", () => {
    expect(codesFor("caregiver").slice(0, 3).sort()).toEqual(["97550", "97551", "97552"]);
  });

  it("ranks a code matching every word above codes matching one", () => {
    expect(codesFor("fine motor")).toEqual(["97530", "92526", "97112"]);
  });

  it("finds a deleted code by its words and says what to bill instead", () => {
    const hit = searchCodes(reference, "cognitive skills").find((candidate) => candidate.code === "97532");
    expect(hit?.match).toBe("words");
    expect(hit?.note).toBe("Deleted on 2018-01-01: bill 97129 or 97130 instead.");
  });

  it("gives each hit the catalog's facts", () => {
    expect(searchCodes(reference, "dressing")[0]).toEqual({
      code: "97535",
      label: "Self-care/home management training (ADL) each 15 minutes",
      shortDescriptor: "Self care mngment training",
      category: "therapeutic-procedure",
      discipline: "therapy",
      timed: true,
      unitMinutes: 15,
      inCatalog: true,
      match: "words",
      score: 1,
    });
  });

  it("returns nothing for words no code knows", () => {
    expect(searchCodes(reference, "xyzzy")).toEqual([]);
  });
});

describe("searchCodes: codes typed", () => {
  it("answers an exact code first, then the rest of its family", () => {
    expect(searchCodes(reference, "97165").map((hit) => [hit.code, hit.match, hit.score])).toEqual([
      ["97165", "code", 1],
      ["97166", "sibling", 0.5],
      ["97167", "sibling", 0.49],
      ["97168", "sibling", 0.48],
    ]);
  });

  it("accepts lower case and several codes", () => {
    expect(codesFor("g0283 97140")).toEqual(["G0283", "97140"]);
  });

  it("answers 97003 as deleted on 2017-01-01 with 97165-97167", () => {
    const hits = searchCodes(reference, "97003");
    expect(hits[0]).toEqual({
      code: "97003",
      label: "Occupational therapy evaluation (deleted)",
      inCatalog: false,
      deleted: { deletedOn: "2017-01-01", replacements: ["97165", "97166", "97167"], source: "CPT 2017 code changes; docs/billing-rules.md section 2" },
      match: "deleted",
      score: 1,
      note: "Deleted on 2017-01-01: bill 97165, 97166 or 97167 instead.",
    });
    expect(hits.slice(1).map((hit) => [hit.code, hit.match, hit.note])).toEqual([
      ["97165", "replacement", "Replaces 97003 (deleted 2017-01-01)."],
      ["97166", "replacement", "Replaces 97003 (deleted 2017-01-01)."],
      ["97167", "replacement", "Replaces 97003 (deleted 2017-01-01)."],
    ]);
  });

  it("answers 97532 as deleted on 2018-01-01 with 97129/97130", () => {
    expect(searchCodes(reference, "97532").map((hit) => [hit.code, hit.match])).toEqual([
      ["97532", "deleted"],
      ["97129", "replacement"],
      ["97130", "replacement"],
    ]);
  });

  it("says a deleted code was still valid before its deletion date", () => {
    const [hit] = searchCodes(reference, "97532", { date: "2017-06-01" });
    expect(hit?.deleted?.deletedByDate).toBe(false);
    expect(hit?.note).toBe("Still valid on 2017-06-01; deleted on 2018-01-01, from then on bill 97129 or 97130 instead.");
  });

  it("answers the typo 97633 with 97533", () => {
    const hits = searchCodes(reference, "97633");
    expect(hits.map((hit) => [hit.code, hit.match])).toEqual([
      ["97633", "typo"],
      ["97533", "meant"],
    ]);
    expect(hits[0]?.typo).toEqual({ meant: "97533", reason: "It is a common typo for 97533 sensory integrative techniques (docs/billing-rules.md section 2)" });
    expect(hits[0]?.note).toBe("Not a code: did you mean 97533 (Sensory integrative techniques each 15 minutes)?");
  });

  it("answers an unknown code with the nearest codes by edit distance", () => {
    const hits = searchCodes(reference, "97534", { limit: 6 });
    expect(hits.map((hit) => [hit.code, hit.match, hit.score])).toEqual([
      ["97534", "unknown", 0],
      ["97533", "near", 0.8],
      ["97535", "near", 0.8],
      ["97537", "near", 0.8],
      ["97530", "near", 0.8],
      ["97034", "near", 0.8],
    ]);
    expect(hits[0]?.note).toBe("Not a code otbill knows; nearest: 97533, 97535, 97537, 97530, 97034.");
  });

  it("lists the codes starting with a few digits", () => {
    expect(codesFor("9753")).toEqual(["97530", "97533", "97535", "97537"]);
  });

  it("lists the whole catalog in code order for an empty query", () => {
    const all = codesFor("");
    expect(all).toHaveLength(120);
    expect(all.slice(0, 3)).toEqual(["0552T", "29075", "29085"]);
    expect(all[all.length - 1]).toBe("G0283");
  });

  it("stops at the limit", () => {
    expect(codesFor("", 5)).toEqual(["0552T", "29075", "29085", "29086", "29105"]);
  });

  it("adds the Medicare status on the date asked for", () => {
    expect(searchCodes(reference, "97014", { date: "2026-03-10" })[0]?.medicareStatus).toEqual({
      status: "I",
      meaning: "not valid for Medicare: use another code",
      year: 2026,
    });
    expect(searchCodes(reference, "97010", { date: "2025-12-31" })[0]?.medicareStatus).toEqual({
      status: "B",
      meaning: "bundled: never paid separately",
      year: 2025,
    });
  });

  it("rejects a date that is not a date, naming the value", () => {
    expect(() => searchCodes(reference, "97530", { date: "2025-02-29" })).toThrow(InputError);
    expect(() => searchCodes(reference, "97530", { date: "2025-02-29" })).toThrow('date: "2025-02-29" is not a calendar date in YYYY-MM-DD form');
  });
});

describe("edit distance and nearest codes", () => {
  it.each([
    ["97534", "97533", 1],
    ["97534", "97534", 0],
    ["97534", "97435", 2],
    ["97003", "97165", 3],
    ["", "97530", 5],
  ])("%s to %s is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  it("orders ties by numeric closeness and drops codes more than 2 edits away", () => {
    expect(nearestCodes(["97530", "97533", "97110", "97535"], "97534", 5)).toEqual([
      { code: "97533", distance: 1 },
      { code: "97535", distance: 1 },
      { code: "97530", distance: 1 },
    ]);
  });
});

describe("searchTerm", () => {
  it.each([
    ["Splints", "splint"],
    ["ADLs", "adl"],
    ["weakness", "weakness"],
    ["the", null],
    ["us", "us"],
  ])("%s -> %s", (term, expected) => {
    expect(searchTerm(term)).toBe(expected);
  });
});

describe("searchIcd", () => {
  it("builds the ICD-10-CM index on the first search, not when the reference loads", () => {
    const fresh = loadReference({ importedDir: null });
    expect(hasIcdIndex(fresh.latestIcd)).toBe(false);
    searchIcd(fresh.latestIcd, "muscle weakness");
    expect(hasIcdIndex(fresh.latestIcd)).toBe(true);
  });

  it("puts I69.351 first for hemiplegia following cerebral infarction right dominant", () => {
    const hits = searchIcd(reference.latestIcd, "hemiplegia following cerebral infarction right dominant", { limit: 5 });
    expect(hits.map((hit) => hit.code)).toEqual(["I69.351", "I69.353", "I69.352", "I69.354", "I69.359"]);
    expect(hits[0]).toEqual({
      code: "I69.351",
      codeWithoutDot: "I69351",
      description: "Hemiplegia and hemiparesis following cerebral infarction affecting right dominant side",
      billable: true,
      match: "words",
      score: 1,
    });
  });

  it("puts M62.81 first for muscle weakness", () => {
    expect(searchIcd(reference.latestIcd, "muscle weakness", { limit: 3 }).map((hit) => [hit.code, hit.description])).toEqual([
      ["M62.81", "Muscle weakness (generalized)"],
      ["I69.392", "Facial weakness following cerebral infarction"],
      ["R53.1", "Weakness"],
    ]);
  });

  it.each(["I69.35", "i6935", "I69.35 "])("lists the billable codes under the header %s in code order", (query) => {
    expect(searchIcd(reference.latestIcd, query).map((hit) => [hit.code, hit.match])).toEqual([
      ["I69.351", "code-prefix"],
      ["I69.352", "code-prefix"],
      ["I69.353", "code-prefix"],
      ["I69.354", "code-prefix"],
      ["I69.359", "code-prefix"],
    ]);
  });

  it("answers an exact code with that code", () => {
    expect(searchIcd(reference.latestIcd, "m62.81").map((hit) => [hit.code, hit.match])).toEqual([["M62.81", "code"]]);
  });

  it("ranks the codes under a prefix by the words that follow it", () => {
    expect(searchIcd(reference.latestIcd, "I69.35 left").map((hit) => [hit.code, hit.match])).toEqual([
      ["I69.352", "words"],
      ["I69.354", "words"],
      ["I69.351", "code-prefix"],
      ["I69.353", "code-prefix"],
      ["I69.359", "code-prefix"],
    ]);
  });

  it("shows the nearest branch for a code with a wrong last character", () => {
    expect(searchIcd(reference.latestIcd, "I693519").map((hit) => [hit.code, hit.match])).toEqual([["I69.351", "nearest-prefix"]]);
  });

  it("keeps a code-like word that prefixes no code as a word", () => {
    expect(searchIcd(reference.latestIcd, "b12 deficiency", { limit: 2 }).map((hit) => hit.code)).toEqual(["D51.8", "D51.9"]);
  });

  it("stops at the limit and returns nothing for nonsense", () => {
    expect(searchIcd(reference.latestIcd, "I69", { limit: 3 }).map((hit) => hit.code)).toEqual(["I69.00", "I69.010", "I69.011"]);
    expect(searchIcd(reference.latestIcd, "qqqqzzz")).toEqual([]);
  });
});

describe("a status-I code points to what Medicare wants", () => {
  it("otbill codes 97014 lists G0283 right after it, with the note", () => {
    const hits = searchCodes(reference, "97014");
    expect(hits.slice(0, 2).map((hit) => [hit.code, hit.match])).toEqual([
      ["97014", "code"],
      ["G0283", "replacement"],
    ]);
    expect(hits[0]?.note).toBe("Medicare status I (not valid for Medicare: use another code): bill G0283 for Medicare.");
  });
});

describe("searchIcd in therapists' words", () => {
  const top = (query: string, limit = 5): string[] => searchIcd(reference.latestIcd, query, { limit }).map((hit) => hit.code);

  it("stroke and CVA: the late effects (I69.3-) first, then the acute infarction (I63); never G46.4 or Z82.3", () => {
    for (const query of ["stroke", "CVA", "cerebrovascular accident"]) {
      const hits = top(query, 10);
      expect(hits[0]).toBe("I69.30");
      expect(hits.every((code) => code.startsWith("I69.3") || code.startsWith("I63"))).toBe(true);
      expect(hits).not.toContain("G46.4");
      expect(hits).not.toContain("Z82.3");
    }
  });

  it("distal radius fracture: lower end of radius, subsequent encounter (7th character D) first", () => {
    const hits = top("distal radius fracture right");
    expect(hits.every((code) => code.startsWith("S52.5") && code.endsWith("D"))).toBe(true);
  });

  it("an injury search lists the subsequent encounter (D) first, before the sequela and the initial encounter", () => {
    expect(top("unspecified fracture navicular scaphoid bone right wrist", 3)).toEqual(["S62.001D", "S62.001S", "S62.001A"]);
  });

  it.each([
    ["carpal tunnel", "G56.0"],
    ["trigger finger", "M65.3"],
    ["de Quervain", "M65.4"],
    ["CRPS", "G90.5"],
    ["TBI", "S06"],
    ["cerebral palsy", "G80"],
    ["autism", "F84.0"],
    ["developmental delay", "R62.5"],
    ["Parkinson's", "G20"],
    ["MS", "G35"],
    ["rotator cuff tear right", "M75.1"],
  ])("%s puts %s first", (query, prefix) => {
    expect(top(query, 1)[0]?.startsWith(prefix)).toBe(true);
  });
});

describe("SLP and splint codes are found by their words", () => {
  const codes = (query: string, limit = 10): string[] => searchCodes(reference, query, { limit }).map((hit) => hit.code);

  it.each([
    ["dysphagia", ["92526", "92610"]],
    ["voice", ["92507", "92524"]],
    ["aphasia", ["96105", "92507"]],
    ["cast", ["29075", "29085", "29086"]],
    ["strapping", ["29200", "29260", "29280"]],
    ["short arm splint", ["29125", "29126"]],
  ])("%s finds %j", (query, expected) => {
    expect(codes(query)).toEqual(expect.arrayContaining(expected));
  });
});
