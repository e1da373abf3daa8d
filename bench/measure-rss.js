// Runs the otbill CLI in this process and writes its peak resident set size (KiB) and its
// CPU time (user + system, µs) to fd 3 at exit: "RSS CPU".
import { writeSync } from "node:fs";
import { main } from "../dist/cli/main.js";

const code = await main(process.argv.slice(2));
const { user, system } = process.cpuUsage();
writeSync(3, `${process.resourceUsage().maxRSS} ${user + system}`);
process.exitCode = code;
