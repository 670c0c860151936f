// Benchmarks 1 and 2, in Debian's Chromium through playwright-core.
import type { Frame, Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';
import { startBenchHost, type BenchHost } from './host.js';
import { interleave, median, pairedResult, type BenchResult, type InterleaveOptions } from './stats.js';

export interface BrowserBenchOptions {
  tokenDelayMs: number;
  floodSize: number;
  /** Floods per set-up (one sample is their median): from the page, from the frame. */
  floodRepeats: { page: number; frame: number };
  preload: InterleaveOptions;
  /** 2a. */
  flood: InterleaveOptions;
  /** 2b (slower per pair: the page is held while the frame posts). */
  floodFrame: InterleaveOptions;
  /** How long the page's main thread is held while the frame posts its flood. */
  floodHoldMs: number;
}

async function sandboxFrame(page: Page, host: BenchHost): Promise<Frame> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const frame = page.frames().find((candidate) => !candidate.isDetached() && candidate.url().startsWith(`${host.sandboxOrigin}/`));
    if (frame) return frame;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the sandbox frame never appeared');
}

export async function runBrowserBenchmarks(
  options: BrowserBenchOptions,
  log: (line: string) => void,
): Promise<{ results: BenchResult[]; chromium: string; errors: string[] }> {
  const host = await startBenchHost({ tokenDelayMs: options.tokenDelayMs });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await host.close();
    throw error;
  });
  const errors: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    await page.goto(host.pageUrl);
    await page.waitForFunction('window.bench && window.bench.ready && customElements.get("pin-control") !== undefined');
    const results: BenchResult[] = [];

    // 1. Frame preload -------------------------------------------------------
    log(`1. frame preload (token endpoint + ${options.tokenDelayMs} ms modelled backend delay)…`);
    const preload = await interleave(
      (arm) => page.evaluate(`window.bench.preload(${arm === 'candidate'})`) as Promise<number>,
      options.preload,
    );
    results.push(
      pairedResult(preload, {
        id: 'frame-preload',
        title: '1. connect → pin-control-ready',
        candidate: 'with frame-url (frame loads during the token fetch)',
        baseline: 'without frame-url (frame after the token)',
        unit: 'ms',
        better: 'lower',
        notes: [`token endpoint delay ${options.tokenDelayMs} ms; fresh element per iteration; view mode`],
      }),
    );

    // 2a. Foreign-origin flood, posted by the page to itself -----------------
    log(`2a. ${options.floodSize} foreign-origin messages…`);
    const fromPage = await interleave(async (arm) => {
      await page.evaluate(`window.bench.floodTarget(${arm === 'candidate'})`);
      return median((await page.evaluate(`window.bench.floodFromPage(${options.floodSize}, ${options.floodRepeats.page})`)) as number[]);
    }, options.flood);
    results.push(
      pairedResult(fromPage, {
        id: 'flood-foreign-origin',
        title: `2a. drain ${options.floodSize} foreign-origin msgs`,
        candidate: 'ready <pin-control> (set mode) on the page',
        baseline: 'the same sandbox frame as a bare iframe, no element',
        unit: 'ms',
        better: 'lower',
        notes: [
          'window.postMessage(payload, "*") from the page itself, queued before timing; dropped at the origin check',
          `one sample = median of ${options.floodRepeats.page} floods on one fresh set-up`,
        ],
      }),
    );

    // 2b. Malformed flood from the frame's own window and origin -------------
    log(`2b. ${options.floodSize} malformed messages from the frame's origin…`);
    const postTimes: number[] = [];
    const fromFrame = await interleave(async (arm) => {
      await page.evaluate(`window.bench.floodTarget(${arm === 'candidate'})`);
      const frame = await sandboxFrame(page, host);
      await frame.evaluate(String(await page.evaluate('window.bench.FRAME_FLOODER')));
      const drains: number[] = [];
      for (let r = 0; r < options.floodRepeats.frame; r++) {
        const sample = (await page.evaluate(`window.bench.floodFromFrame(${options.floodSize}, ${options.floodHoldMs})`)) as {
          drainMs: number;
          queued: boolean;
          postMs: number;
        };
        postTimes.push(sample.postMs);
        if (!sample.queued) return undefined;
        drains.push(sample.drainMs);
      }
      return median(drains);
    }, options.floodFrame);
    results.push(
      pairedResult(fromFrame, {
        id: 'flood-malformed-from-frame',
        title: `2b. drain ${options.floodSize} malformed msgs from frame`,
        candidate: 'ready <pin-control> (set mode) on the page',
        baseline: 'the same sandbox frame as a bare iframe, no element',
        unit: 'ms',
        better: 'lower',
        notes: [
          "posted by the sandbox frame's window to the host origin: they pass the origin and source checks and reach the zod schema",
          `page main thread held ${options.floodHoldMs} ms while the frame posts (median ${median(postTimes).toFixed(0)} ms to post); a sample whose posting took over half the hold is rejected`,
          `one sample = median of ${options.floodRepeats.frame} floods on one fresh set-up`,
        ],
      }),
    );

    await page.evaluate('window.bench.clear()');
    return { results, chromium: browser.version(), errors };
  } finally {
    await browser.close();
    await host.close();
  }
}
