// The four weak spots of issue 9, each with the attack that got through:
// a clobbered native bridge, an unbounded `retries`, the id escaped in the
// frame URL (in frame.test.ts), and callbacks posted while the frame loads.
import { expect, fixture, html } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { EAGER_FRAME, ECHO_FRAME, HANGING_FRAME, PROBE_ORIGIN } from './endpoint-urls.js';
import {
  FRAME_ORIGINS,
  countMessageListeners,
  failOnUncaughtErrors,
  fixedProvider,
  frameOf,
  nextEvent,
  probeMessage,
  ready,
  recordEvents,
  settle,
} from './helpers.js';

describe('pin-control hardening', () => {
  failOnUncaughtErrors();

  describe('native bridge', () => {
    const clobbers: HTMLIFrameElement[] = [];
    afterEach(() => {
      clobbers.splice(0).forEach((frame) => frame.remove());
      delete (window as unknown as Record<string, unknown>).android_handler;
    });

    /** A cross-origin iframe named `name`: `window[name]` becomes its WindowProxy, whose properties throw. */
    async function clobber(name: string) {
      const frame = document.createElement('iframe');
      frame.name = name;
      const loaded = probeMessage((data, event) => data?.probe === 'loaded' && event.source === frame.contentWindow);
      frame.src = ECHO_FRAME;
      document.body.append(frame);
      clobbers.push(frame);
      await loaded;
      expect(
        () => (window as unknown as { [key: string]: { messageHandlers: unknown } })[name]!.messageHandlers,
        `window.${name} is clobbered`,
      ).to.throw();
    }

    for (const name of ['webkit', 'android_handler']) {
      it(`a cross-origin iframe named ${name} does not stop the DOM event, and the listener goes after success`, async () => {
        await clobber(name);
        const listeners = countMessageListeners();
        try {
          const el = await fixture<PinControl>(
            html`<pin-control native-bridge frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
          );
          await ready(el);
          frameOf(el)!.contentWindow!.postMessage({ echo: { event: 'view_pin_success' } }, PROBE_ORIGIN);
          await nextEvent(el, 'view-pin-success', 3000);
          expect(el.state).to.equal('success');
          expect(listeners.count, 'no message listener left').to.equal(0);
        } finally {
          listeners.restore();
        }
      });
    }

    it('the native app hears a callback after the page has had its DOM event', async () => {
      const order: string[] = [];
      Object.assign(window, { android_handler: { pin_valid: () => order.push('native') } });
      const el = await fixture<PinControl>(
        html`<pin-control native-bridge mode="set" frame-origins=${FRAME_ORIGINS} .tokenProvider=${fixedProvider(ECHO_FRAME).provider}></pin-control>`,
      );
      el.addEventListener('pin-valid', () => order.push('dom'));
      await ready(el);
      frameOf(el)!.contentWindow!.postMessage({ echo: { event: 'pin_valid', pin_valid: true } }, PROBE_ORIGIN);
      await nextEvent(el, 'pin-valid', 3000);
      expect(order).to.deep.equal(['dom', 'native']);
    });
  });

  describe('retries', () => {
    /** A frame that never loads; counts the ids minted. */
    function hanging() {
      let calls = 0;
      const provider: TokenProvider = async () => ({ id: `hang-${++calls}`, pinFrameURL: HANGING_FRAME });
      return { provider, calls: () => calls };
    }

    for (const [value, budget] of [
      ['Infinity', 5],
      ['1e9', 5],
      ['6', 5],
      ['-1', 1],
      ['NaN', 1],
      ['lots', 1],
    ] as const) {
      it(`retries="${value}" restarts ${budget} times (at most 5, not a number or negative: 1), then retries-exhausted`, async () => {
        const { provider, calls } = hanging();
        const el = await fixture<PinControl>(
          html`<pin-control frame-origins=${FRAME_ORIGINS} retries=${value} frame-timeout="60" .tokenProvider=${provider}></pin-control>`,
        );
        const { detail } = await nextEvent(el, 'pin-control-error', 5000);
        expect(detail).to.deep.include({ code: 'retries-exhausted', cause: 'frame-load-timeout' });
        expect(calls(), 'ids minted').to.equal(budget + 1);
        await settle(300);
        expect(calls(), 'and no more').to.equal(budget + 1);
      });
    }
  });

  describe('callbacks posted while the frame loads', () => {
    for (const [mode, event, name] of [
      ['view', 'view_pin_success', 'view-pin-success'],
      ['view', 'view_pin_error', 'view-pin-error'],
      ['set', 'set_pin_success', 'set-pin-success'],
    ] as const) {
      it(`${event} from the frame's own DOMContentLoaded and load, before it can have the id, is ignored (${mode})`, async () => {
        const { provider } = fixedProvider(`${EAGER_FRAME}?event=${event}`);
        const el = await fixture<PinControl>(
          html`<pin-control mode=${mode} frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`,
        );
        const events = recordEvents(el);
        await nextEvent(el, 'pin-control-ready', 5000);
        await settle(500);
        expect(events.map((e) => e.type)).to.not.include(name);
        expect(el.state).to.equal('ready');
      });
    }
  });
});
