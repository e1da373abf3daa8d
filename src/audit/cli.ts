/**
 * CLI runs that read or write the practice database are audited as the operating-system
 * user who ran them ("os:ana"): imports, exports, reports, the demo, user and token
 * changes. Other commands call `auditCli(store.db, { action, resource, ... })`.
 */
import { userInfo } from "node:os";
import type { Db } from "../store/transaction.js";
import { appendAudit, type AuditEntry } from "./log.js";
import { stampUnstamped } from "./records.js";

export function osActor(env: NodeJS.ProcessEnv = process.env): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = env.USER ?? env.USERNAME;
  }
  return `os:${name && name.length > 0 ? name : "unknown"}`;
}

/** Appends the CLI run's audit entry; after a successful import or the demo, stamps the rows it wrote. */
export async function auditCli(db: Db, entry: Omit<AuditEntry, "actor" | "ip"> & { actor?: string }): Promise<void> {
  const actor = entry.actor ?? osActor();
  if (entry.action === "import" && entry.outcome === "success") await stampUnstamped(db, actor);
  await appendAudit(db, { ip: null, ...entry, actor });
}
