// The jest reporter of a batch of test targets (jest.cjs): one line per test file as it finishes, so that a run
// of many projects shows its progress. The failures and totals are each project's own output, printed by Nx.
'use strict';

const path = require('node:path');

class ProgressReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.done = 0;
  }

  onRunStart(results) {
    process.stderr.write(`jest: ${results.numTotalTestSuites} test files\n`);
  }

  onTestResult(_test, result) {
    this.done += 1;
    const failed = result.numFailingTests > 0 || result.testExecError !== undefined;
    const seconds = ((result.perfStats.end - result.perfStats.start) / 1000).toFixed(1);
    const file = path.relative(this.rootDir, result.testFilePath);
    process.stderr.write(`${failed ? 'FAIL' : 'PASS'} ${file} (${seconds} s, file ${this.done})\n`);
  }

  getLastError() {
    return undefined;
  }
}

module.exports = ProgressReporter;
