/**
 * The HTTP API: `buildServer({ store, reference })` returns the Fastify instance, ready for
 * `app.inject()` in tests or `app.listen()` in `otbill serve`.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import { collectRoutes } from "../auth/route-registry.js";
import type { Reference } from "../reference/reference.js";
import type { Store } from "../store/database.js";
import { describeError, installErrorHandlers } from "./errors.js";
import { claimDocumentRoutes } from "./routes/claim-documents.js";
import { claimFormRoutes } from "./routes/claim-forms.js";
import { denialRoutes } from "./routes/denials.js";
import { registerRoute, type Route } from "./route.js";
import { auditRoutes } from "./routes/audit.js";
import { docsRoutes } from "./routes/docs.js";
import { healthRoutes } from "./routes/health.js";
import { lookupRoutes } from "./routes/lookups.js";
import { payerProfileRoutes } from "./routes/payer-profiles.js";
import { claimRoutes } from "./routes/claims.js";
import { recordRoutes } from "./routes/records.js";
import { reportRoutes } from "./routes/reports.js";
import { acceptX12Text, remittanceRoutes } from "./routes/remittances.js";
import { scrubRoutes } from "./routes/scrub.js";
import { sessionRoutes, type AccessOptions } from "./routes/session.js";
import { clientErrorHandler, installJsonParser } from "./input-guards.js";
import { installSecurity, type SecurityOptions } from "./security.js";
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
  /** sign-in, sessions, host names, rate limit (src/server/security.ts) */
  security?: SecurityOptions & AccessOptions;
  /** TLS: the server speaks https and session cookies are Secure */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** how long a client may take to send a whole request (a stalled body is cut off) */
  requestTimeoutMs?: number;
}

/** 30 s to send a request, headers and body: a 1 MiB body needs far less even on a slow link. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function serverRoutes(options: ServerOptions): Route[] {
  const routes: Route[] = [...sessionRoutes(options.store, options.security), ...auditRoutes(options.store), ...scrubRoutes(options.store, options.reference), ...recordRoutes(options.store), ...lookupRoutes(options.reference)];
  routes.push(...claimDocumentRoutes(options.store, options.reference));
  routes.push(...claimFormRoutes(options.store, options.reference));
  routes.push(...claimRoutes(options.store, options.reference));
  routes.push(...remittanceRoutes(options.store), ...denialRoutes(options.store, options.reference), ...reportRoutes(options.store));
  routes.push(...payerProfileRoutes(options.reference));
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
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    connectionTimeout: (options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) * 2,
    ...(options.https ? { https: options.https } : {}),
    clientErrorHandler,
    // The router's own refusals (a bad URL, a parameter over 100 characters) in the error shape.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = describeError(error);
      void (reply as FastifyReply).status(status).header("cache-control", "no-store").type("application/json; charset=utf-8").send(body);
    },
  }) as unknown as FastifyInstance;
  // Every body is JSON: anything else is refused with 415 rather than read as a string.
  app.removeContentTypeParser("text/plain");
  installJsonParser(app);
  collectRoutes(app);
  installErrorHandlers(app);
  installSecurity(app, options.store, options.security);
  // In a plugin of their own, so the security plugins (cookies, rate limit) see every route.
  void app.register(async (api) => {
    const routes = serverRoutes(options);
    for (const route of routes) if (!route.requestContentType) registerRoute(api, route);
    // An 835 arrives as text/plain: a parser for it in a scope of its own, so every other route stays JSON only.
    void api.register(async (text) => {
      acceptX12Text(text);
      for (const route of routes) if (route.requestContentType) registerRoute(text, route);
    });
  });
  // The web app at / (pages, forms and its static assets), behind the same access layer.
  registerWebApp(app, { store: options.store, reference: options.reference });
  return app;
}
