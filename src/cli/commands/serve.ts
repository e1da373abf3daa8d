/**
 * `otbill serve [--port 8080] [--host 127.0.0.1] [--db URL] [--demo] [--allowed-host NAME]
 * [--tls-cert FILE --tls-key FILE]`: the HTTP API and the web app over the practice
 * database. Loopback by default: exposing patient records to a network is a decision to
 * make on purpose (--host), behind TLS; without TLS the server says so loudly.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { FastifyInstance } from "fastify";
import { findUserByEmail, createUser, MIN_PASSWORD_LENGTH, setPassword } from "../../auth/users.js";
import { randomPassword } from "../../auth/secrets.js";
import { auditCli } from "../../audit/cli.js";
import { InputError } from "../../errors.js";
import { loadReference } from "../../reference/reference.js";
import { buildServer } from "../../server/app.js";
import { LOOPBACK_HOSTS } from "../../server/security.js";
import { openStoreFromOption, type Store } from "../../store/database.js";
import { seedDemo } from "../../store/demo/seed.js";
import { listPractices } from "../../store/practices.js";
import type { CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

export const DEMO_EMAIL = "demo@otbill.local";

export interface ServeOptions {
  port?: string;
  host?: string;
  db?: string;
  demo?: boolean;
  allowedHost?: string[];
  tlsCert?: string;
  tlsKey?: string;
  /** minutes without a request before a session ends (default 15) */
  idleMinutes?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** http://host:port */
  address: string;
  close(): Promise<void>;
}

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new InputError("invalid_input", `--port: ${JSON.stringify(text)} is not a port number (0-65535)`, { path: "--port", value: text });
  return port;
}

function parseMinutes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(text)) throw new InputError("invalid_input", `--idle-minutes: ${JSON.stringify(text)} is not a number of minutes (1-9999)`, { path: "--idle-minutes", value: text });
  return Number(text);
}

function readTls(options: ServeOptions): { key: Buffer; cert: Buffer } | undefined {
  if (!options.tlsCert && !options.tlsKey) return undefined;
  if (!options.tlsCert || !options.tlsKey) throw new InputError("invalid_input", "--tls-cert and --tls-key go together", { path: options.tlsCert ? "--tls-key" : "--tls-cert" });
  const read = (file: string, path: string) => {
    try {
      return readFileSync(file);
    } catch {
      throw new InputError("file_unreadable", `${path}: cannot read ${file}`, { path, file });
    }
  };
  return { cert: read(options.tlsCert, "--tls-cert"), key: read(options.tlsKey, "--tls-key") };
}

/** OTBILL_DEMO_PASSWORD when set and not empty; checked before anything is seeded. */
function demoPassword(env: NodeJS.ProcessEnv): string | undefined {
  const given = env.OTBILL_DEMO_PASSWORD || undefined;
  if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) {
    throw new InputError("invalid_input", `OTBILL_DEMO_PASSWORD: at least ${MIN_PASSWORD_LENGTH} characters (got ${given.length})`, { path: "OTBILL_DEMO_PASSWORD" });
  }
  return given;
}

/** The demo admin: made once with OTBILL_DEMO_PASSWORD or a random password, which is printed. */
async function ensureDemoAdmin(store: Store, practiceId: number, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  const given = demoPassword(env);
  const existing = await findUserByEmail(store.db, DEMO_EMAIL);
  if (existing && !given) {
    io.stderr.write(`otbill: sign in as ${DEMO_EMAIL} with the password printed when it was made (set OTBILL_DEMO_PASSWORD to choose a new one)\n`);
    return;
  }
  const password = given ?? randomPassword();
  if (existing) await setPassword(store.db, DEMO_EMAIL, password);
  else {
    const user = await createUser(store.db, { email: DEMO_EMAIL, role: "admin", practiceId, password });
    await auditCli(store.db, { action: "user-create", resource: "users", resourceId: user.id, practiceId, outcome: "success", detail: { role: "admin", demo: true } });
  }
  io.stderr.write(`otbill: sign in as ${DEMO_EMAIL} with password ${given ? "from OTBILL_DEMO_PASSWORD" : password} (role admin)\n`);
}

/** Opens the database (seeding the demo into an empty one when asked) and listens. */
export async function startServer(options: ServeOptions, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const port = parsePort(options.port ?? "8080");
  const host = options.host ?? "127.0.0.1";
  const https = readTls(options);
  const idleMinutes = parseMinutes(options.idleMinutes);
  const reference = loadReference();
  const store = await openStoreFromOption(options.db);
  try {
    if (options.demo) {
      demoPassword(env);
      let practiceId = (await listPractices(store.db, {}, { limit: 1 })).items[0]?.id;
      if (practiceId === undefined) {
        const summary = await seedDemo(store.db, reference);
        practiceId = summary.practiceId;
        await auditCli(store.db, { action: "import", resource: "demo", practiceId, outcome: "success", detail: { patients: summary.patients, visits: summary.visits } });
        io.stderr.write(`otbill: seeded the demo practice: ${summary.patients} patients, ${summary.visits} visits, ${Object.values(summary.claims).reduce((a, b) => a + b, 0)} claims\n`);
      }
      await ensureDemoAdmin(store, practiceId, io, env);
    }
    if (!LOOPBACK_HOSTS.includes(host) && !https) {
      const bar = "!".repeat(78);
      io.stderr.write(`${bar}\n!! otbill serve --host ${host} WITHOUT TLS: passwords, session cookies and patient data cross the network in clear text.\n!! Use --tls-cert FILE --tls-key FILE, or put a TLS proxy in front and keep otbill on 127.0.0.1.\n${bar}\n`);
    }
    const allowedHosts = [...(options.allowedHost ?? []), ...(LOOPBACK_HOSTS.includes(host) || host === "0.0.0.0" || host === "::" ? [] : [host])];
    if ((host === "0.0.0.0" || host === "::") && (options.allowedHost ?? []).length === 0) {
      io.stderr.write(`otbill: listening on every address, but only loopback names are allowed in the Host header; add --allowed-host NAME for each name browsers use to reach this server\n`);
    }
    const app = buildServer({
      store,
      reference,
      // Log lines carry the route and the request id, never the query string (names) or a body.
      logger: { level: "warn", serializers: { req: (request) => ({ id: request.id, method: request.method, url: request.routeOptions?.url ?? request.url.split("?")[0] }) } },
      ...(https ? { https } : {}),
      security: { allowedHosts, ...(idleMinutes ? { session: { idleMinutes, absoluteHours: 12 } } : {}) },
    });
    let address: string;
    try {
      address = await app.listen({ port, host });
    } catch (error) {
      await app.close().catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (code === "EADDRINUSE") throw new InputError("invalid_input", `--port: ${host}:${port} is already in use by another program; choose another port (--port 0 picks a free one)`, { path: "--port", value: port });
      if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new InputError("invalid_input", `--host: ${host} is not an address of this machine`, { path: "--host", value: host });
      if (code === "EACCES") throw new InputError("invalid_input", `--port: ${port} needs privileges this user does not have; use a port above 1023`, { path: "--port", value: port });
      throw error;
    }
    return {
      app,
      store,
      address,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const registerServe: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("serve")
    .description("serve the web app and the HTTP API (docs at /api/docs); SQLite by default, PostgreSQL with --db postgres://... or DATABASE_URL")
    .option("--port <port>", "port to listen on (0 = any free port)", "8080")
    .option("--host <host>", "address to listen on (loopback unless you say otherwise)", "127.0.0.1")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .option("--demo", "seed the demo practice when the database is empty, and the demo admin demo@otbill.local (password printed, or OTBILL_DEMO_PASSWORD)")
    .option("--allowed-host <name>", "another Host name browsers use to reach this server (repeatable; loopback names are always allowed)", collect)
    .option("--tls-cert <file>", "serve https with this certificate (PEM)")
    .option("--tls-key <file>", "the certificate's private key (PEM)")
    .option("--idle-minutes <n>", "minutes without a request before a session ends", "15")
    .action(async (options: ServeOptions) => {
      const server = await startServer(options, io);
      io.stderr.write(`otbill on ${server.address} (web app at /, API docs at ${server.address}/api/docs), database ${server.store.location}\n`);
      if (options.demo) io.stderr.write(`otbill: open ${server.address}/ and sign in, or: curl -c jar -H 'content-type: application/json' -d '{"email":"${DEMO_EMAIL}","password":"..."}' ${server.address}/api/session\n`);
      await untilStopped();
      await server.close();
    });
};
