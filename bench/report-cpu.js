// Preloaded with `node --import`: at exit, writes this process's CPU time (user + system, µs) to fd 3,
// so cli-start.ts can report CPU next to wall time on a shared machine.
import { writeSync } from "node:fs";

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  try {
    writeSync(3, String(user + system));
  } catch {
    // fd 3 is not open: run by hand, nothing to report
  }
});
