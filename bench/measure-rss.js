// Runs the otbill CLI in this process and writes its peak resident set size (KiB) to fd 3 at exit.
import { writeSync } from "node:fs";
import { main } from "../dist/cli/main.js";

const code = await main(process.argv.slice(2));
writeSync(3, String(process.resourceUsage().maxRSS));
process.exitCode = code;
