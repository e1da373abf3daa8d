/**
 * Whole-process start of the CLI (issue 14 goal 3): spawns `otbill --version`,
 * `otbill codes QUERY` and `otbill icd QUERY` N times each, interleaved with the reference
 * `node -e 0`, and reports the median wall and CPU time of each against its goal. CPU
 * (user + system of the child, written by report-cpu.js at exit) is the figure to trust
 * on a shared machine, where wall time includes waiting for a core.
 * Run: npx tsx bench/cli-start.ts [runs] (after `npm run build`: it runs bin/otbill.js)
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cpuHook = fileURLToPath(new URL("./report-cpu.js", import.meta.url));

export interface StartCase {
  label: string;
  args: string[];
  /** whole-process goal in seconds (wall), undefined for the reference */
  goalSeconds?: number;
}

export const START_CASES: readonly StartCase[] = [
  { label: "node -e 0 (reference)", args: ["-e", "0"] },
  { label: "otbill --version", args: ["bin/otbill.js", "--version"], goalSeconds: 0.15 },
  { label: "otbill codes dressing", args: ["bin/otbill.js", "codes", "dressing"], goalSeconds: 0.3 },
  { label: 'otbill icd "muscle weakness"', args: ["bin/otbill.js", "icd", "muscle weakness"], goalSeconds: 0.35 },
];

export interface StartResult {
  label: string;
  goalSeconds?: number;
  runs: number;
  wallMedian: number;
  wallMin: number;
  cpuMedian: number;
  cpuMin: number;
}

async function runOnce(args: readonly string[]): Promise<{ wall: number; cpu: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ["--import", cpuHook, ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe", "pipe"] });
  let cpu = "";
  let stderr = "";
  child.stdio[3]!.on("data", (chunk: Buffer) => (cpu += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "close")) as [number];
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}: ${stderr.trim()}`);
  return { wall, cpu: Number(cpu) / 1e6 };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** `runs` rounds; each round runs every case once, so a load spike hits all cases alike. */
export async function benchCliStart(runs = 15, cases: readonly StartCase[] = START_CASES): Promise<StartResult[]> {
  for (const startCase of cases) await runOnce(startCase.args); // warm the file cache
  const samples = cases.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let round = 0; round < runs; round++) {
    for (const [i, startCase] of cases.entries()) {
      const { wall, cpu } = await runOnce(startCase.args);
      samples[i]!.wall.push(wall);
      samples[i]!.cpu.push(cpu);
    }
  }
  return cases.map((startCase, i) => ({
    label: startCase.label,
    ...(startCase.goalSeconds !== undefined ? { goalSeconds: startCase.goalSeconds } : {}),
    runs,
    wallMedian: median(samples[i]!.wall),
    wallMin: Math.min(...samples[i]!.wall),
    cpuMedian: median(samples[i]!.cpu),
    cpuMin: Math.min(...samples[i]!.cpu),
  }));
}

export function describeCliStart(result: StartResult, reference?: StartResult): string {
  const s = (seconds: number): string => `${seconds.toFixed(3)} s`;
  const goal = result.goalSeconds === undefined ? "reference" : `goal < ${result.goalSeconds} s: ${result.wallMedian < result.goalSeconds ? "met" : "not met"} (wall), ${result.cpuMedian < result.goalSeconds ? "met" : "not met"} (CPU)`;
  const overReference = reference && reference !== result ? `, ${s(result.wallMedian - reference.wallMedian)} wall / ${s(result.cpuMedian - reference.cpuMedian)} CPU over node -e 0` : "";
  return `start: ${result.label.padEnd(30)} median of ${result.runs}: wall ${s(result.wallMedian)} (min ${s(result.wallMin)}), CPU ${s(result.cpuMedian)} (min ${s(result.cpuMin)})${overReference}; ${goal}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await benchCliStart(Number(process.argv[2] ?? 15));
  for (const result of results) console.log(describeCliStart(result, results[0]));
}
