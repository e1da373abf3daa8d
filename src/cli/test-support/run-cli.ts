/**
 * Runs the CLI in-process for tests: main() with in-memory CliIo streams instead of a
 * subprocess. Test support only: tsconfig.build.json leaves it out of dist.
 */
import { PassThrough } from "node:stream";
import type { CliIo } from "../io.js";
import { main } from "../main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CaptureOptions {
  /** text the command reads from stdin; without it stdin is empty and stays open, as before */
  stdin?: string;
}

/** A CliIo on PassThrough streams (neither side a terminal), and what was written to each. */
export function captureIo(options: CaptureOptions = {}): { io: CliIo; stdout: () => string; stderr: () => string } {
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk.toString("utf8")));
  stderr.on("data", (chunk: Buffer) => err.push(chunk.toString("utf8")));
  return { io: { stdin, stdout, stderr, stderrIsTty: false, stdoutIsTty: false }, stdout: () => out.join(""), stderr: () => err.join("") };
}

/** `otbill ...args` through main(): the exit code and everything printed. */
export async function run(args: string[], options: CaptureOptions = {}): Promise<CliRun> {
  const capture = captureIo(options);
  const code = await main(args, capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}
