/**
 * The remittance reports on a large practice (`npx tsx bench/remit-reports.ts [FILE]`):
 * A/R aging, the denial report, the denial worklist and a patient's balance, timed once
 * cold and then median of 5, with the process's CPU time. FILE defaults to the 50,000-visit
 * database bench/web-pages.ts seeds into bench/out/.
 */
import { join } from "node:path";
import type { IsoDate } from "../src/reference/dates.js";
import { patientBalance } from "../src/remit/balances.js";
import { denialWorklist } from "../src/remit/denials.js";
import { arAging } from "../src/reports/ar.js";
import { denialReport } from "../src/reports/denials.js";
import { openStore } from "../src/store/database.js";
import { findDemoPractice } from "../src/store/demo/seed.js";

const file = process.argv[2] ?? join(import.meta.dirname, "out", "web-50k.sqlite");
const store = await openStore({ dialect: "sqlite", file });
const practiceId = (await findDemoPractice(store.db))!;
const patient = await store.db.selectFrom("claims").select(["patient_id"]).where("practice_id", "=", practiceId).where("status", "=", "paid").orderBy("id", "desc").executeTakeFirstOrThrow();
const tasks: [string, () => Promise<unknown>][] = [
  ["arAging", () => arAging(store.db, { asOf: "2026-03-02" as IsoDate, practiceId })],
  ["denialReport by carc", () => denialReport(store.db, { practiceId, by: "carc" })],
  ["denialWorklist (no re-scrub)", () => denialWorklist(store.db, undefined, { practiceId })],
  ["patientBalance", () => patientBalance(store.db, patient.patient_id)],
];
const runs = Number(process.env.BENCH_RUNS ?? 5);
console.log("| function | cold ms | median ms | CPU ms per run |");
console.log("|---|---|---|---|");
for (const [name, task] of tasks) {
  let started = performance.now();
  await task();
  const cold = performance.now() - started;
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  console.log(`| ${name} | ${cold.toFixed(0)} | ${times[Math.floor(times.length / 2)]!.toFixed(1)} | ${((used.user + used.system) / 1000 / runs).toFixed(1)} |`);
}
await store.close();
