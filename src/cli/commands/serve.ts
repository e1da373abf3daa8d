/**
 * `otbill serve [--port 8080] [--host 127.0.0.1] [--db URL] [--demo]`: the HTTP API over
 * the practice database. Loopback by default: exposing patient records to a network is a
 * decision to make on purpose (--host 0.0.0.0), behind TLS and authentication.
 */
import type { Command } from "commander";
import type { FastifyInstance } from "fastify";
import { InputError } from "../../errors.js";
import { loadReference } from "../../reference/reference.js";
import { buildServer } from "../../server/app.js";
import { openStoreFromOption, type Store } from "../../store/database.js";
import { seedDemo } from "../../store/demo/seed.js";
import { listPractices } from "../../store/practices.js";
import type { CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

export interface ServeOptions {
  port?: string;
  host?: string;
  db?: string;
  demo?: boolean;
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

/** Opens the database (seeding the demo into an empty one when asked) and listens. */
export async function startServer(options: ServeOptions, io: CliIo): Promise<RunningServer> {
  const port = parsePort(options.port ?? "8080");
  const reference = loadReference();
  const store = await openStoreFromOption(options.db);
  try {
    if (options.demo && (await listPractices(store.db, {}, { limit: 1 })).total === 0) {
      const summary = await seedDemo(store.db, reference);
      io.stderr.write(`otbill: seeded the demo practice: ${summary.patients} patients, ${summary.visits} visits, ${Object.values(summary.claims).reduce((a, b) => a + b, 0)} claims\n`);
    }
    const app = buildServer({ store, reference, logger: { level: "warn" } });
    const address = await app.listen({ port, host: options.host ?? "127.0.0.1" });
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

export const registerServe: RegisterCommand = (program: Command, io: CliIo) => {
  program
    .command("serve")
    .description("serve the HTTP API (docs at /api/docs); SQLite by default, PostgreSQL with --db postgres://... or DATABASE_URL")
    .option("--port <port>", "port to listen on (0 = any free port)", "8080")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .option("--demo", "seed the demo practice when the database is empty")
    .action(async (options: ServeOptions) => {
      const server = await startServer(options, io);
      io.stderr.write(`otbill API on ${server.address} (docs: ${server.address}/api/docs), database ${server.store.location}\n`);
      await untilStopped();
      await server.close();
    });
};
