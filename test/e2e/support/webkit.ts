// WebKitGTK for node-side browser checks: its MiniBrowser driven by
// WebKitWebDriver (Debian's webkit2gtk-driver) through webdriverio, on a
// private Xvfb display, as web-test-runner.config.mjs launches it for the
// browser tests (WebKitGTK has no headless mode; see ../shared/TOOLCHAIN.md).
// WebDriver classic has no DevTools and no init scripts: what a check needs
// in the page before its scripts run must come with the page itself.
import type { ChildProcess } from 'node:child_process';
import { remote } from 'webdriverio';
import { findWebKit, howToGet, startWebKitDriver, webkitCapabilities } from '../../../scripts/engines.mjs';

/** Why WebKit checks must skip, or false when WebKitGTK, its driver and a display are there. */
export const noWebKit: string | false = findWebKit() ? false : howToGet('webkit');

export interface WebKitSession {
  browser: WebdriverIO.Browser;
  /**
   * Runs `fn(arg)` in the page and resolves to what it resolved to (a
   * function without closures, serialized; async is fine).
   */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /**
   * The timer WebKitWebDriver itself arms in the page for every async script
   * (its script timeout, through the page's setTimeout), as the leak
   * harness's timer count describes it: pending while `evaluate` runs.
   */
  driverTimers: string[];
  close(): Promise<void>;
}

/** An odd script timeout, so the driver's own timer is told apart from any the element could arm. */
const SCRIPT_TIMEOUT_MS = 1_799_993;

/**
 * MiniBrowser on `url`, with a script timeout long enough for the leak loops
 * (30 minutes); with `httpProxy` (`host:port`), every request goes through
 * that proxy, loopback ones included.
 */
export async function launchWebKit(url: string, options: { httpProxy?: string } = {}): Promise<WebKitSession> {
  const webkit = findWebKit();
  if (!webkit) throw new Error(howToGet('webkit'));
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  };
  try {
    const port = await startWebKitDriver(webkit, children);
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      capabilities: {
        ...webkitCapabilities(webkit.miniBrowser),
        ...(options.httpProxy && { proxy: { proxyType: 'manual', httpProxy: options.httpProxy, noProxy: [] } }),
      },
    });
    await browser.setTimeout({ script: SCRIPT_TIMEOUT_MS });
    await browser.url(url);
    return {
      browser,
      driverTimers: [`timeout ${SCRIPT_TIMEOUT_MS}`],
      async evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
        // An async script with an explicit callback: the outcome, or the page's error with its stack.
        const script = `const done = arguments[arguments.length - 1];
          Promise.resolve().then(() => (${fn.toString()})(${JSON.stringify(arg)}))
            .then((value) => done({ value }), (error) => done({ error: String(error && error.stack || error) }));`;
        const outcome: { value?: R; error?: string } = await browser.executeAsync(script);
        if (outcome.error !== undefined) throw new Error(`in WebKit: ${outcome.error}`);
        return outcome.value as R;
      },
      async close() {
        await browser.deleteSession().catch(() => undefined);
        stop();
      },
    };
  } catch (error) {
    stop();
    throw error;
  }
}
