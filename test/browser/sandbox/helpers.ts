// Helpers for the sandbox's browser tests: mint ids through the test host's
// token endpoint, frame the PIN page, and collect what it posts back.
import { TOKEN_ENDPOINT, VIEW_PIN_ENDPOINT, type SandboxName, type Scope, type TestToken } from '../../support/sandbox-fixtures.js';

export async function mintToken(scope: Scope, options: { plasticId?: string; sandbox?: SandboxName } = {}): Promise<TestToken> {
  const response = await fetch(TOKEN_ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scope, ...options }),
  });
  if (response.status !== 201) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as TestToken;
}

/** The PIN a plastic has now, read server-side by the test host. */
export async function currentPin(plasticId: string, sandbox: SandboxName = 'main'): Promise<string> {
  const response = await fetch(VIEW_PIN_ENDPOINT, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ plasticId, sandbox }),
  });
  const body = (await response.json()) as { pin?: string };
  if (!response.ok || !body.pin) throw new Error(`view-pin answered ${response.status}`);
  return body.pin;
}

export type FrameMessage = { event: string; pin_valid?: boolean };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FramedPage {
  readonly frame: HTMLIFrameElement;
  readonly origin: string;
  /** Everything the frame posted, in order, with the origin it came from. */
  readonly received: { data: unknown; origin: string }[] = [];
  readonly #onMessage = (event: MessageEvent) => {
    if (event.source === this.frame.contentWindow) this.received.push({ data: event.data, origin: event.origin });
  };

  private constructor(frame: HTMLIFrameElement) {
    this.frame = frame;
    this.origin = new URL(frame.src).origin;
    window.addEventListener('message', this.#onMessage);
  }

  /** Frames `pinFrameURL?key=…` and resolves after its load event. */
  static async open(pinFrameURL: string, key: string): Promise<FramedPage> {
    const frame = document.createElement('iframe');
    const url = new URL(pinFrameURL);
    url.searchParams.set('key', key);
    frame.src = url.href;
    frame.title = 'PIN';
    frame.style.cssText = 'width: 420px; height: 260px; border: 0; display: block';
    const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    document.body.append(frame);
    const page = new FramedPage(frame);
    await loaded;
    return page;
  }

  post(message: unknown): void {
    this.frame.contentWindow!.postMessage(message, this.origin);
  }

  get events(): FrameMessage[] {
    return this.received.map(({ data }) => data as FrameMessage);
  }

  /** Waits until the frame has posted `count` messages in all; fails after `timeoutMs`. */
  async waitForMessages(count: number, timeoutMs = 5000): Promise<FrameMessage[]> {
    const deadline = performance.now() + timeoutMs;
    while (this.received.length < count) {
      if (performance.now() > deadline) {
        throw new Error(`expected ${count} messages, got ${JSON.stringify(this.events)}`);
      }
      await sleep(20);
    }
    return this.events;
  }

  /** Waits for a message with this event name and returns it. */
  async waitForEvent(name: string, timeoutMs = 5000): Promise<FrameMessage> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((message) => message.event === name);
      if (found) return found;
      if (performance.now() > deadline) throw new Error(`no ${name}; got ${JSON.stringify(this.events)}`);
      await sleep(20);
    }
  }

  /** Lets `ms` pass and returns whatever came (for "nothing comes back" tests). */
  async quietFor(ms: number): Promise<FrameMessage[]> {
    await sleep(ms);
    return this.events;
  }

  /** Moves the real mouse into the frame's input and clicks it, so real keystrokes land there. */
  get center(): { x: number; y: number } {
    const rect = this.frame.getBoundingClientRect();
    return { x: Math.round(rect.left + rect.width / 2), y: Math.round(rect.top + rect.height / 2) };
  }

  close(): void {
    window.removeEventListener('message', this.#onMessage);
    this.frame.remove();
  }
}

/** Resolves once `condition` holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export { sleep };
