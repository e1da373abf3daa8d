/**
 * API tokens: `Authorization: Bearer otb_...`. The token is shown once, when it is made;
 * the database keeps only its sha256, its name, practice, role and last use. Revoking
 * stamps `revoked_at` (the row stays, so the audit log's "token:12" still names something).
 */
import { InputError } from "../errors.js";
import { requirePractice } from "../store/references.js";
import type { ApiTokenRow } from "../store/schema.js";
import { inTransaction, type Db } from "../store/transaction.js";
import type { Principal, Role } from "./principal.js";
import { newApiToken, sha256Hex, TOKEN_PREFIX } from "./secrets.js";

export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  practiceId: number;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function toToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    practiceId: row.practice_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export interface NewToken {
  name: string;
  role: Role;
  practiceId: number;
  /** "user:EMAIL" or "os:NAME" */
  createdBy: string;
  userId?: number | null;
}

/** Creates a token; the returned `token` is the only time its secret exists outside the caller. */
export async function createToken(db: Db, input: NewToken, now = new Date()): Promise<{ token: string; record: ApiToken }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new InputError("invalid_input", "name: 1 to 100 characters", { path: "name" });
  const token = newApiToken();
  return inTransaction(db, async (trx) => {
    await requirePractice(trx, input.practiceId, "practice");
    const row = await trx
      .insertInto("api_tokens")
      .values({
        name,
        token_hash: sha256Hex(token),
        practice_id: input.practiceId,
        role: input.role,
        created_by: input.createdBy,
        user_id: input.userId ?? null,
        created_at: now.toISOString(),
        last_used_at: null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { token, record: toToken(row) };
  });
}

export async function listTokens(db: Db, practiceId?: number): Promise<ApiToken[]> {
  let query = db.selectFrom("api_tokens").selectAll();
  if (practiceId !== undefined) query = query.where("practice_id", "=", practiceId);
  return (await query.orderBy("id").execute()).map(toToken);
}

/** Revokes a token of the practice (another practice's token is "not found"). */
export async function revokeToken(db: Db, id: number, practiceId?: number, now = new Date()): Promise<ApiToken> {
  return inTransaction(db, async (trx) => {
    let query = trx.selectFrom("api_tokens").selectAll().where("id", "=", id);
    if (practiceId !== undefined) query = query.where("practice_id", "=", practiceId);
    const row = await query.executeTakeFirst();
    if (!row) throw new InputError("not_found", `token ${id} does not exist`, { path: "id", value: id });
    const revokedAt = row.revoked_at ?? now.toISOString();
    await trx.updateTable("api_tokens").set({ revoked_at: revokedAt }).where("id", "=", id).execute();
    return toToken({ ...row, revoked_at: revokedAt });
  });
}

/** Last use is kept to the minute: one write a minute a token, not one a request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The principal behind a bearer token, or undefined when it is unknown or revoked. */
export async function principalForToken(db: Db, token: string, now = new Date()): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await db.selectFrom("api_tokens").selectAll().where("token_hash", "=", sha256Hex(token)).executeTakeFirst();
  if (!row || row.revoked_at !== null) return undefined;
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await db.updateTable("api_tokens").set({ last_used_at: now.toISOString() }).where("id", "=", row.id).execute();
  }
  return {
    userId: row.user_id,
    tokenId: row.id,
    email: null,
    role: row.role as Role,
    practiceId: row.practice_id,
    via: "token",
    csrfToken: null,
    actor: `token:${row.id}`,
  };
}
