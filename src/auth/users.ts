/**
 * The people who may sign in: one row a person, with one practice and one role
 * (contract "Access"). Emails are kept lower-case so `Ana@x` and `ana@x` are one user.
 */
import { InputError } from "../errors.js";
import { requirePractice } from "../store/references.js";
import type { UserRow } from "../store/schema.js";
import { inTransaction, type Db } from "../store/transaction.js";
import { ROLES, type Role } from "./principal.js";
import { hashPassword } from "./secrets.js";

export interface User {
  id: number;
  email: string;
  practiceId: number;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    practiceId: row.practice_id,
    role: row.role as Role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

export function parseRole(text: string, path = "role"): Role {
  if ((ROLES as readonly string[]).includes(text)) return text as Role;
  throw new InputError("invalid_input", `${path}: ${JSON.stringify(text)} is not a role (${ROLES.join(", ")})`, { path, value: text });
}

/** Minimum password length: NIST SP 800-63B asks for at least 8; a PHI system asks for more. */
export const MIN_PASSWORD_LENGTH = 12;

export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed) || trimmed.length > 254) throw new InputError("invalid_input", `email: ${JSON.stringify(email)} is not an email address`, { path: "email" });
  return trimmed;
}

export interface NewUser {
  email: string;
  role: Role;
  practiceId: number;
  password?: string;
}

export async function createUser(db: Db, input: NewUser, now = new Date()): Promise<User> {
  const email = normalizeEmail(input.email);
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new InputError("invalid_input", `password: at least ${MIN_PASSWORD_LENGTH} characters`, { path: "password" });
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    await requirePractice(trx, input.practiceId, "practice");
    const existing = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (existing) throw new InputError("conflict", `email: a user ${email} already exists`, { path: "email" });
    const row = await trx
      .insertInto("users")
      .values({ email, password_hash: passwordHash, practice_id: input.practiceId, role: input.role, created_at: now.toISOString(), locked_until: null, last_sign_in_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  });
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.selectFrom("users").selectAll().orderBy("id").execute()).map(toUser);
}

export async function setPassword(db: Db, email: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new InputError("invalid_input", `password: at least ${MIN_PASSWORD_LENGTH} characters`, { path: "password" });
  const passwordHash = await hashPassword(password);
  const result = await db.updateTable("users").set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null }).where("email", "=", normalizeEmail(email)).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new InputError("not_found", `no user ${email}`, { path: "email" });
}

/** Disables the user and ends every session of theirs at once (tokens they made stay: they are the practice's). */
export async function disableUser(db: Db, email: string, now = new Date()): Promise<User> {
  return inTransaction(db, async (trx) => {
    const row = await findUserByEmail(trx, email);
    if (!row) throw new InputError("not_found", `no user ${email}`, { path: "email" });
    await trx.updateTable("users").set({ disabled: 1 }).where("id", "=", row.id).execute();
    await trx.updateTable("sessions").set({ revoked_at: now.toISOString() }).where("user_id", "=", row.id).where("revoked_at", "is", null).execute();
    return { ...toUser(row), disabled: true };
  });
}
