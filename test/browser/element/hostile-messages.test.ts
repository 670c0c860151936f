// Messages the element must drop without an event or a throw: wrong origin,
// right origin but another window, malformed, oversized, PIN-like, replayed
// after a terminal event, or gated out by the mode.
import { expect, fixture, html } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import { SANDBOX_ORIGIN } from '../../support/env.js';
import { TEST_KEY } from '../../support/sandbox-fixtures.js';
import { ECHO_FRAME, PROBE_ORIGIN } from './endpoint-urls.js';
import {
  FRAME_ORIGINS,
  countMessageListeners,
  fixedProvider,
  frameOf,
  messageFrom,
  mintToken,
  navigateFrameElsewhere,
  openPopupFromClick,
  probeMessage,
  ready,
  recordEvents,
  settle,
  failOnUncaughtErrors,
} from './helpers.js';

async function probeElement(mode: 'view' | 'set' = 'view') {
  const { provider } = fixedProvider(ECHO_FRAME);
  const loaded = probeMessage((data) => data?.probe === 'received');
  const el = await fixture<PinControl>(
    html`<pin-control mode=${mode} frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`,
  );
  await ready(el);
  await loaded; // the probe frame has the operation: it is listening
  return el;
}

/** Has the element's own frame post `data` to the page (right origin, right source). */
async function echo(el: PinControl, data: unknown) {
  const target = frameOf(el)!.contentWindow!;
  const delivered = probeMessage((d, event) => event.source === target && !d?.probe, 2000);
  target.postMessage({ echo: data }, PROBE_ORIGIN);
  await delivered.catch(() => undefined);
  await settle(50);
}

/** Adds a second probe frame (same origin as the element's frame, another window). */
async function secondProbeFrame() {
  const frame = document.createElement('iframe');
  const loaded = probeMessage((data, event) => data?.probe === 'loaded' && event.source === frame.contentWindow);
  frame.src = ECHO_FRAME;
  document.body.append(frame);
  await loaded;
  return frame;
}

describe('pin-control drops hostile messages', () => {
  failOnUncaughtErrors();
  afterEach(() => document.querySelectorAll('body > iframe').forEach((frame) => frame.remove()));

  it('the probe frame itself is heard (control for the tests below)', async () => {
    const el = await probeElement();
    const events = recordEvents(el);
    await echo(el, { event: 'view_pin_success' });
    expect(events.map((e) => e.type)).to.deep.equal(['view-pin-success']);
  });

  it('the right data from a wrong origin: the page itself, a same-origin child frame, the real sandbox frame', async () => {
    const el = await probeElement();
    const events = recordEvents(el);
    window.postMessage({ event: 'view_pin_success' }, '*');
    const child = document.createElement('iframe');
    child.srcdoc = '<p>child</p>';
    document.body.append(child);
    await new Promise((resolve) => child.addEventListener('load', resolve, { once: true }));
    child.contentWindow!.parent.postMessage({ event: 'view_pin_success' }, '*');
    // A real sandbox frame, given its own id, posts a genuine view_pin_success to this page.
    const token = await mintToken('VIEW_PIN');
    const sandbox = document.createElement('iframe');
    sandbox.src = `${token.pinFrameURL}?key=${TEST_KEY}`;
    const genuine = new Promise<void>((resolve) =>
      window.addEventListener('message', function listener(event) {
        if (event.origin === SANDBOX_ORIGIN && event.data?.event === 'view_pin_success') {
          window.removeEventListener('message', listener);
          resolve();
        }
      }),
    );
    sandbox.addEventListener(
      'load',
      () => sandbox.contentWindow!.postMessage({ operation: 'view-pin', controlId: token.id }, SANDBOX_ORIGIN),
      { once: true },
    );
    document.body.append(sandbox);
    await genuine;
    await settle(100);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('ready');
  });

  it('the right data from the right origin but another window: a second frame and a popup', async () => {
    const el = await probeElement();
    const events = recordEvents(el);
    const other = await secondProbeFrame();
    const sent = probeMessage((data, event) => data?.event === 'view_pin_success' && event.source === other.contentWindow);
    other.contentWindow!.postMessage({ echo: { event: 'view_pin_success' } }, PROBE_ORIGIN);
    await sent;
    // Opened from a real click, as a page's button would (WebKit opens no
    // popup without one). The popup may load before the click's round trip
    // returns: listen for a page loading in a window other than the two frames first.
    const frames = [frameOf(el)!.contentWindow, other.contentWindow];
    const popupLoaded = probeMessage((data, event) => data?.probe === 'loaded' && !frames.includes(event.source as Window));
    popupLoaded.catch(() => undefined);
    const popup = await openPopupFromClick(ECHO_FRAME, 'probe-popup');
    expect(popup !== null, 'the popup opened').to.be.true;
    if (popup) {
      expect((await popupLoaded).source, 'the popup loaded').to.equal(popup);
      const fromPopup = probeMessage((data, event) => data?.event === 'view_pin_success' && event.source === popup);
      popup.postMessage({ echo: { event: 'view_pin_success' } }, PROBE_ORIGIN);
      await fromPopup;
      popup.close();
    }
    await settle(50);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('ready');
    // The element's own frame is still heard.
    await echo(el, { event: 'view_pin_success' });
    expect(events.map((e) => e.type)).to.deep.equal(['view-pin-success']);
  });

  it('the right window but a wrong origin: the frame navigated to another origin', async () => {
    const el = await probeElement();
    const events = recordEvents(el);
    // Same window (event.source matches), but its page is no longer the frame's origin.
    const target = await navigateFrameElsewhere(el);
    const sent = messageFrom(target, (data, event) => data?.event === 'view_pin_success' && event.origin === location.origin);
    target.postMessage({ echo: { event: 'view_pin_success' } }, location.origin);
    await sent;
    await settle(50);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('ready');
  });

  it('malformed, oversized and PIN-like payloads from the right frame', async () => {
    const el = await probeElement('set');
    const events = recordEvents(el);
    const bad: unknown[] = [
      null,
      42,
      'set_pin_success',
      ['set_pin_success'],
      { event: 'SET_PIN_SUCCESS' },
      { event: 'set_pin' },
      { event: 'pin_valid' },
      { event: 'pin_valid', pin_valid: 'true' },
      { event: 'pin_valid', pin_valid: true, pin: '2580' },
      { event: 'set_pin_success', pin: '2580' },
      { event: 'set_pin_success', controlId: 'x' },
      { event: 'x'.repeat(1_000_000) },
      { event: 'set_pin_success', padding: 'x'.repeat(2_000_000) },
      new Blob(['{"event":"set_pin_success"}']),
      new Map([['event', 'set_pin_success']]),
    ];
    for (const data of bad) await echo(el, data);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('ready');
    await echo(el, { event: 'pin_valid', pin_valid: true });
    expect(events).to.deep.equal([{ type: 'pin-valid', detail: { valid: true } }]);
  });

  it('replayed after a terminal event: nothing more, and no message listener left', async () => {
    const listeners = countMessageListeners();
    try {
      const el = await probeElement();
      const events = recordEvents(el);
      expect(listeners.count, "the element's listener").to.equal(1);
      await echo(el, { event: 'view_pin_success' });
      expect(listeners.count, 'terminal: the element stopped listening').to.equal(0);
      await echo(el, { event: 'view_pin_success' });
      await echo(el, { event: 'view_pin_error' });
      expect(events.map((e) => e.type)).to.deep.equal(['view-pin-success']);
      expect(el.state).to.equal('success');
    } finally {
      listeners.restore();
    }
  });

  it('mode gating: set_* and pin_valid are not heard in view mode, view_* not in set mode', async () => {
    const view = await probeElement('view');
    const viewEvents = recordEvents(view);
    for (const event of ['set_pin_success', 'set_pin_error', 'set_pin_validation_error']) await echo(view, { event });
    await echo(view, { event: 'pin_valid', pin_valid: true });
    expect(viewEvents).to.deep.equal([]);
    const set = await probeElement('set');
    const setEvents = recordEvents(set);
    for (const event of ['view_pin_success', 'view_pin_error']) await echo(set, { event });
    expect(setEvents).to.deep.equal([]);
    expect(set.state).to.equal('ready');
  });

  it('two elements on one page never hear each other', async () => {
    const a = await probeElement();
    const b = await probeElement();
    const aEvents = recordEvents(a);
    const bEvents = recordEvents(b);
    await echo(a, { event: 'view_pin_success' });
    expect(aEvents.map((e) => e.type)).to.deep.equal(['view-pin-success']);
    expect(bEvents).to.deep.equal([]);
    expect(b.state).to.equal('ready');
    await echo(b, { event: 'view_pin_error' });
    expect(bEvents.map((e) => e.type)).to.deep.equal(['view-pin-error']);
    expect(aEvents).to.have.length(1);
  });
});
