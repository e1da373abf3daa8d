/** The CLI's streams, injectable so commands can be tested without a subprocess. */
import type { Readable, Writable } from "node:stream";

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** whether stderr is a terminal (progress bars) */
  stderrIsTty: boolean;
  stdoutIsTty: boolean;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTty: Boolean(process.stderr.isTTY),
    stdoutIsTty: Boolean(process.stdout.isTTY),
  };
}

/** Writes and waits for the stream to drain when its buffer is full (back-pressure). */
export function write(stream: Writable, text: string): Promise<void> | void {
  if (!stream.write(text)) {
    return new Promise((resolve) => stream.once("drain", () => resolve()));
  }
}
