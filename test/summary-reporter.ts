/**
 * Prints one plain closing line, "N passed, N failed, N skipped", after vitest's own
 * summary, so that any tool reading the last line of a run can count the tests. A file that
 * failed outside its tests (it did not load, or a beforeAll threw, which leaves its tests
 * skipped) counts as one failure, so the line never says 0 failed for a failed run.
 */
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else skipped++;
      }
      if (module.state() === "failed" && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
