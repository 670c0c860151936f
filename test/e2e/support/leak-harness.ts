// What the leak checks run inside the page, engine-neutral (plain functions
// handed to page.evaluate / addInitScript, so they must not close over
// anything: they are serialized).

/**
 * Add this init script first: tsx compiles these functions with esbuild's
 * keepNames, which wraps functions in a `__name(fn, name)` helper the page lacks.
 */
export const NAME_HELPER = 'globalThis.__name = (target) => target;';

/**
 * Installed before any page script: counts pending timers (setTimeout until it
 * fires or is cleared, setInterval until cleared) and, for engines without
 * the DevTools protocol, `message` listeners on window.
 */
export function instrumentPage(): void {
  const w = window as unknown as Record<string, unknown>;
  if (w.__leak) return;
  const pending = new Map<unknown, string>();
  // Typed loosely: these replace the page's own timer functions.
  const timers = window as unknown as Record<
    'setTimeout' | 'setInterval' | 'clearTimeout' | 'clearInterval',
    (...args: unknown[]) => unknown
  >;
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = { ...timers };
  timers.setTimeout = (handler: unknown, delay?: unknown, ...rest: unknown[]) => {
    const id = st.call(
      window,
      (...args: unknown[]) => {
        pending.delete(id);
        if (typeof handler === 'function') (handler as (...a: unknown[]) => void)(...args);
      },
      delay,
      ...rest,
    );
    pending.set(id, `timeout ${String(delay ?? 0)}`);
    return id;
  };
  timers.setInterval = (handler: unknown, delay?: unknown, ...rest: unknown[]) => {
    const id = si.call(window, handler, delay, ...rest);
    pending.set(id, `interval ${String(delay ?? 0)}`);
    return id;
  };
  timers.clearTimeout = (id?: unknown) => {
    pending.delete(id);
    ct.call(window, id);
  };
  timers.clearInterval = (id?: unknown) => {
    pending.delete(id);
    ci.call(window, id);
  };
  // Window `message` listeners, by (listener, capture), as the DOM dedupes them.
  const listeners = new Set<string>();
  const keys = new WeakMap<object, number>();
  let next = 0;
  const keyOf = (listener: unknown, options: unknown) => {
    if (!listener || (typeof listener !== 'object' && typeof listener !== 'function')) return undefined;
    if (!keys.has(listener)) keys.set(listener, next++);
    const capture = typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean } | undefined)?.capture);
    return `${keys.get(listener)}:${capture}`;
  };
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type: string, listener: unknown, options?: unknown) {
    if (this === window && type === 'message') {
      const key = keyOf(listener, options);
      const signal = (options as { signal?: AbortSignal } | undefined)?.signal;
      if (key && !signal?.aborted) {
        listeners.add(key);
        signal?.addEventListener('abort', () => listeners.delete(key), { once: true });
      }
    }
    return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  };
  EventTarget.prototype.removeEventListener = function (type: string, listener: unknown, options?: unknown) {
    if (this === window && type === 'message') {
      const key = keyOf(listener, options);
      if (key) listeners.delete(key);
    }
    return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
  };
  w.__leak = {
    pendingTimers: () => [...pending.values()],
    messageListeners: () => listeners.size,
  };
}

export interface Counts {
  pendingTimers: string[];
  /** From the page's own instrumentation (all engines). */
  messageListeners: number;
  iframes: number;
  frames: number;
  elements: number;
}

/** Counts, read in the page. */
export function readCounts(): Counts {
  const leak = (window as unknown as { __leak: { pendingTimers(): string[]; messageListeners(): number } }).__leak;
  return {
    pendingTimers: leak.pendingTimers(),
    messageListeners: leak.messageListeners(),
    iframes: document.querySelectorAll('iframe').length,
    frames: window.frames.length,
    elements: document.querySelectorAll('pin-control').length,
  };
}

export interface CycleOptions {
  count: number;
  tokenUrl: string;
  frameOrigin: string;
  frameURL: string;
  frameKey: string;
}

/**
 * `count` connect/disconnect cycles, four kinds in turn: removed in the same
 * task as inserted; removed with its token request in flight; removed with its
 * frame created and loading (a tokenProvider answers at once); and moved
 * (removed and re-inserted) before it is removed for good.
 */
export async function runCycles({ count, tokenUrl, frameOrigin, frameURL, frameKey }: CycleOptions): Promise<number> {
  const host = document.getElementById('host')!;
  const channel = new MessageChannel();
  const macrotask = () =>
    new Promise<void>((resolve) => {
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  let framed = 0;
  for (let i = 0; i < count; i += 1) {
    const el = document.createElement('pin-control') as HTMLElement & { tokenProvider?: unknown; updateComplete?: Promise<unknown> };
    el.setAttribute('frame-origins', frameOrigin);
    el.setAttribute('frame-key', frameKey);
    switch (i % 4) {
      case 0:
        el.setAttribute('token-url', tokenUrl);
        host.append(el);
        el.remove();
        break;
      case 1:
        el.setAttribute('token-url', tokenUrl);
        host.append(el);
        await macrotask();
        el.remove();
        break;
      case 2: {
        el.tokenProvider = () => ({ id: `leak-check-${i}`, pinFrameURL: frameURL });
        host.append(el);
        for (let tries = 0; tries < 20 && !el.shadowRoot?.querySelector('iframe'); tries += 1) await macrotask();
        if (el.shadowRoot?.querySelector('iframe')) framed += 1;
        el.remove();
        break;
      }
      default:
        el.setAttribute('token-url', tokenUrl);
        host.append(el);
        await Promise.resolve();
        el.remove();
        host.append(el);
        await macrotask();
        el.remove();
    }
  }
  channel.port1.close();
  return framed;
}

export interface FlowOptions {
  count: number;
  tokenUrl: string;
  frameOrigin: string;
  frameKey: string;
  timeoutMs: number;
}

/** `count` whole view flows: token, frame, hand-over, the frame shows the PIN, `view-pin-success`; then removed. */
export async function runViewFlows({ count, tokenUrl, frameOrigin, frameKey, timeoutMs }: FlowOptions): Promise<number> {
  const host = document.getElementById('host')!;
  let succeeded = 0;
  for (let i = 0; i < count; i += 1) {
    const el = document.createElement('pin-control');
    el.setAttribute('mode', 'view');
    el.setAttribute('token-url', tokenUrl);
    el.setAttribute('frame-origins', frameOrigin);
    el.setAttribute('frame-key', frameKey);
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      const end = (what: string) => () => {
        clearTimeout(timer);
        resolve(what);
      };
      el.addEventListener('view-pin-success', end('success'), { once: true });
      el.addEventListener('view-pin-error', end('view-pin-error'), { once: true });
      el.addEventListener('pin-control-error', (event) => end(`pin-control-error ${JSON.stringify((event as CustomEvent).detail)}`)(), {
        once: true,
      });
      host.append(el);
    });
    el.remove();
    if (outcome !== 'success') throw new Error(`flow ${i}: ${outcome}`);
    succeeded += 1;
  }
  return succeeded;
}
