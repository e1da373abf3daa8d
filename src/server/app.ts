/**
 * The HTTP API: `buildServer({ store, reference })` returns the Fastify instance, ready for
 * `app.inject()` in tests or `app.listen()` in `otbill serve`.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { collectRoutes } from "../auth/route-registry.js";
import type { Reference } from "../reference/reference.js";
import type { Store } from "../store/database.js";
import { installErrorHandlers } from "./errors.js";
import { claimFormRoutes } from "./routes/claim-forms.js";
import { claimDocumentRoutes } from "./routes/claim-documents.js";
import { registerRoute, type Route } from "./route.js";
import { docsRoutes } from "./routes/docs.js";
import { healthRoutes } from "./routes/health.js";
import { lookupRoutes } from "./routes/lookups.js";
import { recordRoutes } from "./routes/records.js";
import { scrubRoutes } from "./routes/scrub.js";
import { registerWebApp } from "../web/routes.js";

/** 1 MiB: about a thousand visits in one POST /api/scrub; bigger batches go through `otbill scrub`. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  store: Store;
  reference: Reference;
  bodyLimit?: number;
  /** Fastify's logger (off by default: tests and benchmarks stay quiet) */
  logger?: FastifyServerOptions["logger"];
  version?: string;
}

export function serverRoutes(options: ServerOptions): Route[] {
  const routes: Route[] = [...scrubRoutes(options.store, options.reference), ...recordRoutes(options.store), ...lookupRoutes(options.reference)];
  routes.push(...claimFormRoutes(options.reference));
  routes.push(...claimDocumentRoutes(options.reference));
  routes.push(...healthRoutes(options.store, options.version ?? "0.1.0"));
  routes.push(...docsRoutes(() => routes, options.version ?? "0.1.0"));
  return routes;
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Record ids are numbers in the path; a trailing slash is the same route.
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Every body is JSON: anything else is refused with 415 rather than read as a string.
  app.removeContentTypeParser("text/plain");
  collectRoutes(app);
  installErrorHandlers(app);
  for (const route of serverRoutes(options)) registerRoute(app, route);
  // The web app at / (pages, forms and its static assets), behind the same access layer.
  registerWebApp(app, { store: options.store, reference: options.reference });
  return app;
}
