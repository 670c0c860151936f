// The one scenario every example app must pass (CONTRACT.md, "The app's UI"):
// the same steps, the same data-testid elements, whatever framework rendered
// them. Driven by scripts/test-examples.mjs in Debian's Chromium through
// playwright-core. Each step throws with its name and what it saw, so a
// failure says which promise of the contract broke.
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { violationsIn, watchViolations } from '../e2e/support/violations.js';

/** What the sandbox holds for the examples' one plastic, and what the scenario types. */
export const SCENARIO = {
  plasticId: '9000000000000001',
  seedPin: '6394',
  newPin: '5739',
  frameKey: 'demo',
  accentColor: '#6a1b9a',
} as const;

const STEP_TIMEOUT_MS = 20_000;

export interface ScenarioResult {
  steps: Array<{ name: string; ms: number }>;
  /** Console errors seen on the page (reported, not failed: a framework may log its own). */
  consoleErrors: string[];
}

export class ScenarioError extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly screenshot?: string,
  ) {
    super(`${step}: ${message}`);
  }
}

/**
 * Opens `url` in a fresh context and walks the contract's steps. `screenshotDir`
 * receives `<name>-failure.png` when a step fails and `<name>-done.png` at the end.
 */
export async function runScenario(browser: Browser, url: string, name: string, screenshotDir: string): Promise<ScenarioResult> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await watchViolations(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const steps: ScenarioResult['steps'] = [];
  let current = 'open';

  async function step(stepName: string, body: () => Promise<void>): Promise<void> {
    current = stepName;
    const started = performance.now();
    await body();
    if (pageErrors.length > 0) throw new Error(`uncaught error in the page: ${pageErrors.join(' | ')}`);
    steps.push({ name: stepName, ms: Math.round(performance.now() - started) });
  }

  try {
    await step('open', async () => {
      await page.goto(url, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
    });

    await step('the tag upgrades', async () => {
      await page.waitForFunction(
        () => {
          const element = document.querySelector('pin-control');
          return !!element && customElements.get('pin-control') !== undefined && element instanceof customElements.get('pin-control')!;
        },
        undefined,
        { timeout: STEP_TIMEOUT_MS },
      );
      const count = await page.locator('pin-control').count();
      if (count !== 1) throw new Error(`expected exactly one <pin-control>, found ${count}`);
    });

    await step('the frame URL has key=demo', async () => {
      const src = await page.waitForFunction(
        () => document.querySelector('pin-control')?.shadowRoot?.querySelector('iframe')?.src || null,
        undefined,
        { timeout: STEP_TIMEOUT_MS },
      );
      const frameUrl = new URL((await src.jsonValue()) as string);
      const key = frameUrl.searchParams.get('key');
      if (key !== SCENARIO.frameKey) throw new Error(`frame URL ${frameUrl.origin}${frameUrl.pathname} has key=${key ?? '(none)'}`);
    });

    await step('the frame shows the seed PIN', async () => {
      const pin = frame(page).locator('#pin');
      await pin.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const shown = (await pin.innerText()).replace(/\D/g, '');
      if (shown !== SCENARIO.seedPin) throw new Error(`frame shows "${shown}", expected ${SCENARIO.seedPin}`);
    });

    await step('events list: pin-control-ready, view-pin-success', async () => {
      await waitForEvent(page, 'pin-control-ready');
      await waitForEvent(page, 'view-pin-success');
      await expectOutput(page, 'unknown');
    });

    await step('the CSS variable is on the element and reached the frame', async () => {
      const onElement = await page
        .locator('pin-control')
        .evaluate((element) => getComputedStyle(element).getPropertyValue('--pin-control-accent-color').trim());
      if (onElement.toLowerCase() !== SCENARIO.accentColor) {
        throw new Error(`element's --pin-control-accent-color is "${onElement}", expected ${SCENARIO.accentColor}`);
      }
      // The frame applies the theme it is sent as custom properties on its root (sandbox/client/page-view.ts).
      const deadline = Date.now() + 5000;
      let inFrame = '';
      while (Date.now() < deadline) {
        inFrame = await frame(page)
          .locator('html')
          .evaluate((root) => root.style.getPropertyValue('--pin-control-accent-color').trim());
        if (inFrame.toLowerCase() === SCENARIO.accentColor) return;
        await page.waitForTimeout(100);
      }
      throw new Error(`frame's --pin-control-accent-color is "${inFrame}", expected ${SCENARIO.accentColor}`);
    });

    await step('switch to set', async () => {
      const setPin = page.getByTestId('set-pin');
      if (!(await setPin.isDisabled())) throw new Error('set-pin is enabled before pin-valid is true');
      await page.getByTestId('switch-to-set').click();
      await page.waitForFunction(
        () =>
          document.querySelector('pin-control')?.getAttribute('mode') === 'set' ||
          (document.querySelector('pin-control') as { mode?: string } | null)?.mode === 'set',
        undefined,
        {
          timeout: STEP_TIMEOUT_MS,
        },
      );
      await waitForEvent(page, 'pin-control-ready', 2);
    });

    await step('real keystrokes in the frame: pin-valid true', async () => {
      const input = frame(page).locator('#pin-input');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await input.click();
      await input.pressSequentially(SCENARIO.newPin, { delay: 40 });
      await waitForEvent(page, 'pin-valid: true');
      await expectOutput(page, 'true');
      await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="set-pin"]')?.disabled, undefined, {
        timeout: STEP_TIMEOUT_MS,
      });
    });

    await step('set-pin: set-pin-success', async () => {
      await page.getByTestId('set-pin').click();
      await waitForEvent(page, 'set-pin-success');
    });

    // The app's own tokenProvider must pass the endpoint's status on (README,
    // "A tokenProvider reports why it failed"): without it a signed-out
    // cardholder reads "No connection" and gets a retry that cannot work.
    await step('signed out: a 401 from the token endpoint reads as signed out, with no retry', async () => {
      await page.route('**/api/pin-control/token', (route) =>
        route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"code":"unauthorized"}}' }),
      );
      await page.locator('pin-control').evaluate((element) => (element as HTMLElement & { restart(): void }).restart());
      await waitForEvent(page, 'pin-control-error: token-request-failed');
      const shown = await page.locator('pin-control [part="error"]').innerText({ timeout: STEP_TIMEOUT_MS });
      if (!shown.includes('no longer signed in')) throw new Error(`the element shows "${shown.trim()}", not the signed-out message`);
      if ((await page.locator('pin-control [part="retry"]').count()) > 0) throw new Error('a retry button for a signed-out session');
      // The app forgets the last pin-valid: no Set PIN for a frame that is gone.
      await expectOutput(page, 'unknown');
      if (!(await page.getByTestId('set-pin').isDisabled())) throw new Error('set-pin is enabled after the flow failed');
    });

    await step('no CSP or Trusted Types violation', async () => {
      const violations = await violationsIn(page);
      if (violations.length > 0) {
        throw new Error(violations.map((v) => `${v.frame} ${v.directive} blocked ${v.blocked || v.sample}`).join('; '));
      }
    });

    await page.screenshot({ path: `${screenshotDir}/${name}-done.png`, fullPage: true });
    return { steps, consoleErrors };
  } catch (error) {
    const screenshot = `${screenshotDir}/${name}-failure.png`;
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    const events = await page
      .getByTestId('events')
      .allInnerTexts()
      .catch(() => ['(no events list)']);
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const extra = consoleErrors.length > 0 ? `; console errors: ${consoleErrors.join(' | ')}` : '';
    throw new ScenarioError(current, `${detail}; events list: ${JSON.stringify(events.join('\n'))}${extra}`, screenshot);
  } finally {
    await context.close();
  }
}

const frame = (page: Page): FrameLocator => page.frameLocator('pin-control iframe');

/** Waits until `<ul data-testid="events">` holds `count` `<li>` whose text is exactly `text`. */
async function waitForEvent(page: Page, text: string, count = 1): Promise<void> {
  try {
    await page.waitForFunction(
      ([wanted, n]) =>
        [...document.querySelectorAll('[data-testid="events"] > li')].filter((li) => li.textContent?.trim() === wanted).length >= n,
      [text, count] as const,
      { timeout: STEP_TIMEOUT_MS },
    );
  } catch {
    throw new Error(`the events list never got ${count > 1 ? `${count}× ` : ''}"${text}"`);
  }
}

/** Waits (frameworks render asynchronously) until `<output data-testid="pin-valid">` says `expected`. */
async function expectOutput(page: Page, expected: string): Promise<void> {
  try {
    await page.waitForFunction((wanted) => document.querySelector('[data-testid="pin-valid"]')?.textContent?.trim() === wanted, expected, {
      timeout: STEP_TIMEOUT_MS,
    });
  } catch {
    const text = await page
      .getByTestId('pin-valid')
      .textContent()
      .catch(() => null);
    throw new Error(`<output data-testid="pin-valid"> says ${JSON.stringify(text?.trim() ?? null)}, expected "${expected}"`);
  }
}
