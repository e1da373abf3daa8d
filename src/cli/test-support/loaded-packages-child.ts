/**
 * The CLI from the sources, as cli-child.ts runs it, that writes to stderr at exit the npm
 * packages whose CommonJS modules it loaded (one name a line, after a marker line): for the
 * test that a plain run leaves the packages of its rarer paths unread.
 */
import { createRequire } from "node:module";
import { main } from "../main.js";

export const LOADED_MARKER = "-- loaded packages --";

process.on("exit", () => {
  const names = new Set<string>();
  for (const file of Object.keys(createRequire(import.meta.url).cache)) {
    const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (match) names.add(match[1]!.replace(/\\/g, "/"));
  }
  process.stderr.write(`${LOADED_MARKER}\n${[...names].sort().join("\n")}\n`);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
