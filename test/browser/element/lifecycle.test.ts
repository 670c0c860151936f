// Disconnect mid-flow, restarts on attribute changes, registration.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { ECHO_FRAME, FAIL, HANGING_FRAME, PROBE_ORIGIN } from './endpoint-urls.js';
import {
  ALL_EVENTS,
  FRAME_ORIGINS,
  countMessageListeners,
  fixedProvider,
  frameOf,
  probeMessage,
  ready,
  settle,
  failOnUncaughtErrors,
  nextEvent,
} from './helpers.js';

/** Every event from the element, including after it left the page. */
function allEvents(el: HTMLElement) {
  const seen: string[] = [];
  for (const name of ALL_EVENTS) el.addEventListener(name, (e) => seen.push(e.type));
  return seen;
}

describe('pin-control lifecycle', () => {
  failOnUncaughtErrors();

  it('disconnect while the token is in flight: the fetch is aborted, nothing is dispatched', async () => {
    const realFetch = window.fetch;
    let signal: AbortSignal | undefined;
    window.fetch = (input, init) => {
      signal = init?.signal ?? undefined;
      return realFetch(input, init);
    };
    try {
      const el = await fixture<PinControl>(html`<pin-control token-url=${FAIL.slow} frame-origins=${FRAME_ORIGINS}></pin-control>`);
      const seen = allEvents(el);
      await settle(100);
      expect(signal?.aborted).to.equal(false);
      el.remove();
      expect(signal?.aborted).to.equal(true);
      expect(el.state).to.equal('idle');
      await settle(200);
      expect(seen).to.deep.equal([]);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('disconnect while the frame loads: no load-timeout later, no listener left', async () => {
    const listeners = countMessageListeners();
    try {
      const el = await fixture<PinControl>(
        html`<pin-control frame-origins=${FRAME_ORIGINS} frame-timeout="300" .tokenProvider=${fixedProvider(HANGING_FRAME).provider}></pin-control>`,
      );
      const seen = allEvents(el);
      await waitUntil(() => frameOf(el) !== null);
      expect(listeners.count).to.equal(1);
      el.remove();
      expect(listeners.count).to.equal(0);
      await settle(700);
      expect(seen).to.deep.equal([]);
      await el.updateComplete;
      expect(frameOf(el) === null, 'the frame is dropped').to.be.true;
    } finally {
      listeners.restore();
    }
  });

  it('disconnect when ready: no listener left, a late message from the frame is not heard', async () => {
    const listeners = countMessageListeners();
    try {
      const el = await fixture<PinControl>(
        html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
      );
      await ready(el);
      const seen = allEvents(el);
      expect(listeners.count).to.equal(1);
      el.remove();
      expect(listeners.count).to.equal(0);
      expect(el.state).to.equal('idle');
      await settle(100);
      expect(seen).to.deep.equal([]);
    } finally {
      listeners.restore();
    }
  });

  it('an event listener that removes the element stops the flow there', async () => {
    const listeners = countMessageListeners();
    try {
      const el = await fixture<PinControl>(
        html`<pin-control mode="set" frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
      );
      await ready(el);
      const seen = allEvents(el);
      el.addEventListener('set-pin-error', () => el.remove());
      const target = frameOf(el)!.contentWindow!;
      const sent = probeMessage((data) => data?.event === 'set_pin_error');
      target.postMessage({ echo: { event: 'set_pin_error' } }, PROBE_ORIGIN);
      await sent;
      await settle(200);
      expect(seen).to.deep.equal(['set-pin-error']); // no restart, no pin-control-ready
      expect(listeners.count).to.equal(0);
    } finally {
      listeners.restore();
    }
  });

  it('reconnecting starts a new flow', async () => {
    const { provider, calls } = fixedProvider(ECHO_FRAME);
    const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`);
    await ready(el);
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await nextEvent(el, 'pin-control-ready');
    expect(calls()).to.equal(2);
  });

  it('changing mode, token-url or frame-origins restarts the flow', async () => {
    const scopes: string[] = [];
    const provider: TokenProvider = async ({ scope }) => {
      scopes.push(scope);
      return { id: `id-${scopes.length}`, pinFrameURL: ECHO_FRAME };
    };
    const el = await fixture<PinControl>(html`<pin-control frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`);
    await ready(el);
    el.mode = 'set';
    await nextEvent(el, 'pin-control-ready');
    expect(scopes).to.deep.equal(['VIEW_PIN', 'SET_PIN']);
    el.setAttribute('frame-origins', 'https://elsewhere.example');
    expect((await nextEvent(el, 'pin-control-error')).detail.code).to.equal('frame-origin-refused');
    el.setAttribute('frame-origins', FRAME_ORIGINS);
    await nextEvent(el, 'pin-control-ready');
    expect(scopes).to.deep.equal(['VIEW_PIN', 'SET_PIN', 'SET_PIN', 'SET_PIN']);
  });

  it('define(): the same class twice is fine; another class on the tag throws a clear error', () => {
    expect(customElements.get('pin-control')).to.equal(PinControl);
    PinControl.define();
    class Impostor extends HTMLElement {}
    customElements.define('pin-control-other', Impostor);
    class Sub extends PinControl {}
    expect(() => Sub.define('pin-control-other')).to.throw(/already defined by another class/);
  });
});
