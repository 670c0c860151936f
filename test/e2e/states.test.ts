// Every state a cardholder can meet on the demo page, each audited with axe
// (WCAG 2.2 A and AA, plus best practices) on the host page and inside the
// issuer's cross-origin frame, at 1280 px and at 375 px, with a screenshot of
// each in test-output/states/<state>-<desktop|phone>.png. Also: one message
// per problem, notices gone once the flow recovers, focus after success, the
// Set PIN button's reason, the element's focus order, live region wording and
// reduced motion, and weak-PIN feedback in the frame while typing.
//
// Three servers set-ups, all on free ports:
//   main:    `startDemo` as `npm start` runs it (the sandbox inside).
//   outage:  the host page against a sandbox this test starts, stops and
//            starts again on the same port, with 8-second control ids.
//   refused: the host page told the frame comes from another origin than the
//            one the issuer's token names.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Browser, BrowserContext, Frame, Page, Route } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.js';
import { startDemo, type RunningDemo } from '../../demo/start-demo.js';
import { NOTICES, OUTCOMES, SUBMIT_HINTS } from '../../demo/page/pin-panel.js';
import { FRAME_PATH } from '../../sandbox/page-html.js';
import { loadSeed } from '../../sandbox/seed.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { PIN_ACCEPTABLE } from '../../sandbox/client/pin-flow.js';
import { TEXTS } from '../../src/texts.js';
import { axeViolations } from './support/axe.js';

const OUTPUT = 'test-output/states';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const SHORT_TTL_MS = 8000;
const quiet = { log: () => {}, sandboxLog: () => {}, audit: () => {} };
const en = TEXTS.en;

/** A port that was free a moment ago, so the sandbox can come back on the same one. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The focused element's `id` or `tagName` once focus has settled on
 * `expected`, or where it is after 2 s. Tab into or out of the issuer's frame
 * crosses a process boundary in Chromium, so the page's activeElement
 * changes a moment after the key press has resolved.
 */
async function settledFocus(target: Page | Frame, property: 'id' | 'tagName', expected: string): Promise<string | undefined> {
  const focused = ({ name, value }: { name: string; value: string }) =>
    (document.activeElement as unknown as Record<string, unknown> | null)?.[name] === value;
  await target.waitForFunction(focused, { name: property, value: expected }, { timeout: 2000 }).catch(() => {});
  return target.evaluate((name) => (document.activeElement as unknown as Record<string, string> | null)?.[name], property);
}

describe('every state of the demo page, audited', { skip: noChromium }, () => {
  let browser: Browser;
  let main: RunningDemo;
  const audits = new Map<string, string[]>();

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    main = await startDemo({ hostPort: 0, sandboxPort: 0, ...quiet });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await main?.close();
  });

  // ---- helpers ---------------------------------------------------------------

  async function openPage(demo: RunningDemo): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]');
    return { context, page };
  }

  const pinFrame = (page: Page): Frame | undefined =>
    page.frames().find((frame) => !frame.isDetached() && frame.url().includes(FRAME_PATH));

  const liveRegion = (page: Page) =>
    page.evaluate(() => document.querySelector('pin-control')?.shadowRoot?.querySelector('[part="status"]')?.textContent?.trim() ?? '');
  const errorPanel = (page: Page) =>
    page.evaluate(() => document.querySelector('pin-control')?.shadowRoot?.querySelector('[part="error"] p')?.textContent?.trim() ?? '');
  const pageNotice = (page: Page) => page.locator('#pin-notice').innerText();
  /** The element's own expiry notice (part `notice`, in its shadow root). */
  const elementNotice = (page: Page) => page.locator('pin-control [part="notice"]');
  const retryShown = (page: Page) => page.locator('pin-control [part="retry"]').isVisible();
  /** `detail.reason` of the last pin-control-error, as the event log shows it. */
  const loggedReason = async (page: Page) =>
    /reason: ([a-z-]+)/.exec((await page.locator('#event-log li[data-event="pin-control-error"]').first().textContent()) ?? '')?.[1];

  /** The element's error panel and live region say the same sentence; the page says nothing more. */
  async function assertOneMessage(page: Page): Promise<string> {
    const said = await errorPanel(page);
    assert.ok(said.length > 0, 'the element says what went wrong');
    assert.ok((await liveRegion(page)).startsWith(said), 'the live region says what the panel says');
    assert.equal(await pageNotice(page), '', 'one message per problem: the page does not repeat it');
    return said;
  }

  async function waitForState(page: Page, state: string): Promise<void> {
    await page.waitForFunction((wanted) => document.querySelector('pin-control')?.state === wanted, state, { timeout: 20_000 });
  }

  async function waitForLog(page: Page, event: string, count = 1): Promise<void> {
    await page
      .waitForFunction(
        ([name, n]) => document.querySelectorAll(`#event-log li[data-event="${name}"]`).length >= n,
        [event, count] as const,
        { timeout: 20_000 },
      )
      .catch(async (error: Error) => {
        const log = await page.locator('#event-log').evaluate((list) =>
          [...list.children]
            .map((item) => item.textContent)
            .reverse()
            .join('\n'),
        );
        throw new Error(`${error.message}\nwaiting for ${count}× ${event}; the event log:\n${log}`);
      });
  }

  async function open(page: Page, card: 'everyday' | 'travel', action: 'view' | 'set'): Promise<void> {
    await page.click(`button[data-card="${card}"][data-action="${action}"]`);
  }

  /**
   * Audits the state on the page and, when `frame` says so, in the issuer's
   * frame; at 1280 px and 375 px; a screenshot of each. Violations are kept
   * per state and asserted at once, so a failure names the state.
   */
  async function audit(page: Page, state: string, { frame = false } = {}): Promise<void> {
    const found: string[] = [];
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      // Colors mid-transition (a button just enabled) are not the state's colors: let finite animations end.
      await page.evaluate(() =>
        Promise.all(
          document
            .getAnimations()
            .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
            .map((animation) => animation.finished.catch(() => undefined)),
        ).then(() => new Promise(requestAnimationFrame)),
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      if (overflow) found.push(`${size}: the page scrolls sideways`);
      for (const violation of await axeViolations(page)) found.push(`${size} page: ${violation}`);
      if (frame) {
        const issuer = pinFrame(page);
        if (!issuer) found.push(`${size}: no issuer frame to audit`);
        else for (const violation of await axeViolations(issuer)) found.push(`${size} frame: ${violation}`);
      }
      // A full-page capture can paint the out-of-process frame blank on a
      // narrow viewport, so the phone shot is of the screen, the PIN panel in view.
      if (size === 'phone') await page.locator('.pin-panel').scrollIntoViewIfNeeded();
      // The frame paints in its own process: two of its animation frames after the
      // resize and scroll, or the shot may catch it blank (seen once, set-typing-valid).
      if (frame) await pinFrame(page)?.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await page.screenshot({ path: `${OUTPUT}/${state}-${size}.png`, fullPage: size === 'desktop' });
    }
    await page.setViewportSize(DESKTOP);
    audits.set(state, found);
    assert.deepEqual(found, [], `axe and layout in state "${state}"`);
  }

  // ---- the main demo ------------------------------------------------------------

  it('idle: the cards and an empty PIN panel', async () => {
    const { context, page } = await openPage(main);
    assert.equal(await page.locator('pin-control').count(), 0);
    assert.equal(await page.locator('#devtools').getAttribute('open'), null, 'developer tools start collapsed');
    await audit(page, 'idle');
    await page.click('#devtools > summary');
    await audit(page, 'idle-developer-tools-open');
    await context.close();
  });

  it('loading: a still skeleton under reduced motion, a moving one otherwise; then the PIN', async () => {
    const { context, page } = await openPage(main);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/pin-control/token', async (route) => {
      await gate; // holds the token request: the element stays in loading
      await route.continue();
    });
    await open(page, 'everyday', 'view');
    await waitForState(page, 'loading');
    assert.equal(await liveRegion(page), en.loading);
    const animation = () =>
      page.evaluate(() => {
        const skeleton = document.querySelector('pin-control')?.shadowRoot?.querySelector('.skeleton');
        return skeleton ? getComputedStyle(skeleton, '::before').animationName : 'no skeleton';
      });
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    assert.equal(await animation(), 'pulse', 'a short pulse, stopped after a few seconds');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await animation(), 'none', 'the skeleton does not move under prefers-reduced-motion');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'pin-heading', 'focus on the panel heading');
    await audit(page, 'loading', { frame: true });

    release();
    await waitForLog(page, 'view-pin-success');
    const issuer = pinFrame(page)!;
    await issuer.locator('#pin').waitFor({ state: 'visible' });
    assert.equal(await pageNotice(page), '', 'nothing from the page: the frame shows the PIN');
    await waitForState(page, 'success');
    assert.equal(await liveRegion(page), en.successView, 'the live region says "shown" only after view-pin-success');
    await audit(page, 'view-shown', { frame: true });
    await context.close();
  });

  it('set: weak PINs refused as typed, Set PIN explains itself, focus order, success', async () => {
    const { context, page } = await openPage(main);
    await open(page, 'travel', 'set');
    const submit = page.locator('#set-pin-submit');
    assert.equal(await submit.getAttribute('aria-describedby'), 'set-pin-hint');
    await waitForLog(page, 'pin-control-ready');
    const issuer = pinFrame(page)!;
    const input = issuer.locator('#pin-input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await liveRegion(page), en.readySet);
    assert.equal(await submit.isDisabled(), true);
    assert.equal(await page.locator('#set-pin-hint').innerText(), SUBMIT_HINTS.typing);

    // Focus order: the panel's Hide button, then the issuer's input inside the element, then Set PIN.
    await page.focus('#pin-close');
    await page.keyboard.press('Tab');
    assert.equal(await settledFocus(page, 'tagName', 'PIN-CONTROL'), 'PIN-CONTROL');
    assert.equal(await settledFocus(issuer, 'id', 'pin-input'), 'pin-input');

    // Unfinished: the plain hint, no error. Refused: said at once, before any Enter.
    await page.keyboard.type('11', { delay: 30 });
    await waitForLog(page, 'pin-valid', 2);
    assert.equal(await input.getAttribute('aria-invalid'), 'false');
    await page.keyboard.type('11', { delay: 30 });
    await waitForLog(page, 'pin-valid', 4);
    assert.equal(await issuer.locator('#pin-hint').innerText(), 'Do not repeat one digit.');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await issuer.locator('#pin-hint').getAttribute('aria-live'), 'polite');
    assert.equal(await submit.isDisabled(), true);
    assert.equal(await pageNotice(page), '', 'the frame says what is wrong; the page does not repeat it');
    await audit(page, 'set-typing-invalid', { frame: true });

    await input.fill('');
    await input.pressSequentially('5739', { delay: 30 });
    await page.waitForFunction(() => !(document.getElementById('set-pin-submit') as HTMLButtonElement).disabled);
    assert.equal(await issuer.locator('#pin-hint').innerText(), PIN_ACCEPTABLE);
    assert.equal(await page.locator('#set-pin-hint').innerText(), SUBMIT_HINTS.valid);
    await input.focus();
    await page.keyboard.press('Tab');
    assert.equal(await settledFocus(page, 'id', 'set-pin-submit'), 'set-pin-submit', 'Tab leaves the frame for Set PIN');
    await audit(page, 'set-typing-valid', { frame: true });

    await submit.click();
    await waitForLog(page, 'set-pin-success');
    await page.waitForFunction(() => document.activeElement?.id === 'pin-outcome');
    assert.equal(await page.locator('#pin-outcome').innerText(), OUTCOMES.set);
    assert.equal(await page.locator('#set-pin-submit').isVisible(), false);
    assert.equal(await page.locator('li[data-card="travel"] .badge').innerText(), 'PIN set');
    await page.waitForFunction(() =>
      document.querySelector('pin-control')?.shadowRoot?.querySelector('[part="status"]')?.textContent?.includes('Keep it'),
    );
    assert.equal(await liveRegion(page), 'Your new PIN is set. Keep it to yourself.');
    await audit(page, 'set-success', { frame: true });

    // Starting the set again (as a second tab would) finds the card has its PIN: the issuer says 409.
    await page.evaluate(() => document.querySelector('pin-control')!.restart());
    await waitForState(page, 'error');
    assert.equal(await assertOneMessage(page), en.conflict);
    assert.equal(await loggedReason(page), 'conflict');
    assert.equal(await retryShown(page), false, 'no retry: the card is in the wrong state for it');
    assert.equal(await page.locator('#pin-outcome').isVisible(), false, 'the earlier success is no longer the news');
    await audit(page, 'error-conflict');
    await context.close();
  });

  // What the token endpoint (or the network before it) can answer that the
  // demo's own server does not produce on request: played by the browser's
  // request interception, one fresh element each.
  const routed: Array<{ reason: string; retry: boolean; answer: (route: Route) => Promise<void> }> = [
    {
      reason: 'forbidden',
      retry: false,
      answer: (route) => route.fulfill({ status: 403, json: { error: { code: 'origin-not-allowed', message: 'Origin not allowed.' } } }),
    },
    { reason: 'network', retry: true, answer: (route) => route.abort('connectionrefused') },
    {
      reason: 'timeout',
      retry: true,
      answer: (route) =>
        route.fulfill({ status: 504, json: { error: { code: 'upstream-timeout', message: 'The card service did not answer in time.' } } }),
    },
    {
      reason: 'invalid-response',
      retry: true,
      answer: (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"id": 42}' }),
    },
  ];
  for (const { reason, retry, answer } of routed) {
    it(`token failure "${reason}": its sentence, its retry rule, nothing from the page`, async () => {
      const { context, page } = await openPage(main);
      await page.route('**/api/pin-control/token', answer);
      await open(page, 'everyday', 'view');
      await waitForState(page, 'error');
      assert.equal(await assertOneMessage(page), en[reason as keyof typeof en]);
      assert.equal(await loggedReason(page), reason);
      assert.equal(await retryShown(page), retry);
      await audit(page, `error-${reason}`);
      await context.close();
    });
  }

  it("signed out: the token endpoint answers 401; the element says so in the page's words, the page adds nothing", async () => {
    const { context, page } = await openPage(main);
    await open(page, 'everyday', 'view');
    await waitForLog(page, 'view-pin-success');
    await context.clearCookies(); // the session is gone, as after a sign-out in another tab
    // restart() is the element's public "start over"; the token request now has no session.
    await page.evaluate(() => document.querySelector('pin-control')!.restart());
    await waitForState(page, 'error');
    // The page's override: the same instruction as its own notice below, not
    // the element's "Sign in again", which names no way to do it here.
    assert.equal(await assertOneMessage(page), NOTICES.signedOut);
    assert.equal(await loggedReason(page), 'unauthorized');
    assert.equal(await retryShown(page), false, 'no retry: it cannot succeed without signing in');
    assert.equal((await page.locator('#user-status').textContent())?.trim(), 'Signed out', 'the header no longer names her');
    await audit(page, 'error-unauthorized');

    // The page's own call fails too when a card is opened: that one the page says.
    // (The everyday card: an earlier test set the travel card's PIN, so it offers no Set PIN now.)
    await open(page, 'everyday', 'view');
    await page.locator('#pin-notice p').waitFor();
    assert.equal(await pageNotice(page), NOTICES.signedOut);
    assert.equal(await page.locator('pin-control').count(), 0);
    await audit(page, 'card-signed-out');
    await context.close();
  });

  it('rate limited: the 11th token in a minute answers 429', async () => {
    const { context, page } = await openPage(main);
    const statuses = await page.evaluate(async () => {
      const seen: number[] = [];
      for (let i = 0; i < 10; i += 1) {
        const response = await fetch('/api/pin-control/token', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'pin-control' },
          body: JSON.stringify({ scope: 'VIEW_PIN' }),
        });
        seen.push(response.status);
      }
      return seen;
    });
    assert.ok(
      statuses.every((status) => status === 200 || status === 201),
      statuses.join(),
    );
    await open(page, 'everyday', 'view');
    await waitForState(page, 'error');
    assert.equal(await assertOneMessage(page), en['rate-limited']);
    assert.equal(await loggedReason(page), 'rate-limited');
    assert.equal(await retryShown(page), false, 'no retry before the wait is over');
    assert.match(await page.locator('pin-control [part="wait"]').innerText(), /^Wait \d+ seconds?, then try again\.$/);
    await audit(page, 'error-rate-limited');
    await context.close();
  });

  // ---- a sandbox that goes away and comes back -----------------------------

  describe('with a sandbox that stops and starts again', () => {
    let port: number;
    let sandbox: RunningSandbox | undefined;
    let outage: RunningDemo;
    let refused: RunningDemo;
    let unregistered: RunningDemo;
    const seed = loadSeed({});

    const startOwnSandbox = async (hostOrigins: string[]) => {
      sandbox = await startSandbox({
        port,
        tokenTtlMs: SHORT_TTL_MS,
        clients: seed.clients.map((client) => ({ ...client, origins: [...client.origins, ...hostOrigins] })),
        log: () => {},
      });
    };

    before(async () => {
      port = await freePort();
      const issuer = {
        PIN_CONTROL_API_BASE: `http://127.0.0.1:${port}`,
        PIN_CONTROL_USERNAME: seed.credentials.username,
        PIN_CONTROL_PASSWORD: seed.credentials.password,
        PIN_CONTROL_KEY: 'demo',
      };
      outage = await startDemo({ hostPort: 0, env: issuer, ...quiet });
      // A frame origin the token's pinFrameURL does not match: the element must refuse the frame.
      refused = await startDemo({ hostPort: 0, env: { ...issuer, PIN_CONTROL_FRAME_ORIGIN: 'http://127.0.0.1:9' }, ...quiet });
      // A key the issuer does not know: its frame URL answers a refusal page that cannot be framed.
      unregistered = await startDemo({ hostPort: 0, env: { ...issuer, PIN_CONTROL_KEY: 'not-registered' }, ...quiet });
      await startOwnSandbox([outage.hostOrigin, refused.hostOrigin, unregistered.hostOrigin]);
    });

    after(async () => {
      await sandbox?.close();
      await outage?.close();
      await refused?.close();
      await unregistered?.close();
    });

    it('a set whose id expired starts again with a fresh field and says so until the cardholder types', async () => {
      const { context, page } = await openPage(outage);
      await open(page, 'travel', 'set');
      await waitForLog(page, 'pin-control-ready');
      const input = pinFrame(page)!.locator('#pin-input');
      await input.waitFor({ state: 'visible' });
      await input.pressSequentially('5739', { delay: 30 });
      await page.waitForFunction(() => !(document.getElementById('set-pin-submit') as HTMLButtonElement).disabled);
      await page.waitForTimeout(SHORT_TTL_MS + 300); // the cardholder is slow: the id expires
      await page.click('#set-pin-submit');
      await waitForLog(page, 'set-pin-error');
      await waitForLog(page, 'pin-control-ready', 2);
      await pinFrame(page)!.locator('#pin-input').waitFor({ state: 'visible' });
      // One message per problem: the element's expiry notice says it, the page adds nothing.
      await elementNotice(page).waitFor({ state: 'visible' });
      assert.equal(await elementNotice(page).locator('p').innerText(), en.expiredNotice);
      assert.equal(await liveRegion(page), en.expiredNotice, 'the live region says the notice once');
      assert.equal(
        await page.locator('#pin-notice').evaluate((notice) => notice.childElementCount),
        0,
        'no second notice from the host page',
      );
      assert.equal(await pageNotice(page), '');
      assert.equal(await page.locator('#set-pin-submit').isDisabled(), true);
      await audit(page, 'set-restarted', { frame: true });
      // What the audit and the screenshots saw: the element's notice, still alone.
      assert.equal(await elementNotice(page).isVisible(), true, 'the screenshots show the notice of the element');
      assert.equal(await page.locator('#pin-notice').evaluate((notice) => notice.childElementCount), 0);

      // The first keystroke in the fresh field clears it. (Setting is not tried again here: with
      // 8-second ids a busy machine could expire this one too; the main set test covers success.)
      await pinFrame(page)!.locator('#pin-input').pressSequentially('5', { delay: 30 });
      await waitForLog(page, 'pin-valid', 5);
      await elementNotice(page).waitFor({ state: 'detached' });
      assert.equal(await pageNotice(page), '', 'and the page still says nothing');
      await context.close();
    });

    it('token endpoint down, then a retry after the sandbox is back: the PIN and no stale notice', async () => {
      await sandbox!.close();
      sandbox = undefined;
      const { context, page } = await openPage(outage);
      await open(page, 'everyday', 'view');
      await waitForState(page, 'error');
      assert.equal(await assertOneMessage(page), en.unavailable);
      assert.equal(await loggedReason(page), 'unavailable');
      assert.equal(await retryShown(page), true);
      await audit(page, 'error-unavailable');

      await startOwnSandbox([outage.hostOrigin, refused.hostOrigin, unregistered.hostOrigin]);
      await page.locator('pin-control [part="retry"]').click();
      await waitForLog(page, 'view-pin-success');
      await pinFrame(page)!.locator('#pin').waitFor({ state: 'visible' });
      assert.equal(await pageNotice(page), '', 'no stale notice under the PIN');
      assert.equal(await page.locator('#pin-outcome').isVisible(), false);
      assert.equal(await errorPanel(page), '');
      // Nor a stale word from the element: no error box, retry button or notice, and its live region says "shown".
      await waitForState(page, 'success');
      assert.equal(await page.locator('pin-control [part="error"]').count(), 0, 'no error box left in the element');
      assert.equal(await page.locator('pin-control [part="retry"]').count(), 0, 'no retry button left');
      assert.equal(await elementNotice(page).count(), 0, 'no notice in the element');
      assert.equal(await liveRegion(page), en.successView, 'the live region no longer says the service is unavailable');
      await audit(page, 'recovered-after-retry', { frame: true });
      await context.close();
    });

    it('frame origin refused: the token names a frame outside frame-origins', async () => {
      const { context, page } = await openPage(refused);
      await open(page, 'everyday', 'view');
      await waitForState(page, 'error');
      assert.equal(await assertOneMessage(page), en['frame-origin-refused']);
      await audit(page, 'error-frame-origin-refused');
      await context.close();
    });

    it('frame unresponsive: a key the issuer does not know, so the frame never answers (after frame-timeout and a retry)', async () => {
      const { context, page } = await openPage(unregistered);
      await open(page, 'everyday', 'view');
      await waitForLog(page, 'pin-control-ready');
      assert.equal(await liveRegion(page), en.readyView, 'no claim that the PIN is shown');
      await page.waitForFunction(() => document.querySelector('pin-control')?.state === 'error', undefined, { timeout: 60_000 });
      assert.equal(await assertOneMessage(page), en['frame-unresponsive']);
      assert.match((await page.locator('#event-log li[data-event="pin-control-error"]').first().textContent()) ?? '', /frame-unresponsive/);
      await audit(page, 'error-frame-unresponsive');
      await context.close();
    });
  });

  it('every audited state had 0 violations', () => {
    const failing = [...audits].filter(([, found]) => found.length > 0);
    assert.deepEqual(failing, []);
    assert.ok(audits.size >= 19, `${audits.size} states audited`);
  });
});
