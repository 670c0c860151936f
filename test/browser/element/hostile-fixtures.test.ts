// Hostile fixtures (issue 9, item 4), beside hostile-messages.test.ts (which
// covers: the page itself, a same-origin child, the real sandbox frame, a
// second probe frame and a probe popup, the frame navigated by the page,
// malformed/PIN-like/2 MB payloads, Blob, Map, replay after success, mode
// gating, two elements) and frame.test.ts (javascript:, data:, non-allowlisted,
// public http, same-origin and relative pinFrameURLs; the id in the URL). Here:
// a third origin (127.0.0.2) as window, iframe and popup; frames nested in the
// element's frame; the frame redirected or navigating itself to another origin
// before and after the hand-over; replays of the hand-over; huge and odd
// payloads from the right frame; more hostile pinFrameURLs and frame-origins.
// Each case states the events, the state, and where the id went.
import { expect, fixture, html } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import { TEST_HOST_PORT } from '../../support/env.js';
import { ECHO_FRAME, PROBE_ORIGIN, PROBE_PORT, THIRD_ORIGIN, redirectTo, selfNavigateTo } from './endpoint-urls.js';
import {
  FRAME_ORIGINS,
  echoPinValid,
  failOnUncaughtErrors,
  fixedProvider,
  frameOf,
  messageFrom,
  nextEvent,
  openPopupFromClick,
  probeMessage,
  ready,
  recordEvents,
  settle,
} from './helpers.js';

const THIRD_ECHO = `${THIRD_ORIGIN}/echo-frame`;

/** Every message the page gets from `origin`, from now on. */
function messagesFrom(origin: string) {
  const seen: MessageEvent[] = [];
  const listener = (event: MessageEvent) => event.origin === origin && seen.push(event);
  window.addEventListener('message', listener);
  return { seen, stop: () => window.removeEventListener('message', listener) };
}

/** A message from `origin` the page gets (the probe helper only takes PROBE_ORIGIN). */
function messageFromOrigin(origin: string, accept: (data: any, event: MessageEvent) => boolean, timeout = 5000) {
  return new Promise<MessageEvent>((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener('message', listener);
      reject(new Error(`no message from ${origin}`));
    }, timeout);
    const listener = (event: MessageEvent) => {
      if (event.origin !== origin || !accept(event.data, event)) return;
      clearTimeout(timer);
      window.removeEventListener('message', listener);
      resolve(event);
    };
    window.addEventListener('message', listener);
  });
}

/** An element whose frame is the probe echo frame, ready and handed its id. */
async function probeElement(mode: 'view' | 'set' = 'view', id = 'hostile-id') {
  const { provider } = fixedProvider(ECHO_FRAME, id);
  const received = probeMessage((data) => data?.probe === 'received' && data.data?.operation);
  const el = await fixture<PinControl>(
    html`<pin-control mode=${mode} frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`,
  );
  await ready(el);
  const handover = await received;
  return { el, events: recordEvents(el), handover: handover.data.data as { operation: string; controlId: string } };
}

/** Has the element's own frame post `data` to the page, and waits for it to arrive. */
async function echo(el: PinControl, data: unknown) {
  const target = frameOf(el)!.contentWindow!;
  const delivered = messageFrom(target, (d) => !d?.probe, 5000);
  target.postMessage({ echo: data }, PROBE_ORIGIN);
  await delivered.catch(() => undefined);
  await settle(30);
}

describe('pin-control against hostile fixtures', () => {
  failOnUncaughtErrors();
  afterEach(() => document.querySelectorAll('body > iframe').forEach((frame) => frame.remove()));

  describe('a third origin (127.0.0.2) posting correct shapes', () => {
    it('a third-origin iframe: its view_pin_success is dropped; no event, still ready', async () => {
      const { el, events } = await probeElement();
      const frame = document.createElement('iframe');
      const loaded = messageFromOrigin(THIRD_ORIGIN, (d) => d?.probe === 'loaded');
      frame.src = THIRD_ECHO;
      document.body.append(frame);
      await loaded;
      const sent = messageFromOrigin(THIRD_ORIGIN, (d) => d?.event === 'view_pin_success');
      frame.contentWindow!.postMessage({ echo: { event: 'view_pin_success' } }, THIRD_ORIGIN);
      await sent;
      await settle(50);
      expect(events).to.deep.equal([]);
      expect(el.state).to.equal('ready');
    });

    it('a third-origin popup (opened from a real click): dropped; the element still hears its own frame', async () => {
      const { el, events } = await probeElement();
      const loaded = messageFromOrigin(THIRD_ORIGIN, (d) => d?.probe === 'loaded');
      loaded.catch(() => undefined);
      const popup = await openPopupFromClick(THIRD_ECHO, 'third-popup');
      expect(popup !== null, 'the popup opened').to.be.true;
      await loaded;
      const sent = messageFromOrigin(THIRD_ORIGIN, (d) => d?.event === 'view_pin_success');
      popup!.postMessage({ echo: { event: 'view_pin_success' } }, THIRD_ORIGIN);
      await sent;
      popup!.close();
      await settle(50);
      expect(events).to.deep.equal([]);
      await echo(el, { event: 'view_pin_success' });
      expect(events.map((e) => e.type)).to.deep.equal(['view-pin-success']);
    });

    it("a third-origin window that is the frame's own child, posting to the top page: dropped", async () => {
      const { el, events } = await probeElement();
      const loaded = messageFromOrigin(THIRD_ORIGIN, (d) => d?.probe === 'loaded');
      frameOf(el)!.contentWindow!.postMessage({ nest: `${THIRD_ECHO}?to=top` }, PROBE_ORIGIN);
      const child = (await loaded).source as Window;
      const sent = messageFromOrigin(THIRD_ORIGIN, (d) => d?.event === 'view_pin_success');
      child.postMessage({ echo: { event: 'view_pin_success' } }, THIRD_ORIGIN);
      await sent;
      await settle(50);
      expect(events).to.deep.equal([]);
      expect(el.state).to.equal('ready');
    });
  });

  it("a frame on the issuer origin nested inside the element's frame, posting to the top page: dropped (right origin, wrong window)", async () => {
    const { el, events } = await probeElement();
    const frameWindow = frameOf(el)!.contentWindow!;
    const loaded = probeMessage((d, event) => d?.probe === 'loaded' && event.source !== frameWindow);
    frameWindow.postMessage({ nest: `${ECHO_FRAME}?to=top` }, PROBE_ORIGIN);
    const nested = (await loaded).source as Window;
    expect(nested === frameWindow.frames[0], 'the nested frame').to.be.true;
    const sent = probeMessage((d, event) => d?.event === 'view_pin_success' && event.source === nested);
    nested.postMessage({ echo: { event: 'view_pin_success' } }, PROBE_ORIGIN);
    await sent;
    await settle(50);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('ready');
  });

  describe('the frame taken to another origin', () => {
    // Before the hand-over: the element posts the id to the allowlisted
    // origin only, so the browser delivers it to no page on 127.0.0.2.
    for (const [how, url] of [
      ['302-redirected', redirectTo(THIRD_ECHO)],
      ['navigating itself', selfNavigateTo(THIRD_ECHO)],
    ] as const) {
      it(`${how} to a third origin before the hand-over: the id reaches no page; view ends in frame-unresponsive`, async () => {
        const third = messagesFrom(THIRD_ORIGIN);
        try {
          const { provider, calls } = fixedProvider(url, 'redirected-id');
          const el = await fixture<PinControl>(
            html`<pin-control frame-origins=${FRAME_ORIGINS} frame-timeout="2500" retries="0" .tokenProvider=${provider}></pin-control>`,
          );
          const events = recordEvents(el);
          const { detail } = await nextEvent(el, 'pin-control-error', 15_000);
          expect(detail.code).to.equal('frame-unresponsive');
          expect(el.state).to.equal('error');
          expect(calls()).to.equal(1);
          // The third-origin page loaded (it said so) and received nothing: no operation, no id.
          expect(
            third.seen.some((e) => e.data?.probe === 'loaded'),
            'the third-origin page loaded',
          ).to.be.true;
          expect(third.seen.filter((e) => e.data?.probe === 'received')).to.deep.equal([]);
          // Ready once loaded (the element cannot see where the frame went), then silence.
          expect(events.map((e) => e.type)).to.deep.equal(['pin-control-ready', 'pin-control-error']);
        } finally {
          third.stop();
        }
      });
    }

    it('navigating itself to a third origin after the hand-over: its callbacks are dropped, set_pin and the theme do not reach it', async () => {
      const third = messagesFrom(THIRD_ORIGIN);
      try {
        const { el, events } = await probeElement('set');
        await echoPinValid(el); // the frame's own pin_valid: a later setPin() posts
        events.length = 0;
        const frameWindow = frameOf(el)!.contentWindow!;
        const arrived = messageFromOrigin(THIRD_ORIGIN, (d, event) => d?.probe === 'loaded' && event.source === frameWindow);
        frameWindow.postMessage({ navigate: redirectTo(THIRD_ECHO) }, PROBE_ORIGIN);
        await arrived;
        const sent = messageFromOrigin(THIRD_ORIGIN, (d) => d?.event === 'set_pin_success');
        frameWindow.postMessage({ echo: { event: 'pin_valid', pin_valid: true } }, THIRD_ORIGIN);
        frameWindow.postMessage({ echo: { event: 'set_pin_success' } }, THIRD_ORIGIN);
        await sent;
        expect(el.setPin(), 'posted, to the frame origin only').to.be.true;
        el.style.setProperty('--pin-control-accent-color', '#123456');
        el.refreshTheme();
        await settle(200);
        expect(events).to.deep.equal([]);
        expect(el.state).to.equal('ready');
        expect(
          third.seen.filter((e) => e.data?.probe === 'received'),
          'the new page got nothing from the element',
        ).to.deep.equal([]);
      } finally {
        third.stop();
      }
    });
  });

  describe('replays', () => {
    it("the frame posting the hand-over back, and the page's own window replaying it: no event, the id went only to the frame", async () => {
      const { el, events, handover } = await probeElement('view', 'replayed-id');
      expect(handover).to.deep.equal({ operation: 'view-pin', controlId: 'replayed-id-1' });
      await echo(el, handover);
      window.postMessage(handover, '*');
      window.postMessage({ event: 'view_pin_success' }, '*');
      await settle(50);
      expect(events).to.deep.equal([]);
      expect(el.state).to.equal('ready');
      // The id is nowhere in the page: not in the element's DOM, attributes or properties.
      expect(el.shadowRoot!.innerHTML).not.to.contain('replayed-id');
      expect(el.outerHTML).not.to.contain('replayed-id');
      expect(frameOf(el)!.src).not.to.contain('replayed-id');
    });

    it('after restart(): the new frame gets exactly one hand-over; its success replayed is heard once', async () => {
      const { el, events } = await probeElement('set');
      const first = frameOf(el)!;
      const operations = messagesFromProbe();
      try {
        el.restart();
        await ready(el);
        await settle(300);
        expect(frameOf(el) === first, 'a new frame').to.be.false;
        await echo(el, { event: 'set_pin_success' });
        await echo(el, { event: 'set_pin_success' });
        expect(events.map((e) => e.type)).to.deep.equal(['pin-control-ready', 'set-pin-success']);
        expect(operations.count(frameOf(el)!.contentWindow!)).to.equal(1);
      } finally {
        operations.stop();
      }
    });
  });

  it('huge, deep and odd data from the right frame: dropped without a throw; a real callback still heard', async function () {
    this.timeout(90_000); // 10 MB strings and a million items cloned twice each, on a shared machine
    const { el, events } = await probeElement('set');
    const deep: Record<string, unknown> = { event: 'pin_valid', pin_valid: true };
    let nest: Record<string, unknown> = deep;
    for (let n = 0; n < 1000; n += 1) nest = nest.next = {};
    const wide: Record<string, unknown> = { event: 'set_pin_success' };
    for (let n = 0; n < 200_000; n += 1) wide[`k${n}`] = n;
    const payloads: Array<[string, unknown]> = [
      ['a 10 MB string', 'x'.repeat(10 * 1024 * 1024)],
      ['a 10 MB event name', { event: `set_pin_success${'x'.repeat(10 * 1024 * 1024)}` }],
      ['1,000-deep nesting under a valid shape', deep],
      ['1,000-deep arrays', JSON.parse(`${'['.repeat(1000)}${']'.repeat(1000)}`)],
      ['a 200,000-key object', wide],
      ['a million-item array', Array.from({ length: 1_000_000 }, () => 'set_pin_success')],
      ['__proto__ through JSON.parse', JSON.parse('{"__proto__": {"event": "set_pin_success"}}')],
      ['__proto__ beside a valid shape', JSON.parse('{"event": "pin_valid", "pin_valid": true, "__proto__": {"isAdmin": true}}')],
      ['constructor.prototype', JSON.parse('{"constructor": {"prototype": {"event": "set_pin_success"}}}')],
      ['event under constructor', JSON.parse('{"event": "set_pin_success", "constructor": {"name": "Object"}}')],
      ['an ArrayBuffer', new TextEncoder().encode('{"event":"set_pin_success"}').buffer],
      ['a Uint8Array', new TextEncoder().encode('{"event":"set_pin_success"}')],
      ['a Date', new Date()],
      ['an Error', Object.assign(new Error('set_pin_success'), { event: 'set_pin_success' })],
      ['a String object', new String('set_pin_success')],
      ['a Set', new Set(['set_pin_success'])],
      ['a RegExp', /set_pin_success/],
      ['a BigInt', 1n],
      ['undefined', undefined],
    ];
    const deliveredPayloads: string[] = [];
    for (const [name, data] of payloads) {
      await echo(el, data);
      deliveredPayloads.push(name);
    }
    // A transferred MessagePort as the data itself (made and sent by the frame).
    const target = frameOf(el)!.contentWindow!;
    const port = messageFrom(target, (d) => d instanceof MessagePort);
    target.postMessage({ make: 'port' }, PROBE_ORIGIN);
    expect((await port).ports, 'a port was transferred').to.have.length(1);
    await settle(50);
    expect(deliveredPayloads).to.have.length(payloads.length);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('ready');
    expect(({} as Record<string, unknown>).event, 'Object.prototype untouched').to.equal(undefined);
    expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
    await echo(el, { event: 'pin_valid', pin_valid: true });
    expect(events).to.deep.equal([{ type: 'pin-valid', detail: { valid: true } }]);
  });

  describe('hostile pinFrameURLs', () => {
    const probeHost = (host: string) => `http://${host}:${PROBE_PORT}/echo-frame`;
    // frame.test.ts covers javascript:, data:, non-allowlisted, public http, same-origin, relative.
    const refused: Array<[string, () => string]> = [
      ['javascript: with leading spaces', () => '   javascript:parent.postMessage({event:"view_pin_success"},"*")'],
      ['javascript: with leading tab and newline', () => '\t\njavascript:alert(1)'],
      [
        'blob: made by the page',
        () => URL.createObjectURL(new Blob(['<script>parent.postMessage({event:"view_pin_success"},"*")</script>'], { type: 'text/html' })),
      ],
      ['blob: of the frame origin', () => `blob:${PROBE_ORIGIN}/00000000-0000-0000-0000-000000000000`],
      ['about:blank', () => 'about:blank'],
      ['about:srcdoc', () => 'about:srcdoc'],
      ['a look-alike host (127.0.0.1.evil.example)', () => probeHost('127.0.0.1.evil.example')],
      ['a look-alike host (localhost.evil.example)', () => probeHost('localhost.evil.example')],
      ['userinfo (user:pw@)', () => probeHost('user:pw@127.0.0.1')],
      ['userinfo posing as the host (127.0.0.1@evil)', () => `http://127.0.0.1:${PROBE_PORT}@127.0.0.2:${PROBE_PORT}/echo-frame`],
      ['a trailing dot on localhost (another host)', () => `http://localhost.:${PROBE_PORT}/echo-frame`],
      ['an uppercase host that is the page itself', () => `http://LOCALHOST:${TEST_HOST_PORT}/echo-frame`],
      ['[::1]', () => probeHost('[::1]')],
      ['ws:', () => `ws://127.0.0.1:${PROBE_PORT}/echo-frame`],
      ['a third loopback address', () => THIRD_ECHO],
      ['another port on the frame host', () => `http://127.0.0.1:${PROBE_PORT + 100}/echo-frame`],
      ['https on the frame host (another origin)', () => `https://127.0.0.1:${PROBE_PORT}/echo-frame`],
    ];
    for (const [name, url] of refused) {
      it(`${name}: frame-origin-refused, no iframe, the id posted nowhere`, async () => {
        const { provider, calls } = fixedProvider(url(), 'refused-id');
        const anyProbe = messagesFrom(PROBE_ORIGIN);
        try {
          const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`);
          const events = recordEvents(el);
          const { detail } = await nextEvent(el, 'pin-control-error');
          expect(detail.code).to.equal('frame-origin-refused');
          await settle(100);
          expect(el.state).to.equal('error');
          expect(calls()).to.equal(1);
          await el.updateComplete;
          expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(0);
          expect(events).to.deep.equal([]); // the error came before recordEvents; nothing after
          expect(anyProbe.seen).to.deep.equal([]);
        } finally {
          anyProbe.stop();
        }
      });
    }

    // Spellings the URL parser normalizes to the allowlisted origin itself:
    // the same origin, so the frame loads, and the id goes to that exact origin.
    const normalized: Array<[string, string]> = [
      ['an uppercase scheme and host', `HTTP://127.0.0.1:${PROBE_PORT}/echo-frame`],
      ['IPv4 shorthand 127.1', probeHost('127.1')],
      ['IPv4 as one number 2130706433', probeHost('2130706433')],
      ['IPv4 in hex 0x7f.0.0.1', probeHost('0x7f.0.0.1')],
      ['a trailing dot on the IPv4 address', probeHost('127.0.0.1.')],
    ];
    for (const [name, url] of normalized) {
      it(`${name}: normalized to ${PROBE_ORIGIN}, loads, the id goes to that exact origin only`, async () => {
        const { provider } = fixedProvider(url, 'normalized-id');
        const received = probeMessage((data) => data?.probe === 'received' && data.data?.operation);
        const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`);
        await ready(el);
        expect(new URL(frameOf(el)!.src).origin).to.equal(PROBE_ORIGIN);
        const { data } = await received;
        expect(data.data).to.deep.equal({ operation: 'view-pin', controlId: 'normalized-id-1' });
      });
    }
  });

  describe('hostile frame-origins', () => {
    // The frame is the probe echo frame; only the listed entry may allow it.
    const entries: Array<[string, string]> = [
      ['*', '*'],
      ['a scheme wildcard http://*', 'http://*'],
      ['a host wildcard http://*.0.0.1', `http://*.0.0.1:${PROBE_PORT}`],
      ['a port wildcard', 'http://127.0.0.1:*'],
      ['null', 'null'],
      ['the frame origin with a path', `${PROBE_ORIGIN}/echo-frame`],
      ['the frame origin with a query', `${PROBE_ORIGIN}?x`],
      ['the frame origin with userinfo', `http://u@127.0.0.1:${PROBE_PORT}`],
      ['a bare host', `127.0.0.1:${PROBE_PORT}`],
      ["the page's own origin", location.origin],
      ['the frame origin comma-separated', `${PROBE_ORIGIN},${PROBE_ORIGIN}`],
    ];
    for (const [name, value] of entries) {
      it(`${name}: never allows the probe frame (frame-origin-refused, no iframe)`, async () => {
        const { provider } = fixedProvider(ECHO_FRAME, 'origins-id');
        const anyProbe = messagesFrom(PROBE_ORIGIN);
        try {
          const el = await fixture<PinControl>(html`<pin-control frame-origins=${value} .tokenProvider=${provider}></pin-control>`);
          const { detail } = await nextEvent(el, 'pin-control-error');
          expect(detail.code).to.equal('frame-origin-refused');
          await el.updateComplete;
          expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(0);
          expect(el.state).to.equal('error');
          await settle(100);
          expect(anyProbe.seen).to.deep.equal([]);
        } finally {
          anyProbe.stop();
        }
      });
    }
  });
});

/** Counts the operation messages each probe frame reports having received. */
function messagesFromProbe() {
  const counts = new Map<MessageEventSource, number>();
  const listener = (event: MessageEvent) => {
    if (event.origin === PROBE_ORIGIN && event.data?.probe === 'received' && event.data.data?.operation && event.source) {
      counts.set(event.source, (counts.get(event.source) ?? 0) + 1);
    }
  };
  window.addEventListener('message', listener);
  return { count: (source: MessageEventSource) => counts.get(source) ?? 0, stop: () => window.removeEventListener('message', listener) };
}
