// Jest's own output (the default and summary reporters), then one plain closing line that
// any CI can read: "tests: N passed, N failed[, N skipped]".
import { DefaultReporter, SummaryReporter } from '@jest/reporters';

export default class Reporter {
  constructor(globalConfig, options, context) {
    this.inner = [new DefaultReporter(globalConfig), new SummaryReporter(globalConfig, options)];
    for (const name of ['onRunStart', 'onTestStart', 'onTestCaseStart', 'onTestCaseResult', 'onTestResult', 'onTestFileStart', 'onTestFileResult']) {
      this[name] = (...args) => Promise.all(this.inner.map((r) => r[name]?.(...args)));
    }
    this.context = context;
  }

  getLastError() {
    return this.inner.map((r) => r.getLastError?.()).find(Boolean);
  }

  async onRunComplete(contexts, results) {
    for (const r of this.inner) await r.onRunComplete?.(contexts, results);
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
