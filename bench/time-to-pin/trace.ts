// Where the many-elements bench's layout, style and heap go: one page, N
// flows (elements or hand-written), a CDP trace over the N flows and a heap
// snapshot before and after. Not a benchmark (no baseline pairing, one run);
// the tool behind the figures in the README's Performance notes.
//
//   node --import tsx bench/time-to-pin/trace.ts [element|baseline] [n] [--unminified] [--reduced-motion] [--warm=5] [--entry=src/define.ts] [--json=file]
//
// Prints: UpdateLayoutTree and Layout events on the host page's main thread
// (count, total ms, elements styled, objects laid out), what scheduled them
// (the JS function at the top of each invalidation's stack), and the heap
// snapshot difference by object kind (constructor name), per flow.
import { writeFile } from 'node:fs/promises';
import { launchChromium } from '../../test/support/chromium.js';
import { esbuildBundleText } from '../esbuild-bundle.js';
import { heapByKind, retainedBytes } from './heap.js';
import { startTimeToPinHost } from './host.js';
import { newManyPage } from './many-page.js';
import { readTraceStream } from './trace-stream.js';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: what a busy machine's preemption does not inflate. */
  tdur?: number;
  args?: {
    data?: Record<string, unknown>;
    beginData?: Record<string, unknown>;
    endData?: Record<string, unknown>;
    elementCount?: number;
  };
}

const arm = (process.argv[2] ?? 'element') as 'element' | 'baseline';
const count = Number(process.argv[3] ?? 100);
const unminified = process.argv.includes('--unminified');
/** Another build of the element to trace, e.g. an older src/ copied into the tree. */
const entry = process.argv.find((arg) => arg.startsWith('--entry='))?.slice('--entry='.length) ?? 'src/define.ts';
/** Warm-up flows before the traced ones (the bench runs as many as it measures). */
const warmUp = Number(process.argv.find((arg) => arg.startsWith('--warm='))?.slice('--warm='.length) ?? count);
const reducedMotion = process.argv.includes('--reduced-motion');
const jsonOut = process.argv.find((arg) => arg.startsWith('--json='))?.slice('--json='.length);

const host = await startTimeToPinHost({ elementJs: await esbuildBundleText(entry, { minify: !unminified }) });
const browser = await launchChromium();
try {
  const { page, cdp, all } = await newManyPage(browser, host, arm, { reducedMotion });
  await all(warmUp); // as the bench: warm-up flows first
  await page.waitForTimeout(300);
  const heapBefore = await heapByKind(cdp);

  const categories = [
    'toplevel',
    'devtools.timeline',
    'disabled-by-default-devtools.timeline',
    'disabled-by-default-devtools.timeline.invalidationTracking',
    'disabled-by-default-devtools.timeline.stack',
  ];
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReturnAsStream' });
  const traced = new Promise<string>((resolve) => {
    cdp.once('Tracing.tracingComplete', ({ stream }: { stream?: string }) => {
      void readTraceStream(cdp, stream!).then(resolve);
    });
  });
  const allMs = await all(count);
  await page.waitForTimeout(300);
  await cdp.send('Tracing.end');
  const trace = JSON.parse(await traced) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const heapAfter = await heapByKind(cdp);

  // The host page's main thread: the renderer thread that ran its UpdateLayoutTree with the page's frame.
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const frameId = frameTree.frame.id;
  const frameOf = (e: TraceEvent) => (e.args?.beginData?.frame ?? e.args?.data?.frame) as string | undefined;
  const main = events.find((e) => (e.name === 'UpdateLayoutTree' || e.name === 'Layout') && frameOf(e) === frameId);
  if (!main) throw new Error('no layout events for the page');
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);

  const complete = (name: string) => mine.filter((e) => e.name === name && e.ph === 'X');
  const recalcs = complete('UpdateLayoutTree');
  const layouts = complete('Layout');
  const ms = (list: TraceEvent[], field: 'dur' | 'tdur') => (list.reduce((total, e) => total + (e[field] ?? 0), 0) / 1000).toFixed(1);
  const sum = (list: TraceEvent[]) => `${ms(list, 'dur')} ms (CPU ${ms(list, 'tdur')} ms)`;
  const num = (value: unknown) => (typeof value === 'number' ? value : 0);
  const styled = recalcs.reduce((total, e) => total + num(e.args?.elementCount), 0);
  const laidOut = layouts.reduce((total, e) => total + num(e.args?.beginData?.dirtyObjects), 0);

  // Who made style or layout dirty: the invalidation tracking events' reasons
  // and the top JS frame of their stacks.
  const causes = new Map<string, number>();
  const stackTop = (data: Record<string, unknown> | undefined) => {
    const stack = data?.stackTrace as Array<{ functionName: string; lineNumber: number; columnNumber: number }> | undefined;
    if (!stack?.length) return '';
    return stack
      .slice(0, 4)
      .map((frame) => `${frame.functionName || '(anon)'}:${frame.lineNumber}:${frame.columnNumber}`)
      .join(' < ');
  };
  for (const e of mine) {
    if (!/InvalidationTracking$|^ScheduleStyleRecalculation$|^InvalidateLayout$/.test(e.name)) continue;
    const data = e.args?.data;
    const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));
    const what = [
      e.name,
      text(data?.reason ?? data?.invalidationSet),
      text(data?.nodeName),
      text(data?.changedClass ?? data?.changedAttribute ?? data?.changedId ?? data?.changedPseudo),
      stackTop(data),
    ].join(' | ');
    causes.set(what, (causes.get(what) ?? 0) + 1);
  }

  const perFlow = (value: number) => (value / count).toFixed(2);
  console.log(`${arm}, ${count} flows, all shown in ${allMs.toFixed(0)} ms`);
  console.log(
    `UpdateLayoutTree: ${recalcs.length} events (${perFlow(recalcs.length)} per flow), ${sum(recalcs)}, ${styled} elements styled (${perFlow(styled)} per flow)`,
  );
  console.log(
    `Layout: ${layouts.length} events (${perFlow(layouts.length)} per flow), ${sum(layouts)}, ${laidOut} dirty objects (${perFlow(laidOut)} per flow)`,
  );
  for (const name of [
    'ParseAuthorStyleSheet',
    'Paint',
    'PrePaint',
    'Layerize',
    'HitTest',
    'UpdateLayer',
    'FunctionCall',
    'EventDispatch',
    'TimerFire',
    'FireAnimationFrame',
  ]) {
    const list = complete(name);
    if (list.length) console.log(`${name}: ${list.length} events, ${sum(list)}`);
  }
  console.log('\ninvalidations (count | event | reason | node | changed | stack):');
  for (const [what, n] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${String(n).padStart(6)}  ${what}`);

  console.log('\nheap difference by kind (after all shown − before, after GC), per flow:');
  const diff = [...new Set([...heapBefore.keys(), ...heapAfter.keys()])]
    .map((key) => {
      const a = heapAfter.get(key) ?? { count: 0, size: 0 };
      const b = heapBefore.get(key) ?? { count: 0, size: 0 };
      return { key, count: a.count - b.count, size: a.size - b.size };
    })
    .filter((d) => d.size !== 0 || d.count !== 0)
    .sort((a, b) => b.size - a.size);
  // JSHeapUsedSize (the bench's figure) is V8's heap: Blink's own objects ("native") are not in it.
  const js = diff.filter((d) => !d.key.startsWith('native:') && !d.key.startsWith('synthetic:'));
  const total = (list: typeof diff) => (list.reduce((t, d) => t + d.size, 0) / count / 1024).toFixed(2);
  console.log(
    `retained without compiled code (the bench's row): ${(retainedBytes(heapBefore, heapAfter) / count / 1024).toFixed(2)} KB per flow`,
  );
  console.log(
    `V8 heap ${total(js)} KB per flow (Blink's native objects, not in JSHeapUsedSize: ${total(diff.filter((d) => d.key.startsWith('native:')))} KB)`,
  );
  for (const d of js.slice(0, 45)) {
    console.log(`${(d.size / count).toFixed(0).padStart(7)} B  ${(d.count / count).toFixed(2).padStart(6)} ×  ${d.key}`);
  }
  if (jsonOut) await writeFile(jsonOut, JSON.stringify(events));
} finally {
  await browser.close();
  await host.close();
}
