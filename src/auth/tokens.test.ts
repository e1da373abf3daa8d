import { expect, it } from "vitest";
import { bearerFor, ensurePractice, testToken } from "../server/test-support/auth.js";
import { describeEachDatabase } from "../store/test-support/databases.js";
import { hashPassword, sha256Hex, verifyPassword } from "./secrets.js";
import { createToken, listTokens, principalForToken, revokeToken } from "./tokens.js";
import { createUser, disableUser, listUsers } from "./users.js";

it("hashes passwords with argon2id and verifies them", async () => {
  const stored = await hashPassword("correct horse battery");
  expect(stored.startsWith("$argon2id$")).toBe(true);
  expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
  expect(await verifyPassword(stored, "correct horse batterY")).toBe(false);
  expect(await verifyPassword(null, "not-a-password-anyone-has")).toBe(false);
});

describeEachDatabase("users and API tokens", (store) => {
  it("stores a token only as its sha256 and resolves it to its practice and role", async () => {
    const practiceId = await ensurePractice(store());
    const { token, record } = await createToken(store().db, { name: "nightly export", role: "biller", practiceId, createdBy: "os:ana" });
    expect(token).toMatch(/^otb_[A-Za-z0-9_-]{43}$/);
    const row = await store().db.selectFrom("api_tokens").selectAll().where("id", "=", record.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    const now = new Date("2026-12-01T09:00:00.000Z");
    const principal = await principalForToken(store().db, token, now);
    expect(principal).toEqual({ userId: null, tokenId: record.id, email: null, role: "biller", practiceId, via: "token", csrfToken: null, actor: `token:${record.id}` });
    expect((await listTokens(store().db, practiceId)).find((t) => t.id === record.id)?.lastUsedAt).toBe("2026-12-01T09:00:00.000Z");
    expect(await principalForToken(store().db, token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"))).toBeUndefined();
    await revokeToken(store().db, record.id, practiceId);
    expect(await principalForToken(store().db, token)).toBeUndefined();
    await expect(revokeToken(store().db, record.id, practiceId + 1000)).rejects.toThrow(`token ${record.id} does not exist`);
  });

  it("gives tests a bearer header", async () => {
    const headers = await bearerFor(store(), { role: "auditor" });
    expect(Object.keys(headers)).toEqual(["authorization"]);
    expect(headers.authorization).toMatch(/^Bearer otb_/);
    const { practiceId } = await testToken(store(), { role: "admin" });
    expect(practiceId).toBe(await ensurePractice(store()));
  });

  it("keeps one user an email, lower-cased, and disabling ends their sessions", async () => {
    const practiceId = await ensurePractice(store());
    const user = await createUser(store().db, { email: "Ana@Example.org", role: "therapist", practiceId, password: "twelve chars ok" });
    expect(user).toMatchObject({ email: "ana@example.org", role: "therapist", practiceId, disabled: false });
    await expect(createUser(store().db, { email: "ana@example.org", role: "biller", practiceId })).rejects.toThrow("email: a user ana@example.org already exists");
    await expect(createUser(store().db, { email: "bo@example.org", role: "biller", practiceId, password: "short" })).rejects.toThrow("password: at least 12 characters");
    await expect(createUser(store().db, { email: "cy@example.org", role: "biller", practiceId: 999999 })).rejects.toThrow("practice: no practice 999999");
    expect((await disableUser(store().db, "ANA@example.org")).disabled).toBe(true);
    expect((await listUsers(store().db)).find((u) => u.email === "ana@example.org")?.disabled).toBe(true);
  });
});
