/**
 * The CLI from the sources, as cli-child.ts runs it, that writes to fd 3 at exit the npm
 * packages whose CommonJS modules it loaded, one name a line: for the test that a plain run
 * leaves the packages of its rarer paths unread.
 */
import { writeSync } from "node:fs";
import { createRequire } from "node:module";
// Runs the CLI (main is async: the exit handler below is in place before it ends).
import "./cli-child.js";

process.on("exit", () => {
  const names = new Set<string>();
  for (const file of Object.keys(createRequire(import.meta.url).cache)) {
    const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (match) names.add(match[1]!.replace(/\\/g, "/"));
  }
  writeSync(3, [...names].sort().join("\n"));
});
