/**
 * The catalog's word index scores as MiniSearch does with the same options: every word of
 * the catalog, each with a typo and cut to a prefix, and the catalog's synonyms and labels as
 * phrases give the same codes in the same order with the same scores through searchCodes as
 * through a MiniSearch index of the same documents (what searchCodes used before it had an
 * index of its own).
 */
import MiniSearch from "minisearch";
import { beforeAll, describe, expect, it } from "vitest";
import { loadReference, type Reference } from "../reference/reference.js";
import { catalogDocuments, documentBoost, FIELD_BOOST, FIELDS, searchCodes, type CodeDocument } from "./search.js";
import { TOKEN_SEPARATOR, WORD_SEARCH, coordinated, queryTerms, round3, searchTerm } from "./search-terms.js";

let reference: Reference;
let mini: (query: string, limit: number) => [string, number][];
let documents: CodeDocument[];

beforeAll(() => {
  reference = loadReference({ importedDir: null });
  documents = catalogDocuments(reference);
  const boosts = new Map(documents.map((document) => [document.code, documentBoost(document)]));
  const index = new MiniSearch<CodeDocument>({
    idField: "code",
    fields: [...FIELDS],
    tokenize: (text) => text.split(TOKEN_SEPARATOR),
    processTerm: searchTerm,
    searchOptions: { ...WORD_SEARCH, boost: { ...FIELD_BOOST }, boostDocument: (id) => boosts.get(id as string) ?? 1 },
  });
  index.addAll(documents);
  mini = (query, limit) => {
    const terms = queryTerms(query).length;
    const results = index
      .search(query)
      .map((result) => ({ code: String(result.id), score: coordinated(result.score, result.queryTerms.length, terms) }))
      .sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : 1));
    const best = results[0]?.score ?? 1;
    return results.slice(0, limit).map((result) => [result.code, round3(result.score / best)]);
  };
});

const ours = (query: string, limit: number): [string, number][] => searchCodes(reference, query, { limit }).map((hit) => [hit.code, hit.score]);

/** Queries that take the word search (not read as codes): letters first. */
function wordQueries(): string[] {
  const words = new Set<string>();
  const phrases = new Set<string>();
  for (const document of documents) {
    for (const field of FIELDS) for (const token of document[field].split(TOKEN_SEPARATOR)) if (/^[a-z]{2,}$/i.test(token)) words.add(token.toLowerCase());
    phrases.add(document.label.toLowerCase());
    for (const synonym of document.synonyms.split("; ")) if (/[a-z]/i.test(synonym)) phrases.add(synonym.toLowerCase());
  }
  const variants: string[] = [];
  for (const word of words) {
    variants.push(word, word.slice(0, 3), word.slice(0, Math.ceil(word.length / 2)));
    if (word.length >= 5) variants.push(`${word.slice(0, 2)}${word.slice(3)}`, `${word.slice(0, -1)}x`, `${word}e`);
  }
  return [...variants, ...phrases, "eval eval", "splint splint orthosis", "the and of", "therapy therapeutic therapist"].filter((query) => /^[a-z]/.test(query));
}

describe("the catalog word index", () => {
  it("ranks and scores like MiniSearch with the same options, on every catalog word, its prefixes and typos, and every synonym and label", () => {
    const queries = wordQueries();
    expect(queries.length).toBeGreaterThan(1500);
    const differences = queries.filter((query) => JSON.stringify(ours(query, 1000)) !== JSON.stringify(mini(query, 1000)));
    expect(differences).toEqual([]);
  });

  it("finds typos and prefixes at all (the comparison above is not between two empty lists)", () => {
    expect(ours("paraffn", 3)[0]).toEqual(["97018", 1]);
    expect(ours("paraf", 3)[0]).toEqual(["97018", 1]);
    expect(mini("paraffn", 3)[0]).toEqual(["97018", 1]);
  });

  it("describes only the hits it returns, best first", () => {
    expect(ours("therapy", 3)).toEqual(mini("therapy", 3));
    expect(ours("therapy", 3)).toHaveLength(3);
  });
});
