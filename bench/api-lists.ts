/**
 * The API's list routes on a large practice (issue 14 goal 5: GET list routes p99 under
 * 20 ms on a 50,000-visit database, an index for every filter): the demo practice, its
 * visits copied under new external ids and shifted dates until the practice has N visits,
 * then each list route with each filter, with a biller's bearer token.
 */
import { addDays, type IsoDate } from "../src/reference/dates.js";
import type { Store } from "../src/store/database.js";

type Row = Record<string, unknown>;

export interface ListFixture {
  practiceId: number;
  visits: number;
  patientId: number;
  providerId: number;
  payerId: number;
}

/** Copies the practice's visits (and their services) until it has `target` visits. */
export async function growVisits(store: Store, practiceId: number, target: number): Promise<ListFixture> {
  const db = store.db;
  const visits = (await db.selectFrom("visits").selectAll().where("practice_id", "=", practiceId).orderBy("id").execute()) as Row[];
  const services = (await db.selectFrom("visit_services").selectAll().where("visit_id", "in", visits.map((visit) => visit.id as number)).execute()) as Row[];
  const servicesOf = new Map<number, Row[]>();
  for (const service of services) servicesOf.set(service.visit_id as number, [...(servicesOf.get(service.visit_id as number) ?? []), service]);
  await db.transaction().execute(async (trx) => {
    let count = visits.length;
    for (let round = 1; count < target; round++) {
      for (let start = 0; start < visits.length && count < target; start += 200) {
        const chunk = visits.slice(start, Math.min(start + 200, start + target - count));
        const copies = chunk.map(({ id: _id, ...visit }) => ({
          ...visit,
          external_id: `${String(visit.external_id ?? "V")}-${round}`,
          date_of_service: addDays(visit.date_of_service as IsoDate, (round * 7) % 300),
        }));
        const ids = (await trx.insertInto("visits").values(copies as never).returning("id").execute()).map((row) => row.id);
        const serviceCopies = chunk.flatMap((visit, i) => (servicesOf.get(visit.id as number) ?? []).map(({ id: _id, ...service }) => ({ ...service, visit_id: ids[i] })));
        if (serviceCopies.length > 0) await trx.insertInto("visit_services").values(serviceCopies as never).execute();
        count += chunk.length;
      }
    }
  });
  const sample = visits[0]!;
  const total = await db.selectFrom("visits").select((eb) => eb.fn.countAll().as("n")).where("practice_id", "=", practiceId).executeTakeFirstOrThrow();
  return { practiceId, visits: Number(total.n), patientId: sample.patient_id as number, providerId: sample.provider_id as number, payerId: sample.payer_id as number };
}

/** Each list route and filter a biller's screen uses. */
export function listRoutes(fixture: ListFixture): { label: string; path: string }[] {
  return [
    { label: "GET /api/visits (first page)", path: "/api/visits" },
    { label: "GET /api/visits?offset=25000", path: "/api/visits?offset=25000" },
    { label: "GET /api/visits?patientId", path: `/api/visits?patientId=${fixture.patientId}` },
    { label: "GET /api/visits?providerId", path: `/api/visits?providerId=${fixture.providerId}` },
    { label: "GET /api/visits?payerId", path: `/api/visits?payerId=${fixture.payerId}` },
    { label: "GET /api/visits?from&to (a month)", path: "/api/visits?from=2026-06-01&to=2026-06-30" },
    { label: "GET /api/visits?externalId", path: "/api/visits?externalId=missing-id" },
    { label: "GET /api/claims (first page)", path: "/api/claims" },
    { label: "GET /api/claims?status=ready", path: "/api/claims?status=ready" },
    { label: "GET /api/claims?payerId", path: `/api/claims?payerId=${fixture.payerId}` },
    { label: "GET /api/patients?q=an", path: "/api/patients?q=an" },
  ];
}

export const LIST_GOAL_MS = 20;

export interface ListTiming {
  label: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU of the process per request (user + system): what a route costs when the machine is shared */
  cpuMsPerRequest: number;
}

/** The part of a Fastify app this needs: inject one request. */
interface Injectable {
  inject(options: { method: "GET"; url: string; headers: Record<string, string> }): Promise<{ statusCode: number; body: string }>;
}

/**
 * Each route `requests` times, one after another through app.inject (no sockets, no second
 * process competing for the two cores), after a warm-up: the time the server takes to
 * answer, which on a free machine is what a client on loopback adds to its round trip.
 */
export async function benchListRoutes(app: Injectable, token: string, fixture: ListFixture, requests = 200): Promise<ListTiming[]> {
  const headers = { authorization: `Bearer ${token}` };
  const timings: ListTiming[] = [];
  for (const route of listRoutes(fixture)) {
    const first = await app.inject({ method: "GET", url: route.path, headers });
    if (first.statusCode !== 200) throw new Error(`${route.path} answered ${first.statusCode}: ${first.body}`);
    for (let i = 0; i < 20; i++) await app.inject({ method: "GET", url: route.path, headers });
    const durations = new Float64Array(requests);
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < requests; i++) {
      const started = process.hrtime.bigint();
      await app.inject({ method: "GET", url: route.path, headers });
      durations[i] = Number(process.hrtime.bigint() - started) / 1e6;
    }
    const cpu = process.cpuUsage(cpuBefore);
    durations.sort();
    timings.push({
      label: route.label,
      requests,
      p50Ms: durations[Math.floor(requests * 0.5)]!,
      p99Ms: durations[Math.ceil(requests * 0.99) - 1]!,
      maxMs: durations[requests - 1]!,
      cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / requests,
    });
  }
  return timings;
}

export function describeListRoutes(fixture: ListFixture, timings: readonly ListTiming[]): string[] {
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  return [
    `api list routes on ${fixture.visits} visits (app.inject, one at a time):`,
    ...timings.map((t) => `  ${t.label.padEnd(38)} ${t.requests} requests: p50 ${ms(t.p50Ms)}, p99 ${ms(t.p99Ms)}, max ${ms(t.maxMs)}, CPU ${ms(t.cpuMsPerRequest)} a request; goal p99 < ${LIST_GOAL_MS} ms: ${t.p99Ms < LIST_GOAL_MS ? "met" : "not met"}`),
  ];
}
