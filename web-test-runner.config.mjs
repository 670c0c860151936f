import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { register } from 'tsx/esm/api';
import { findChrome, CHROME_ARGS } from './scripts/find-chrome.mjs';
import { ENGINES, HOW_TO_GET, findFirefox, findWebKit, howToGet, startWebKitDriver, webkitCapabilities } from './scripts/engines.mjs';
import { countReporter } from './scripts/wtr-count-reporter.mjs';

// Lets this config import the TypeScript test servers (sandbox, token endpoint).
register();
const { testServersPlugin, TEST_HOST_PORT } = await import('./test/support/test-servers.ts');
const { elementEndpointsPlugin } = await import('./test/support/element-endpoints-plugin.ts');
const { ENGINE_COMMAND } = await import('./test/support/sandbox-fixtures.ts');

// One engine per run: WTR_ENGINE=chromium (default) | firefox | webkit.
// `npm run test:browsers` runs the three one after another.
const engine = process.env.WTR_ENGINE || 'chromium';
if (!(/** @type {readonly string[]} */ (ENGINES).includes(engine))) {
  console.error(`WTR_ENGINE must be one of ${ENGINES.join(', ')}, not ${engine}`);
  process.exit(1);
}

/** Child processes this config starts (Xvfb, WebKitWebDriver), stopped when the runner exits. */
const children = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});
// A terminated runner still stops them (node's default SIGTERM exit runs no 'exit' handler).
for (const signal of ['SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(128 + (signal === 'SIGTERM' ? 15 : 1)));

/** @returns {never} */
function missing(what) {
  console.error(what);
  process.exit(1);
}

async function chromiumBrowser() {
  const executablePath = findChrome();
  if (!executablePath) missing(HOW_TO_GET.chromium);
  return chromeLauncher({ launchOptions: { executablePath, args: CHROME_ARGS } });
}

// Firefox ESR through puppeteer-core's WebDriver BiDi (Playwright's Firefox
// does not drive Debian's Firefox). chromeLauncher takes any puppeteer.
async function firefoxBrowser() {
  const executablePath = findFirefox();
  if (!executablePath) missing(HOW_TO_GET.firefox);
  // The default export is the launcher the option wants; its type names the module namespace.
  const puppeteer = /** @type {any} */ ((await import('puppeteer-core')).default);
  return chromeLauncher({
    puppeteer,
    launchOptions: { browser: 'firefox', executablePath, headless: true },
  });
}

// WebKitGTK's MiniBrowser through its WebDriver (webkit2gtk-driver), on a
// private Xvfb display: WebKitGTK has no headless mode.
async function webkitBrowser() {
  const webkit = findWebKit();
  if (!webkit) missing(howToGet('webkit'));
  const { webdriverLauncher } = await import('@web/test-runner-webdriver');
  const port = await startWebKitDriver(webkit, children).catch((error) => missing(error.message));
  return webdriverLauncher({
    hostname: '127.0.0.1',
    port,
    path: '/',
    logLevel: 'error',
    capabilities: webkitCapabilities(webkit.miniBrowser),
  });
}

/** `executeServerCommand(ENGINE_COMMAND)`: lets a test check its own engine detection. */
function enginePlugin() {
  return {
    name: 'pin-control-engine',
    executeCommand: ({ command }) => (command === ENGINE_COMMAND ? engine : undefined),
  };
}

const browser = await { chromium: chromiumBrowser, firefox: firefoxBrowser, webkit: webkitBrowser }[engine]();

export default {
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  port: TEST_HOST_PORT,
  hostname: 'localhost',
  // One test file at a time: keystrokes and animation frames need the tab in front.
  concurrency: 1,
  testsFinishTimeout: 240_000,
  // A test's whole budget: above the sum of its steps' own timeouts, so a slow
  // step fails with its own message instead of mocha's bare timeout.
  testFramework: { config: { timeout: 40_000 } },
  browsers: [browser],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    testServersPlugin(),
    elementEndpointsPlugin(),
    enginePlugin(),
  ],
  reporters: [defaultReporter(), countReporter(`wtr-${engine}`)],
};
