/**
 * A route is one record: method, URL, the zod schemas of its parameters, query and body,
 * its answer, and the handler. The same record registers the Fastify route, validates
 * the request and writes the route's part of the OpenAPI document, so the three cannot
 * disagree (the ts-rest idea, without the dependency).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { formatIssuePath } from "../contract/visit.js";
import { InputError } from "../errors.js";
import { checkPart, guardOf } from "./input-guards.js";

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  /** for the few routes that set a cookie or a header */
  reply: FastifyReply;
}

export interface Route<P = unknown, Q = unknown, B = unknown> {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Fastify form: /api/visits/:id */
  url: string;
  tag: string;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** validated before the handler runs */
  body?: z.ZodType<B>;
  /** documented only: the handler validates the body itself (POST /api/scrub) */
  documentedBody?: z.ZodType;
  response?: z.ZodType;
  /** 201 for creations */
  status?: number;
  /** the error statuses this route can answer, for the document */
  errors?: number[];
  /** the answer is not JSON (the docs page) */
  contentType?: string;
  /** the body is not JSON (an 835 as text/plain): read by a parser scoped to such routes (app.ts) */
  requestContentType?: "text/plain";
  /** a tighter request limit than the API's (sign-in): this many a window per client address */
  rateLimit?: { max: number; timeWindowMs: number };
  handler(input: RouteInput<P, Q, B>): Promise<unknown> | unknown;
}

/** Keeps the generic types of one route while collecting routes of different types. */
export function route<P, Q, B>(definition: Route<P, Q, B>): Route {
  return definition as unknown as Route;
}

/** Parses one part of the request; the first issue becomes a 400 naming the field. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, where: "body" | "query" | "params"): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // An unknown field's issue sits on the object; name the field itself.
  const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const path = formatIssuePath([...issue.path, ...(keys.length > 0 ? [keys[0]!] : [])]);
  const message = issue.code === "unrecognized_keys" ? `unknown field${keys.length > 1 ? "s" : ""} ${keys.join(", ")}` : issue.message;
  const place = where === "body" ? "" : `${where === "query" ? "query parameter " : "URL parameter "}`;
  throw new InputError("invalid_input", `${place}${path || where}: ${message}`, { path: path || undefined });
}

export function registerRoute(app: FastifyInstance, definition: Route): void {
  const paramsGuard = guardOf(definition.params);
  const queryGuard = guardOf(definition.query);
  app.route({
    method: definition.method,
    url: definition.url,
    ...(definition.rateLimit ? { config: { rateLimit: { max: definition.rateLimit.max, timeWindow: definition.rateLimit.timeWindowMs } } } : {}),
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      checkPart(request.params, paramsGuard, "params");
      checkPart(request.query, queryGuard, "query");
      const params = definition.params ? validate(definition.params, request.params, "params") : request.params;
      const query = definition.query ? validate(definition.query, request.query ?? {}, "query") : request.query;
      const body = definition.body ? validate(definition.body, request.body, "body") : request.body;
      const answer = await definition.handler({ params, query, body, request, reply });
      reply.status(definition.status ?? 200);
      if (definition.contentType) reply.type(definition.contentType);
      return answer;
    },
  });
}
