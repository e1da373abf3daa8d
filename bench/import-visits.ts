/**
 * `otbill import visits` on a large CSV: seconds and peak RSS. The file repeats the
 * template's rows under new visit ids until it reaches the size asked for.
 * Run: npx tsx bench/import-visits.ts [--mb 25] [--parse-only | --whole-text]
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { parseVisitCsvStream } from "../src/store/visit-csv.js";
import { createReadStream } from "node:fs";
import { openStore } from "../src/store/database.js";
import { importVisitFile } from "../src/store/import-visits.js";

const TEMPLATE = readFileSync(new URL("../examples/visits-template.csv", import.meta.url), "utf8").replace(/\r\n/g, "\n").trimEnd().split("\n");

async function writeCsv(file: string, megabytes: number): Promise<number> {
  const out = createWriteStream(file);
  out.write(`${TEMPLATE[0]}\n`);
  const rows = TEMPLATE.slice(1);
  let bytes = 0;
  let copy = 0;
  while (bytes < megabytes * 1024 * 1024) {
    copy += 1;
    for (const row of rows) {
      // New visit and patient ids per copy: V-1001 -> V-1001-17
      const line = `${row.replace(/^(V-\d+)/, `$1-${copy}`).replace(/,(P-\d+),/, `,$1-${copy % 500},`)}\n`;
      bytes += line.length;
      if (!out.write(line)) await once(out, "drain");
    }
  }
  out.end();
  await once(out, "finish");
  return copy;
}

const mbIndex = process.argv.indexOf("--mb");
const megabytes = mbIndex > 0 ? Number(process.argv[mbIndex + 1]) : 25;
const dir = mkdtempSync(join(tmpdir(), "otbill-bench-import-"));
try {
  const file = join(dir, "visits.csv");
  await writeCsv(file, megabytes);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let what: string;
  if (process.argv.includes("--whole-text")) {
    // the former way: the file read whole, then parsed
    const { parseVisitCsv } = await import("../src/store/visit-csv.js");
    const { visits } = parseVisitCsv(readFileSync(file, "utf8"), file);
    what = `parsed ${visits.length} visits from the whole text`;
  } else if (process.argv.includes("--parse-only")) {
    const { visits, problems } = await parseVisitCsvStream(createReadStream(file), file);
    what = `parsed ${visits.length} visits (${problems.length} problems)`;
  } else {
    const store = await openStore({ dialect: "sqlite", file: join(dir, "otbill.sqlite") });
    const summary = await importVisitFile(store.db, file);
    await store.close();
    what = `imported ${summary.visits} visits, ${summary.services} service lines`;
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`import visits: ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB CSV, ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${Math.round(peak / 2 ** 20)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
