/**
 * In-process search (issue 14 goal 4): p99 per query under 1 ms for code search and ICD
 * search, over 200 queries after a warm-up round, against Fuse.js and MiniSearch with
 * their defaults on the same documents and queries in the same run: latency (wall and
 * CPU: on a shared machine the wall clock also counts other processes' turns), top-5
 * agreement with otbill, relevance on test/fixtures/icd-relevance.tsv, index build time
 * and the heap the index holds.
 * Run: npx tsx bench/icd-search.ts [--codes | --icd] (one of the two searches only;
 * BENCH_SEARCH_ROUNDS timed rounds for otbill, default 5; BENCH_FUSE_ICD_QUERIES: how many
 * ICD queries Fuse.js gets, default 25)
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import Fuse from "fuse.js";
import MiniSearch from "minisearch";
import type { IcdCode } from "../src/codes/icd.js";
import { buildIcdIndexData } from "../src/codes/icd-index.js";
import { cachedIcdIndexData } from "../src/codes/icd-index-cache.js";
import { readRelevanceSet } from "../src/codes/icd-relevance.js";
import { loadTherapyTerms, searchIcd } from "../src/codes/icd-search.js";
import { searchCodes } from "../src/codes/search.js";
import { loadReference } from "../src/reference/reference.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export const P99_GOAL_MS = 1;
const QUERY_COUNT = 200;

export interface EngineResult {
  engine: string;
  /** wall ms to build the index (for otbill ICD also: to read it from the cache) */
  buildMs: number;
  cacheReadMs?: number;
  /** heap and array buffers held by the index, MiB */
  heapMiB: number;
  searches: number;
  /** queries this engine was timed and scored on (Fuse.js on ICD: the first few, see benchIcdSearch) */
  queries: number;
  wallP50: number;
  wallP99: number;
  cpuP50: number;
  cpuP99: number;
  /** mean share of otbill's top 5 also in this engine's top 5 (1 for otbill) */
  top5Agreement: number;
  /** relevance set (ICD only): queries with a right code in the top 5 */
  relevanceTop5?: number;
  relevanceQueries?: number;
}

export interface SearchBench {
  kind: "code" | "ICD";
  documents: number;
  queries: number;
  results: EngineResult[];
}

type Search = (query: string) => string[];

function heapUsed(): number {
  gc();
  gc();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers; // otbill's postings are typed arrays, outside the JS heap
}

const quantile = (sorted: readonly number[], share: number): number => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;

/** One warm-up round over every query, then `rounds` timed rounds; per-query wall and CPU. */
function timeQueries(search: Search, queries: readonly string[], rounds: number): Pick<EngineResult, "searches" | "wallP50" | "wallP99" | "cpuP50" | "cpuP99"> {
  for (const query of queries) search(query);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      search(query);
      wall.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { searches: wall.length, wallP50: quantile(wall, 0.5), wallP99: quantile(wall, 0.99), cpuP50: quantile(cpu, 0.5), cpuP99: quantile(cpu, 0.99) };
}

function agreement(search: Search, reference: Search, queries: readonly string[]): number {
  let sum = 0;
  for (const query of queries) {
    const ours = reference(query).slice(0, 5);
    if (ours.length === 0) {
      sum += 1;
      continue;
    }
    const theirs = new Set(search(query).slice(0, 5));
    sum += ours.filter((code) => theirs.has(code)).length / ours.length;
  }
  return sum / queries.length;
}

interface Engine {
  engine: string;
  build: () => Search;
}

function runEngines(
  engines: readonly Engine[],
  allQueries: readonly string[],
  rounds: (engine: string) => number,
  extra?: (engine: string, search: Search) => Partial<EngineResult>,
  queryCount: (engine: string) => number = () => allQueries.length,
): EngineResult[] {
  let reference: Search | undefined;
  const results: EngineResult[] = [];
  for (const { engine, build } of engines) {
    const before = heapUsed();
    const started = performance.now();
    const search = build();
    const buildMs = performance.now() - started;
    const heapMiB = (heapUsed() - before) / 2 ** 20;
    reference ??= search;
    const queries = allQueries.slice(0, queryCount(engine));
    results.push({ engine, buildMs, heapMiB, queries: queries.length, ...timeQueries(search, queries, rounds(engine)), top5Agreement: agreement(search, reference, queries), ...extra?.(engine, search) });
  }
  return results;
}

/** The ICD queries: the relevance set's, then words that match tens of thousands of codes. */
function icdQueries(): string[] {
  const queries = readRelevanceSet().map((entry) => entry.query);
  for (const broad of ["right", "fracture", "left", "encounter", "injury", "unspecified", "muscle", "pain", "hand", "shoulder"]) {
    if (queries.length < QUERY_COUNT) queries.push(broad);
  }
  return queries.slice(0, QUERY_COUNT);
}

export function benchIcdSearch(rounds = Number(process.env.BENCH_SEARCH_ROUNDS ?? 5)): SearchBench {
  const codeSet = loadReference({ importedDir: null }).latestIcd;
  const codes: readonly IcdCode[] = codeSet.all();
  const terms = loadTherapyTerms();
  const queries = icdQueries();
  const relevance = readRelevanceSet();
  const engines: Engine[] = [
    {
      engine: "otbill",
      build: () => {
        buildIcdIndexData(codes, terms); // the build itself (what the cache saves)
        searchIcd(codeSet, "warm up");
        return (query) => searchIcd(codeSet, query, { limit: 10 }).map((hit) => hit.codeWithoutDot);
      },
    },
    {
      engine: "Fuse.js defaults",
      build: () => {
        const fuse = new Fuse(codes as IcdCode[], { keys: ["description"] });
        return (query) => fuse.search(query, { limit: 10 }).map((hit) => hit.item.code);
      },
    },
    {
      engine: "MiniSearch defaults",
      build: () => {
        const mini = new MiniSearch<IcdCode>({ idField: "code", fields: ["description"] });
        mini.addAll(codes as IcdCode[]);
        return (query) => mini.search(query).slice(0, 10).map((hit) => String(hit.id));
      },
    },
  ];
  const started = performance.now();
  cachedIcdIndexData(codes, terms);
  const cacheReadMs = performance.now() - started; // read (or, the first time, built and written)
  // Fuse.js scores every one of the 74k descriptions per query (0.5 s each here): it gets one timed
  // round of the first BENCH_FUSE_ICD_QUERIES queries (default 25), and its relevance on those only.
  const fuseQueries = Number(process.env.BENCH_FUSE_ICD_QUERIES ?? 25);
  const isFuse = (engine: string): boolean => engine.startsWith("Fuse");
  const results = runEngines(
    engines,
    queries,
    (engine) => (engine === "otbill" ? rounds : 1),
    (engine, search) => {
      const set = isFuse(engine) ? relevance.slice(0, fuseQueries) : relevance;
      return { relevanceTop5: set.filter(({ query, expected }) => search(query).slice(0, 5).some((code) => expected.some((prefix) => code.startsWith(prefix)))).length, relevanceQueries: set.length };
    },
    (engine) => (isFuse(engine) ? fuseQueries : queries.length),
  );
  results[0]!.cacheReadMs = cacheReadMs;
  return { kind: "ICD", documents: codes.length, queries: queries.length, results };
}

/** The code-search queries: catalog labels' and synonyms' words and phrases, 200 of them. */
function codeQueries(reference: ReturnType<typeof loadReference>): string[] {
  const queries = new Set<string>();
  for (const code of reference.catalog.all()) {
    for (const synonym of code.synonyms) queries.add(synonym.toLowerCase());
    queries.add(code.label.toLowerCase().split(/\s+/).slice(0, 2).join(" "));
  }
  const list = [...queries].filter((query) => !/^\s*$/.test(query));
  // take every n-th so the 200 cover the whole catalog, not its first categories
  const step = Math.max(1, Math.floor(list.length / QUERY_COUNT));
  return list.filter((_, i) => i % step === 0).slice(0, QUERY_COUNT);
}

export function benchCodeSearch(rounds = Number(process.env.BENCH_SEARCH_ROUNDS ?? 5)): SearchBench {
  const reference = loadReference({ importedDir: null });
  const queries = codeQueries(reference);
  const documents = reference.catalog.all().map((code) => ({ code: code.code, label: code.label, synonyms: code.synonyms.join("; "), category: code.category }));
  const engines: Engine[] = [
    {
      engine: "otbill",
      build: () => {
        searchCodes(reference, "warm up");
        return (query) => searchCodes(reference, query).map((hit) => hit.code);
      },
    },
    {
      engine: "Fuse.js defaults",
      build: () => {
        const fuse = new Fuse(documents, { keys: ["label", "synonyms", "category"] });
        return (query) => fuse.search(query, { limit: 10 }).map((hit) => hit.item.code);
      },
    },
    {
      engine: "MiniSearch defaults",
      build: () => {
        const mini = new MiniSearch<(typeof documents)[number]>({ idField: "code", fields: ["label", "synonyms", "category"] });
        mini.addAll(documents);
        return (query) => mini.search(query).slice(0, 10).map((hit) => String(hit.id));
      },
    },
  ];
  return { kind: "code", documents: documents.length, queries: queries.length, results: runEngines(engines, queries, () => rounds) };
}

export function describeSearchBench(bench: SearchBench): string[] {
  const ms = (value: number): string => `${value.toFixed(3)} ms`;
  return bench.results.map((result) => {
    const goal = result.engine === "otbill" ? `; goal p99 < ${P99_GOAL_MS} ms: ${result.wallP99 < P99_GOAL_MS ? "met" : "not met"} (wall), ${result.cpuP99 < P99_GOAL_MS ? "met" : "not met"} (CPU)` : "";
    const cache = result.cacheReadMs !== undefined ? `, read from cache ${result.cacheReadMs.toFixed(1)} ms` : "";
    const relevance = result.relevanceTop5 !== undefined ? `, relevance top-5 ${result.relevanceTop5}/${result.relevanceQueries}` : "";
    return (
      `search: ${bench.kind} ${result.engine.padEnd(19)} ${bench.documents} docs, ${result.searches} searches of ${result.queries} queries: ` +
      `wall p50 ${ms(result.wallP50)} p99 ${ms(result.wallP99)}, CPU p50 ${ms(result.cpuP50)} p99 ${ms(result.cpuP99)}; ` +
      `build ${result.buildMs.toFixed(0)} ms${cache}, heap ${result.heapMiB.toFixed(1)} MiB; top-5 agreement with otbill ${(100 * result.top5Agreement).toFixed(1)}%${relevance}${goal}`
    );
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const only = process.argv.includes("--codes") ? "codes" : process.argv.includes("--icd") ? "icd" : undefined;
  const benches = [...(only !== "icd" ? [benchCodeSearch] : []), ...(only !== "codes" ? [benchIcdSearch] : [])];
  for (const bench of benches) for (const line of describeSearchBench(bench())) console.log(line);
}
