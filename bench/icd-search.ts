/**
 * ICD-10-CM search: relevance (test/fixtures/icd-relevance.tsv, top-1 and top-5) and
 * in-process latency after the word index is built (every relevance query, repeated,
 * p50/p99/max). `npx tsx bench/icd-search.ts`.
 */
import { readRelevanceSet, scoreRelevance } from "../src/codes/icd-relevance.js";
import { searchIcd } from "../src/codes/icd-search.js";
import { loadReference } from "../src/reference/reference.js";

const reference = loadReference({ importedDir: null });
const codeSet = reference.latestIcd;
const set = readRelevanceSet();
let started = performance.now();
searchIcd(codeSet, "warm up");
const buildMs = performance.now() - started;
const score = scoreRelevance(codeSet, set);
// One untimed round first: the JIT compiles the search paths (the index is already built).
for (const { query } of set) searchIcd(codeSet, query, { limit: 10 });
const rounds = Number(process.env.BENCH_ROUNDS ?? 50);
const times: number[] = [];
// CPU time too: on a shared machine the wall clock also counts the time other processes ran.
const cpuTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const { query } of set) {
    const cpu = process.cpuUsage();
    started = performance.now();
    searchIcd(codeSet, query, { limit: 10 });
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const at = (share: number, list = times): string => list[Math.min(list.length - 1, Math.floor(share * list.length))]!.toFixed(3);
console.log(`ICD-10-CM FY${codeSet.release.fiscalYear}: index built in ${buildMs.toFixed(0)} ms`);
console.log(`relevance: ${score.queries} queries, top-1 ${score.top1} (${((100 * score.top1) / score.queries).toFixed(1)}%), top-5 ${score.top5} (${((100 * score.top5) / score.queries).toFixed(1)}%)`);
console.log(`latency (${times.length} searches, limit 10): wall p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${times.at(-1)!.toFixed(3)} ms; CPU p50 ${at(0.5, cpuTimes)} ms, p99 ${at(0.99, cpuTimes)} ms`);
for (const miss of score.misses) console.log(`  miss: ${miss.query} (expected ${miss.expected.join("/")}): ${miss.got.join(" ")}`);
