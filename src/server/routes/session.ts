/**
 * Sign-in over HTTP (contract "Access"): POST /api/session sets the session cookie and
 * returns the CSRF token, GET /api/session says who is signed in, DELETE /api/session
 * signs out. API tokens: POST /api/tokens (shown once), GET /api/tokens, DELETE
 * /api/tokens/:id.
 */
import { z } from "zod";
import { principalOf } from "../../auth/access-hook.js";
import { ROLES } from "../../auth/principal.js";
import { AddressThrottle, DEFAULT_LOCKOUT_POLICY, signIn, type LockoutPolicy } from "../../auth/sign-in.js";
import { DEFAULT_SESSION_POLICY, revokeSession, SESSION_COOKIE, type SessionPolicy } from "../../auth/sessions.js";
import { createToken, listTokens, revokeToken } from "../../auth/tokens.js";
import { appendAudit } from "../../audit/log.js";
import type { Store } from "../../store/database.js";
import { route, type Route } from "../route.js";
import { idParamsSchema } from "../schemas.js";

const signInSchema = z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) });
const userSchema = z.object({ email: z.string().nullable(), role: z.enum(ROLES), practiceId: z.number().int() });
const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(ROLES),
  practiceId: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export interface AccessOptions {
  session?: SessionPolicy;
  lockout?: LockoutPolicy;
  /** sign-in attempts a client address may make a minute before 429 (bounds the argon2 work) */
  signInPerMinute?: number;
  /** failed sign-ins a client address may make in 15 minutes before 429 */
  failedSignInsPerAddress?: number;
}

export function sessionRoutes(store: Store, options: AccessOptions = {}): Route[] {
  const session = options.session ?? DEFAULT_SESSION_POLICY;
  const lockout = options.lockout ?? DEFAULT_LOCKOUT_POLICY;
  const throttle = new AddressThrottle(options.failedSignInsPerAddress ?? 20);
  return [
    route({
      method: "POST",
      url: "/api/session",
      tag: "access",
      summary: "Sign in: sets the session cookie and returns the CSRF token to send as X-CSRF-Token",
      body: signInSchema,
      response: z.object({ user: userSchema, csrfToken: z.string() }),
      errors: [400, 401, 429],
      rateLimit: { max: options.signInPerMinute ?? 300, timeWindowMs: 60_000 },
      handler: async ({ body, request, reply }) => {
        const { user, session: created } = await signIn(store.db, body, { ip: request.ip, session, lockout, throttle });
        reply.setCookie(SESSION_COOKIE, created.secret, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure: request.protocol === "https",
          expires: new Date(created.expiresAt),
        });
        return { user, csrfToken: created.csrfToken };
      },
    }),
    route({
      method: "GET",
      url: "/api/session",
      tag: "access",
      summary: "Who is signed in (or which token is calling)",
      response: z.object({ user: userSchema, via: z.enum(["session", "token"]), csrfToken: z.string().nullable() }),
      errors: [401],
      handler: ({ request }) => {
        const principal = principalOf(request);
        return { user: { email: principal.email, role: principal.role, practiceId: principal.practiceId }, via: principal.via, csrfToken: principal.csrfToken };
      },
    }),
    route({
      method: "DELETE",
      url: "/api/session",
      tag: "access",
      summary: "Sign out: ends the session on the server and clears the cookie",
      response: z.object({ signedOut: z.boolean() }),
      errors: [401, 403],
      handler: async ({ request, reply }) => {
        const principal = principalOf(request);
        const secret = request.cookies?.[SESSION_COOKIE];
        if (principal.via === "session" && secret) await revokeSession(store.db, secret);
        await appendAudit(store.db, { actor: principal.actor, userId: principal.userId, tokenId: principal.tokenId, practiceId: principal.practiceId, ip: request.ip, action: "sign-out", resource: "session", outcome: "success" });
        reply.clearCookie(SESSION_COOKIE, { path: "/" });
        return { signedOut: principal.via === "session" };
      },
    }),
    route({
      method: "POST",
      url: "/api/tokens",
      tag: "access",
      summary: "Create an API token for this practice; the token is shown only in this answer",
      body: z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(ROLES) }),
      response: z.object({ token: z.string(), id: z.number().int(), name: z.string(), role: z.enum(ROLES) }),
      status: 201,
      errors: [400, 401, 403],
      handler: async ({ body, request }) => {
        const principal = principalOf(request);
        return store.db.transaction().execute(async (trx) => {
          const { token, record } = await createToken(trx, { name: body.name, role: body.role, practiceId: principal.practiceId, createdBy: principal.actor, userId: principal.userId });
          await appendAudit(trx, { actor: principal.actor, userId: principal.userId, tokenId: principal.tokenId, practiceId: principal.practiceId, ip: request.ip, action: "token-create", resource: "tokens", resourceId: record.id, outcome: "success", detail: { role: body.role } });
          return { token, id: record.id, name: record.name, role: record.role };
        });
      },
    }),
    route({
      method: "GET",
      url: "/api/tokens",
      tag: "access",
      summary: "This practice's API tokens (never their secrets)",
      response: z.object({ items: z.array(tokenSchema) }),
      errors: [401, 403],
      handler: async ({ request }) => ({ items: await listTokens(store.db, principalOf(request).practiceId) }),
    }),
    route({
      method: "DELETE",
      url: "/api/tokens/:id",
      tag: "access",
      summary: "Revoke an API token",
      params: idParamsSchema,
      response: tokenSchema,
      errors: [400, 401, 403, 404],
      handler: async ({ params, request }) => {
        const principal = principalOf(request);
        return store.db.transaction().execute(async (trx) => {
          const revoked = await revokeToken(trx, params.id, principal.practiceId);
          await appendAudit(trx, { actor: principal.actor, userId: principal.userId, tokenId: principal.tokenId, practiceId: principal.practiceId, ip: request.ip, action: "token-revoke", resource: "tokens", resourceId: params.id, outcome: "success" });
          return revoked;
        });
      },
    }),
  ];
}
