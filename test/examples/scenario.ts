// The one scenario every example app must pass (CONTRACT.md, "The app's UI"):
// the same steps, the same data-testid elements, whatever framework rendered
// them, in Chromium, Firefox ESR and WebKitGTK (scenario-page.ts drives each).
// Run by scripts/test-examples.mjs. Each step throws with its name and what it
// saw, so a failure says which promise of the contract broke.
import type { ScenarioBrowser, ScenarioPage } from './scenario-page.js';

/** What the sandbox holds for the examples' one plastic, and what the scenario types. */
export const SCENARIO = {
  plasticId: '9000000000000001',
  seedPin: '6394',
  newPin: '5739',
  frameKey: 'demo',
  accentColor: '#6a1b9a',
} as const;

const STEP_TIMEOUT_MS = 20_000;
const TOKEN_PATH = '/api/pin-control/token';
/** How late the set flow's token answer comes (the element gives up after 10 s by default). */
const SLOW_TOKEN_MS = 2500;

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
 * Opens `url` in a fresh page of `browser` and walks the contract's steps.
 * `screenshotDir` receives `<name>-<engine>-loading.png` while the slow token
 * is on its way, `<name>-<engine>-failure.png` when a step fails and
 * `<name>-<engine>-done.png` at the end.
 */
export async function runScenario(browser: ScenarioBrowser, url: string, name: string, screenshotDir: string): Promise<ScenarioResult> {
  const page = await browser.newPage();
  const shot = (what: string) => `${screenshotDir}/${name}-${page.engine}-${what}.png`;
  const steps: ScenarioResult['steps'] = [];
  let current = 'open';

  async function step(stepName: string, body: () => Promise<void>): Promise<void> {
    current = stepName;
    const started = performance.now();
    await body();
    const uncaught = await page.pageErrors();
    if (uncaught.length > 0) throw new Error(`uncaught error in the page: ${uncaught.join(' | ')}`);
    steps.push({ name: stepName, ms: Math.round(performance.now() - started) });
  }

  try {
    await step('open', () => page.goto(url));

    await step('the tag upgrades', async () => {
      await waitFor(page, 'the tag to upgrade', () => {
        const element = document.querySelector('pin-control');
        const defined = customElements.get('pin-control');
        return !!element && !!defined && element instanceof defined;
      });
      const count = await page.evaluate(() => document.querySelectorAll('pin-control').length, undefined);
      if (count !== 1) throw new Error(`expected exactly one <pin-control>, found ${count}`);
    });

    await step('the frame URL has key=demo', async () => {
      const src = await waitFor(
        page,
        'an iframe in <pin-control>',
        () => document.querySelector('pin-control')?.shadowRoot?.querySelector('iframe')?.src || null,
      );
      const frameUrl = new URL(src);
      const key = frameUrl.searchParams.get('key');
      if (key !== SCENARIO.frameKey) throw new Error(`frame URL ${frameUrl.origin}${frameUrl.pathname} has key=${key ?? '(none)'}`);
    });

    await step('the frame shows the seed PIN', async () => {
      const shown = await waitFor(
        page,
        'the frame to show a PIN',
        () => {
          const pin = document.querySelector<HTMLElement>('#pin');
          return pin && pin.offsetParent !== null && /\d/.test(pin.innerText) ? pin.innerText : null;
        },
        undefined,
        { inFrame: true },
      );
      const digits = shown.replace(/\D/g, '');
      if (digits !== SCENARIO.seedPin) throw new Error(`frame shows "${digits}", expected ${SCENARIO.seedPin}`);
    });

    await step('events list: pin-control-ready, view-pin-success', async () => {
      await waitForEvent(page, 'pin-control-ready');
      await waitForEvent(page, 'view-pin-success');
      await expectOutput(page, 'unknown');
    });

    await step('the CSS variable is on the element and reached the frame', async () => {
      const onElement = await page.evaluate(
        () => getComputedStyle(document.querySelector('pin-control')!).getPropertyValue('--pin-control-accent-color').trim(),
        undefined,
      );
      if (onElement.toLowerCase() !== SCENARIO.accentColor) {
        throw new Error(`element's --pin-control-accent-color is "${onElement}", expected ${SCENARIO.accentColor}`);
      }
      // The frame applies the theme it is sent as custom properties on its root (sandbox/client/page-view.ts).
      await waitFor(
        page,
        `the frame's --pin-control-accent-color to be ${SCENARIO.accentColor}`,
        (wanted) => document.documentElement.style.getPropertyValue('--pin-control-accent-color').trim().toLowerCase() === wanted,
        SCENARIO.accentColor,
        { inFrame: true, timeoutMs: 5000 },
      );
    });

    // A slow backend: the set flow's token answer comes 2.5 s late. Until
    // then the cardholder reads that it is loading, and the app offers no Set PIN.
    await step('switch to set with a slow token endpoint: loading, then ready', async () => {
      if (!(await isDisabled(page, 'set-pin'))) throw new Error('set-pin is enabled before pin-valid is true');
      await page.interceptRequests(TOKEN_PATH, { delayMs: SLOW_TOKEN_MS });
      const clicked = Date.now();
      await page.click('[data-testid="switch-to-set"]');
      await waitFor(page, 'mode to become set', () => {
        const element = document.querySelector('pin-control') as (HTMLElement & { mode?: string }) | null;
        return element?.getAttribute('mode') === 'set' || element?.mode === 'set';
      });
      await new Promise((resolve) => setTimeout(resolve, SLOW_TOKEN_MS / 2));
      const waiting = await page.evaluate(() => {
        const element = document.querySelector('pin-control') as (HTMLElement & { state?: string }) | null;
        return {
          state: element?.state,
          busy: element?.shadowRoot?.querySelector('[part="container"]')?.getAttribute('aria-busy'),
          status: element?.shadowRoot?.querySelector<HTMLElement>('[part="status"]')?.innerText.trim(),
          setPinDisabled: document.querySelector<HTMLButtonElement>('[data-testid="set-pin"]')?.disabled,
        };
      }, undefined);
      await page.screenshot(shot('loading'));
      const expected = { state: 'loading', busy: 'true', status: 'Loading the secure PIN view…', setPinDisabled: true };
      if (Object.entries(expected).some(([key, value]) => waiting[key as keyof typeof waiting] !== value)) {
        throw new Error(`while the token is on its way: ${JSON.stringify(waiting)}, expected ${JSON.stringify(expected)}`);
      }
      await waitForEvent(page, 'pin-control-ready', 2);
      const readyAfter = Date.now() - clicked;
      if (readyAfter < SLOW_TOKEN_MS) throw new Error(`ready ${readyAfter} ms after the click, before the token's answer`);
      await page.interceptRequests(TOKEN_PATH, undefined);
    });

    await step('real keystrokes in the frame: pin-valid true', async () => {
      await waitFor(page, 'the PIN input', () => document.querySelector<HTMLElement>('#pin-input')?.offsetParent != null, undefined, {
        inFrame: true,
      });
      await page.typeInFrame('#pin-input', SCENARIO.newPin);
      await waitForEvent(page, 'pin-valid: true');
      await expectOutput(page, 'true');
      await waitFor(
        page,
        'set-pin to be enabled',
        () => document.querySelector<HTMLButtonElement>('[data-testid="set-pin"]')?.disabled === false,
      );
    });

    await step('set-pin: set-pin-success', async () => {
      await page.click('[data-testid="set-pin"]');
      await waitForEvent(page, 'set-pin-success');
    });

    // The app's own tokenProvider must pass the endpoint's status on (README,
    // "A tokenProvider reports why it failed"): without it a signed-out
    // cardholder reads "No connection" and gets a retry that cannot work.
    await step('signed out: a 401 from the token endpoint reads as signed out, with no retry', async () => {
      await page.interceptRequests(TOKEN_PATH, { status: 401, body: '{"error":{"code":"unauthorized"}}' });
      await page.evaluate(() => (document.querySelector('pin-control') as HTMLElement & { restart(): void }).restart(), undefined);
      await waitForEvent(page, 'pin-control-error: token-request-failed');
      const shown = await waitFor(page, "the element's error message", () => {
        const error = document.querySelector('pin-control')?.shadowRoot?.querySelector<HTMLElement>('[part="error"]');
        return error?.innerText.trim() || null;
      });
      if (!shown.includes('no longer signed in')) throw new Error(`the element shows "${shown}", not the signed-out message`);
      const retries = await page.evaluate(
        () => document.querySelector('pin-control')?.shadowRoot?.querySelectorAll('[part="retry"]').length ?? 0,
        undefined,
      );
      if (retries > 0) throw new Error('a retry button for a signed-out session');
      // The app forgets the last pin-valid: no Set PIN for a frame that is gone.
      await expectOutput(page, 'unknown');
      if (!(await isDisabled(page, 'set-pin'))) throw new Error('set-pin is enabled after the flow failed');
    });

    await step('no CSP or Trusted Types violation', async () => {
      const violations = await page.violations();
      if (violations.length > 0) {
        throw new Error(violations.map((v) => `${v.frame} ${v.directive} blocked ${v.blocked || v.sample}`).join('; '));
      }
    });

    await page.screenshot(shot('done'));
    return { steps, consoleErrors: page.consoleErrors() };
  } catch (error) {
    const screenshot = shot('failure');
    await page.screenshot(screenshot).catch(() => {});
    const events = await page
      .evaluate(
        () => [...document.querySelectorAll('[data-testid="events"] > li')].map((li) => li.textContent?.trim()).join('\n'),
        undefined,
      )
      .catch(() => '(no events list)');
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const consoleErrors = page.consoleErrors();
    const extra = consoleErrors.length > 0 ? `; console errors: ${consoleErrors.join(' | ')}` : '';
    throw new ScenarioError(current, `${detail}; events list: ${JSON.stringify(events)}${extra}`, screenshot);
  } finally {
    await page.close();
  }
}

/**
 * Runs `check` in the page every 100 ms until it returns something truthy, and
 * returns that; throws "never saw <what>" after `timeoutMs`. A check that
 * throws (a page mid-navigation, a frame not there yet) counts as not yet.
 */
async function poll<R>(what: string, check: () => Promise<R | null | undefined | false>, timeoutMs: number): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    }
    if (Date.now() > deadline)
      throw new Error(`never saw ${what} within ${timeoutMs / 1000} s${lastError ? ` (last error: ${lastError})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `poll` of `fn` in the page, or with `inFrame` in the element's frame. */
function waitFor<R, A = undefined>(
  page: ScenarioPage,
  what: string,
  fn: (arg: A) => R | null | undefined | false,
  arg?: A,
  { inFrame = false, timeoutMs = STEP_TIMEOUT_MS } = {},
): Promise<R> {
  return poll(what, () => (inFrame ? page.evaluateInFrame(fn, arg as A) : page.evaluate(fn, arg as A)), timeoutMs);
}

function isDisabled(page: ScenarioPage, testId: string): Promise<boolean> {
  return page.evaluate((id) => document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)?.disabled === true, testId);
}

/** Waits until `<ul data-testid="events">` holds `count` `<li>` whose text is exactly `text`. */
async function waitForEvent(page: ScenarioPage, text: string, count = 1): Promise<void> {
  await waitFor(
    page,
    `${count > 1 ? `${count}× ` : ''}"${text}" in the events list`,
    ([wanted, n]) =>
      [...document.querySelectorAll('[data-testid="events"] > li')].filter((li) => li.textContent?.trim() === wanted).length >= n,
    [text, count] as const,
  );
}

/** Waits (frameworks render asynchronously) until `<output data-testid="pin-valid">` says `expected`. */
async function expectOutput(page: ScenarioPage, expected: string): Promise<void> {
  try {
    await waitFor(
      page,
      `pin-valid ${expected}`,
      (wanted) => document.querySelector('[data-testid="pin-valid"]')?.textContent?.trim() === wanted,
      expected,
    );
  } catch {
    const text = await page
      .evaluate(() => document.querySelector('[data-testid="pin-valid"]')?.textContent ?? null, undefined)
      .catch(() => null);
    throw new Error(`<output data-testid="pin-valid"> says ${JSON.stringify(text?.trim() ?? null)}, expected "${expected}"`);
  }
}
