/**
 * The web Denials page on a large practice (`npx tsx bench/remit-denials-page.ts FILE`):
 * one cold render and the median of N (`BENCH_RUNS`, default 5) through app.inject, with
 * the CPU time per render. FILE: a database seeded by the demo generator (see
 * bench/web-pages.ts); the demo's "today" (2026-03-02) as in that bench.
 */
import Fastify from "fastify";
import type { Principal } from "../src/auth/principal.js";
import { loadReference } from "../src/reference/reference.js";
import { installErrorHandlers } from "../src/server/errors.js";
import { openStore } from "../src/store/database.js";
import { findDemoPractice } from "../src/store/demo/seed.js";
import { registerWebApp } from "../src/web/routes.js";

const store = await openStore({ dialect: "sqlite", file: process.argv[2]! });
const practiceId = (await findDemoPractice(store.db))!;
const principal: Principal = { userId: null, tokenId: null, email: "bench@otbill.local", role: "admin", practiceId, via: "token", csrfToken: null, actor: "bench" };
const app = Fastify();
installErrorHandlers(app);
registerWebApp(app, { store, reference: loadReference(), principalFor: async () => principal, today: () => "2026-03-02" });
await app.ready();
const runs = Number(process.env.BENCH_RUNS ?? 5);
let started = performance.now();
const cold = await app.inject({ method: "GET", url: "/denials" });
const coldMs = performance.now() - started;
const times: number[] = [];
const cpu = process.cpuUsage();
for (let run = 0; run < runs; run++) {
  started = performance.now();
  await app.inject({ method: "GET", url: "/denials" });
  times.push(performance.now() - started);
}
const used = process.cpuUsage(cpu);
times.sort((a, b) => a - b);
console.log(`/denials: ${cold.statusCode}, cold ${coldMs.toFixed(0)} ms, median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000 / runs).toFixed(0)} ms per render`);
await app.close();
await store.close();
