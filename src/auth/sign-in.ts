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

export interface SignedIn {
  user: { email: string; role: Role; practiceId: number };
  session: NewSession;
}

const WRONG = "email or password is wrong";

export async function signIn(
  db: Db,
  credentials: { email: string; password: string },
  context: { ip: string | null; session: SessionPolicy; lockout: LockoutPolicy },
  now = new Date(),
): Promise<SignedIn> {
  const email = credentials.email.trim().toLowerCase();
  const row = await findUserByEmail(db, email);
  const audit = { actor: `user:${email}`, userId: row?.id ?? null, practiceId: row?.practice_id ?? null, ip: context.ip, resource: "session", at: now };
  if (row?.locked_until && Date.parse(row.locked_until) > now.getTime()) {
    await appendAudit(db, { ...audit, action: "sign-in-failed", outcome: "locked" });
    throw new InputError("too_many_requests", `too many failed sign-ins: this account is locked until ${row.locked_until}`);
  }
  const matches = await verifyPassword(row?.password_hash ?? null, credentials.password);
  if (!row || !matches || row.disabled === 1) {
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
