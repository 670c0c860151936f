// The three browser engines the browser tests run in, all from Debian's
// packages (never downloaded): Chromium, Firefox ESR and WebKitGTK. Each
// `find*` returns what the engine needs, or undefined; `howToGet(engine)` is
// the one line printed when it is missing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { findChrome, HOW_TO_GET_CHROME } from './find-chrome.mjs';

export const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);

const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr'];
const WEBKIT_DRIVER_CANDIDATES = ['/usr/bin/WebKitWebDriver'];
const MINIBROWSER_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkitgtk-6.0/MiniBrowser',
];
const XVFB_CANDIDATES = ['/usr/bin/Xvfb'];

const fromEnv = (name, candidates) => {
  const set = process.env[name];
  if (set) return existsSync(set) ? set : undefined;
  return candidates.find((path) => existsSync(path));
};

export const HOW_TO_GET = {
  chromium: HOW_TO_GET_CHROME,
  firefox: 'No Firefox found: install one (Debian/Ubuntu: `sudo apt-get install firefox-esr`) or set FIREFOX_PATH to its binary.',
};

export function findFirefox() {
  return fromEnv('FIREFOX_PATH', FIREFOX_CANDIDATES);
}

/**
 * WebKitGTK needs its WebDriver, the MiniBrowser it drives, and a display:
 * Xvfb (started by the web-test-runner config), or an existing DISPLAY.
 * @returns {{ driver: string, miniBrowser: string, xvfb: string | undefined } | undefined}
 */
export function findWebKit() {
  const driver = fromEnv('WEBKIT_DRIVER_PATH', WEBKIT_DRIVER_CANDIDATES);
  const miniBrowser = fromEnv('MINIBROWSER_PATH', MINIBROWSER_CANDIDATES);
  const xvfb = XVFB_CANDIDATES.find((path) => existsSync(path));
  if (!driver || !miniBrowser || (!xvfb && !process.env.DISPLAY)) return undefined;
  return { driver, miniBrowser, xvfb };
}

/** The one line saying what to install for this engine (which part of WebKitGTK is missing). */
export function howToGet(engine) {
  if (engine !== 'webkit') return HOW_TO_GET[engine];
  const parts = [];
  if (!fromEnv('WEBKIT_DRIVER_PATH', WEBKIT_DRIVER_CANDIDATES) || !fromEnv('MINIBROWSER_PATH', MINIBROWSER_CANDIDATES)) {
    parts.push('webkit2gtk-driver');
  }
  if (!XVFB_CANDIDATES.some((path) => existsSync(path)) && !process.env.DISPLAY) parts.push('xvfb');
  return `No WebKitGTK found: install ${parts.join(' and ')} (Debian/Ubuntu: \`sudo apt-get install ${parts.join(' ')}\`), or set WEBKIT_DRIVER_PATH and MINIBROWSER_PATH.`;
}

/** @param {string} engine */
export function engineAvailable(engine) {
  if (engine === 'chromium') return Boolean(findChrome());
  if (engine === 'firefox') return Boolean(findFirefox());
  if (engine === 'webkit') return Boolean(findWebKit());
  return false;
}

/**
 * A private X server for WebKitGTK (it has no headless mode): resolves its
 * DISPLAY (`:N`, as Xvfb reports it on fd 3) and the process, to stop by pid.
 * @param {string} binary
 * @returns {Promise<{ display: string, child: import('node:child_process').ChildProcess }>}
 */
export function startXvfb(binary) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve({ display: `:${text.trim()}`, child });
    });
    child.on('exit', (code) => reject(new Error(`Xvfb exited with code ${code}`)));
  });
}

/**
 * Resolves once something listens on 127.0.0.1:`port`; rejects when `child`
 * exits first or after `timeoutMs`.
 * @param {number} port
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} what
 */
export async function waitForPort(port, child, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A port free on loopback right now. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * WebKitWebDriver listening on a free loopback port, on a private Xvfb display
 * when there is no DISPLAY. Each process it starts goes into `children`, for
 * the caller to stop. Resolves the driver's port.
 * @param {{ driver: string, xvfb: string | undefined }} webkit
 * @param {import('node:child_process').ChildProcess[]} children
 */
export async function startWebKitDriver(webkit, children) {
  let display = process.env.DISPLAY;
  if (webkit.xvfb) {
    const xvfb = await startXvfb(webkit.xvfb);
    children.push(xvfb.child);
    display = xvfb.display;
  }
  const port = await freePort();
  const driver = spawn(webkit.driver, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: display },
    stdio: 'ignore',
  });
  children.push(driver);
  await waitForPort(port, driver, 'WebKitWebDriver');
  return port;
}

/**
 * WebDriver capabilities that make WebKitWebDriver start WebKitGTK's MiniBrowser.
 * @param {string} miniBrowser
 */
export function webkitCapabilities(miniBrowser) {
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
    'wdio:enforceWebDriverClassic': true,
  };
}
