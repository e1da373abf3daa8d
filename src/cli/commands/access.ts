/**
 * `otbill user add|list|disable` and `otbill token create|revoke` (contract "Access"),
 * `otbill audit verify|list`. Each change is audited as the operating-system user.
 */
import type { Command } from "commander";
import { parseRole, createUser, disableUser, listUsers } from "../../auth/users.js";
import { createToken, revokeToken } from "../../auth/tokens.js";
import { randomPassword } from "../../auth/secrets.js";
import { auditCli, osActor } from "../../audit/cli.js";
import { verifyAudit } from "../../audit/log.js";
import { listAudit } from "../../audit/query.js";
import { InputError } from "../../errors.js";
import { openStoreFromOption, type Store } from "../../store/database.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

const DB_HELP = "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)";

function parseId(text: string, path: string): number {
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) throw new InputError("invalid_input", `${path}: ${JSON.stringify(text)} is not an id`, { path, value: text });
  return Number(text);
}

/** `--practice ID`, or the database's only practice. */
async function practiceFor(store: Store, option: string | undefined): Promise<number> {
  if (option !== undefined) return parseId(option, "--practice");
  const rows = await store.db.selectFrom("practices").select("id").orderBy("id").limit(2).execute();
  if (rows.length === 1) return rows[0]!.id;
  if (rows.length === 0) throw new InputError("invalid_input", "--practice: the database has no practice yet (otbill demo or otbill import visits makes one)", { path: "--practice" });
  throw new InputError("invalid_input", "--practice: the database has several practices; name one with --practice ID", { path: "--practice" });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function withStore<T>(db: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStoreFromOption(db);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export const registerAccess: RegisterCommand = (program: Command, io: CliIo, setExitCode) => {
  const user = program.command("user").description("the people who may sign in");
  user
    .command("add")
    .description("add a user with one role in one practice; prints a new password unless --password-stdin")
    .argument("<email>")
    .requiredOption("--role <role>", "admin, biller, therapist, front-desk or auditor")
    .option("--practice <id>", "the practice (needed when the database has several)")
    .option("--password-stdin", "read the password from stdin (first line)")
    .option("--db <url>", DB_HELP)
    .action(async (email: string, options: { role: string; practice?: string; passwordStdin?: boolean; db?: string }) => {
      const role = parseRole(options.role, "--role");
      const password = options.passwordStdin ? (await readAll(io.stdin)).split(/\r?\n/)[0]! : randomPassword();
      await withStore(options.db, async (store) => {
        const practiceId = await practiceFor(store, options.practice);
        const created = await createUser(store.db, { email, role, practiceId, password });
        await auditCli(store.db, { action: "user-create", resource: "users", resourceId: created.id, practiceId, outcome: "success", detail: { role } });
        await write(io.stdout, `added ${created.email} (${role}) to practice ${practiceId}\n`);
        if (!options.passwordStdin) await write(io.stdout, `password: ${password}\n(shown once; the database keeps only its argon2id hash)\n`);
      });
    });
  user
    .command("list")
    .description("list the users")
    .option("--db <url>", DB_HELP)
    .action(async (options: { db?: string }) => {
      await withStore(options.db, async (store) => {
        const users = await listUsers(store.db);
        if (users.length === 0) return void (await write(io.stdout, "no users yet (otbill user add EMAIL --role admin)\n"));
        for (const u of users) {
          await write(io.stdout, `${u.email}\t${u.role}\tpractice ${u.practiceId}\t${u.disabled ? "disabled" : "active"}\tlast sign-in ${u.lastSignInAt ?? "never"}\n`);
        }
      });
    });
  user
    .command("disable")
    .description("disable a user and end their sessions")
    .argument("<email>")
    .option("--db <url>", DB_HELP)
    .action(async (email: string, options: { db?: string }) => {
      await withStore(options.db, async (store) => {
        const disabled = await disableUser(store.db, email);
        await auditCli(store.db, { action: "user-disable", resource: "users", resourceId: disabled.id, practiceId: disabled.practiceId, outcome: "success" });
        await write(io.stdout, `disabled ${disabled.email}; their sessions have ended\n`);
      });
    });

  const token = program.command("token").description("API tokens (Authorization: Bearer TOKEN)");
  token
    .command("create")
    .description("create an API token; prints it once")
    .requiredOption("--name <name>", "what the token is for")
    .requiredOption("--role <role>", "admin, biller, therapist, front-desk or auditor")
    .option("--practice <id>", "the practice (needed when the database has several)")
    .option("--db <url>", DB_HELP)
    .action(async (options: { name: string; role: string; practice?: string; db?: string }) => {
      const role = parseRole(options.role, "--role");
      await withStore(options.db, async (store) => {
        const practiceId = await practiceFor(store, options.practice);
        const { token: secret, record } = await createToken(store.db, { name: options.name, role, practiceId, createdBy: osActor() });
        await auditCli(store.db, { action: "token-create", resource: "tokens", resourceId: record.id, practiceId, outcome: "success", detail: { role } });
        await write(io.stdout, `${secret}\n`);
        io.stderr.write(`otbill: token ${record.id} "${record.name}" (${role}, practice ${practiceId}); shown once, the database keeps only its sha256\n`);
      });
    });
  token
    .command("revoke")
    .description("revoke an API token by its id")
    .argument("<id>")
    .option("--db <url>", DB_HELP)
    .action(async (id: string, options: { db?: string }) => {
      const tokenId = parseId(id, "id");
      await withStore(options.db, async (store) => {
        const revoked = await revokeToken(store.db, tokenId);
        await auditCli(store.db, { action: "token-revoke", resource: "tokens", resourceId: tokenId, practiceId: revoked.practiceId, outcome: "success" });
        await write(io.stdout, `revoked token ${tokenId} "${revoked.name}"\n`);
      });
    });

  const audit = program.command("audit").description("the audit trail");
  audit
    .command("verify")
    .description("check that no audit entry was changed or removed (exit 1 when one was)")
    .option("--db <url>", DB_HELP)
    .action(async (options: { db?: string }) => {
      await withStore(options.db, async (store) => {
        const result = await verifyAudit(store.db);
        if (result.ok) {
          await write(io.stdout, `audit trail intact: ${result.entries} entries; last hash ${result.head}\n`);
          return;
        }
        for (const problem of result.problems) io.stderr.write(`otbill: audit: ${problem.problem}\n`);
        await write(io.stdout, `audit trail BROKEN: ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} in ${result.entries} entries\n`);
        setExitCode(1);
      });
    });
  audit
    .command("list")
    .description("the newest audit entries, one a line")
    .option("--limit <n>", "how many", "50")
    .option("--db <url>", DB_HELP)
    .action(async (options: { limit: string; db?: string }) => {
      const limit = parseId(options.limit, "--limit");
      await withStore(options.db, async (store) => {
        const page = await listAudit(store.db, {}, { limit });
        for (const e of page.items) {
          await write(io.stdout, `${e.at}\t${e.actor}\t${e.ip ?? "-"}\t${e.action}\t${e.resource ?? "-"}${e.resourceId ? ` ${e.resourceId}` : ""}\tpatients ${e.patientIds.join(",") || "-"}\t${e.outcome}\n`);
        }
      });
    });
};
