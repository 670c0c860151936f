// The few things the examples' scenario does to a page, in each of the three
// engines: Chromium and Firefox ESR through puppeteer-core (DevTools protocol
// and WebDriver BiDi), WebKitGTK's MiniBrowser through WebKitWebDriver
// (WebDriver classic, via test/e2e/support/webkit.ts). Clicks and keystrokes
// are real input events; everything else is a script run in the page or in
// the element's frame.
import type { Browser, ElementHandle, Frame } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { ENGINES, findFirefox, howToGet } from '../../scripts/engines.mjs';
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';
import { recordedViolations, recordViolations, type SeenViolation } from '../e2e/support/violations.js';
import { launchWebKit } from '../e2e/support/webkit.js';
import { InterceptRules, startInterceptingProxy, type InterceptingProxy, type InterceptRule } from './intercepting-proxy.js';

export type Engine = (typeof ENGINES)[number];

/** A function run in the page or frame: no closures, one JSON argument. */
type InPage<A, R> = (arg: A) => R | Promise<R>;

export interface ScenarioPage {
  readonly engine: Engine;
  goto(url: string): Promise<void>;
  evaluate<A, R>(fn: InPage<A, R>, arg: A): Promise<R>;
  /** Runs `fn` in the iframe inside `<pin-control>`'s shadow root (whichever it is now). */
  evaluateInFrame<A, R>(fn: InPage<A, R>, arg: A): Promise<R>;
  /** A real click on the page's element matching `selector`. */
  click(selector: string): Promise<void>;
  /** A real click on the frame's `selector`, then real keystrokes, one character at a time. */
  typeInFrame(selector: string, text: string): Promise<void>;
  /**
   * From now on `POST path` goes to the server `delayMs` late, or is answered
   * `status` with a JSON `body` whatever the server would say; `undefined`
   * sends it straight on again.
   */
  interceptRequests(path: string, rule: InterceptRule | undefined): Promise<void>;
  /** CSP and Trusted Types violations seen so far, in the page and in the frame. */
  violations(): Promise<SeenViolation[]>;
  /** Uncaught errors in the page so far; console errors (reported, not failed). */
  pageErrors(): Promise<string[]>;
  consoleErrors(): string[];
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface ScenarioBrowser {
  readonly engine: Engine;
  /** What this engine's driver cannot see, said once per run (empty when it sees everything). */
  readonly blindSpots: readonly string[];
  newPage(): Promise<ScenarioPage>;
  close(): Promise<void>;
}

const VIEWPORT = { width: 1100, height: 900 };

/** Launches `engine`, or throws the one line saying what to install. */
export async function launchEngine(engine: Engine): Promise<ScenarioBrowser> {
  if (engine === 'webkit') return webkitBrowser();
  const executablePath = engine === 'chromium' ? findChrome() : findFirefox();
  if (!executablePath) throw new Error(howToGet(engine));
  const browser =
    engine === 'chromium'
      ? await puppeteer.launch({ executablePath, args: CHROME_ARGS.filter((arg) => !arg.startsWith('--headless')), headless: true })
      : await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
  return {
    engine,
    blindSpots: [],
    newPage: () => puppeteerPage(engine, browser),
    close: () => browser.close(),
  };
}

async function puppeteerPage(engine: Engine, browser: Browser): Promise<ScenarioPage> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(VIEWPORT);
  await page.evaluateOnNewDocument(recordViolations);
  const uncaught: string[] = [];
  const consoleErrors: string[] = [];
  const intercepts = new InterceptRules();
  let intercepting = false;
  page.on('pageerror', (error) => uncaught.push(error instanceof Error ? error.message : String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  async function frame(): Promise<Frame> {
    const handle = await page.evaluateHandle(() => document.querySelector('pin-control')?.shadowRoot?.querySelector('iframe') ?? null);
    const element = handle.asElement() as ElementHandle<HTMLIFrameElement> | null;
    const content = await element?.contentFrame();
    await handle.dispose();
    if (!content) throw new Error('no iframe in <pin-control> yet');
    return content;
  }

  return {
    engine,
    async goto(url) {
      await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    },
    evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => never, arg),
    evaluateInFrame: async (fn, arg) => (await frame()).evaluate(fn as (arg: unknown) => never, arg),
    click: (selector) => page.click(selector),
    async typeInFrame(selector, text) {
      const content = await frame();
      await content.click(selector);
      await content.type(selector, text, { delay: 40 });
    },
    async interceptRequests(path, rule) {
      if (!intercepting) {
        intercepting = true;
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          if (request.isInterceptResolutionHandled()) return;
          const found = intercepts.ruleFor(request.method(), request.url());
          if (found && 'status' in found) void request.respond({ status: found.status, contentType: 'application/json', body: found.body });
          else setTimeout(() => void request.continue(), found?.delayMs ?? 0);
        });
      }
      intercepts.set(path, rule);
    },
    async violations() {
      const found: SeenViolation[] = [];
      for (const each of page.frames()) {
        const list = await each.evaluate(recordedViolations).catch(() => []);
        for (const violation of list) found.push({ frame: new URL(each.url()).origin, ...violation });
      }
      return found;
    },
    pageErrors: async () => uncaught,
    consoleErrors: () => consoleErrors,
    screenshot: async (path) => void (await page.screenshot({ path, fullPage: true })),
    close: () => context.close(),
  };
}

// WebDriver classic runs no script before the page's own and has no console
// or network access: violations and uncaught errors are recorded from the
// moment the scenario first looks at a document. A proxy on loopback that the
// browser is told to use delays or answers requests, and collects the reports
// of every header CSP, whose violations before that moment are thus seen too.
const WEBKIT_BLIND_SPOTS = [
  'uncaught errors, and CSP violations of a <meta> policy, count from the load event on (WebDriver classic has no init script; header policies report to the proxy)',
  'console errors are not seen',
];

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Records uncaught errors from now on in the document it runs in. */
function recordErrors(): void {
  const record = window as unknown as { __errors?: string[] };
  if (record.__errors) return;
  const errors: string[] = (record.__errors = []);
  window.addEventListener('error', (event) => errors.push(event.message));
  window.addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
}

function webkitBrowser(): ScenarioBrowser {
  return {
    engine: 'webkit',
    blindSpots: WEBKIT_BLIND_SPOTS,
    // MiniBrowser has no separate contexts: a session (a fresh MiniBrowser, with its own proxy) per page.
    async newPage() {
      const proxy = await startInterceptingProxy();
      try {
        return webkitPage(await launchWebKit('about:blank', { httpProxy: proxy.address }), proxy);
      } catch (error) {
        await proxy.close();
        throw error;
      }
    },
    close: async () => {},
  };
}

function webkitPage(session: Awaited<ReturnType<typeof launchWebKit>>, proxy: InterceptingProxy): ScenarioPage {
  const { browser } = session;

  async function inFrame<R>(body: () => Promise<R>): Promise<R> {
    const iframe = await browser.execute(() => document.querySelector('pin-control')?.shadowRoot?.querySelector('iframe') ?? null);
    if (!iframe) throw new Error('no iframe in <pin-control> yet');
    await browser.switchFrame(iframe);
    try {
      await session.evaluate(recordViolations, undefined);
      return await body();
    } finally {
      await browser.switchToParentFrame();
    }
  }

  return {
    engine: 'webkit',
    async goto(url) {
      await browser.setWindowSize(VIEWPORT.width, VIEWPORT.height).catch(() => {});
      await browser.url(url);
      await session.evaluate(recordViolations, undefined);
      await session.evaluate(recordErrors, undefined);
    },
    evaluate: (fn, arg) => session.evaluate(fn, arg),
    evaluateInFrame: (fn, arg) => inFrame(() => session.evaluate(fn, arg)),
    click: (selector) => browser.$(selector).click(),
    typeInFrame: (selector, text) =>
      inFrame(async () => {
        await browser.$(selector).click();
        for (const key of text) {
          await browser.keys(key);
          await browser.pause(40);
        }
      }),
    interceptRequests: async (path, rule) => proxy.intercept(path, rule),
    async violations() {
      // One document at a time: the session has one current frame.
      const inDocument = async (): Promise<SeenViolation[]> => {
        const origin = await session.evaluate(() => location.origin, undefined);
        return (await session.evaluate(recordedViolations, undefined)).map((violation) => ({ frame: origin, ...violation }));
      };
      const reported = proxy
        .cspReports()
        .map(({ document, directive, blocked }) => ({ frame: originOf(document), directive, blocked, sample: '' }));
      const seen = [...(await inDocument()), ...(await inFrame(inDocument).catch(() => [])), ...reported];
      // A violation after the load event is both seen in its document and reported (its URL cut to origin + path).
      const key = ({ frame, directive, blocked }: SeenViolation) => `${frame} ${directive} ${originOf(blocked)}`;
      return [...new Map(seen.map((violation) => [key(violation), violation])).values()];
    },
    pageErrors: () => session.evaluate(() => (window as unknown as { __errors?: string[] }).__errors ?? [], undefined),
    consoleErrors: () => [],
    screenshot: async (path) => void (await browser.saveScreenshot(path)),
    close: () => session.close().finally(() => proxy.close()),
  };
}
