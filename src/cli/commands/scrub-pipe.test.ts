/**
 * `otbill scrub` as a real process writing to a pipe whose reader is slow: stdout is made
 * blocking and written straight to its descriptor (src/cli/io.ts), so every result still
 * arrives, in order, and the same as the in-process run gives; a reader that stops early
 * ends the run with the shell's SIGPIPE status and no stack trace.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../test-support/run-cli.js";

const TSX = createRequire(import.meta.url).resolve("tsx");
const MAIN = join(import.meta.dirname, "../test-support/cli-child.ts");
const BIN = join(import.meta.dirname, "../../../bin/otbill.js");
const EXAMPLES = readFileSync(new URL("../../../examples/visits.ndjson", import.meta.url), "utf8").trim().split("\n");

function scrubThroughSlowPipe(stdin: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX, MAIN, "scrub", "-"], { stdio: ["pipe", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    // Read a chunk, then pause: the writer fills the pipe and has to wait for the reader.
    child.stdout.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(chunks).toString("utf8") }));
    child.stdin.end(stdin);
  });
}

describe("otbill scrub into a slow pipe", () => {
  it("writes every result, in input order, as the in-process run does", async () => {
    // about 0.8 MB of results: many times what a pipe holds
    const lines = Array.from({ length: 300 }, (_, index) => EXAMPLES[index % EXAMPLES.length]!);
    const stdin = `${lines.join("\n")}\n`;
    const piped = await scrubThroughSlowPipe(stdin);
    const inProcess = await run(["scrub", "-"], { stdin });
    expect(piped.code).toBe(inProcess.code);
    expect(piped.stdout.length).toBeGreaterThan(500_000);
    expect(piped.stdout).toBe(inProcess.stdout);
  }, 60_000);

  it("stops with status 141 and no stack trace when the reader goes away (| head)", async () => {
    const lines = Array.from({ length: 3000 }, (_, index) => EXAMPLES[index % EXAMPLES.length]!);
    const child = spawn(process.execPath, [BIN, "scrub", "-"], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdout.once("data", () => child.stdout.destroy());
    child.stdin.on("error", () => undefined);
    child.stdin.end(`${lines.join("\n")}\n`);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect([code, stderr]).toEqual([141, ""]);
  }, 60_000);
});
