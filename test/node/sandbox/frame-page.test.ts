// The frame page as a cardholder sees it, in a real Chromium: framed by a
// tiny host page on another site, it must look right (large PIN digits, a
// labelled input), take the theme, run without a CSP or Trusted Types
// violation, and answer only its parent. Screenshots go to test-output/.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { collectPageProblems, launchChromium } from '../../support/chromium.js';
import { ALSO_NOT_PRODUCED, NOT_PRODUCED, PRODUCED, PRODUCED_PIN, startTestSandbox, type TestSandbox } from '../../support/sandbox-node.js';
import { loadSeed } from '../../../sandbox/seed.js';

const SCREENSHOTS = new URL('../../../test-output/', import.meta.url);

/** The host page: one iframe, and a log of what the frame posts to it. */
const HOST_PAGE = `<!doctype html><html><head><title>host</title></head>
<body style="margin:0;padding:24px;background:#eef1f5;font-family:sans-serif">
<script>
  window.received = [];
  window.addEventListener('message', (event) => {
    const frame = document.querySelector('iframe');
    if (frame && event.source === frame.contentWindow) window.received.push({ data: event.data, origin: event.origin });
  });
</script>
</body></html>`;

/**
 * Runs in the framed sandbox page before its own script: records the target
 * origin of every message it posts to its parent, then posts it on for real.
 * (A string, so the bundler adds no helpers to it.)
 */
const REPLY_TARGET_SPY = `(() => {
  if (window.parent === window) return;
  const realParent = window.parent;
  const targets = [];
  const spy = { postMessage: (data, targetOrigin) => { targets.push(targetOrigin); realParent.postMessage(data, targetOrigin); } };
  window.replyTargets = targets;
  window.parent = spy; // [Replaceable]
  const add = window.addEventListener.bind(window);
  window.addEventListener = (type, listener, options) => {
    if (type !== 'message') return add(type, listener, options);
    // The page compares event.source with window.parent: show it the spy.
    const wrapped = (event) => listener(new Proxy(event, { get: (target, key) => (key === 'source' && target.source === realParent ? spy : Reflect.get(target, key, target)) }));
    return add(type, wrapped, options);
  };
})();`;

describe('sandbox frame page (Chromium, framed by a host page)', () => {
  let browser: Browser;
  let host: Server;
  let hostOrigin: string;
  let sandbox: TestSandbox;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  before(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    host = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end(HOST_PAGE));
    await new Promise<void>((resolve) => host.listen(0, 'localhost', resolve));
    hostOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
    const seed = loadSeed({});
    sandbox = await startTestSandbox({
      seed: {
        ...seed,
        clients: [
          { key: 'host', origins: [hostOrigin] },
          { key: 'host-branded', origins: [hostOrigin], stylesheet: 'branded.css' },
          // The host is its key's second origin: replies must go to the sender's origin, not the key's first.
          { key: 'host-second', origins: ['https://bank.example', hostOrigin] },
        ],
      },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await sandbox?.close();
    await new Promise((resolve) => host?.close(resolve));
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 520, height: 360 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    problems = collectPageProblems(page);
  });
  afterEach(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no script error and no CSP or Trusted Types violation');
  });

  /** Opens the host page with the frame, waits for its load, and returns the frame. */
  async function frameFor(key: string): Promise<Frame> {
    await page.goto(hostOrigin);
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      frame.title = 'PIN';
      frame.style.cssText = 'width:440px;height:220px;border:0;display:block';
      document.body.append(frame);
      return new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    }, `${sandbox.origin}/pincontrol/v2/frame?key=${key}`);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(sandbox.origin));
    assert.ok(frame, 'the frame loaded');
    return frame;
  }

  const post = (message: unknown) =>
    page.evaluate(([data, origin]) => document.querySelector('iframe')!.contentWindow!.postMessage(data, origin), [
      message,
      sandbox.origin,
    ] as const);

  async function received(count: number): Promise<{ data: unknown; origin: string }[]> {
    await page.waitForFunction((n) => (window as unknown as { received: unknown[] }).received.length >= n, count, { timeout: 5000 });
    return page.evaluate(() => (window as unknown as { received: { data: unknown; origin: string }[] }).received);
  }

  test('view: large, spaced PIN digits on a plain card', async () => {
    const frame = await frameFor('host');
    await post({ operation: 'view-pin', controlId: await sandbox.mintId(PRODUCED, 'VIEW_PIN') });
    assert.deepEqual(await received(1), [{ data: { event: 'view_pin_success' }, origin: sandbox.origin }]);
    const pin = frame.locator('#pin');
    assert.equal(await pin.textContent(), PRODUCED_PIN);
    const style = await pin.evaluate((element) => {
      const computed = getComputedStyle(element);
      return { fontSize: parseFloat(computed.fontSize), letterSpacing: parseFloat(computed.letterSpacing), weight: computed.fontWeight };
    });
    assert.ok(style.fontSize >= 40, `PIN font-size ${style.fontSize}px`);
    assert.ok(style.letterSpacing >= 8, `letter-spacing ${style.letterSpacing}px`);
    assert.equal(style.weight, '700');
    const box = (await pin.boundingBox())!;
    const frameBox = (await page.locator('iframe').boundingBox())!;
    assert.ok(box.x >= frameBox.x && box.x + box.width <= frameBox.x + frameBox.width, 'the PIN fits in the frame');
    assert.equal(await frame.locator('#status').isVisible(), false);
    await page.screenshot({ path: new URL('sandbox-frame-view.png', SCREENSHOTS).pathname });
  });

  test('set: a labelled, focused numeric input; Enter sets the PIN', async () => {
    const frame = await frameFor('host');
    await post({ operation: 'set-pin', controlId: await sandbox.mintId(NOT_PRODUCED, 'SET_PIN') });
    const input = frame.getByLabel('Choose a new PIN');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.evaluate((element) => element === document.activeElement), true, 'focused');
    assert.equal(await input.getAttribute('inputmode'), 'numeric');
    assert.equal(await input.getAttribute('autocomplete'), 'off');
    assert.equal(await input.getAttribute('maxlength'), '12');
    await page.keyboard.type('48');
    await received(2);
    await page.screenshot({ path: new URL('sandbox-frame-set.png', SCREENSHOTS).pathname });
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    const events = (await received(4)).map(({ data }) => data);
    assert.deepEqual(events, [
      { event: 'pin_valid', pin_valid: false },
      { event: 'pin_valid', pin_valid: false },
      { event: 'pin_valid', pin_valid: false },
      { event: 'set_pin_validation_error' },
    ]);
    assert.match((await frame.locator('#pin-hint').textContent()) ?? '', /at least 4 digits/);
    await page.screenshot({ path: new URL('sandbox-frame-set-invalid.png', SCREENSHOTS).pathname });
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    assert.deepEqual((await received(6)).at(-1)?.data, { event: 'set_pin_success' });
    await page.screenshot({ path: new URL('sandbox-frame-set-success.png', SCREENSHOTS).pathname });
  });

  test('error: a readable message', async () => {
    const frame = await frameFor('host');
    await post({ operation: 'view-pin', controlId: 'D'.repeat(43) });
    assert.deepEqual((await received(1))[0]!.data, { event: 'view_pin_error' });
    assert.match((await frame.locator('#status').textContent()) ?? '', /cannot be shown/);
    await page.screenshot({ path: new URL('sandbox-frame-error.png', SCREENSHOTS).pathname });
  });

  test('theme: valid values restyle the page, anything else is dropped', async () => {
    const frame = await frameFor('host');
    await post({
      event: 'theme',
      theme: { color: '#8a1c7c', background: 'url(https://evil.example/x.png)', 'font-size': '20px', 'font-family': 'Georgia, serif' },
    });
    await post({
      operation: 'view-pin',
      controlId: await sandbox.mintId(PRODUCED, 'VIEW_PIN'),
      theme: { 'accent-color': 'rebeccapurple' },
    });
    await received(1);
    const styles = await frame.locator('body').evaluate((body) => {
      const computed = getComputedStyle(body);
      return {
        color: computed.color,
        background: computed.backgroundColor,
        fontSize: computed.fontSize,
        fontFamily: computed.fontFamily,
        accent: computed.getPropertyValue('--_accent').trim(),
      };
    });
    assert.equal(styles.color, 'rgb(138, 28, 124)');
    assert.equal(styles.background, 'rgb(255, 255, 255)', 'the url() background was dropped');
    assert.equal(styles.fontSize, '20px');
    assert.match(styles.fontFamily, /^Georgia/);
    assert.equal(styles.accent, 'rebeccapurple');
    await page.screenshot({ path: new URL('sandbox-frame-themed.png', SCREENSHOTS).pathname });
  });

  test("a key's extra stylesheet applies", async () => {
    const frame = await frameFor('host-branded');
    await post({ operation: 'view-pin', controlId: await sandbox.mintId(PRODUCED, 'VIEW_PIN') });
    await received(1);
    const border = await frame.locator('#card').evaluate((card) => getComputedStyle(card).borderTopWidth);
    assert.equal(border, '6px');
    await page.screenshot({ path: new URL('sandbox-frame-branded.png', SCREENSHOTS).pathname });
  });

  test("posts every event to its parent's exact origin, never '*'", async () => {
    // A parent cannot see the target origin a frame used (and cannot change
    // origin while the frame lives), so a spy inside the frame records it.
    await context.addInitScript({ content: REPLY_TARGET_SPY });
    const frame = await frameFor('host-second');
    await post({ operation: 'set-pin', controlId: await sandbox.mintId(ALSO_NOT_PRODUCED, 'SET_PIN') });
    const input = frame.getByLabel('Choose a new PIN');
    await input.waitFor({ state: 'visible' });
    await page.keyboard.type('4827');
    await post({ event: 'set_pin' });
    const events = (await received(5)).map(({ data }) => data);
    assert.deepEqual(events.at(-1), { event: 'set_pin_success' });
    const targets = await frame.evaluate(() => (window as unknown as { replyTargets: string[] }).replyTargets);
    assert.equal(targets.length, 5, 'the spy saw every message the parent got');
    assert.deepEqual(new Set(targets), new Set([hostOrigin]));
  });

  test('opened top-level (not framed) it waits and answers nobody', async () => {
    await page.goto(`${sandbox.origin}/pincontrol/v2/frame?key=host`);
    await page.locator('#status', { hasText: 'Waiting' }).waitFor();
    await page.evaluate((origin) => window.postMessage({ operation: 'view-pin', controlId: 'E'.repeat(43) }, origin), sandbox.origin);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('#card').getAttribute('data-state'), 'waiting');
  });
});
