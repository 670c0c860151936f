// A scan for secrets (issue 9, item 8): a real run in Chromium (the demo end to
// end, and the element's own view, set and error flows against the sandbox)
// with everything an attacker on the page, a log reader or a network observer
// could see collected, then searched for every secret:
//
// collected: console messages (page and frames); the host's log and audit
// lines and the sandbox's log lines; DOM snapshots of the host page (outerHTML
// with every shadow root, so attributes too, and input values) at each step;
// every event's type and detail; localStorage, sessionStorage and
// document.cookie of every frame, and the context's cookies; performance
// entries (resource and navigation URLs) of every frame; every request URL
// and request and response header the browser saw.
//
// searched for: every control id minted (taken server side: the element
// host's issuer client, and a recording proxy in front of the demo's issuer);
// every PIN (the seed's and the ones typed); the client key anywhere but the
// frame URL's `key=` (and the `frame-key` attribute that sets it); the credentials (password, user:password, its base64,
// the bearer token). Zero hits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { launchChromium, noChromium } from '../support/chromium.js';
import { FRAME_PATH } from '../../sandbox/page-html.js';
import { loadSeed } from '../../sandbox/seed.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { startDemo, type RunningDemo } from '../../demo/start-demo.js';
import { startElementHost, TOKEN_PATH, type ElementHost } from './support/element-host.js';
import { NAME_HELPER } from './support/leak-harness.js';

const seed = loadSeed({});
const DEMO_NEW_PIN = '5739';
const ELEMENT_NEW_PIN = '7315';
const EVENTS = [
  'view-pin-success',
  'view-pin-error',
  'set-pin-success',
  'set-pin-error',
  'set-pin-validation-error',
  'pin-valid',
  'pin-control-ready',
  'pin-control-error',
];

interface Entry {
  source: string;
  text: string;
}

/** Everything visible, as (source, text) pairs. */
class Corpus {
  readonly entries: Entry[] = [];
  readonly #pending: Promise<unknown>[] = [];
  add(source: string, text: unknown): void {
    this.entries.push({ source, text: typeof text === 'string' ? text : JSON.stringify(text) });
  }
  later(work: Promise<unknown>): void {
    this.#pending.push(work.catch(() => {}));
  }
  async settle(): Promise<void> {
    await Promise.all(this.#pending);
  }

  /** Console, requests and responses of every page in the context, from the start. */
  watch(context: BrowserContext, label: string): void {
    const watchPage = (page: Page) => page.on('console', (message) => this.add(`${label} console (${message.type()})`, message.text()));
    context.pages().forEach(watchPage);
    context.on('page', watchPage);
    context.on('request', (request) => {
      this.add(`${label} request URL`, `${request.method()} ${request.url()}`);
      this.later(request.allHeaders().then((headers) => this.add(`${label} request headers ${request.url()}`, headers)));
    });
    context.on('response', (response) => {
      this.later(response.allHeaders().then((headers) => this.add(`${label} response headers ${response.url()}`, headers)));
    });
  }

  /** The host page's DOM with shadow roots and input values, events so far, and every frame's storage and performance entries. */
  async snapshot(page: Page, label: string): Promise<void> {
    this.add(`${label} DOM`, await page.evaluate(serializeDOM));
    this.add(`${label} events`, await page.evaluate(() => (window as unknown as { __events?: unknown[] }).__events ?? []));
    for (const frame of page.frames()) {
      const seen = await frame.evaluate(readStorage).catch((error: Error) => `unreadable: ${error.message}`);
      this.add(`${label} storage and performance of ${frameName(frame)}`, seen);
    }
    this.add(`${label} cookies`, await page.context().cookies());
  }
}

const frameName = (frame: Frame) => (frame.parentFrame() ? `frame ${frame.url()}` : 'the page');

function serializeDOM(): string {
  const parts: string[] = [];
  const walk = (root: Document | ShadowRoot) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) {
        parts.push(`<#shadow-root of ${element.localName}>${element.shadowRoot.innerHTML}`);
        walk(element.shadowRoot);
      }
      if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLOutputElement) {
        parts.push(`<#value of ${element.localName}#${element.id}>${element.value}`);
      }
    }
  };
  parts.push(document.documentElement.outerHTML);
  walk(document);
  return parts.join('\n');
}

function readStorage(): unknown {
  const dump = (storage: Storage) =>
    Object.fromEntries(Array.from({ length: storage.length }, (_, i) => [storage.key(i), storage.getItem(storage.key(i)!)]));
  return {
    localStorage: dump(localStorage),
    sessionStorage: dump(sessionStorage),
    cookie: document.cookie,
    performance: performance.getEntries().map((entry) => `${entry.entryType} ${entry.name}`),
  };
}

/** Records every element event (type and detail) in the page, before any page script runs. */
function recordEvents(names: string[]): void {
  const events: unknown[] = [];
  (window as unknown as { __events: unknown[] }).__events = events;
  for (const name of names) {
    window.addEventListener(name, (event) => events.push({ type: event.type, detail: (event as CustomEvent).detail ?? null }), true);
  }
}

interface Needle {
  what: string;
  pattern: RegExp;
}

/** Every `size`-character run of `text` (the whole text when shorter). */
const windows = (text: string, size: number) =>
  text.length <= size ? [text] : Array.from({ length: text.length - size + 1 }, (_, i) => text.slice(i, i + size));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The hits of every needle in the corpus; `allowed` strings are cut out first. */
export function findSecrets(entries: readonly Entry[], needles: readonly Needle[], allowed: readonly string[]): string[] {
  const hits: string[] = [];
  for (const { source, text } of entries) {
    let rest = text;
    for (const ok of allowed) rest = rest.split(ok).join('<allowed>');
    for (const { what, pattern } of needles) {
      const match = pattern.exec(rest);
      if (match) hits.push(`${what} in ${source}: …${rest.slice(Math.max(0, match.index - 60), match.index + match[0].length + 60)}…`);
    }
  }
  return hits;
}

/** A node:http proxy in front of the sandbox's API that records each control id it mints. */
async function recordingProxy(sandbox: RunningSandbox, ids: string[]): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const name of ['authorization', 'content-type', 'accept']) if (req.headers[name]) headers.set(name, String(req.headers[name]));
    const upstream = await fetch(`${sandbox.origin}${req.url}`, {
      method: req.method,
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
      redirect: 'manual',
    });
    const text = await upstream.text();
    try {
      const { id } = JSON.parse(text) as { id?: unknown };
      if (typeof id === 'string') ids.push(id);
    } catch {
      // not a mint answer
    }
    const passed = [...upstream.headers].filter(
      ([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name),
    );
    res.writeHead(upstream.status, Object.fromEntries(passed)).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('a scan for secrets across a real run', { skip: noChromium }, () => {
  const corpus = new Corpus();
  const demoIds: string[] = [];
  const demoKey = `dk-${crypto.randomUUID().slice(0, 8)}`;
  const demoLog: string[] = [];
  const demoSandboxLog: string[] = [];
  let demoSandbox: RunningSandbox;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let demo: RunningDemo;
  let host: ElementHost;
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
    host = await startElementHost();
    demoSandbox = await startSandbox({
      port: 0,
      log: (line) => demoSandboxLog.push(line),
      clients: [...seed.clients, { key: demoKey, origins: ['http://localhost:*'] }],
    });
    proxy = await recordingProxy(demoSandbox, demoIds);
    demo = await startDemo({
      hostPort: 0,
      env: {
        PIN_CONTROL_API_BASE: proxy.origin,
        PIN_CONTROL_USERNAME: seed.credentials.username,
        PIN_CONTROL_PASSWORD: seed.credentials.password,
        PIN_CONTROL_KEY: demoKey,
        PIN_CONTROL_FRAME_ORIGIN: demoSandbox.origin,
      },
      log: (line) => demoLog.push(line),
      audit: (record) => demoLog.push(JSON.stringify(record)),
    });
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
    await proxy?.close();
    await demoSandbox?.close();
    await host?.close();
  });

  async function newPage(label: string): Promise<Page> {
    const context = await browser.newContext();
    await context.addInitScript({ content: NAME_HELPER });
    await context.addInitScript(recordEvents, EVENTS);
    corpus.watch(context, label);
    return context.newPage();
  }

  const waitForEvent = (page: Page, type: string, count = 1) =>
    page.waitForFunction(
      ([name, n]) =>
        ((window as unknown as { __events: Array<{ type: string }> }).__events ?? []).filter((e) => e.type === name).length >= n,
      [type, count] as const,
      { timeout: 20_000 },
    );

  it('the demo end to end: view, set with real keystrokes, view the new PIN, webview mode', async () => {
    const page = await newPage('demo');
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]');
    await corpus.snapshot(page, 'demo start');

    await page.click('button[data-card="everyday"][data-action="view"]');
    await waitForEvent(page, 'view-pin-success');
    await corpus.snapshot(page, 'demo viewed');

    await page.click('button[data-card="travel"][data-action="set"]');
    await waitForEvent(page, 'pin-control-ready', 2);
    const input = page.frameLocator('pin-control iframe').locator('#pin-input');
    await input.click();
    await input.pressSequentially(DEMO_NEW_PIN, { delay: 20 });
    await page.waitForFunction(() => !(document.getElementById('set-pin-submit') as HTMLButtonElement).disabled);
    await corpus.snapshot(page, 'demo typed');
    await page.click('#set-pin-submit');
    await waitForEvent(page, 'set-pin-success');
    await corpus.snapshot(page, 'demo set');

    await page.click('button[data-card="travel"][data-action="view"]');
    await waitForEvent(page, 'view-pin-success', 2);
    // The webview switch sits in the collapsed developer tools.
    if ((await page.locator('#devtools').getAttribute('open')) === null) await page.click('#devtools > summary');
    await page.check('#webview-mode');
    await waitForEvent(page, 'view-pin-success', 3);
    await corpus.snapshot(page, 'demo webview');
    await page.context().close();
    assert.ok(demoIds.length >= 4, `the proxy saw the demo's ids (${demoIds.length})`);
  });

  it("the element's own flows against the sandbox: view, set with real keystrokes, view again, refused and failed token requests", async () => {
    const page = await newPage('element');
    await page.goto(host.pageURL);
    await page.waitForFunction(() => customElements.get('pin-control') !== undefined);
    const mount = (attributes: Record<string, string>) =>
      page.evaluate((attrs) => {
        document.querySelector('pin-control')?.remove();
        const el = document.createElement('pin-control');
        for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
        document.getElementById('host')!.append(el);
      }, attributes);
    const base = { 'token-url': TOKEN_PATH, 'frame-origins': host.sandbox.origin, 'frame-key': host.key };

    await mount({ ...base, mode: 'view' });
    await waitForEvent(page, 'view-pin-success');
    await corpus.snapshot(page, 'element viewed');

    await mount({ ...base, mode: 'set' });
    await waitForEvent(page, 'pin-control-ready', 2);
    const input = page.frameLocator('pin-control iframe').locator('#pin-input');
    await input.click();
    await input.pressSequentially(ELEMENT_NEW_PIN, { delay: 20 });
    await page.waitForFunction(() => (document.querySelector('pin-control') as unknown as { pinValid: boolean | null }).pinValid === true);
    await corpus.snapshot(page, 'element typed');
    await page.evaluate(() => (document.querySelector('pin-control') as unknown as { setPin(): void }).setPin());
    await waitForEvent(page, 'set-pin-success');
    await corpus.snapshot(page, 'element set');

    await mount({ ...base, mode: 'view' });
    await waitForEvent(page, 'view-pin-success', 2);
    await mount({ ...base, 'frame-origins': 'https://pin.elsewhere.example' }); // the frame URL is refused
    await waitForEvent(page, 'pin-control-error', 1);
    await mount({ ...base, 'token-url': '/no-such-endpoint' }); // 404
    await waitForEvent(page, 'pin-control-error', 2);
    await corpus.snapshot(page, 'element errors');
    await page.context().close();
    assert.ok(host.ids.length >= 4, `the element host minted ids (${host.ids.length})`);
  });

  it('no control id, PIN, key (outside the frame URL) or credential appears anywhere', async () => {
    await corpus.settle();
    for (const line of host.hostLog) corpus.add('element host log', line);
    for (const line of host.sandboxLog) corpus.add('element sandbox log', line);
    for (const line of demoLog) corpus.add('demo host log', line);
    for (const line of demoSandboxLog) corpus.add('demo sandbox log', line);

    const { username, password, bearerTokens } = seed.credentials;
    const basic = Buffer.from(`${username}:${password}`).toString('base64');
    const pins = [...new Set([...seed.plastics.flatMap((plastic) => (plastic.pin ? [plastic.pin] : [])), DEMO_NEW_PIN, ELEMENT_NEW_PIN])];
    const ids = [...host.ids, ...demoIds];
    const needles: Needle[] = [
      // Any 12 characters of an id in a row (72 random bits): a cut id is a leak too.
      ...ids.map((id, n) => ({ what: `control id #${n + 1}`, pattern: new RegExp(windows(id, 12).map(escapeRegExp).join('|')) })),
      // A PIN is a run of digits of its own (not inside a port, a time or a plastic id).
      ...pins.map((pin) => ({ what: `PIN ${pin}`, pattern: new RegExp(`(?<!\\d)${pin}(?!\\d)`) })),
      ...[host.key, demoKey].map((key) => ({ what: `client key ${key}`, pattern: new RegExp(escapeRegExp(key)) })),
      { what: 'the password', pattern: new RegExp(escapeRegExp(password)) },
      { what: 'user:password', pattern: new RegExp(escapeRegExp(`${username}:${password}`)) },
      { what: 'Basic credentials (base64)', pattern: new RegExp(escapeRegExp(basic.replace(/=+$/, ''))) },
      ...bearerTokens.map((token) => ({ what: 'the bearer token', pattern: new RegExp(escapeRegExp(token)) })),
    ];
    // The key is meant to be in the frame URL, and only there (and in the
    // element's `frame-key` attribute, where the integrator writes it for
    // that URL: the page is given the key by design, it is not a credential).
    const allowed = [
      `${host.sandbox.origin}${FRAME_PATH}?key=${host.key}`,
      `${demoSandbox.origin}${FRAME_PATH}?key=${demoKey}`,
      `frame-key="${host.key}"`,
      `frame-key="${demoKey}"`,
    ];

    // The scanner finds a planted leak of each kind (else zero hits proves nothing).
    for (const needle of needles) {
      const secret = needle.pattern.source
        .split('|')[0]!
        .replace(/\\/g, '')
        .replace(/\(\?<!d\)|\(\?!d\)/g, '');
      const hits = findSecrets([{ source: 'planted', text: `a "${secret}" planted` }], needles, allowed);
      assert.ok(
        hits.some((hit) => hit.startsWith(`${needle.what} in planted`)),
        `a planted ${needle.what} is found`,
      );
    }
    assert.deepEqual(findSecrets([{ source: 'frame URL', text: allowed[0]! }], needles, allowed), [], 'the frame URL itself is allowed');

    const text = corpus.entries.reduce((sum, entry) => sum + entry.text.length, 0);
    console.log(
      `secrets: ${corpus.entries.length} entries (${(text / 1024).toFixed(0)} KB) searched for ${ids.length} control ids, ${pins.length} PINs, 2 keys and ${needles.length - ids.length - pins.length - 2} credential forms`,
    );
    assert.ok(
      corpus.entries.some((entry) => entry.source.includes('request headers')),
      'request headers were collected',
    );
    assert.ok(
      corpus.entries.some((entry) => entry.source.includes('DOM') && entry.text.includes('#shadow-root of pin-control')),
      'shadow roots were collected',
    );
    assert.deepEqual(findSecrets(corpus.entries, needles, allowed), []);
  });
});
