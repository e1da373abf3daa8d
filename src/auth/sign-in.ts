/**
 * Signing in with an email and a password. Every attempt is audited (sign-in or
 * sign-in-failed). After `maxFailures` wrong passwords in a row the account is locked for
 * `lockMinutes` (429, even with the right password); the per-address request limit on
 * POST /api/session slows guessing before that. The answer never says whether the email
 * exists.
 */
import { appendAudit } from "../audit/log.js";
import { InputError } from "../errors.js";
import type { Db } from "../store/transaction.js";
import type { Role } from "./principal.js";
import { verifyPassword } from "./secrets.js";
import { createSession, type NewSession, type SessionPolicy } from "./sessions.js";
import { findUserByEmail } from "./users.js";

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

/**
 * Failed sign-ins per client address, in memory: after `limit` failures in `windowMinutes`
 * the address gets 429 until the window ends, whatever the account (guessing across many
 * accounts). Successful sign-ins do not count, so a clinic behind one address is not
 * locked out by its own people signing in.
 */
export class AddressThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    readonly limit = 20,
    readonly windowMinutes = 15,
  ) {}

  private entry(ip: string, now: number): { count: number; since: number } {
    const current = this.failures.get(ip);
    if (current && now - current.since < this.windowMinutes * 60_000) return current;
    const fresh = { count: 0, since: now };
    this.failures.set(ip, fresh);
    // Keep the map small: forget windows that have ended.
    if (this.failures.size > 10_000) for (const [key, value] of this.failures) if (now - value.since >= this.windowMinutes * 60_000) this.failures.delete(key);
    return fresh;
  }

  blocked(ip: string, now = Date.now()): boolean {
    return this.entry(ip, now).count >= this.limit;
  }

  failed(ip: string, now = Date.now()): void {
    this.entry(ip, now).count += 1;
  }
}

/** Each failed attempt of an account answers a little later (100 ms a failure, at most 1 s). */
const SLOWDOWN_MS = 100;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SignedIn {
  user: { email: string; role: Role; practiceId: number };
  session: NewSession;
}

const WRONG = "email or password is wrong";

export async function signIn(
  db: Db,
  credentials: { email: string; password: string },
  context: { ip: string | null; session: SessionPolicy; lockout: LockoutPolicy; throttle?: AddressThrottle },
  now = new Date(),
): Promise<SignedIn> {
  const email = credentials.email.trim().toLowerCase();
  const row = await findUserByEmail(db, email);
  const audit = { actor: `user:${email}`, userId: row?.id ?? null, practiceId: row?.practice_id ?? null, ip: context.ip, resource: "session", at: now };
  if (context.throttle && context.ip && context.throttle.blocked(context.ip, now.getTime())) {
    await appendAudit(db, { ...audit, action: "sign-in-failed", outcome: "throttled" });
    throw new InputError("too_many_requests", `too many failed sign-ins from this address: try again in ${context.throttle.windowMinutes} minutes`);
  }
  if (row?.locked_until && Date.parse(row.locked_until) > now.getTime()) {
    await appendAudit(db, { ...audit, action: "sign-in-failed", outcome: "locked" });
    throw new InputError("too_many_requests", `too many failed sign-ins: this account is locked until ${row.locked_until}`);
  }
  const matches = await verifyPassword(row?.password_hash ?? null, credentials.password);
  if (!row || !matches || row.disabled === 1) {
    if (context.throttle && context.ip) context.throttle.failed(context.ip, now.getTime());
    await pause(Math.min(((row?.failed_sign_ins ?? 0) + 1) * SLOWDOWN_MS, 1000));
    if (row && !matches) {
      const failures = row.failed_sign_ins + 1;
      const lock = failures >= context.lockout.maxFailures ? new Date(now.getTime() + context.lockout.lockMinutes * 60_000).toISOString() : null;
      await db.updateTable("users").set({ failed_sign_ins: lock ? 0 : failures, locked_until: lock }).where("id", "=", row.id).execute();
    }
    await appendAudit(db, { ...audit, action: "sign-in-failed", outcome: !row ? "unknown_user" : row.disabled === 1 ? "disabled" : "wrong_password" });
    throw new InputError("unauthenticated", WRONG);
  }
  return db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: now.toISOString() }).where("id", "=", row.id).execute();
    const session = await createSession(trx, row.id, context.ip, context.session, now);
    await appendAudit(trx, { ...audit, action: "sign-in", outcome: "success" });
    return { user: { email: row.email, role: row.role as Role, practiceId: row.practice_id }, session };
  });
}
