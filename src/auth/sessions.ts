/**
 * Server-side sign-in sessions (45 CFR 164.312(a)(2)(iii), automatic logoff). The cookie
 * carries a random secret; the table keeps its sha256, the CSRF token, the last activity
 * and an absolute end. A session ends after `idleMinutes` without a request (15 by
 * default), 12 hours after sign-in whatever the activity, at sign-out, or when its user is
 * disabled.
 */
import type { Db } from "../store/transaction.js";
import type { Principal, Role } from "./principal.js";
import { randomSecret, sha256Hex } from "./secrets.js";

export const SESSION_COOKIE = "otbill_session";

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 15, absoluteHours: 12 };

/** Last activity is written at most this often (a page that polls must not write per request). */
const TOUCH_RESOLUTION_MS = 30_000;

export interface NewSession {
  /** the cookie's value: shown to the browser only */
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(db: Db, userId: number, ip: string | null, policy: SessionPolicy, now = new Date()): Promise<NewSession> {
  const secret = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3_600_000).toISOString();
  await db
    .insertInto("sessions")
    .values({ id_hash: sha256Hex(secret), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt, revoked_at: null, ip })
    .execute();
  return { secret, csrfToken, expiresAt };
}

/** The principal of a live session, touching its last activity; undefined when it has ended. */
export async function principalForSession(db: Db, secret: string, policy: SessionPolicy, now = new Date()): Promise<Principal | undefined> {
  if (secret.length === 0 || secret.length > 100) return undefined;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.id_hash", "sessions.csrf_token", "sessions.last_seen_at", "sessions.expires_at", "sessions.revoked_at", "users.id as user_id", "users.email", "users.role", "users.practice_id", "users.disabled"])
    .where("sessions.id_hash", "=", sha256Hex(secret))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled === 1) return undefined;
  const nowMs = now.getTime();
  if (nowMs >= Date.parse(row.expires_at) || nowMs - Date.parse(row.last_seen_at) >= policy.idleMinutes * 60_000) return undefined;
  if (nowMs - Date.parse(row.last_seen_at) >= TOUCH_RESOLUTION_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now.toISOString() }).where("id_hash", "=", row.id_hash).execute();
  }
  return {
    userId: row.user_id,
    tokenId: null,
    email: row.email,
    role: row.role as Role,
    practiceId: row.practice_id,
    via: "session",
    csrfToken: row.csrf_token,
    actor: `user:${row.email}`,
  };
}

export async function revokeSession(db: Db, secret: string, now = new Date()): Promise<void> {
  await db.updateTable("sessions").set({ revoked_at: now.toISOString() }).where("id_hash", "=", sha256Hex(secret)).where("revoked_at", "is", null).execute();
}
