// The sandbox's webview page (the page a mobile app loads full screen: it
// form-POSTs `controlId` to the token's `pinURL` and hears back through
// `android_handler` / `webkit.messageHandlers.ios_handler`), audited on its
// own in each of its states: view shown, set typing (invalid and valid), set
// success and error. axe (WCAG 2.2 A and AA, and best practices, as
// states.test.ts) at 0 violations, no sideways scrolling, at 1280 px and
// 375 px, with a screenshot of each in
// test-output/states/webview-<state>-<desktop|phone>.png. Each state also
// checks what the app heard, so the audit is of the page as the app sees it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageProblems, launchChromium, noChromium } from '../support/chromium.js';
import { WEBVIEW_PATH } from '../../sandbox/page-html.js';
import { describePinProblem } from '../../sandbox/pin-rules.js';
import { PIN_ACCEPTABLE } from '../../sandbox/client/pin-flow.js';
import { loadSeed } from '../../sandbox/seed.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { axeViolations } from './support/axe.js';
import { NAME_HELPER } from './support/leak-harness.js';

const OUTPUT = 'test-output/states';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
/** The sandbox's repeatable test plastic: viewed and set any number of times. */
const PLASTIC = '9000000000000001';

/**
 * Installed before the page's script, as a native app injects its handlers:
 * every call lands in `window.__nativeCalls`, Android's as `android:<method>[:arg]`,
 * iOS's as `ios:<event>[:pin_valid]`.
 */
function installNativeHandlers(): void {
  const calls: string[] = [];
  const record = (name: string) => (arg?: unknown) =>
    void calls.push(arg === undefined ? `android:${name}` : `android:${name}:${String(arg)}`);
  Object.assign(window, {
    __nativeCalls: calls,
    android_handler: Object.fromEntries(
      ['view_pin_success', 'view_pin_error', 'set_pin_success', 'set_pin_error', 'set_pin_validation_error', 'pin_valid'].map((name) => [
        name,
        record(name),
      ]),
    ),
    webkit: {
      messageHandlers: {
        ios_handler: {
          postMessage: (message: { event: string; pin_valid?: boolean }) =>
            void calls.push(message.pin_valid === undefined ? `ios:${message.event}` : `ios:${message.event}:${message.pin_valid}`),
        },
      },
    },
  });
}

describe('the sandbox webview page, audited in each state', { skip: noChromium }, () => {
  let browser: Browser;
  let sandbox: RunningSandbox;
  const seed = loadSeed({});
  const audits = new Map<string, string[]>();

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    sandbox = await startSandbox({ port: 0, log: () => {} });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  /** A control id and the webview URL, as the app's backend gets them from the issuer. */
  async function mint(scope: 'VIEW_PIN' | 'SET_PIN'): Promise<{ id: string; pinURL: string }> {
    const response = await fetch(`${sandbox.origin}/pincontrol/v2/plastic/${PLASTIC}?auditUser=webview-test`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${seed.credentials.username}:${seed.credentials.password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ scope }),
    });
    assert.equal(response.status, 201);
    return (await response.json()) as { id: string; pinURL: string };
  }

  /**
   * Opens the webview page the way an app does (Android's `postUrl`, iOS's
   * `load(URLRequest)`): a form POST of `controlId` to `pinURL`, with the
   * native handlers in place before the page's script runs.
   */
  async function openWebview(pinURL: string, controlId: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: PHONE, bypassCSP: true }); // axe is injected; demo.test.ts checks the CSP
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.addInitScript({ content: NAME_HELPER });
    await page.addInitScript(installNativeHandlers);
    await page.route(
      pinURL,
      (route) =>
        route.continue({
          method: 'POST',
          headers: { ...route.request().headers(), 'content-type': 'application/x-www-form-urlencoded' },
          postData: new URLSearchParams({ controlId }).toString(),
        }),
      { times: 1 },
    );
    await page.goto(pinURL);
    return { context, page, problems };
  }

  const nativeCalls = (page: Page) => page.evaluate(() => (window as unknown as { __nativeCalls: string[] }).__nativeCalls.slice());
  const cardState = (page: Page) => page.locator('#card').getAttribute('data-state');

  /** axe and layout at 1280 px and 375 px, a screenshot of each; violations kept per state. */
  async function audit(page: Page, state: string): Promise<void> {
    const found: string[] = [];
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => new Promise(requestAnimationFrame));
      if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth))
        found.push(`${size}: the page scrolls sideways`);
      for (const violation of await axeViolations(page)) found.push(`${size}: ${violation}`);
      await page.screenshot({ path: `${OUTPUT}/webview-${state}-${size}.png`, fullPage: true });
    }
    await page.setViewportSize(PHONE);
    audits.set(state, found);
    assert.deepEqual(found, [], `axe and layout in webview state "${state}"`);
  }

  it('view shown: the PIN, and the app heard view_pin_success', async () => {
    const { id, pinURL } = await mint('VIEW_PIN');
    assert.equal(new URL(pinURL).pathname, WEBVIEW_PATH);
    const { context, page, problems } = await openWebview(pinURL, id);
    await page.locator('#pin').waitFor({ state: 'visible' });
    assert.match(await page.locator('#pin').innerText(), /^\d{4,12}$/);
    assert.equal(await cardState(page), 'view');
    assert.deepEqual(await nativeCalls(page), ['android:view_pin_success', 'ios:view_pin_success']);
    await audit(page, 'view-shown');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('set: typing an invalid PIN, then a valid one, then the app submits: each state audited', async () => {
    const { id, pinURL } = await mint('SET_PIN');
    const { context, page, problems } = await openWebview(pinURL, id);
    const input = page.locator('#pin-input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'pin-input', 'the field has focus, ready for the keyboard');

    await input.pressSequentially('1111', { delay: 20 });
    await page.waitForFunction(() => document.getElementById('pin-input')?.getAttribute('aria-invalid') === 'true');
    assert.equal(await page.locator('#pin-hint').innerText(), describePinProblem('all-same'));
    assert.ok((await nativeCalls(page)).includes('android:pin_valid:false'));
    await audit(page, 'set-typing-invalid');

    await input.fill('');
    await input.pressSequentially('5739', { delay: 20 });
    await page.waitForFunction(() => document.getElementById('pin-input')?.getAttribute('aria-invalid') === 'false');
    assert.equal(await page.locator('#pin-hint').innerText(), PIN_ACCEPTABLE);
    const typed = await nativeCalls(page);
    assert.deepEqual(typed.slice(-2), ['android:pin_valid:true', 'ios:pin_valid:true']);
    await audit(page, 'set-typing-valid');

    // The app's own Set PIN button calls the page's set_pin(), as the issuer documents.
    await page.evaluate(() => (window as unknown as { set_pin(): void }).set_pin());
    await page.waitForFunction(() => document.getElementById('card')?.dataset.state === 'success');
    assert.equal(await page.locator('#status').innerText(), 'Your new PIN is set.');
    assert.equal(await input.isVisible(), false);
    assert.deepEqual((await nativeCalls(page)).slice(typed.length), ['android:set_pin_success', 'ios:set_pin_success']);
    await audit(page, 'set-success');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('error: an id the issuer does not know (expired, used or made up) says start again, and the app hears both errors', async () => {
    const { pinURL } = await mint('VIEW_PIN');
    const { context, page } = await openWebview(pinURL, 'A'.repeat(43));
    await page.waitForFunction(() => document.getElementById('card')?.dataset.state === 'error');
    assert.equal(await page.locator('#status').innerText(), 'This link is not valid or has expired. Please start again.');
    assert.equal(await page.locator('#status').getAttribute('data-tone'), 'error');
    assert.deepEqual(await nativeCalls(page), [
      'android:view_pin_error',
      'ios:view_pin_error',
      'android:set_pin_error',
      'ios:set_pin_error',
    ]);
    await audit(page, 'error');
    await context.close();
  });

  it('every audited webview state had 0 violations', () => {
    assert.deepEqual(
      [...audits].filter(([, found]) => found.length > 0),
      [],
    );
    assert.deepEqual([...audits.keys()], ['view-shown', 'set-typing-invalid', 'set-typing-valid', 'set-success', 'error']);
  });
});
