// Runs the otbill CLI in this process and writes its peak resident set size (KiB), its CPU
// time (user + system, µs) and its main thread's CPU time (µs) to fd 3 at exit.
import { writeSync } from "node:fs";
import { main } from "../dist/cli/main.js";
import { measuredReport } from "./thread-cpu.js";

const code = await main(process.argv.slice(2));
writeSync(3, measuredReport());
process.exitCode = code;
