// End to end: Debian's Chromium (playwright-core) against the servers
// `npm start` runs (startDemo, in-process, on free ports). View a PIN, set a
// PIN with real keystrokes, view the new one, theme the element, run the
// webview mode, and see no CSP or Trusted Types violation anywhere during the
// whole run. Screenshots go to test-output/e2e/. Accessibility, state by
// state, is states.test.ts's job.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.js';
import { DEMO_CARDHOLDER } from '../../demo/cardholder.js';
import { startDemo, type RunningDemo } from '../../demo/start-demo.js';
import { collectErrors, violationsIn, watchViolations } from './support/violations.js';

const OUTPUT = 'test-output/e2e';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const NEW_PIN = '5739';

const seed = JSON.parse(readFileSync(new URL('../../sandbox/seed.json', import.meta.url), 'utf8')) as {
  plastics: Array<{ plasticId: string; pin?: string }>;
};
function seedPinOf(cardId: string): string {
  const card = DEMO_CARDHOLDER.cards.find((candidate) => candidate.id === cardId);
  const pin = seed.plastics.find((plastic) => plastic.plasticId === card?.plasticId)?.pin;
  assert.ok(pin, `the seed has a PIN for card ${cardId}`);
  return pin;
}

describe('the demo page in Chromium', { skip: noChromium }, () => {
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    demo = await startDemo({ hostPort: 0, sandboxPort: 0, log: () => {}, sandboxLog: () => {}, audit: () => {} });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
    await watchViolations(context);
    page = await context.newPage();
    errors = collectErrors(page);
    await openDemo(page);
    await openDeveloperTools(page); // the event log this run reads, as a developer would see it
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function openDemo(target: Page): Promise<void> {
    await target.goto(demo.url);
    await target.waitForSelector('body[data-ready="true"]');
  }

  /** The theme, CSP and webview controls live in the collapsed developer tools. */
  async function openDeveloperTools(target: Page): Promise<void> {
    if ((await target.locator('#devtools').getAttribute('open')) === null) await target.click('#devtools > summary');
  }

  const pinFrame = (target: Page): FrameLocator => target.frameLocator('pin-control iframe');
  const logEntry = (target: Page, event: string) => target.locator(`#event-log li[data-event="${event}"]`);

  async function waitForLog(target: Page, event: string, count = 1): Promise<void> {
    await target.waitForFunction(
      ([name, n]) => document.querySelectorAll(`#event-log li[data-event="${name}"]`).length >= n,
      [event, count] as const,
      { timeout: 15_000 },
    );
  }

  async function shownPin(target: Page): Promise<string> {
    const pin = pinFrame(target).locator('#pin');
    await pin.waitFor({ state: 'visible', timeout: 15_000 });
    return (await pin.innerText()).replace(/\D/g, '');
  }

  /**
   * Full-page screenshots, except around the PIN on a phone: there a
   * full-page capture can paint the out-of-process frame blank, so the shot
   * is of the viewport with the PIN panel scrolled into view.
   */
  async function shot(target: Page, name: string, around?: string): Promise<void> {
    if (around) await target.locator(around).scrollIntoViewIfNeeded();
    await target.screenshot({ path: `${OUTPUT}/${name}.png`, fullPage: !around });
  }

  it('shows the page with the cardholder, her cards and an empty PIN panel', async () => {
    assert.equal(await page.locator('#cardholder-name').innerText(), 'Aino Virtanen');
    assert.equal(await page.locator('#card-list > li').count(), 2);
    assert.equal(await page.locator('pin-control').count(), 0, 'no PIN until the cardholder asks');
    await shot(page, 'desktop-1-start');
  });

  it('views a PIN all the way through: the frame shows the seed PIN', async () => {
    await page.click('button[data-card="everyday"][data-action="view"]');
    await waitForLog(page, 'view-pin-success');
    assert.equal(await shownPin(page), seedPinOf('everyday'));
    assert.equal(await logEntry(page, 'pin-control-ready').count(), 1);
    // The host page cannot read the PIN: the frame is cross-origin.
    const readable = await page.evaluate(() => {
      const frame = document.querySelector('pin-control')?.shadowRoot?.querySelector('iframe');
      try {
        return frame?.contentDocument?.body?.textContent ?? null;
      } catch {
        return null;
      }
    });
    assert.equal(readable, null);
    await shot(page, 'desktop-2-view-pin');
  });

  it('sets a PIN with real keystrokes; Set PIN is enabled only by pin-valid', async () => {
    await page.click('button[data-card="travel"][data-action="set"]');
    await waitForLog(page, 'pin-control-ready', 2);
    const submit = page.locator('#set-pin-submit');
    assert.equal(await submit.isDisabled(), true);

    const input = pinFrame(page).locator('#pin-input');
    await input.click();
    await input.pressSequentially('1111', { delay: 30 }); // all one digit: refused
    await page.waitForSelector('#event-log li[data-event="pin-valid"]');
    assert.match(await logEntry(page, 'pin-valid').first().innerText(), /valid: false/);
    assert.equal(await submit.isDisabled(), true);

    await input.fill('');
    await input.pressSequentially(NEW_PIN, { delay: 30 });
    await page.waitForFunction(() => !(document.getElementById('set-pin-submit') as HTMLButtonElement).disabled);
    assert.match(await logEntry(page, 'pin-valid').first().innerText(), /valid: true/);
    await shot(page, 'desktop-3-set-pin-typed');

    await submit.click();
    await waitForLog(page, 'set-pin-success');
    await page.locator('#pin-outcome').waitFor();
    await shot(page, 'desktop-4-set-pin-success');
  });

  it('views the card afterwards: the frame shows the new PIN', async () => {
    await page.click('button[data-card="travel"][data-action="view"]');
    await waitForLog(page, 'view-pin-success', 2);
    assert.equal(await shownPin(page), NEW_PIN);
  });

  // The issuer now has the card as produced: a reload, or another browser,
  // must not offer a Set PIN that it would refuse with a conflict.
  it('a fresh session after the set finds the card produced: View PIN, no Set PIN', async () => {
    const fresh = await browser.newContext({ viewport: DESKTOP });
    try {
      const other = await fresh.newPage();
      await openDemo(other);
      assert.equal(await other.locator('button[data-card="travel"][data-action="set"]').count(), 0, 'no Set PIN');
      await other.click('button[data-card="travel"][data-action="view"]');
      await other.waitForSelector('#event-log li[data-event="view-pin-success"]', { state: 'attached' });
      assert.equal(await shownPin(other), NEW_PIN);
    } finally {
      await fresh.close();
    }
  });

  it('the theming panel restyles the element and the frame at once', async () => {
    const element = page.locator('pin-control');
    const boxBackground = () => element.evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.box')!).backgroundColor);
    const frameBackground = () =>
      pinFrame(page)
        .locator('body')
        .evaluate((body) => getComputedStyle(body).backgroundColor);
    assert.equal(await boxBackground(), 'rgb(255, 255, 255)');

    await page.fill('#theme-background', '#fde68a'); // a color input: fill() sets it and fires input
    assert.equal(await element.evaluate((el) => getComputedStyle(el).getPropertyValue('--pin-control-background').trim()), '#fde68a');
    assert.equal(await boxBackground(), 'rgb(253, 230, 138)');
    await pinFrameWait(page, 'rgb(253, 230, 138)', frameBackground);

    await page.click('button[data-preset="Midnight"]');
    assert.equal(await boxBackground(), 'rgb(17, 26, 51)');
    assert.equal(await element.evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.box')!).borderRadius), '20px');
    await pinFrameWait(page, 'rgb(17, 26, 51)', frameBackground);
    await shot(page, 'desktop-5-theme-midnight');
    await page.click('button[data-preset="Aurora"]');
  });

  it('webview mode forwards every callback to the simulated native handlers', async () => {
    await page.check('#webview-mode');
    await waitForLog(page, 'view-pin-success', 3); // the open flow restarts with native-bridge
    assert.equal(await page.locator('pin-control').getAttribute('native-bridge'), '');
    const android = await page.locator('#event-log li[data-source="android"]').allInnerTexts();
    const ios = await page.locator('#event-log li[data-source="ios"]').allInnerTexts();
    assert.ok(
      android.some((text) => text.includes('view_pin_success()')),
      android.join('\n'),
    );
    assert.ok(
      ios.some((text) => text.includes('postMessage({event: "view_pin_success"})')),
      ios.join('\n'),
    );
    await shot(page, 'desktop-6-webview');
    await page.uncheck('#webview-mode');
  });

  it('the event log never holds an id or a PIN', async () => {
    const log = await page.locator('#event-log').innerText();
    assert.doesNotMatch(log, new RegExp(`${seedPinOf('everyday')}|${NEW_PIN}`));
    assert.doesNotMatch(log, /[A-Za-z0-9_-]{32,}/, 'nothing shaped like a control id');
  });

  it('works on a 375 px phone: no sideways scrolling, PIN viewable', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    const phoneErrors = collectErrors(phone);
    await openDemo(phone);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal overflow');
    await shot(phone, 'phone-1-start');
    await phone.click('button[data-card="everyday"][data-action="view"]');
    await waitForLog(phone, 'view-pin-success');
    assert.equal(await shownPin(phone), seedPinOf('everyday'));
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await shot(phone, 'phone-2-view-pin', '.pin-panel');
    assert.deepEqual(await violationsIn(phone), []);
    await phone.close();
    assert.deepEqual(phoneErrors, []);
  });

  it('no CSP or Trusted Types violation, console error or CSP report during the whole run', async () => {
    assert.deepEqual(await violationsIn(page), []);
    assert.equal(await page.locator('#csp-count').innerText(), '0');
    assert.deepEqual(errors, []);
    await new Promise((resolve) => setTimeout(resolve, 500)); // let any report in flight arrive
    assert.deepEqual(demo.cspReports, []);
  });

  // Last: proves the collectors above can see a violation at all.
  it('a deliberate inline style is blocked, listed on the page and reported to the server', async () => {
    await page.click('#csp-probe');
    await page.locator('#csp-violations li').first().waitFor();
    assert.equal(await page.locator('#csp-count').innerText(), '1');
    const seen = await violationsIn(page);
    assert.equal(seen.length, 1);
    assert.match(seen[0]!.directive, /^style-src/);
    const deadline = Date.now() + 10_000;
    while (demo.cspReports.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(demo.cspReports.length >= 1, 'the server received a report');
    assert.match(demo.cspReports[0]!.directive, /^style-src/);
    await shot(page, 'desktop-7-csp-probe');
  });
});

/** Waits until the frame's background is `expected` (the theme travels by postMessage). */
async function pinFrameWait(page: Page, expected: string, read: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 5000;
  let last = '';
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) return;
    await page.waitForTimeout(100);
  }
  assert.equal(last, expected, 'the frame follows the theme');
}
