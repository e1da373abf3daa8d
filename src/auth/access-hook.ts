/**
 * Authentication and authorization before any handler runs. Every request gets
 * `request.principal` (null without valid credentials); every /api route is then decided
 * by its row in route-access.ts: public, or 401 without a principal, or 403 for a role the
 * row does not name. A cookie-authenticated request that changes something must carry the
 * session's CSRF token in `X-CSRF-Token` (403 without it); a bearer token needs none, as a
 * browser never sends one by itself.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { appendAudit } from "../audit/log.js";
import { InputError } from "../errors.js";
import type { Store } from "../store/database.js";
import type { Principal } from "./principal.js";
import { accessFor, mayCall } from "./route-access.js";
import { sameSecret } from "./secrets.js";
import { DEFAULT_SESSION_POLICY, principalForSession, SESSION_COOKIE, type SessionPolicy } from "./sessions.js";
import { principalForToken } from "./tokens.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The principal a request's credentials name (bearer first, then the session cookie), or null. */
export async function principalFromRequest(store: Store, request: FastifyRequest, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (typeof header === "string" && header.length > 0) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // A request that sends credentials of a kind we do not know is refused, not treated as anonymous.
    if (!match) return null;
    return (await principalForToken(store.db, match[1]!)) ?? null;
  }
  const secret = request.cookies?.[SESSION_COOKIE];
  if (secret) return (await principalForSession(store.db, secret, policy)) ?? null;
  return null;
}

function isApi(url: string): boolean {
  return url === "/api" || url.startsWith("/api/");
}

export function installAccess(app: FastifyInstance, store: Store, policy: SessionPolicy = DEFAULT_SESSION_POLICY): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request) => {
    request.principal = await principalFromRequest(store, request, policy);
    const url = request.routeOptions.url;
    // Unknown URLs fall through to the 404 handler; pages outside /api decide for themselves.
    if (url === undefined || !isApi(url)) return;
    const method = request.method === "HEAD" ? "GET" : request.method;
    const access = accessFor(method, url);
    if (access === "public") return;
    if (access === undefined) throw new InputError("forbidden", `${method} ${url} has no access rule (src/auth/route-access.ts); it is closed until it has one`);
    const principal = request.principal;
    if (!principal) throw new InputError("unauthenticated", "sign in first (POST /api/session) or send Authorization: Bearer <token>");
    if (!mayCall(access, principal.role)) {
      // A signed-in caller reaching past their role is worth a line in the audit trail.
      await appendAudit(store.db, {
        actor: principal.actor,
        userId: principal.userId,
        tokenId: principal.tokenId,
        practiceId: principal.practiceId,
        ip: request.ip,
        action: "denied",
        resource: url,
        outcome: "forbidden",
        detail: { method },
      }).catch(() => undefined);
      throw new InputError("forbidden", `the ${principal.role} role may not ${method} ${url}`);
    }
    if (principal.via === "session" && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers["x-csrf-token"];
      if (typeof sent !== "string" || principal.csrfToken === null || !sameSecret(sent, principal.csrfToken)) {
        throw new InputError("forbidden", "X-CSRF-Token: missing or wrong; send the csrfToken that POST /api/session returned", { path: "X-CSRF-Token" });
      }
    }
  });
}

/** The caller of a route behind the access hook (which has already refused anonymous calls). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new InputError("unauthenticated", "sign in first (POST /api/session) or send Authorization: Bearer <token>");
  return request.principal;
}
