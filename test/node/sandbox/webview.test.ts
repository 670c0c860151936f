// The webview page in a real Chromium (playwright-core), as a native app
// would load it: a form POST of the control id, with stub `android_handler`
// and `webkit.messageHandlers.ios_handler` objects injected before the page
// runs. Real keystrokes; every callback must reach both shapes.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageProblems, launchChromium } from '../../support/chromium.js';
import { PRODUCED, PRODUCED_PIN, startTestSandbox, type TestSandbox } from '../../support/sandbox-node.js';
import { testSeed } from '../../support/test-servers.js';

const SCREENSHOTS = new URL('../../../test-output/', import.meta.url);

type Calls = { android: unknown[][]; ios: unknown[] };

/**
 * Runs in the page before its own script: records every native callback.
 * A string, not a function: tsx's helpers would not survive serialization.
 */
const NATIVE_STUBS = `
  const calls = { android: [], ios: [] };
  const android = {};
  for (const name of ['view_pin_success', 'view_pin_error', 'set_pin_success', 'set_pin_error', 'set_pin_validation_error', 'pin_valid']) {
    android[name] = (...args) => void calls.android.push([name, ...args]);
  }
  window.__calls = calls;
  window.android_handler = android;
  window.webkit = { messageHandlers: { ios_handler: { postMessage: (body) => void calls.ios.push(body) } } };
`;

describe('sandbox webview page (Chromium)', () => {
  let browser: Browser;
  let sandbox: TestSandbox;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let now = Date.now();
  let nextPlastic = 0;
  const freshPlastics = testSeed()
    .plastics.filter((plastic) => !plastic.pin)
    .map((plastic) => plastic.plasticId);

  before(async () => {
    browser = await launchChromium();
    sandbox = await startTestSandbox({ seed: testSeed(), now: () => now });
  });
  after(async () => {
    await browser?.close();
    await sandbox?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 390, height: 640 }, isMobile: true, hasTouch: true });
    page = await context.newPage();
    problems = collectPageProblems(page);
  });
  afterEach(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no script error and no CSP violation');
  });

  /** Form-POSTs the id to the webview URL, as the native app does. */
  async function openWebview(controlId: string, { stubs = true } = {}): Promise<void> {
    if (stubs) await page.addInitScript({ content: NATIVE_STUBS });
    await page.goto('about:blank'); // setContent cannot write into a page that enforces Trusted Types
    await page.setContent(
      `<form method="post" action="${sandbox.origin}/pincontrol/v2/webview"><input type="hidden" name="controlId"></form>`,
    );
    await page.locator('input[name=controlId]').evaluate((input: HTMLInputElement, id) => (input.value = id), controlId);
    await Promise.all([
      page.waitForURL(`${sandbox.origin}/pincontrol/v2/webview`),
      page.locator('form').evaluate((form: HTMLFormElement) => form.submit()),
    ]);
  }

  const calls = () => page.evaluate(() => (window as unknown as { __calls: Calls }).__calls);

  async function waitForCalls(count: number): Promise<Calls> {
    await page.waitForFunction((n) => (window as unknown as { __calls: Calls }).__calls.ios.length >= n, count, { timeout: 5000 });
    const seen = await calls();
    assert.equal(seen.ios.length, count);
    assert.equal(seen.android.length, count);
    return seen;
  }

  /** The iOS body for an Android call: both shapes must say the same. */
  const asIos = ([event, ...args]: unknown[]) => (event === 'pin_valid' ? { event, pin_valid: args[0] } : { event });

  function assertSameInBothShapes(seen: Calls): void {
    assert.deepEqual(seen.android.map(asIos), seen.ios);
  }

  async function typeEach(keys: string): Promise<boolean[]> {
    const valid: boolean[] = [];
    for (const key of keys) {
      const before = (await calls()).ios.length;
      await page.keyboard.type(key);
      const seen = await waitForCalls(before + 1);
      assert.deepEqual(seen.android.at(-1)?.[0], 'pin_valid');
      assert.equal(typeof seen.android.at(-1)?.[1], 'boolean');
      valid.push((seen.ios.at(-1) as { pin_valid: boolean }).pin_valid);
    }
    return valid;
  }

  const freshSetId = () => sandbox.mintId(freshPlastics[nextPlastic++]!, 'SET_PIN');

  test('view: shows the PIN and calls view_pin_success on both handlers', async () => {
    await openWebview(await sandbox.mintId(PRODUCED, 'VIEW_PIN'));
    const seen = await waitForCalls(1);
    assert.deepEqual(seen.android, [['view_pin_success']]);
    assert.deepEqual(seen.ios, [{ event: 'view_pin_success' }]);
    assert.equal(await page.locator('#pin').textContent(), PRODUCED_PIN);
    assert.equal(await page.locator('#pin').isVisible(), true);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: new URL('sandbox-webview-view.png', SCREENSHOTS).pathname });
  });

  test('view: a used id calls view_pin_error', async () => {
    const id = await sandbox.mintId(PRODUCED, 'VIEW_PIN');
    assert.equal((await sandbox.frameApi('view', { controlId: id })).status, 200);
    await openWebview(id);
    const seen = await waitForCalls(1);
    assert.deepEqual(seen.android, [['view_pin_error']]);
    assert.deepEqual(seen.ios, [{ event: 'view_pin_error' }]);
    assert.match((await page.locator('#status').textContent()) ?? '', /cannot be shown/);
  });

  test('set: pin_valid on every keystroke, then set_pin() sets it; view after set shows it', async () => {
    const plasticId = freshPlastics[nextPlastic]!;
    await openWebview(await freshSetId());
    await page.locator('#pin-input').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'pin-input', 'the input has focus');
    assert.deepEqual(await typeEach('4827'), [false, false, false, true]);
    await page.keyboard.press('Backspace');
    await waitForCalls(5);
    await page.keyboard.type('9');
    await waitForCalls(6);
    await page.evaluate(() => (window as unknown as { set_pin(): void }).set_pin());
    const seen = await waitForCalls(7);
    assert.deepEqual(seen.android.at(-1), ['set_pin_success']);
    assert.deepEqual(seen.ios.at(-1), { event: 'set_pin_success' });
    assert.deepEqual(
      seen.android.slice(0, 6).map((call) => call[1]),
      [false, false, false, true, false, true],
    );
    assertSameInBothShapes(seen);
    assert.equal(await page.locator('#pin-input').isDisabled(), true);

    await openWebview(await sandbox.mintId(plasticId, 'VIEW_PIN'));
    await waitForCalls(1);
    assert.equal(await page.locator('#pin').textContent(), '4829');
  });

  test('set: Enter submits too', async () => {
    await openWebview(await freshSetId());
    await page.locator('#pin-input').waitFor({ state: 'visible' });
    await typeEach('5826');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: new URL('sandbox-webview-set.png', SCREENSHOTS).pathname });
    await page.keyboard.press('Enter');
    const seen = await waitForCalls(5);
    assert.deepEqual(seen.ios.at(-1), { event: 'set_pin_success' });
  });

  test('set: an invalid PIN calls set_pin_validation_error, and the cardholder can fix it', async () => {
    await openWebview(await freshSetId());
    await page.locator('#pin-input').waitFor({ state: 'visible' });
    assert.deepEqual(await typeEach('1111'), [false, false, false, false]);
    await page.evaluate(() => (window as unknown as { set_pin(): void }).set_pin());
    let seen = await waitForCalls(5);
    assert.deepEqual(seen.android.at(-1), ['set_pin_validation_error']);
    assert.deepEqual(seen.ios.at(-1), { event: 'set_pin_validation_error' });
    assert.equal(await page.locator('#pin-input').getAttribute('aria-invalid'), 'true');
    await page.locator('#pin-input').fill('');
    await waitForCalls(6);
    assert.deepEqual(await typeEach('1234'), [false, false, false, false]);
    await page.keyboard.press('Enter');
    seen = await waitForCalls(11);
    assert.deepEqual(seen.ios.at(-1), { event: 'set_pin_validation_error' });
    await page.keyboard.press('Backspace');
    await typeEach('9');
    await page.keyboard.press('Enter');
    seen = await waitForCalls(14);
    assert.deepEqual(seen.ios.at(-1), { event: 'set_pin_success' });
    assertSameInBothShapes(seen);
  });

  test('set: an id that expires before the set calls set_pin_error', async () => {
    await openWebview(await freshSetId());
    await page.locator('#pin-input').waitFor({ state: 'visible' });
    await typeEach('3071');
    now += 30_000;
    await page.keyboard.press('Enter');
    const seen = await waitForCalls(5);
    assert.deepEqual(seen.android.at(-1), ['set_pin_error']);
    assert.deepEqual(seen.ios.at(-1), { event: 'set_pin_error' });
  });

  test('set: a used or wrong-scope id calls set_pin_error at set-up', async () => {
    const id = await freshSetId();
    assert.equal((await sandbox.frameApi('set', { controlId: id, pin: '6190' })).status, 200);
    await openWebview(id);
    assert.deepEqual((await waitForCalls(1)).ios, [{ event: 'set_pin_error' }]);
    assert.equal(await page.locator('#pin-input').isVisible(), false);
  });

  test('an unknown id calls both error callbacks', async () => {
    await openWebview('C'.repeat(43));
    const seen = await waitForCalls(2);
    assert.deepEqual(seen.android, [['view_pin_error'], ['set_pin_error']]);
    assert.deepEqual(seen.ios, [{ event: 'view_pin_error' }, { event: 'set_pin_error' }]);
  });

  test('works without any native handler', async () => {
    await openWebview(await freshSetId(), { stubs: false });
    await page.locator('#pin-input').waitFor({ state: 'visible' });
    await page.keyboard.type('2468');
    await page.evaluate(() => (window as unknown as { set_pin(): void }).set_pin());
    await page.locator('#status', { hasText: 'Your new PIN is set.' }).waitFor();
  });
});
