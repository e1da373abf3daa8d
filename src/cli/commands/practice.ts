/**
 * `otbill practice add NAME --admin EMAIL [--npi NPI] [--password-stdin] [--db URL]`: a new
 * practice and its first admin, in one transaction, audited as the operating-system user.
 *
 * Practices are made here, not through the API (docs/practices.md): an API user or token
 * belongs to exactly one practice and sees only it, so a practice made over HTTP would be
 * one its maker could never reach. Whoever may open the database may make a practice, and
 * the practice starts with someone who can sign in to it.
 */
import type { Command } from "commander";
import { auditCli } from "../../audit/cli.js";
import { randomPassword } from "../../auth/secrets.js";
import { createUser } from "../../auth/users.js";
import { isInputError } from "../../errors.js";
import { validate } from "../../server/route.js";
import { practiceCreateSchema } from "../../server/schemas.js";
import { openStoreFromOption } from "../../store/database.js";
import { createPractice } from "../../store/practices.js";
import { inTransaction } from "../../store/transaction.js";
import { write, type CliIo } from "../io.js";
import type { RegisterCommand } from "./index.js";

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  return text.split(/\r?\n/)[0]!;
}

export const registerPractice: RegisterCommand = (program: Command, io: CliIo) => {
  const practice = program.command("practice").description("the practices this database keeps");
  practice
    .command("add")
    .description("add a practice and its first admin (prints a new password unless --password-stdin)")
    .argument("<name>")
    .requiredOption("--admin <email>", "the practice's first admin, who signs in to reach it")
    .option("--npi <npi>", "the group NPI claims are billed under")
    .option("--password-stdin", "read the admin's password from stdin (first line)")
    .option("--db <url>", "database: a SQLite file path, sqlite:PATH or postgres://... (default ~/.otbill/otbill.sqlite)")
    .action(async (name: string, options: { admin: string; npi?: string; passwordStdin?: boolean; db?: string }) => {
      const input = validate(practiceCreateSchema, { name, ...(options.npi !== undefined ? { npi: options.npi } : {}) }, "body");
      const password = options.passwordStdin ? await firstLine(io.stdin) : randomPassword();
      const store = await openStoreFromOption(options.db);
      try {
        const made = await inTransaction(store.db, async (trx) => {
          const created = await createPractice(trx, input);
          const admin = await createUser(trx, { email: options.admin, role: "admin", practiceId: created.id, password });
          await auditCli(trx, { action: "create", resource: "practices", resourceId: created.id, practiceId: created.id, outcome: "success" });
          await auditCli(trx, { action: "user-create", resource: "users", resourceId: admin.id, practiceId: created.id, outcome: "success", detail: { role: "admin" } });
          return { created, admin };
        }).catch(async (error: unknown) => {
          await auditCli(store.db, { action: "create", resource: "practices", outcome: isInputError(error) ? error.code : "error" }).catch(() => undefined);
          throw error;
        });
        await write(io.stdout, `added practice ${made.created.id} (${made.created.name}) with admin ${made.admin.email}\n`);
        if (!options.passwordStdin) await write(io.stdout, `password: ${password}\n(shown once; the database keeps only its argon2id hash)\n`);
      } finally {
        await store.close();
      }
    });
};
