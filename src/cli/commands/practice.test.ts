import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../../auth/secrets.js";
import { openStore } from "../../store/database.js";
import { run } from "../test-support/run-cli.js";

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "otbill-cli-practice-"));
  db = join(dir, "practice.sqlite");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("otbill practice add", () => {
  it("makes the practice and its first admin in one transaction, audited as the OS user; the admin can sign in to that practice", async () => {
    const added = await run(["practice", "add", "Harbor OT", "--admin", "Lee@Example.org", "--npi", "1245319599", "--password-stdin", "--db", db], { stdin: "a long enough password\n" });
    expect(added).toEqual({ code: 0, stdout: "added practice 1 (Harbor OT) with admin lee@example.org\n", stderr: "" });
    const store = await openStore({ dialect: "sqlite", file: db });
    try {
      expect(await store.db.selectFrom("practices").select(["id", "name", "npi"]).execute()).toEqual([{ id: 1, name: "Harbor OT", npi: "1245319599" }]);
      const user = await store.db.selectFrom("users").select(["email", "role", "practice_id", "password_hash"]).executeTakeFirstOrThrow();
      expect({ email: user.email, role: user.role, practiceId: user.practice_id }).toEqual({ email: "lee@example.org", role: "admin", practiceId: 1 });
      expect(await verifyPassword(user.password_hash, "a long enough password")).toBe(true);
      const audit = await store.db.selectFrom("audit_log").select(["actor", "action", "resource", "resource_id", "practice_id", "outcome"]).orderBy("id").execute();
      expect(audit.map((row) => [row.action, row.resource, row.resource_id, row.practice_id, row.outcome])).toEqual([
        ["create", "practices", "1", 1, "success"],
        ["user-create", "users", "1", 1, "success"],
      ]);
      expect(audit.every((row) => row.actor.startsWith("os:"))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("refuses a bad NPI (exit 2, naming it) and an admin who already exists, and then keeps no practice", async () => {
    expect(await run(["practice", "add", "Harbor OT", "--admin", "lee@example.org", "--npi", "1245319598", "--db", db])).toEqual({ code: 2, stdout: "", stderr: "otbill: npi: check digit should be 9, not 8\n" });
    expect((await run(["practice", "add", "First OT", "--admin", "lee@example.org", "--password-stdin", "--db", db], { stdin: "a long enough password\n" })).code).toBe(0);
    const again = await run(["practice", "add", "Second OT", "--admin", "lee@example.org", "--password-stdin", "--db", db], { stdin: "a long enough password\n" });
    expect(again).toEqual({ code: 2, stdout: "", stderr: "otbill: email: a user lee@example.org already exists\n" });
    const store = await openStore({ dialect: "sqlite", file: db });
    try {
      expect(await store.db.selectFrom("practices").select("name").execute()).toEqual([{ name: "First OT" }]);
    } finally {
      await store.close();
    }
  });
});
