// The task that starts 100 flows at once, in CPU time: the issue's "no long
// task over 50 ms from the element's code" asked of bench 9's page. That
// task is the longest in both arms (each hand-written flow's `fetch`, like
// each element's start and first render, runs in it), so the element's part
// is its CPU time beside the hand-written page's. Not a benchmark (no
// intervals): the tool behind the README's figure. Fresh pages, arms
// alternated, each page warmed with as many flows first, as bench 9 does;
// a light trace (toplevel, devtools.timeline) so that its own cost stays
// small.
//
//   node --import tsx bench/time-to-pin/start-task.ts [--pages=5] [--flows=100]
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium.js';
import { median } from '../stats.js';
import { startTimeToPinHost } from './host.js';
import { newManyPage } from './many-page.js';
import { readTraceStream } from './trace-stream.js';

const option = (name: string, fallback: string) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const pages = option('pages', '5');
const flows = option('flows', '100');
const ARMS = ['baseline', 'element'] as const;

interface TaskEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { url?: string } };
}

/** The tasks of the thread that asked the host for the tokens: the host page's main thread (the issuer's frames run in another process). */
function hostMainThreadTasks(events: TaskEvent[], hostOrigin: string): TaskEvent[] {
  const asker = events.find((e) => e.name === 'ResourceSendRequest' && e.args?.data?.url?.startsWith(`${hostOrigin}/`));
  if (!asker) throw new Error(`no request to ${hostOrigin} in the trace`);
  // One task appears as RunTask or as ThreadControllerImpl::RunTask, depending on the Chromium version.
  const mine = events.filter((e) => e.pid === asker.pid && e.tid === asker.tid && e.ph === 'X');
  const name = mine.some((e) => e.name === 'ThreadControllerImpl::RunTask') ? 'ThreadControllerImpl::RunTask' : 'RunTask';
  return mine.filter((e) => e.name === name);
}

async function traced(cdp: CDPSession, run: () => Promise<unknown>): Promise<TaskEvent[]> {
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline'] },
    transferMode: 'ReturnAsStream',
  });
  const stream = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', ({ stream }) => resolve(stream!)));
  await run();
  await cdp.send('Tracing.end');
  const text = await readTraceStream(cdp, await stream);
  const trace = JSON.parse(text) as { traceEvents: TaskEvent[] } | TaskEvent[];
  return Array.isArray(trace) ? trace : trace.traceEvents;
}

const host = await startTimeToPinHost();
const browser = await launchChromium();
const cpuMs: Record<(typeof ARMS)[number], number[]> = { baseline: [], element: [] };
try {
  for (let round = 0; round < pages; round++) {
    for (const arm of round % 2 ? [...ARMS].reverse() : ARMS) {
      const { context, page, cdp, all } = await newManyPage(browser, host, arm);
      await all(flows); // warm-up
      await page.waitForTimeout(300);
      // The trace covers the start and the second after it: the task is the first.
      let measured: Promise<number> | undefined;
      const events = await traced(cdp, async () => {
        measured = all(flows);
        await page.waitForTimeout(1000);
      });
      await measured;
      const longest = hostMainThreadTasks(events, host.hostOrigin).reduce((most, e) => Math.max(most, e.tdur ?? 0), 0);
      cpuMs[arm].push(longest / 1000);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await host.close();
}
const line = (values: number[]) =>
  `median ${median(values).toFixed(1)} ms, ${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}`;
console.log(`The task that starts ${flows} flows, CPU time, ${pages} pages per arm:`);
console.log(`  hand-written: ${line(cpuMs.baseline)}`);
console.log(`  element:      ${line(cpuMs.element)}`);
console.log(`  the element's part (difference of medians): ${(median(cpuMs.element) - median(cpuMs.baseline)).toFixed(1)} ms`);
