/**
 * `npm run build` step: parses every CSV under data/ once and writes dist/reference/csv-rows.json
 * (csv-rows-cache.ts), so that a start reads data/'s rows with one JSON.parse.
 * Run: node dist/reference/csv-rows-build.js
 */
import { parseCsvText } from "./csv.js";
import { CSV_ROWS_CACHE, writeCsvRowsCache } from "./csv-rows-cache.js";
import { DEFAULT_DATA_DIR } from "./load.js";

const files = writeCsvRowsCache(DEFAULT_DATA_DIR, parseCsvText);
process.stdout.write(`otbill build: ${files} reference CSV files parsed into ${CSV_ROWS_CACHE}\n`);
