#!/usr/bin/env node
import { main } from "../dist/cli/main.js";

// A reader that stops early (`otbill scrub big.ndjson | head`) closes the pipe: stop quietly
// with the shell's SIGPIPE status (128 + 13) instead of an unhandled EPIPE stack trace.
process.stdout.on("error", (error) => {
  if (error && error.code === "EPIPE") process.exit(141);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`otbill: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
