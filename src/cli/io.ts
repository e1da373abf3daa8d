/** The CLI's streams, injectable so commands can be tested without a subprocess. */
import { writeSync } from "node:fs";
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

/**
 * Makes writes to a piped stdout block, as writes to a file or a terminal already do.
 * Node writes to a pipe asynchronously, queueing whatever the reader has not taken yet;
 * for `otbill scrub` over a large file that let V8 grow its heap (1,000,000 visits piped
 * peaked at 334 MiB RSS against 171 MiB written to a file). A batch tool whose reader is
 * slower should wait for it, as any Unix filter does. Streams other than the process's
 * own stdout (tests inject their own) are left alone.
 */
export function blockWhenStdoutIsPipe(stream: Writable): boolean {
  if (stream !== process.stdout) return false;
  const handle = (stream as Writable & { _handle?: { setBlocking?: (blocking: boolean) => number } })._handle;
  if (handle?.constructor?.name !== "Pipe" || typeof handle.setBlocking !== "function") return false;
  return handle.setBlocking(true) === 0;
}

export type OutputWriter = (text: string) => Promise<void> | void;

/**
 * How a large run writes its output. To the process's own stdout, when it is a pipe made
 * blocking, the bytes go to the descriptor at once: a stream keeps each written string
 * until the event loop next turns, and a loop that takes its input from the read-ahead
 * without turning it kept several batches' output (a third of a megabyte each) alive
 * through young-generation collections, which then moved it to the old generation (in
 * such runs each scavenge took twice as long and a run needed three full collections
 * instead of one). A reader that has gone away (EPIPE) is reported on the stream, as the
 * stream itself reports it. Any other stream is written as a stream, with back-pressure.
 */
export function outputWriter(stream: Writable): OutputWriter {
  if (!blockWhenStdoutIsPipe(stream)) return (text) => write(stream, text);
  const descriptor = (stream as Writable & { fd?: number }).fd ?? 1;
  return (text) => {
    const bytes = Buffer.from(text, "utf8");
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EPIPE") stream.emit("error", error);
      else throw error;
    }
  };
}
