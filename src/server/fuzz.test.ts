/**
 * Bounded fuzz over every /api route (CI: a few thousand requests, well under a minute;
 * `npm run fuzz` sets FUZZ_REQUESTS for the long run). Mutated ids, query strings and
 * bodies, with and without credentials. Every answer must be below 500, every error must
 * have the contract's shape without a stack trace, and the server must still answer.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadReference } from "../reference/reference.js";
import { describeEachDatabase, type TestStore } from "../store/test-support/databases.js";
import { seedPracticeFixture, type PracticeFixture } from "../store/test-support/fixtures.js";
import { buildServer, serverRoutes } from "./app.js";
import { bearerFor } from "./test-support/auth.js";

const reference = loadReference();
const PER_ROUTE = Number(process.env.FUZZ_REQUESTS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

/** mulberry32: a small seeded generator, so a failure can be replayed with FUZZ_SEED. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD_STRINGS = ["", " ", "0", "-1", "1.5", "0x1", "1e9", "2147483648", "99999999999999999999", "null", "true", "%", "_", "\\", "'", '"', "\u0000", "\uffff", "😀", "a".repeat(5000), "<script>", "../..", "%00", "NaN", "[]", "{}"];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weirdValue(random: () => number, depth = 0): unknown {
  const roll = random();
  if (roll < 0.2) return pick(random, WEIRD_STRINGS);
  if (roll < 0.35) return pick(random, [0, -1, 1, 2147483647, 2147483648, -2147483649, 1.5, 1e308, Number.MAX_SAFE_INTEGER]);
  if (roll < 0.45) return pick(random, [null, true, false]);
  if (roll < 0.55 && depth < 4) return Array.from({ length: Math.floor(random() * 4) }, () => weirdValue(random, depth + 1));
  if (roll < 0.65 && depth < 4) return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(random, ["id", "code", "minutes", "services", "version", "x", "__proto__", "constructor"]), weirdValue(random, depth + 1)]));
  if (roll < 0.7) return "2026-03-10";
  return pick(random, ["97530", "I69.351", "medicare", "OT", "therapist", "ready"]);
}

/** A plausible body of the route's kind, then mutated: a field dropped, retyped or added. */
function mutatedBody(random: () => number, sample: Record<string, unknown>): string {
  const roll = random();
  if (roll < 0.05) return "{".repeat(Math.floor(random() * 3000));
  if (roll < 0.1) return `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`;
  if (roll < 0.15) return pick(random, ["", "null", "[]", "42", '"text"', "{", "{\"a\":}", "\u0000"]);
  const body: Record<string, unknown> = structuredClone(sample);
  const keys = Object.keys(body);
  const changes = 1 + Math.floor(random() * 3);
  for (let i = 0; i < changes; i += 1) {
    const action = random();
    const key = keys.length > 0 ? pick(random, keys) : "x";
    if (action < 0.3) delete body[key];
    else if (action < 0.8) body[key] = weirdValue(random);
    else body[pick(random, ["extra", "__proto__", "Id", "practice_id"])] = weirdValue(random);
  }
  return JSON.stringify(body);
}

function weirdSegment(random: () => number, valid: number): string {
  return encodeURIComponent(String(random() < 0.4 ? valid : pick(random, [...WEIRD_STRINGS.filter((text) => text !== ""), "987654"])));
}

function mutatedQuery(random: () => number): string {
  const parts: string[] = [];
  const count = Math.floor(random() * 4);
  for (let i = 0; i < count; i += 1) {
    const key = pick(random, ["limit", "offset", "q", "practiceId", "patientId", "status", "from", "to", "date", "code", "units", "patient_id", "x", "__proto__", "limit"]);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(weirdValue(random)))}`);
  }
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

describeEachDatabase("fuzz: every route", (testStore) => {
  let store: TestStore;
  let app: FastifyInstance;
  let fixture: PracticeFixture;
  let auth: { authorization: string };
  beforeAll(async () => {
    store = testStore();
    fixture = await seedPracticeFixture(store.db, "Fuzz Clinic");
    auth = await bearerFor(store, { role: "admin", practiceId: fixture.practice.id });
    app = buildServer({ store, reference, security: { rateLimit: false, signInPerMinute: 1_000_000 } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  const samples: Record<string, Record<string, unknown>> = {
    "/api/scrub": { id: "V-1", dateOfService: "2026-03-10", payer: { kind: "medicare" }, diagnoses: ["I69.351"], services: [{ code: "97530", minutes: 30 }] },
    "/api/units": { services: [{ code: "97530", minutes: 30 }], rule: "cms" },
    "/api/session": { email: "nobody@example.org", password: "wrong password" },
    "/api/tokens": { name: "fuzz", role: "biller" },
  };

  it("answers every mutated request below 500, in the error shape, and stays up", async () => {
    const random = generator(SEED);
    const routes = serverRoutes({ store, reference }).filter((route) => route.url.startsWith("/api/"));
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      for (let i = 0; i < PER_ROUTE; i += 1) {
        const url = route.url.replace(/:[A-Za-z]+/g, () => weirdSegment(random, fixture.patient.id)) + mutatedQuery(random);
        const hasBody = route.method === "POST" || route.method === "PATCH";
        const sample = samples[route.url] ?? { practiceId: fixture.practice.id, patientId: fixture.patient.id, version: 1, name: "x", firstName: "A", lastName: "B" };
        const payload = hasBody ? mutatedBody(random, sample) : undefined;
        const headers: Record<string, string> = random() < 0.9 ? { ...auth } : {};
        if (hasBody) headers["content-type"] = random() < 0.95 ? "application/json" : pick(random, ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"]);
        const answer = await app.inject({ method: route.method, url, headers, ...(payload === undefined ? {} : { payload }) });
        sent += 1;
        const where = `${route.method} ${url.slice(0, 120)} ${payload?.slice(0, 120) ?? ""}`;
        if (answer.statusCode >= 500) failures.push(`${answer.statusCode} ${where}: ${answer.body.slice(0, 200)}`);
        else if (answer.statusCode >= 400) {
          let body: { error?: { code?: unknown; message?: unknown } } | undefined;
          try {
            body = answer.json();
          } catch {
            body = undefined;
          }
          if (typeof body?.error?.code !== "string" || typeof body.error.message !== "string") failures.push(`${answer.statusCode} without the error shape: ${where}: ${answer.body.slice(0, 200)}`);
          if (/\n\s+at /.test(answer.body)) failures.push(`stack trace: ${where}`);
        }
        if (failures.length > 20) break;
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(routes.length * Math.min(PER_ROUTE, 10));
    const health = await app.inject({ method: "GET", url: "/api/health" });
    expect(health.statusCode).toBe(200);
  }, 600_000);
});
