/**
 * An evenly paced HTTP load generator: request k is due at start + k / rate, sent on a
 * keep-alive pool, and its latency counts from when it was due (not from when a socket was
 * free), so a server that falls behind shows it (no coordinated omission). autocannon's
 * `overallRate` sends each 100 ms's requests in a burst instead, which measures the burst.
 *
 * It speaks HTTP/1.1 on raw sockets with each request's bytes made once, and reads only the
 * status line and the body's length of each answer: on a machine of two vCPUs the load
 * generator shares the server's cores, and node:http's client cost about 0.27 ms of CPU a
 * request, more than half of what the server spends answering it.
 */
import { connect, type Socket } from "node:net";

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
  /** this process's CPU (user + system) a request: what the load generator itself costs the machine */
  clientCpuMs: number;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const CHUNKED_END = Buffer.from("0\r\n\r\n");

/** The bytes of one request, made once per path. */
function requestBytes(options: PacedOptions, host: string, path: string): Buffer {
  const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(options.body);
  const headers = { host, connection: "keep-alive", ...options.headers, ...(options.body === undefined ? {} : { "content-length": String(body.length) }) };
  const head = `${options.method} ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

/**
 * Where the answer at the start of `data` ends (its length in bytes), or -1 while it is not
 * all there; `ok` is false for a status of 400 and above.
 */
function answerLength(data: Buffer): { length: number; ok: boolean } {
  const headEnd = data.indexOf(HEADER_END);
  if (headEnd < 0) return { length: -1, ok: false };
  const head = data.toString("latin1", 0, headEnd);
  const status = Number(head.slice(9, 12));
  const ok = status > 0 && status < 400;
  const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (lengthMatch) {
    const total = headEnd + 4 + Number(lengthMatch[1]);
    return { length: data.length >= total ? total : -1, ok };
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const end = data.indexOf(CHUNKED_END, headEnd + 4);
    return { length: end < 0 ? -1 : end + CHUNKED_END.length, ok };
  }
  return { length: headEnd + 4, ok };
}

interface Connection {
  socket: Socket;
  /** the request it is answering, or -1 when free */
  busy: number;
  pending: Buffer;
}

export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const target = new URL(options.url);
  const host = target.host;
  const port = Number(target.port || 80);
  const total = Math.round(options.rate * options.durationSeconds);
  const latencies = new Float64Array(total);
  const dueAt = new Array<bigint>(total);
  let done = 0;
  let failures = 0;
  const intervalNs = 1e9 / options.rate;
  const fixed = options.pathFor ? undefined : requestBytes(options, host, target.pathname + target.search);
  const bytesOf = (k: number): Buffer => fixed ?? requestBytes(options, host, options.pathFor!(k));

  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const waiting: number[] = [];
  let unreachable = false;
  const free: Connection[] = [];
  const connections: Connection[] = [];

  const complete = (k: number, ok: boolean): void => {
    latencies[k] = Number(process.hrtime.bigint() - dueAt[k]!) / 1e6;
    if (!ok) failures++;
    done++;
    if (done === total) finished();
  };
  const dispatch = (connection: Connection): void => {
    const k = waiting.shift();
    if (k === undefined) {
      connection.busy = -1;
      free.push(connection);
      return;
    }
    connection.busy = k;
    connection.socket.write(bytesOf(k));
  };
  const open = (): Connection => {
    const socket = connect({ host: target.hostname, port, noDelay: true });
    const connection: Connection = { socket, busy: -1, pending: Buffer.alloc(0) };
    socket.on("data", (chunk: Buffer) => {
      connection.pending = connection.pending.length === 0 ? chunk : Buffer.concat([connection.pending, chunk]);
      const answer = answerLength(connection.pending);
      if (answer.length < 0 || connection.busy < 0) return;
      connection.pending = connection.pending.subarray(answer.length);
      complete(connection.busy, answer.ok);
      dispatch(connection);
    });
    // A socket the server closed fails its request; a fresh one takes its place. A socket that
    // never connected means there is no server: everything still to send fails at once.
    let connected = false;
    socket.once("connect", () => (connected = true));
    socket.on("close", () => {
      if (connection.busy >= 0) complete(connection.busy, false);
      connection.busy = -1;
      const index = free.indexOf(connection);
      if (index >= 0) free.splice(index, 1);
      if (!connected) {
        unreachable = true;
        for (const k of waiting.splice(0)) complete(k, false);
        return;
      }
      const slot = connections.indexOf(connection);
      if (slot >= 0 && done < total) connections[slot] = fresh();
    });
    socket.on("error", () => undefined);
    return connection;
  };
  const fresh = (): Connection => {
    const connection = open();
    connection.socket.once("connect", () => dispatch(connection));
    return connection;
  };
  for (let index = 0; index < (options.connections ?? 32); index++) connections.push(fresh());

  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let next = 0;
  const tick = (): void => {
    const elapsed = Number(process.hrtime.bigint() - start);
    while (next < total && next * intervalNs <= elapsed) {
      dueAt[next] = start + BigInt(Math.round(next * intervalNs));
      if (unreachable) complete(next, false);
      else waiting.push(next);
      next++;
      const connection = free.pop();
      if (connection) dispatch(connection);
    }
    if (next < total) setTimeout(tick, Math.max(0, Math.floor((next * intervalNs - elapsed) / 1e6)));
  };
  tick();
  await allDone;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  for (const connection of connections) connection.socket.destroy();
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
    clientCpuMs: (cpu.user + cpu.system) / 1000 / total,
  };
}

export function describePaced(label: string, result: PacedResult, goalMs?: number): string {
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  const goal = goalMs === undefined ? "" : `; goal p99 < ${goalMs} ms: ${result.p99Ms < goalMs ? "met" : "not met"}`;
  return `${label}: ${result.sent} requests at ${result.requestsPerSecond} req/s evenly paced, p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}, p99.9 ${ms(result.p999Ms)}, max ${ms(result.maxMs)}, ${result.failures} failures, client CPU ${result.clientCpuMs.toFixed(3)} ms a request${goal}`;
}
