// Retries with a fresh id after an expired id and after a frame that never
// loads, bounded by `retries`. (set_pin_error retries run against the real
// sandbox in e2e.test.ts.)
import { expect, fixture, html } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { ECHO_FRAME, HANGING_FRAME } from './endpoint-urls.js';
import { FRAME_ORIGINS, frameOf, probeMessage, ready, recordEvents, settle, nextEvent } from './helpers.js';

/** Makes the element's clock jump 31 s once, right after the first token arrives. */
function agingProvider(pinFrameURL = ECHO_FRAME) {
  const realNow = performance.now.bind(performance);
  let calls = 0;
  const provider: TokenProvider = async () => {
    calls += 1;
    if (calls === 1) performance.now = () => realNow() + 31_000;
    return { id: `aging-${calls}`, pinFrameURL };
  };
  return { provider, calls: () => calls, restore: () => (performance.now = realNow) };
}

/** Everything the probe frame reports having received, until stop(). */
function probeReceived() {
  const received: unknown[] = [];
  const onMessage = (event: MessageEvent) => event.data?.probe === 'received' && received.push(event.data.data);
  window.addEventListener('message', onMessage);
  return { received, stop: () => window.removeEventListener('message', onMessage) };
}

describe('pin-control retries', () => {
  it('an id older than 30 s at frame load is not posted: a fresh id is fetched', async () => {
    const aging = agingProvider();
    const { received, stop } = probeReceived();
    try {
      const el = await fixture<PinControl>(
        html`<pin-control frame-origins=${FRAME_ORIGINS} retries="1" .tokenProvider=${aging.provider}></pin-control>`,
      );
      const events = recordEvents(el);
      await ready(el);
      await settle(100);
      expect(aging.calls()).to.equal(2);
      expect(received).to.deep.equal([{ operation: 'view-pin', controlId: 'aging-2' }]);
      expect(events.map((e) => e.type)).to.deep.equal(['pin-control-ready']);
    } finally {
      aging.restore();
      stop();
    }
  });

  it('with retries="0" an expired id ends in retries-exhausted (cause token-expired), never posted', async () => {
    const aging = agingProvider();
    const { received, stop } = probeReceived();
    try {
      const el = await fixture<PinControl>(
        html`<pin-control frame-origins=${FRAME_ORIGINS} retries="0" .tokenProvider=${aging.provider}></pin-control>`,
      );
      const { detail } = await nextEvent(el, 'pin-control-error');
      expect(detail).to.deep.include({ code: 'retries-exhausted', cause: 'token-expired' });
      await settle(200);
      expect(received).to.deep.equal([]);
      expect(aging.calls()).to.equal(1);
    } finally {
      aging.restore();
      stop();
    }
  });

  it('a frame that never loads is retried `retries` times, then retries-exhausted (cause frame-load-timeout)', async () => {
    let calls = 0;
    const provider: TokenProvider = async () => ({ id: `hang-${++calls}`, pinFrameURL: HANGING_FRAME });
    const el = await fixture<PinControl>(
      html`<pin-control frame-origins=${FRAME_ORIGINS} retries="2" frame-timeout="300" .tokenProvider=${provider}></pin-control>`,
    );
    const events = recordEvents(el);
    const { detail } = await nextEvent(el, 'pin-control-error');
    expect(detail).to.deep.include({ code: 'retries-exhausted', cause: 'frame-load-timeout' });
    expect(calls).to.equal(3);
    expect(events.map((e) => e.type)).to.deep.equal(['pin-control-error']);
    await el.updateComplete;
    expect(frameOf(el) === null).to.be.true;
  });

  it('restart() gives a fresh budget', async () => {
    let calls = 0;
    const provider: TokenProvider = async () => ({ id: `hang-${++calls}`, pinFrameURL: calls > 2 ? ECHO_FRAME : HANGING_FRAME });
    const el = await fixture<PinControl>(
      // 1.5 s, not 300 ms: the echo frame after restart() must load within it, and
      // on a loaded machine (2 cores, three engines, other runs) it took longer.
      html`<pin-control frame-origins=${FRAME_ORIGINS} retries="1" frame-timeout="1500" .tokenProvider=${provider}></pin-control>`,
    );
    await nextEvent(el, 'pin-control-error');
    expect(calls).to.equal(2);
    const loaded = probeMessage((data) => data?.probe === 'received');
    el.restart();
    await loaded;
    expect(el.state).to.equal('ready');
  });
});
