import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Tests never touch the user's ~/.otbill: imported NCCI files and databases go to a temp folder.
const otbillHome = mkdtempSync(join(tmpdir(), "otbill-test-home-"));

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { OTBILL_HOME: otbillHome },
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
