/**
 * An API server over an in-memory SQLite store with one bearer token, for route tests:
 * `({ store, app, auth } = await openTestApi({ role: "biller" }))` in beforeAll and
 * `closeTestApi({ store, app })` in afterAll.
 */
import type { FastifyInstance } from "fastify";
import type { Role } from "../../auth/principal.js";
import { loadReference, type Reference } from "../../reference/reference.js";
import { openStore, type Store } from "../../store/database.js";
import { buildServer } from "../app.js";
import { bearerFor } from "./auth.js";

export interface TestApi {
  store: Store;
  app: FastifyInstance;
  /** spread into `app.inject({ headers })` */
  auth: { authorization: string };
}

/** `reference` defaults to the bundled data only (no imported releases). */
export async function openTestApi(options: { role: Role; reference?: Reference }): Promise<TestApi> {
  const store = await openStore({ dialect: "sqlite", file: ":memory:" });
  const auth = await bearerFor(store, { role: options.role });
  const app = buildServer({ store, reference: options.reference ?? loadReference({ importedDir: null }) });
  await app.ready();
  return { store, app, auth };
}

export async function closeTestApi(api: Pick<TestApi, "store" | "app">): Promise<void> {
  await api.app.close();
  await api.store.close();
}
