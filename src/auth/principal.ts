/**
 * Who is calling: the signed-in user or API token behind a request. The access layer sets
 * `request.principal` before any route handler runs; routes and web pages read it and never
 * look at cookies or headers themselves.
 */
export const ROLES = ["admin", "biller", "therapist", "front-desk", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** the user's id; for an API token, the user who created it (null for a CLI-made token) */
  userId: number | null;
  /** the token's id when the request came with `Authorization: Bearer` */
  tokenId: number | null;
  email: string | null;
  role: Role;
  practiceId: number;
  via: "session" | "token";
  /** the session's CSRF token (cookie sessions only) */
  csrfToken: string | null;
  /** "user:demo@otbill.local" or "token:12": how the audit log names the actor */
  actor: string;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}
