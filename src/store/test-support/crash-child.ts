/**
 * The process the crash test kills with SIGKILL: opens the store named on the command
 * line and either imports a visit CSV (one transaction) or writes visits one at a time,
 * printing "writing" when the import's first insert is sent and "ack ID" after each commit.
 * Test support only.
 * node --import tsx crash-child.ts (sqlite FILE | postgres URL SCHEMA) (import CSV | burst PRACTICE PATIENT PROVIDER PAYER)
 */
import type { KyselyPlugin } from "kysely";
import { openStore } from "../database.js";
import { importVisitFile } from "../import-visits.js";
import { createVisit } from "../visits.js";

const [kind, where, ...rest] = process.argv.slice(2);
const schema = kind === "postgres" ? rest.shift() : undefined;
const store = kind === "sqlite" ? await openStore({ dialect: "sqlite", file: where! }) : await openStore({ dialect: "postgres", url: where! }, { schema: schema!, poolSize: 2 });
const [mode, ...args] = rest;
process.stdout.write("ready\n");
if (mode === "import") {
  // "writing" once the import's transaction sends its first insert: the test kills the process then.
  let announced = false;
  const announceWriting: KyselyPlugin = {
    transformQuery: ({ node }) => {
      if (!announced && node.kind === "InsertQueryNode") {
        announced = true;
        process.stdout.write("writing\n");
      }
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  await importVisitFile(store.db.withPlugin(announceWriting), args[0]!);
  process.stdout.write("imported\n");
} else {
  const [practiceId, patientId, providerId, payerId] = args.map(Number) as [number, number, number, number];
  for (let i = 0; ; i += 1) {
    const visit = await createVisit(store.db, {
      practiceId,
      patientId,
      providerId,
      payerId,
      externalId: `B-${i}`,
      dateOfService: "2026-03-10",
      diagnoses: ["I69.351"],
      services: [
        { code: "97530", minutes: 30, assistantMinutes: null, units: null, modifiers: [], distinct: false, diagnosisPointers: [1], description: null, assistantProviderId: null },
        { code: "97110", minutes: 15, assistantMinutes: null, units: null, modifiers: [], distinct: false, diagnosisPointers: [1], description: null, assistantProviderId: null },
      ],
    });
    process.stdout.write(`ack ${visit.id}\n`);
  }
}
