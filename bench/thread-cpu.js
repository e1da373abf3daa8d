// CPU time of this process's main thread, from Linux's /proc/self/task/PID/schedstat (its
// first field: nanoseconds on a CPU). The rest of the process's CPU is V8's own threads:
// the optimising compiler and the garbage collector's helpers. Undefined where there is
// no such file.
import { readFileSync } from "node:fs";

export function mainThreadCpuMicros() {
  try {
    const nanos = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]);
    return Number.isFinite(nanos) ? Math.round(nanos / 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** What a measured child writes to fd 3 at exit: "peakRssKiB cpuMicros mainThreadCpuMicros" (the last may be absent). */
export function measuredReport() {
  const { user, system } = process.cpuUsage();
  const main = mainThreadCpuMicros();
  return `${process.resourceUsage().maxRSS} ${user + system}${main === undefined ? "" : ` ${main}`}`;
}
