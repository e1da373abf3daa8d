/**
 * An evenly paced HTTP load generator: request k is due at start + k / rate, sent on a
 * keep-alive pool, and its latency counts from when it was due (not from when a socket was
 * free), so a server that falls behind shows it (no coordinated omission). autocannon's
 * `overallRate` sends each 100 ms's requests in a burst instead, which measures the burst.
 */
import { Agent, request as httpRequest } from "node:http";

export interface PacedOptions {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  /** requests per second */
  rate: number;
  durationSeconds: number;
  /** most requests in flight at once (keep-alive sockets) */
  connections?: number;
  /** the path of request k (for a mix of GET routes); default url's */
  pathFor?: (k: number) => string;
}

export interface PacedResult {
  sent: number;
  failures: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 32 });
  const total = Math.round(options.rate * options.durationSeconds);
  const latencies = new Float64Array(total);
  let done = 0;
  let failures = 0;
  const intervalNs = 1e9 / options.rate;
  const start = process.hrtime.bigint();
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers = body ? { ...options.headers, "content-length": String(body.length) } : options.headers;

  const send = (k: number, dueNs: bigint): Promise<void> =>
    new Promise((resolve) => {
      const finish = (ok: boolean): void => {
        latencies[k] = Number(process.hrtime.bigint() - dueNs) / 1e6;
        if (!ok) failures++;
        done++;
        resolve();
      };
      const req = httpRequest({ agent, host: target.hostname, port: target.port, method: options.method, path: options.pathFor ? options.pathFor(k) : target.pathname + target.search, headers }, (res) => {
        res.resume();
        res.on("end", () => finish(res.statusCode !== undefined && res.statusCode < 400));
      });
      req.on("error", () => finish(false));
      req.end(body);
    });

  const inFlight: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = Number(process.hrtime.bigint() - start);
      while (next < total && next * intervalNs <= elapsed) {
        inFlight.push(send(next, start + BigInt(Math.round(next * intervalNs))));
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, Math.floor((next * intervalNs - elapsed) / 1e6)));
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  const sorted = latencies.slice(0, done).sort();
  return {
    sent: total,
    failures,
    seconds,
    requestsPerSecond: Math.round(total / seconds),
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    p999Ms: quantile(sorted, 0.999),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

export function describePaced(label: string, result: PacedResult, goalMs?: number): string {
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  const goal = goalMs === undefined ? "" : `; goal p99 < ${goalMs} ms: ${result.p99Ms < goalMs ? "met" : "not met"}`;
  return `${label}: ${result.sent} requests at ${result.requestsPerSecond} req/s evenly paced, p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}, p99.9 ${ms(result.p999Ms)}, max ${ms(result.maxMs)}, ${result.failures} failures${goal}`;
}
