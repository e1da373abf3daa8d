/**
 * Every route the Fastify instance registered, as "METHOD /url" keys, collected with the
 * onRoute hook so that routes added outside `serverRoutes` (the web app, plugins) are seen
 * too. The access test compares this list with the access table.
 */
import type { FastifyInstance } from "fastify";
import { routeKey } from "./route-access.js";

const REGISTERED = Symbol("otbill.registeredRoutes");

type WithRegistry = FastifyInstance & { [REGISTERED]?: Set<string> };

/** Call before any route is registered. */
export function collectRoutes(app: FastifyInstance): void {
  const keys = new Set<string>();
  (app as WithRegistry)[REGISTERED] = keys;
  app.addHook("onRoute", (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    // Fastify adds HEAD for each GET itself; HEAD follows the GET's rule.
    for (const method of methods) if (method !== "HEAD") keys.add(routeKey(method, options.url));
  });
}

export function registeredRoutes(app: FastifyInstance): string[] {
  return [...((app as WithRegistry)[REGISTERED] ?? [])].sort();
}
