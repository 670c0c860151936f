import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { register } from 'tsx/esm/api';
import { findChrome, CHROME_ARGS, HOW_TO_GET_CHROME } from './scripts/find-chrome.mjs';
import { countReporter } from './scripts/wtr-count-reporter.mjs';

// Lets this config import the TypeScript test servers (sandbox, token endpoint).
register();
const { testServersPlugin, TEST_HOST_PORT } = await import('./test/support/test-servers.ts');
const { elementEndpointsPlugin } = await import('./test/support/element-endpoints.ts');

const executablePath = findChrome();
if (!executablePath) {
  console.error(HOW_TO_GET_CHROME);
  process.exit(1);
}

export default {
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  port: TEST_HOST_PORT,
  hostname: 'localhost',
  // One test file at a time: keystrokes and animation frames need the tab in front.
  concurrency: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [chromeLauncher({ launchOptions: { executablePath, args: CHROME_ARGS } })],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), testServersPlugin(), elementEndpointsPlugin()],
  reporters: [defaultReporter(), countReporter()],
};
