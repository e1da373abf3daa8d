// The JSON floor of `otbill scrub`: reads the same NDJSON, JSON.parses each line and
// JSON.stringifies a result of otbill's own size and shape (one of otbill's real results
// for the first visits of the same file, cycled, under the visit's id), NDJSON out. No
// validation, rules or pricing: the least any tool must do for this input and output.
// Usage: node bench/json-floor-child.js VISITS.ndjson RESULTS.ndjson; writes "peakRssKiB cpuMicros
// mainThreadCpuMicros" to fd 3 (bench/thread-cpu.js).
import { once } from "node:events";
import { createReadStream, readFileSync, writeSync } from "node:fs";
import { measuredReport } from "./thread-cpu.js";

const [file, resultsFile] = process.argv.slice(2);
const results = readFileSync(resultsFile, "utf8").trim().split("\n").map((line) => JSON.parse(line));
let rest = "";
let index = 0;
for await (const chunk of createReadStream(file, { encoding: "utf8" })) {
  const lines = (rest + chunk).split("\n");
  rest = lines.pop();
  let out = "";
  for (const line of lines) {
    if (line.length === 0) continue;
    const visit = JSON.parse(line);
    const result = results[index++ % results.length];
    result.id = visit.id;
    out += `${JSON.stringify(result)}\n`;
  }
  if (!process.stdout.write(out)) await once(process.stdout, "drain");
}
if (rest.length > 0) throw new Error("the last line has no newline");
writeSync(3, measuredReport());
