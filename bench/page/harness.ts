// Runs in the bench host page (bundled by esbuild, loaded after the element's
// own bundle). Node drives it through playwright with string expressions
// (`window.bench.…`), so nothing here depends on how Node transpiles functions.

interface BenchConfig {
  sandboxOrigin: string;
  /** The sandbox frame URL with the bench client key, as the element would get it. */
  frameUrl: string;
  key: string;
}

const config = JSON.parse(document.getElementById('bench-config')!.textContent) as BenchConfig;
const stage = document.getElementById('stage')!;

/** Malformed or foreign payloads: none of them is a valid frame message in set mode. */
const HOSTILE: unknown[] = [
  'hello',
  42,
  null,
  [1, 2, 3],
  {},
  { event: 'nope' },
  { event: 'pin_valid' },
  { event: 'pin_valid', pin_valid: 'true' },
  { event: 'set_pin_success', pin: '1234' },
  { event: 'view_pin_success', extra: 1 },
  { event: { nested: true } },
  { type: 'webpackOk' },
  { source: 'react-devtools-content-script', payload: { event: 'ping', id: 7, list: [1, 2, 3] } },
  { event: 'x'.repeat(200) },
  new Date(0),
];

function clear(): void {
  // Removing the element disconnects it: fetch aborted, listener and timers gone.
  stage.replaceChildren();
}

function element(mode: 'view' | 'set', withFrameUrl: boolean): HTMLElement {
  const el = document.createElement('pin-control');
  el.setAttribute('mode', mode);
  el.setAttribute('token-url', `/api/token/${mode}`);
  el.setAttribute('frame-origins', config.sandboxOrigin);
  el.setAttribute('frame-key', config.key);
  el.setAttribute('token-timeout', '5000');
  el.setAttribute('frame-timeout', '5000');
  el.setAttribute('retries', '0');
  if (withFrameUrl) el.setAttribute('frame-url', config.frameUrl);
  return el;
}

function readyOrError(el: HTMLElement, timeoutMs = 8000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no pin-control-ready in time')), timeoutMs);
    el.addEventListener(
      'pin-control-ready',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
    el.addEventListener(
      'pin-control-error',
      (event) => {
        clearTimeout(timer);
        reject(new Error(`pin-control-error ${JSON.stringify((event as CustomEvent).detail)}`));
      },
      { once: true },
    );
  });
}

/** Benchmark 1: ms from connecting a fresh element to its pin-control-ready. */
async function preload(withFrameUrl: boolean): Promise<number> {
  clear();
  await new Promise((resolve) => setTimeout(resolve, 30)); // let the old frame's teardown settle
  const el = element('view', withFrameUrl);
  const ready = readyOrError(el);
  const started = performance.now();
  stage.append(el);
  await ready;
  return performance.now() - started;
}

/**
 * Benchmark 2 set-up: either a <pin-control> in set mode that is ready (its
 * window `message` listener is live, and stays live: a set-mode frame waits
 * for input), or the same sandbox frame as a bare iframe with no element.
 */
async function floodTarget(withElement: boolean): Promise<void> {
  clear();
  await new Promise((resolve) => setTimeout(resolve, 30));
  if (withElement) {
    const el = element('set', true);
    const ready = readyOrError(el);
    stage.append(el);
    await ready;
    return;
  }
  const frame = document.createElement('iframe');
  frame.src = config.frameUrl;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  stage.append(frame);
  await loaded;
}

function frameWindow(): Window {
  const el = stage.querySelector('pin-control');
  const frame = el ? el.shadowRoot!.querySelector('iframe') : stage.querySelector('iframe');
  if (!frame?.contentWindow) throw new Error('no frame');
  return frame.contentWindow;
}

let sentinelCount = 0;

function waitForSentinel(id: string): Promise<{ at: number; data: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const data = event.data as Record<string, unknown> | null;
      if (data && typeof data === 'object' && data.benchSentinel === id) {
        window.removeEventListener('message', onMessage);
        resolve({ at: performance.now(), data });
      }
    };
    window.addEventListener('message', onMessage);
  });
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the main thread is held so the flood queues up behind it
  }
}

/**
 * Benchmark 2a: `n` foreign-origin messages (the page posting to itself, as
 * an extension or a third-party script would), queued first; returns, for
 * each of `repeats` floods, the ms the page's event loop takes to drain them
 * and reach the sentinel.
 */
async function floodFromPage(n: number, repeats: number): Promise<number[]> {
  const drains: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const id = `page-${++sentinelCount}`;
    const done = waitForSentinel(id);
    for (let i = 0; i < n; i++) window.postMessage(HOSTILE[i % HOSTILE.length], '*');
    window.postMessage({ benchSentinel: id }, '*');
    const started = performance.now();
    const { at } = await done;
    drains.push(at - started);
  }
  return drains;
}

/**
 * Benchmark 2b: `n` malformed messages from the frame's own window and origin
 * (they pass the origin and source checks and reach the schema). The frame
 * (playwright installed `__benchFlood` there) acknowledges the order, then
 * posts them while this thread is held busy, so they queue; then the drain is
 * timed. `queued` is false when posting took more than half the hold (the
 * caller rejects that sample).
 */
async function floodFromFrame(n: number, holdMs: number): Promise<{ drainMs: number; queued: boolean; postMs: number }> {
  const id = `frame-${++sentinelCount}`;
  const done = waitForSentinel(id);
  const started = waitForSentinel(`${id}-started`);
  // A post to another process leaves at the end of this task: wait for the frame to say it is posting.
  frameWindow().postMessage({ benchFlood: { n, id } }, config.sandboxOrigin);
  await started;
  busyWait(holdMs);
  const drainStarted = performance.now();
  const { at, data } = await done;
  const postMs = Number(data.postMs);
  // The frame began posting before the hold did; posting well inside it means the flood was queued.
  return { drainMs: at - drainStarted, queued: postMs < holdMs / 2, postMs };
}

/** Installed in the sandbox frame by playwright (string, evaluated there). */
const FRAME_FLOODER = `(() => {
  if (window.__benchFlood) return true;
  const payloads = ${JSON.stringify(HOSTILE.slice(0, -1))};
  payloads.push(new Date(0));
  window.__benchFlood = true;
  addEventListener('message', (event) => {
    const order = event.data && event.data.benchFlood;
    if (!order) return;
    parent.postMessage({ benchSentinel: order.id + '-started' }, event.origin);
    const started = performance.now();
    for (let i = 0; i < order.n; i++) parent.postMessage(payloads[i % payloads.length], event.origin);
    const now = performance.now();
    parent.postMessage({ benchSentinel: order.id, postMs: now - started }, event.origin);
  });
  return true;
})()`;

const bench = { preload, floodTarget, floodFromPage, floodFromFrame, clear, FRAME_FLOODER, ready: true };
declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;

export {};
