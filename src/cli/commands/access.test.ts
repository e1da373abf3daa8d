import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../store/database.js";
import { captureIo, run } from "../test-support/run-cli.js";
import { DEMO_EMAIL, startServer } from "./serve.js";

/** fetch() may not set Host; node:http may. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { host } }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

let dir: string;
let db: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "otbill-cli-access-"));
  db = join(dir, "practice.sqlite");
  const store = await openStore({ dialect: "sqlite", file: db });
  await store.db.insertInto("practices").values({ name: "CLI Clinic", npi: null, tax_id: null }).execute();
  await store.close();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("otbill user, token and audit", () => {
  it("adds, lists and disables users; makes and revokes tokens; every change audited as the OS user", async () => {
    const added = await run(["user", "add", "Ana@Example.org", "--role", "biller", "--password-stdin", "--db", db], { stdin: "a long enough password\n" });
    expect(added).toEqual({ code: 0, stdout: "added ana@example.org (biller) to practice 1\n", stderr: "" });
    const generated = await run(["user", "add", "bo@example.org", "--role", "auditor", "--db", db]);
    expect(generated.stdout).toMatch(/^added bo@example\.org \(auditor\) to practice 1\npassword: [A-Za-z0-9]{20}\n/);
    expect((await run(["user", "add", "cy@example.org", "--role", "boss", "--db", db])).stderr).toBe('otbill: --role: "boss" is not a role (admin, biller, therapist, front-desk, auditor)\n');
    expect((await run(["user", "add", "ana@example.org", "--role", "biller", "--db", db])).stderr).toBe("otbill: email: a user ana@example.org already exists\n");
    const listed = await run(["user", "list", "--db", db]);
    expect(listed.stdout).toBe("ana@example.org\tbiller\tpractice 1\tactive\tlast sign-in never\nbo@example.org\tauditor\tpractice 1\tactive\tlast sign-in never\n");
    expect((await run(["user", "disable", "ana@example.org", "--db", db])).stdout).toBe("disabled ana@example.org; their sessions have ended\n");

    const token = await run(["token", "create", "--name", "nightly", "--role", "biller", "--db", db]);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^otb_[A-Za-z0-9_-]{43}\n$/);
    expect(token.stderr).toBe('otbill: token 1 "nightly" (biller, practice 1); shown once, the database keeps only its sha256\n');
    expect((await run(["token", "revoke", "1", "--db", db])).stdout).toBe('revoked token 1 "nightly"\n');
    expect((await run(["token", "revoke", "0x1", "--db", db])).stderr).toBe('otbill: id: "0x1" is not an id\n');

    const audit = await run(["audit", "list", "--db", db]);
    expect(audit.stdout.split("\n").filter(Boolean).map((line) => line.split("\t")[3])).toEqual(["token-revoke", "token-create", "user-disable", "user-create", "user-create"]);
    expect(audit.stdout.split("\t")[1]).toMatch(/^os:./);
    expect(await run(["audit", "verify", "--db", db])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit trail intact: 5 entries; last hash [0-9a-f]{64}\n$/) });

    const store = await openStore({ dialect: "sqlite", file: db });
    await store.db.updateTable("audit_log").set({ actor: "os:someone-else" }).where("id", "=", 2).execute();
    await store.close();
    const broken = await run(["audit", "verify", "--db", db]);
    expect(broken).toEqual({ code: 1, stdout: "audit trail BROKEN: 1 problem in 5 entries\n", stderr: "otbill: audit: entry 2 was changed after it was written\n" });
  });
});

describe("otbill import visits", () => {
  it("audits the import as the OS user and stamps the records it wrote", async () => {
    const template = join(import.meta.dirname, "../../../examples/visits-template.csv");
    expect((await run(["import", "visits", template, "--db", db, "--practice", "1"])).code).toBe(0);
    const store = await openStore({ dialect: "sqlite", file: db });
    try {
      const entry = await store.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
      expect([entry.action, entry.resource, entry.outcome, entry.actor.startsWith("os:")]).toEqual(["import", "visits", "success", true]);
      const visits = await store.db.selectFrom("visits").select(["created_by", "created_at"]).execute();
      expect(visits.length).toBe(2);
      expect(visits.every((visit) => visit.created_by === entry.actor && visit.created_at !== null)).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe("otbill serve", () => {
  it("--demo makes the demo admin with OTBILL_DEMO_PASSWORD, who can sign in", async () => {
    const capture = captureIo();
    const server = await startServer({ port: "0", db, demo: true }, capture.io, { OTBILL_DEMO_PASSWORD: "demo password 2026" });
    try {
      expect(capture.stderr()).toContain(`otbill: sign in as ${DEMO_EMAIL} with password from OTBILL_DEMO_PASSWORD (role admin)\n`);
      const signIn = await fetch(`${server.address}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: DEMO_EMAIL, password: "demo password 2026" }) });
      expect(signIn.status).toBe(200);
      expect(((await signIn.json()) as { user: unknown }).user).toEqual({ email: DEMO_EMAIL, role: "admin", practiceId: 1 });
      // A name the server was not started for (DNS rebinding) is refused.
      const rebound = await getWithHost(`${server.address}/api/health`, "evil.example:8080");
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error.path).toBe("Host");
      expect((await getWithHost(`${server.address}/api/health`, "localhost:8080")).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("--demo without OTBILL_DEMO_PASSWORD prints a new password", async () => {
    const capture = captureIo();
    const server = await startServer({ port: "0", db, demo: true }, capture.io, {});
    await server.close();
    expect(capture.stderr()).toMatch(/sign in as demo@otbill\.local with password [A-Za-z0-9]{20} \(role admin\)\n/);
  });

  it("--demo takes an empty OTBILL_DEMO_PASSWORD as unset, and refuses a short one before seeding anything", async () => {
    const capture = captureIo();
    const server = await startServer({ port: "0", db, demo: true }, capture.io, { OTBILL_DEMO_PASSWORD: "" });
    await server.close();
    expect(capture.stderr()).toMatch(/sign in as demo@otbill\.local with password [A-Za-z0-9]{20} \(role admin\)\n/);

    const fresh = join(dir, "fresh.sqlite");
    await expect(startServer({ port: "0", db: fresh, demo: true }, captureIo().io, { OTBILL_DEMO_PASSWORD: "short" })).rejects.toThrow(
      "OTBILL_DEMO_PASSWORD: at least 12 characters (got 5)",
    );
    const store = await openStore({ dialect: "sqlite", file: fresh });
    try {
      expect(await store.db.selectFrom("practices").select("id").execute()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("names a port in use instead of an internal error", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      expect(await run(["serve", "--port", String(port), "--db", db])).toEqual({
        code: 2,
        stdout: "",
        stderr: `otbill: --port: 127.0.0.1:${port} is already in use by another program; choose another port (--port 0 picks a free one)\n`,
      });
    } finally {
      blocker.close();
    }
  });

  it("warns loudly when it listens beyond loopback without TLS", async () => {
    const capture = captureIo();
    const server = await startServer({ port: "0", db, host: "0.0.0.0" }, capture.io, {});
    await server.close();
    expect(capture.stderr()).toContain("!! otbill serve --host 0.0.0.0 WITHOUT TLS");
  });
});
