/**
 * The OpenAPI 3.1 document, written from the same route records that register and
 * validate the routes (route.ts), with JSON Schema from the zod schemas (zod 4's
 * toJSONSchema; 3.1 uses JSON Schema 2020-12, zod's default target).
 */
import { accessFor } from "../auth/route-access.js";
import { SESSION_COOKIE } from "../auth/sessions.js";
import { z } from "zod";
import { visitSchema } from "../contract/visit.js";
import type { Route } from "./route.js";
import { claimSchema, errorSchema, scrubResultSchema, visitRecordSchema } from "./schemas.js";

type JsonSchema = Record<string, unknown>;

/** Schemas shown once under components and referred to wherever a route uses them, even nested. */
const COMPONENTS: Record<string, z.ZodType> = {
  Visit: visitSchema,
  ScrubResult: scrubResultSchema,
  Error: errorSchema,
  StoredVisit: visitRecordSchema,
  Claim: claimSchema,
};

const registry = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });

/**
 * One schema as JSON Schema; components it uses become $refs, and their definitions are
 * collected into `components` (zod puts them under $defs; OpenAPI wants them shared).
 */
function jsonSchema(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  // io "input": document what callers send (before transforms such as date branding).
  const converted = z.toJSONSchema(schema, { metadata: registry, io: "input", unrepresentable: "any" }) as JsonSchema;
  const text = JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { $schema: _ignored, $defs, ...rest } = JSON.parse(text) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, definition] of Object.entries($defs ?? {})) components[id] ??= definition;
  return rest;
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad input: the error names the field (`path`)",
  404: "No such record or route",
  409: "Conflict: a stale version (nothing was changed) or a duplicate",
  413: "Body larger than the limit",
  415: "Body is not JSON",
  422: "Valid JSON that cannot be processed (a reference to a missing record, a move the record cannot make)",
  401: "No credentials: sign in (POST /api/session) or send Authorization: Bearer",
  403: "A role that may not, a missing X-CSRF-Token on a cookie session, or a Host this server does not answer to",
  429: "Too many requests, or too many failed sign-ins",
};

function parametersOf(schema: z.ZodType | undefined, where: "path" | "query", components: Record<string, JsonSchema>): JsonSchema[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const { description, ...fieldSchema } = jsonSchema(field, components);
    return {
      name,
      in: where,
      required: where === "path" || !field.safeParse(undefined).success,
      schema: fieldSchema,
      ...(typeof description === "string" ? { description } : {}),
    };
  });
}

function operationOf(route: Route, components: Record<string, JsonSchema>): JsonSchema {
  const body = route.body ?? route.documentedBody;
  const success = route.status ?? 200;
  const responses: JsonSchema = {
    [success]: {
      description: success === 201 ? "Created" : "OK",
      content: { [route.contentType ?? "application/json"]: route.response ? { schema: jsonSchema(route.response, components) } : {} },
    },
  };
  const access = accessFor(route.method, route.url);
  const guarded = access !== "public";
  // Behind the access table: who may call it, and the two refusals every guarded route can give.
  for (const status of [...(route.errors ?? []), ...(guarded ? [401, 403] : [])]) {
    responses[status] = { description: STATUS_TEXT[status] ?? "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }
  return {
    tags: [route.tag],
    summary: route.summary,
    operationId: `${route.method.toLowerCase()}${route.url.replace(/\/:(\w+)/g, "By_$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, next: string | undefined) => (next ?? "").toUpperCase())}`,
    parameters: [...parametersOf(route.params, "path", components), ...parametersOf(route.query, "query", components)],
    ...(body ? { requestBody: { required: true, content: { [route.requestContentType ?? "application/json"]: { schema: jsonSchema(body, components) } } } } : {}),
    responses,
    security: guarded ? [{ bearer: [] }, { session: [] }] : [],
    "x-roles": guarded ? [...(access ?? [])] : "public",
  };
}

export function openApiDocument(routes: readonly Route[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const components: Record<string, JsonSchema> = {};
  jsonSchema(errorSchema, components);
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, "{$1}");
    paths[path] ??= {};
    paths[path]![route.method.toLowerCase()] = operationOf(route, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "otbill API",
      version,
      description:
        "Billing and coding engine for outpatient occupational therapy: scrub visits, keep the practice's records, build claims. Errors are always `{ \"error\": { \"code\", \"message\", \"path\" } }`.",
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "an API token (otbill token create, POST /api/tokens)" },
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "the cookie POST /api/session sets; changes also need the X-CSRF-Token header" },
      },
    },
  };
}
