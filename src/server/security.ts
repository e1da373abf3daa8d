/**
 * The server's secure defaults (45 CFR 164.312(e), transmission security, and OWASP ASVS
 * V14): only the host names the server is meant to be reached by (a web page cannot read
 * the API through DNS rebinding), security headers (helmet: a CSP that allows the
 * app's own scripts and styles, nosniff, frame-ancestors 'none'), `Cache-Control:
 * no-store` on every API answer (PHI stays out of browser and proxy caches), a request
 * limit per caller (@fastify/rate-limit), session cookies (@fastify/cookie), and the
 * access hook.
 */
import { createHash } from "node:crypto";
import cookie from "@fastify/cookie";
import helmet from "helmet";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { installAccess } from "../auth/access-hook.js";
import type { SessionPolicy } from "../auth/sessions.js";
import { InputError } from "../errors.js";
import type { Store } from "../store/database.js";
import { DOCS_PAGE } from "./routes/docs.js";

/** The names a loopback server answers to; `--host` and `--allowed-host` add more. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"];

export interface SecurityOptions {
  /** extra Host names (without port) besides loopback; "*" turns the check off */
  allowedHosts?: readonly string[];
  /** requests a caller (token, session or address) may make a window; false: no limit */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  session?: SessionPolicy;
}

/** per caller: well above a person's or a script's pace, well below a flood */
export const DEFAULT_RATE_LIMIT = { max: 10_000, timeWindowMs: 60_000 };

/** The Host header's name without its port: "localhost:8080" -> "localhost", "[::1]:80" -> "[::1]". */
export function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith("[")) return text.slice(0, text.indexOf("]") + 1);
  const colon = text.indexOf(":");
  return colon === -1 ? text : text.slice(0, colon);
}

function inlineHashes(page: string, tag: "script" | "style"): string[] {
  const pattern = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g");
  return [...page.matchAll(pattern)].map((match) => `'sha256-${createHash("sha256").update(match[1]!).digest("base64")}'`);
}

function checkHost(request: FastifyRequest, allowed: ReadonlySet<string>): void {
  const header = request.headers.host;
  const name = typeof header === "string" ? hostName(header) : "";
  if (!allowed.has(name)) {
    throw new InputError("forbidden", `Host ${JSON.stringify(name)} is not a name this server answers to; start otbill serve with --allowed-host ${name || "NAME"} to allow it`, { path: "Host" });
  }
}

export function installSecurity(app: FastifyInstance, store: Store, options: SecurityOptions = {}): void {
  const extra = options.allowedHosts ?? [];
  const allowed = new Set([...LOOPBACK_HOSTS, ...extra.map((name) => hostName(name))]);
  const anyHost = extra.includes("*");
  app.addHook("onRequest", async (request) => {
    if (!anyHost) checkHost(request, allowed);
  });

  void app.register(cookie);
  // Built once: @fastify/helmet makes a new helmet middleware (and parses the CSP) on every
  // request; every response here gets the same headers, so one middleware serves them all.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // The web app's own files, and the two inline blocks of the API docs page by hash.
        scriptSrc: ["'self'", ...inlineHashes(DOCS_PAGE, "script")],
        styleSrc: ["'self'", ...inlineHashes(DOCS_PAGE, "style")],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS only means something over TLS; helmet sends it either way, browsers ignore it on http.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    referrerPolicy: { policy: "no-referrer" },
  });
  app.addHook("onRequest", (request, reply, done) => securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    void app.register(rateLimit, {
      global: true,
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      // One budget per caller: the token or session when there is one, else the address.
      keyGenerator: (request) => request.principal?.actor ?? request.ip,
      errorResponseBuilder: (_request, context) => new InputError("too_many_requests", `too many requests: at most ${context.max} in ${context.after}; retry in ${context.after}`),
    });
  }
  app.addHook("onSend", async (request, reply) => {
    if (request.url.startsWith("/api/") || request.url === "/api") reply.header("cache-control", "no-store");
  });
  // After @fastify/cookie has loaded, so the hook sees request.cookies.
  app.after(() => installAccess(app, store, options.session));
}
