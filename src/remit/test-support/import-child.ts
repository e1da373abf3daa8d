/**
 * A child process for the crash test: posts an 835 file into a SQLite database, saying
 * "posting" on stdout just before. The test kills it with SIGKILL mid-way. Test support only.
 */
import { readFileSync } from "node:fs";
import { openStore } from "../../store/database.js";
import { importRemittance } from "../post.js";

const [file, database] = process.argv.slice(2);
const store = await openStore({ dialect: "sqlite", file: database! });
const bytes = readFileSync(file!);
process.stdout.write("posting\n");
await importRemittance(store.db, bytes, { actor: "os:crash-test", fileName: file! });
process.stdout.write("posted\n");
await store.close();
