// Helpers for the element's browser tests.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { focusFrameInput as focusInput } from '../engine.js';
import '../../../src/define.js';
import type { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { SANDBOX_ORIGIN, SHORT_TTL_SANDBOX_ORIGIN } from '../../support/env.js';
import { TEST_KEY, TOKEN_ENDPOINT, type TestToken } from '../../support/sandbox-fixtures.js';
import { ELSEWHERE_ECHO_FRAME, PROBE_ORIGIN } from './endpoint-urls.js';
// The element tests check Finnish and Swedish too: their opt-in modules, as a page would load them.
import '../../../src/lang/fi.js';
import '../../../src/lang/sv.js';

export const FRAME_ORIGINS = `${SANDBOX_ORIGIN} ${SHORT_TTL_SANDBOX_ORIGIN} ${PROBE_ORIGIN}`;

export const ALL_EVENTS = [
  'view-pin-success',
  'view-pin-error',
  'set-pin-success',
  'set-pin-error',
  'set-pin-validation-error',
  'pin-valid',
  'pin-control-ready',
  'pin-control-error',
] as const;

/** Mints a real control id through the test host (as an integrator's backend would). */
export async function mintToken(scope: 'VIEW_PIN' | 'SET_PIN', extra: { plasticId?: string; sandbox?: 'main' | 'short' } = {}) {
  const response = await fetch(TOKEN_ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scope, ...extra }),
  });
  if (!response.ok) throw new Error(`mint failed: ${response.status}`);
  return (await response.json()) as TestToken;
}

/** A tokenProvider that mints real ids and remembers them (so tests can look for leaks). */
export function recordingProvider(extra: { plasticId?: string; sandbox?: 'main' | 'short' } = {}) {
  const ids: string[] = [];
  const scopes: string[] = [];
  const provider: TokenProvider = async ({ scope }) => {
    scopes.push(scope);
    const token = await mintToken(scope, extra);
    ids.push(token.id);
    return token;
  };
  return { provider, ids, scopes };
}

/** A tokenProvider answering with a fixed frame URL (e.g. the probe frame). */
export function fixedProvider(pinFrameURL: string, id = 'probe-control-id') {
  let calls = 0;
  const provider: TokenProvider = async () => {
    calls += 1;
    return { id: `${id}-${calls}`, pinFrameURL };
  };
  return { provider, calls: () => calls };
}

// Every pin-control event on the page, per element, from the moment this
// module loads: an element can fail or get ready before a test could attach
// a listener (e.g. while fixture() waits for the first render).
const queues = new WeakMap<EventTarget, Map<string, CustomEvent[]>>();
for (const name of ALL_EVENTS) {
  document.addEventListener(
    name,
    (event) => {
      const target = event.target!;
      if (!queues.has(target)) queues.set(target, new Map());
      const byName = queues.get(target)!;
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name)!.push(event as CustomEvent);
    },
    true,
  );
}

/** The element's next not-yet-taken event of this name (already dispatched or still to come). */
export async function nextEvent<K extends (typeof ALL_EVENTS)[number]>(el: EventTarget, name: K, timeout = 15_000) {
  const queue = () => queues.get(el)?.get(name) ?? [];
  if (queue().length === 0) await waitUntil(() => queue().length > 0, `no ${name}`, { timeout });
  return queue().shift()! as GlobalEventHandlersEventMap[K];
}

/** Records every event the element dispatches, in order. */
export function recordEvents(el: HTMLElement) {
  const events: Array<{ type: string; detail: unknown }> = [];
  for (const name of ALL_EVENTS) el.addEventListener(name, (e) => events.push({ type: e.type, detail: (e as CustomEvent).detail }));
  return events;
}

/** Counts window 'message' listeners added and removed while it is installed. */
export function countMessageListeners() {
  const add = window.addEventListener;
  const remove = window.removeEventListener;
  const live = new Set<unknown>();
  window.addEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
    if (type === 'message') live.add(listener);
    return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  } as typeof window.addEventListener;
  window.removeEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
    if (type === 'message') live.delete(listener);
    return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
  } as typeof window.removeEventListener;
  return {
    get count() {
      return live.size;
    },
    restore() {
      window.addEventListener = add;
      window.removeEventListener = remove;
    },
  };
}

/** Collects uncaught errors and rejections while a test runs. */
export function watchUncaught() {
  const errors: unknown[] = [];
  const onError = (e: ErrorEvent) => errors.push(e.error ?? e.message);
  const onRejection = (e: PromiseRejectionEvent) => errors.push(e.reason);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

/** In the calling describe(): every test fails on an uncaught error or unhandled rejection. */
export function failOnUncaughtErrors() {
  let uncaught: ReturnType<typeof watchUncaught>;
  beforeEach(() => (uncaught = watchUncaught()));
  afterEach(() => {
    uncaught.stop();
    expect(uncaught.errors, 'no uncaught error').to.deep.equal([]);
  });
}

export const frameOf = (el: PinControl) => el.shadowRoot!.querySelector('iframe');

export async function sandboxElement(template: ReturnType<typeof html>) {
  return fixture<PinControl>(template);
}

/** The default sandbox element: real token endpoint, real frame. */
export function sandboxTemplate(mode: 'view' | 'set', extra?: { provider?: TokenProvider; retries?: number }) {
  return html`<pin-control
    mode=${mode}
    token-url=${TOKEN_ENDPOINT}
    frame-origins=${FRAME_ORIGINS}
    frame-key=${TEST_KEY}
    retries=${extra?.retries ?? 1}
    .tokenProvider=${extra?.provider ?? null}
  ></pin-control>`;
}

export async function ready(el: PinControl, timeout = 10_000) {
  if (el.state !== 'ready') await waitUntil(() => el.state === 'ready' || el.state === 'error', 'element never ready', { timeout });
  if (el.state !== 'ready') throw new Error(`expected ready, got ${el.state}`);
}

/** Waits for a message the test page receives that `accept` takes. */
function waitForMessage(accept: (event: MessageEvent) => boolean, timeout: number, what: string) {
  return new Promise<MessageEvent>((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      reject(new Error(what));
    }, timeout);
    const onMessage = (event: MessageEvent) => {
      if (!accept(event)) return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(event);
    };
    window.addEventListener('message', onMessage);
  });
}

/** Waits for a message the test page itself receives from the probe origin. */
export function probeMessage(predicate: (data: any, event: MessageEvent) => boolean = () => true, timeout = 5000) {
  return waitForMessage((event) => event.origin === PROBE_ORIGIN && predicate(event.data, event), timeout, 'no probe message');
}

/** Waits for a message the test page receives from `source` (any origin). */
export function messageFrom(
  source: MessageEventSource,
  predicate: (data: any, event: MessageEvent) => boolean = () => true,
  timeout = 5000,
) {
  return waitForMessage((event) => event.source === source && predicate(event.data, event), timeout, 'no message from that window');
}

/** A tokenProvider that answers only once `release()` is called (e.g. to let a frame-url frame load first). */
export function gatedProvider(pinFrameURL: string, id: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const provider: TokenProvider = async () => {
    await gate;
    return { id, pinFrameURL };
  };
  return { provider, release };
}

/**
 * Has the element's echo frame (on the probe origin) say `pin_valid`, as the
 * issuer's page does at the first keystroke; resolves once the element fired
 * `pin-valid`. Before that, `setPin()` submits nothing.
 */
export async function echoPinValid(el: PinControl, valid = true) {
  const fired = oneEvent(el, 'pin-valid');
  frameOf(el)!.contentWindow!.postMessage({ echo: { event: 'pin_valid', pin_valid: valid } }, PROBE_ORIGIN);
  await fired;
}

/**
 * Navigates the element's frame window (as a hostile page could) to the echo
 * page on the test host's own origin: the same window, another origin.
 * Resolves once the new page runs.
 */
export async function navigateFrameElsewhere(el: PinControl) {
  const target = frameOf(el)!.contentWindow!;
  const arrived = messageFrom(target, (data, event) => data?.probe === 'loaded' && event.origin === location.origin);
  target.location.href = new URL(ELSEWHERE_ECHO_FRAME, location.href).href;
  await arrived;
  return target;
}

/**
 * Focuses the PIN input in the element's (cross-origin) frame as a user
 * would, in every engine: a real click into the frame, then Tab (see
 * ../engine.ts: WebKit lets a cross-origin frame focus nothing before a click).
 */
export async function focusFrameInput(el: PinControl) {
  await focusInput(frameOf(el)!);
}

export async function typeIntoFrame(text: string) {
  await sendKeys({ type: text });
}

export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/** Types into the frame and waits for the pin-valid each keystroke brings. */
export async function typeDigits(el: PinControl, digits: string) {
  const seen: boolean[] = [];
  const onValid = (e: CustomEvent<{ valid: boolean }>) => seen.push(e.detail.valid);
  el.addEventListener('pin-valid', onValid);
  for (const digit of digits) {
    const before = seen.length;
    await sendKeys({ type: digit });
    await waitUntil(() => seen.length > before, `no pin-valid after "${digit}"`, { timeout: 3000 });
  }
  el.removeEventListener('pin-valid', onValid);
  return seen;
}

/** Presses Backspace and waits for the pin-valid each brings (bounded like typeDigits, so a lost keystroke names itself). */
export async function eraseDigits(el: PinControl, count: number) {
  for (let i = 0; i < count; i += 1) {
    let heard = false;
    el.addEventListener('pin-valid', () => (heard = true), { once: true });
    const frame = frameOf(el);
    await sendKeys({ press: 'Backspace' });
    // A lost keystroke, or a restart that replaced the frame: the message tells them apart.
    await waitUntil(() => heard, 'no pin-valid after Backspace', { timeout: 3000 }).catch(() => {
      const where = frameOf(el) === frame ? 'the same frame' : 'a new frame';
      throw new Error(
        `no pin-valid after Backspace ${i + 1} of ${count} (state ${el.state}, ${where}, focus on ${document.activeElement?.localName}, page focused: ${document.hasFocus()})`,
      );
    });
  }
}

/** The code of the element's last pin-control-error, if it had one (the queue is left as it is). */
const lastErrorCode = (el: PinControl) => queues.get(el)?.get('pin-control-error')?.at(-1)?.detail.code;

/**
 * Waits until the frame shows its PIN input (it reports nothing until then),
 * then focuses it, empty. Fails with its own message within `timeout`: at
 * once when the element gives up (its error code), else when no keystroke
 * registered.
 */
export async function focusPinInput(el: PinControl, timeout = 15_000) {
  await ready(el);
  const deadline = Date.now() + timeout;
  let tries = 0;
  // Every pin-valid since the first try, per frame: each is a "0" that reached
  // that frame's input, however late it is heard (a busy machine can take
  // longer than a try's wait). Counted, they are all erased, not just one.
  const typed = new Map<HTMLIFrameElement | null, number>();
  const count = () => typed.set(frameOf(el), (typed.get(frameOf(el)) ?? 0) + 1);
  el.addEventListener('pin-valid', count);
  try {
    // The frame checks the id before it shows the input: retry the focus until a keystroke registers.
    while (Date.now() < deadline) {
      if (el.state === 'error') throw new Error(`the element failed (${lastErrorCode(el)}) before its frame took a keystroke`);
      if (el.state !== 'ready') {
        await settle(100); // a retry's new frame is on its way
        continue;
      }
      tries += 1;
      await focusFrameInput(el);
      await sendKeys({ type: '0' });
      if (!(await heardWithin(() => typed.has(frameOf(el)), 400))) continue;
      // An earlier try's "0" may have landed too, its pin-valid still on the way.
      if (tries > 1) await quietFor(typed, 500, deadline);
      el.removeEventListener('pin-valid', count);
      await eraseDigits(el, typed.get(frameOf(el)) ?? 0);
      return;
    }
  } finally {
    el.removeEventListener('pin-valid', count);
  }
  throw new Error(`the frame input took no keystroke in ${tries} tries over ${timeout / 1000} s (state ${el.state})`);
}

/** True once `condition` holds, false after `ms`. */
async function heardWithin(condition: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() >= until) return false;
    await settle(20);
  }
  return true;
}

/** Waits until the counts have not changed for `ms` (or the deadline). */
async function quietFor(counts: Map<unknown, number>, ms: number, deadline: number) {
  const total = () => [...counts.values()].reduce((sum, n) => sum + n, 0);
  let last = total();
  let since = Date.now();
  while (Date.now() - since < ms && Date.now() < deadline) {
    await settle(50);
    if (total() !== last) [last, since] = [total(), Date.now()];
  }
}

export { oneEvent, sendKeys, sendMouse };
// The engine query and the user actions engines gate differently (../engine.ts).
export { engine, itExceptIn, bringPageToFront, clickInto, fromRealClick, openPopupFromClick, tabInto, type Engine } from '../engine.js';
