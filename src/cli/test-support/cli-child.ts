/** The CLI from the sources, as bin/otbill.js runs it from dist/: for tests that need a real process and its real stdout. */
import { main } from "../main.js";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
