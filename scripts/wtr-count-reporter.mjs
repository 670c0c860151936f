// web-test-runner's own summary is not a line CI can count: print
// `<name>: N passed, N failed` (e.g. `wtr-firefox: 90 passed, 0 failed`) alone
// on the last line. A test file that failed to load (or a browser error
// outside any test) counts as one failure.
export function countReporter(name = 'wtr') {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          if (test.passed) passed += 1;
          else failed += 1;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        const broken = !session.passed && (!session.testResults || session.errors.length > 0);
        if (broken) failed += 1;
      }
      // Printed after the runner's own output has been flushed.
      process.on('exit', () => console.log(`${name}: ${passed} passed, ${failed} failed`));
    },
  };
}
