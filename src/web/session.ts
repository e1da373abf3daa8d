/**
 * Signing in and out from the web app, through the access layer's own session API
 * (POST /api/session, DELETE /api/session): the form posts here, and the answer's session
 * cookie is passed on to the browser. The web app never reads or makes cookies itself.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Principal } from "../auth/principal.js";

/**
 * Who is signed in for a page request. The access layer's hook sets `request.principal`
 * for every request it has authenticated (session cookie or bearer token).
 */
export async function principalOf(request: FastifyRequest): Promise<Principal | null> {
  return request.principal ?? null;
}

export interface SignInOutcome {
  ok: boolean;
  /** Set-Cookie headers to pass on */
  cookies: string[];
  /** what to tell the person when it failed */
  message?: string;
}

function setCookies(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

function messageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } };
    return parsed.error?.message;
  } catch {
    return undefined;
  }
}

export async function signIn(app: FastifyInstance, request: FastifyRequest, email: string, password: string): Promise<SignInOutcome> {
  const answer = await app.inject({
    method: "POST",
    url: "/api/session",
    payload: { email, password },
    headers: { "content-type": "application/json", ...(request.headers["user-agent"] ? { "user-agent": request.headers["user-agent"] } : {}) },
    remoteAddress: request.ip,
  });
  if (answer.statusCode === 200) return { ok: true, cookies: setCookies(answer.headers["set-cookie"]) };
  if (answer.statusCode === 404) return { ok: false, cookies: [], message: "Sign-in is not available on this server." };
  if (answer.statusCode === 429) return { ok: false, cookies: [], message: messageOf(answer.body) ?? "Too many failed sign-ins; wait a few minutes and try again." };
  // The access layer says the same thing for an unknown email and a wrong password.
  return { ok: false, cookies: [], message: messageOf(answer.body) ?? "The email or password is not right." };
}

export async function signOut(app: FastifyInstance, request: FastifyRequest, principal: Principal | null): Promise<string[]> {
  const answer = await app.inject({
    method: "DELETE",
    url: "/api/session",
    headers: { ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}), ...(principal?.csrfToken ? { "x-csrf-token": principal.csrfToken } : {}) },
    remoteAddress: request.ip,
  });
  return setCookies(answer.headers["set-cookie"]);
}
