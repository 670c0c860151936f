// Bench 9's page (many flows at once, elements or hand-written), opened the
// same way by the bench (run.ts) and by the tools that look inside it
// (trace.ts, start-task.ts).
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { initScript, type ManyArm, type TimeToPinHost } from './host.js';

/** Loads the page for `arm` into `page` and waits until it can start flows (the element arm: once it is defined). */
export async function openManyPage(page: Page, host: TimeToPinHost, arm: ManyArm): Promise<void> {
  await page.goto(host.manyUrl(arm, 'view'));
  await page.waitForFunction(
    `window.benchMany !== undefined && (${arm === 'baseline'} || customElements.get('pin-control') !== undefined)`,
  );
}

export interface ManyPage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  /** Starts `n` flows; resolves with the page's time until all showed their PIN (NaN when one failed). */
  all: (n: number) => Promise<number>;
}

/** A fresh context holding the open page, for the tools (the bench's own contexts report through run.ts's Reports). */
export async function newManyPage(
  browser: Browser,
  host: TimeToPinHost,
  arm: ManyArm,
  options: { reducedMotion?: boolean } = {},
): Promise<ManyPage> {
  const context = await browser.newContext(options.reducedMotion ? { reducedMotion: 'reduce' } : {});
  let allShown: ((ms: number) => void) | undefined;
  await context.exposeBinding('__benchDone', (_source, kind: string, value: number) => kind === 'all' && allShown?.(value));
  await context.addInitScript(initScript(host.hostOrigin, host.issuerOrigin));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await openManyPage(page, host, arm);
  const all = (n: number) =>
    new Promise<number>((resolve) => {
      allShown = resolve;
      void page.evaluate(`window.benchMany.start(${n})`);
    });
  return { context, page, cdp, all };
}
