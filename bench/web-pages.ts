/**
 * Server render times of the web app's pages (`npx tsx bench/web-pages.ts`, also part of
 * `npm run bench`): the demo practice (40 patients, 527 visits) and a practice of about
 * 50,000 visits (the demo generator with 3,800 patients; the database is kept in
 * bench/out/ and reused). Each page is rendered once cold (the worklist scrubs its
 * unbilled visits then), then 20 times; the table gives the cold time, the median and the
 * 95th percentile, in milliseconds, through app.inject (no network), and the process's CPU
 * time (user + system) per render over the 20, which a busy shared machine inflates less.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import type { Principal } from "../src/auth/principal.js";
import { loadReference, type Reference } from "../src/reference/reference.js";
import { installErrorHandlers } from "../src/server/errors.js";
import { openStore, type Store } from "../src/store/database.js";
import { findDemoPractice, seedDemo } from "../src/store/demo/seed.js";
import { registerWebApp } from "../src/web/routes.js";

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 20);
/** pages to leave out, e.g. BENCH_WEB_SKIP=50k:/denials (practice:url, comma separated) */
const SKIP = new Set((process.env.BENCH_WEB_SKIP ?? "").split(",").filter(Boolean));
const OUT = join(import.meta.dirname, "out");

export interface PageTiming {
  practice: string;
  page: string;
  status: number;
  coldMs: number;
  medianMs: number;
  p95Ms: number;
  cpuMs: number;
}

async function practiceStore(name: string, patients: number, reference: Reference): Promise<{ store: Store; seconds: number }> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `web-${name}.sqlite`);
  const fresh = !existsSync(file);
  const store = await openStore({ dialect: "sqlite", file });
  const started = performance.now();
  if (fresh || (await findDemoPractice(store.db)) === undefined) await seedDemo(store.db, reference, { patients });
  return { store, seconds: (performance.now() - started) / 1000 };
}

async function appFor(store: Store, reference: Reference): Promise<{ app: FastifyInstance; practiceId: number }> {
  const practiceId = (await findDemoPractice(store.db))!;
  const principal: Principal = { userId: null, tokenId: null, email: "bench@otbill.local", role: "admin", practiceId, via: "token", csrfToken: null, actor: "bench" };
  const app = Fastify();
  installErrorHandlers(app);
  // The demo's "today", so aging and due dates read as they would on the anchor day.
  registerWebApp(app, { store, reference, principalFor: async () => principal, today: () => "2026-03-02" });
  await app.ready();
  return { app, practiceId };
}

async function pagesOf(store: Store, practiceId: number): Promise<string[]> {
  const { db } = store;
  const draft = await db.selectFrom("claims").select(["visit_id"]).where("practice_id", "=", practiceId).where("status", "=", "draft").orderBy("id").executeTakeFirst();
  const claim = await db.selectFrom("claims").select(["id", "patient_id"]).where("practice_id", "=", practiceId).where("status", "=", "paid").orderBy("id", "desc").executeTakeFirst();
  return [
    "/worklist",
    "/worklist?offset=50",
    "/worklist?rule=poc.expired",
    "/worklist?sort=patient&dir=asc",
    `/visits/${draft?.visit_id ?? 1}`,
    "/claims",
    "/claims?status=paid&offset=100",
    "/claims?sort=patient&dir=asc&offset=100",
    "/claims?sort=allowed&dir=desc",
    "/claims?sort=owed&dir=desc",
    "/claims?sort=charged&dir=asc&offset=100",
    `/claims/${claim?.id ?? 1}`,
    "/patients",
    `/patients/${claim?.patient_id ?? 1}`,
    "/remittances",
    "/denials",
    "/denials?from=2026-01-01&to=2026-01-31&offset=50",
    "/settings",
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(app: FastifyInstance, url: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const answer = await app.inject({ method: "GET", url });
  return { ms: performance.now() - started, status: answer.statusCode };
}

export async function benchWebPages(): Promise<PageTiming[]> {
  const reference = loadReference();
  const timings: PageTiming[] = [];
  for (const [name, patients] of [
    ["demo", 40],
    ["50k", 3800],
  ] as const) {
    const { store, seconds } = await practiceStore(name, patients, reference);
    const visits = Number((await store.db.selectFrom("visits").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    console.log(`web pages, ${name} practice: ${visits} visits${seconds > 1 ? ` (seeded in ${seconds.toFixed(0)} s)` : ""}`);
    const { app, practiceId } = await appFor(store, reference);
    for (const url of await pagesOf(store, practiceId)) {
      if (SKIP.has(`${name}:${url}`)) continue;
      process.stderr.write(`  ${url} ...\n`);
      const cold = await time(app, url);
      const runs: number[] = [];
      const cpu = process.cpuUsage();
      for (let run = 0; run < RUNS; run += 1) runs.push((await time(app, url)).ms);
      const used = process.cpuUsage(cpu);
      runs.sort((a, b) => a - b);
      const timing = { practice: `${name} (${visits} visits)`, page: url, status: cold.status, coldMs: cold.ms, medianMs: percentile(runs, 50), p95Ms: percentile(runs, 95), cpuMs: (used.user + used.system) / 1000 / RUNS };
      timings.push(timing);
      process.stderr.write(`  ${url}: ${timing.status}, cold ${timing.coldMs.toFixed(0)} ms, median ${timing.medianMs.toFixed(1)} ms, CPU ${timing.cpuMs.toFixed(1)} ms/render\n`);
    }
    await app.close();
    await store.close();
  }
  return timings;
}

export function describeWebPages(timings: readonly PageTiming[]): string {
  const rows = timings.map((t) => `| ${t.practice} | ${t.page} | ${t.status} | ${t.coldMs.toFixed(1)} | ${t.medianMs.toFixed(1)} | ${t.p95Ms.toFixed(1)} | ${t.cpuMs.toFixed(1)} |`);
  return ["| practice | page | status | cold ms | median ms | p95 ms | CPU ms/render |", "|---|---|---|---|---|---|---|", ...rows].join("\n");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  console.log(describeWebPages(await benchWebPages()));
}
