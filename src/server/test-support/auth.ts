/**
 * Credentials for API tests: `const auth = await bearerFor(store, { role: "biller" })`, then
 * `app.inject({ method, url, headers: auth })`. Creates an API token of that role in the
 * given practice (or in a practice of its own, made for the test, when none is given).
 */
import type { Role } from "../../auth/principal.js";
import { createToken } from "../../auth/tokens.js";
import type { Store } from "../../store/database.js";

export interface TestToken {
  /** spread into `app.inject({ headers })` */
  headers: { authorization: string };
  /** the practice the token belongs to */
  practiceId: number;
  tokenId: number;
}

export async function ensurePractice(store: Store, name = "Test practice"): Promise<number> {
  const existing = await store.db.selectFrom("practices").select("id").where("name", "=", name).orderBy("id").executeTakeFirst();
  if (existing) return existing.id;
  const row = await store.db.insertInto("practices").values({ name, npi: null, tax_id: null }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function testToken(store: Store, options: { role: Role; practiceId?: number; name?: string }): Promise<TestToken> {
  const practiceId = options.practiceId ?? (await ensurePractice(store));
  const { token, record } = await createToken(store.db, { name: options.name ?? `test ${options.role}`, role: options.role, practiceId, createdBy: "os:test" });
  return { headers: { authorization: `Bearer ${token}` }, practiceId, tokenId: record.id };
}

/** The headers of a bearer-token request: `app.inject({ method, url, headers: await bearerFor(store, { role: "biller" }) })`. */
export async function bearerFor(store: Store, options: { role: Role; practiceId?: number; name?: string }): Promise<{ authorization: string }> {
  return (await testToken(store, options)).headers;
}
