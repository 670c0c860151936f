// Inputs that arrive late or change while connected, as frameworks and plain
// pages set them: no token source waits in idle; a change to an input that
// shapes the flow restarts it once per update; lang/label/messages re-render.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { SANDBOX_ORIGIN } from '../../support/env.js';
import { TEST_KEY } from '../../support/sandbox-fixtures.js';
import { ECHO_FRAME, HANGING_FRAME, RECORD_TOKEN } from './endpoint-urls.js';
import {
  FRAME_ORIGINS,
  failOnUncaughtErrors,
  fixedProvider,
  frameOf,
  nextEvent,
  ready,
  recordEvents,
  recordingProvider,
  settle,
} from './helpers.js';

/**
 * Creates the element as a plain page would (createElement, then inputs, then
 * append), with its events and every iframe it ever renders recorded from the start.
 */
async function mount(setup: (el: PinControl) => void = () => {}) {
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  const el = document.createElement('pin-control');
  setup(el);
  const events = recordEvents(el);
  const types = () => events.map((event) => event.type);
  container.append(el);
  const frames: HTMLIFrameElement[] = [];
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLIFrameElement) frames.push(node);
  }).observe(el.shadowRoot!, { childList: true, subtree: true });
  return { el, events, types, frames };
}

/** A tokenProvider whose answers wait for release(); it ignores its signal (the element must race it). */
function heldProvider(pinFrameURL: string) {
  const signals: AbortSignal[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const provider: TokenProvider = async ({ signal }) => {
    signals.push(signal);
    const call = signals.length;
    await gate;
    return { id: `held-${call}`, pinFrameURL };
  };
  return { provider, signals, release };
}

/** An element whose first token request is still in flight (a held provider), and a second provider to set. */
async function mountInFlight() {
  const held = heldProvider(`${ECHO_FRAME}?from=held`);
  const mounted = await mount((el) => {
    el.setAttribute('frame-origins', FRAME_ORIGINS);
    el.tokenProvider = held.provider;
  });
  await settle(100);
  return { ...mounted, held, next: fixedProvider(`${ECHO_FRAME}?from=fixed`) };
}

/** Counts the page's fetches to `path`, and keeps their signals. */
function spyFetch(path: string) {
  const realFetch = window.fetch;
  const signals: Array<AbortSignal | undefined> = [];
  window.fetch = (input, init) => {
    if (new URL(String(input), location.href).pathname === path) signals.push(init?.signal ?? undefined);
    return realFetch(input, init);
  };
  return { signals, restore: () => (window.fetch = realFetch) };
}

describe('pin-control inputs: late, changed, batched', () => {
  failOnUncaughtErrors();

  it('with neither token-url nor tokenProvider it waits in idle (no request, no frame, no event), then starts once a token-url is set', async () => {
    const fetches = spyFetch(RECORD_TOKEN);
    try {
      const { el, types, frames } = await mount((el) => {
        el.setAttribute('frame-origins', FRAME_ORIGINS);
        el.setAttribute('frame-url', ECHO_FRAME);
        el.setAttribute('frame-key', 'k-1');
      });
      await settle(300);
      expect(el.state).to.equal('idle');
      expect(types()).to.deep.equal([]);
      expect(fetches.signals).to.have.length(0);
      expect(frames, 'no frame preloaded without a token source').to.have.length(0);
      expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent.trim()).to.equal('');

      el.setAttribute('token-url', RECORD_TOKEN);
      await ready(el);
      expect(fetches.signals).to.have.length(1);
      expect(types()).to.deep.equal(['pin-control-ready']);
      expect(frameOf(el)!.src).to.equal(`${ECHO_FRAME}?key=k-1`);
    } finally {
      fetches.restore();
    }
  });

  it("the 'token-provider' property (Vue's :token-provider, Svelte's token-provider={…}) is tokenProvider", async () => {
    const { provider, calls } = fixedProvider(ECHO_FRAME);
    const { el, types } = await mount((el) => el.setAttribute('frame-origins', FRAME_ORIGINS));
    await settle(100);
    expect(el.state, 'no token source yet').to.equal('idle');
    expect('token-provider' in el, 'Vue and Svelte set a property only where the element has one').to.equal(true);
    el['token-provider'] = provider;
    await ready(el);
    expect(el.tokenProvider).to.equal(provider);
    expect(calls()).to.equal(1);
    expect(types()).to.deep.equal(['pin-control-ready']);
  });

  it('a tokenProvider set by a later script, after the element upgraded, starts the flow against the sandbox', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    // As a plain page: the bundle is loaded, the tag is parsed (and upgrades at once)...
    container.innerHTML = `<pin-control frame-origins="${FRAME_ORIGINS}" frame-key="${TEST_KEY}"></pin-control>`;
    const el = container.querySelector('pin-control')!;
    expect(el).to.be.instanceOf(PinControl);
    const events = recordEvents(el);
    await settle(200);
    expect(el.state).to.equal('idle');
    expect(events).to.deep.equal([]);
    // ...and a later script sets the provider.
    const recording = recordingProvider();
    el.tokenProvider = recording.provider;
    await nextEvent(el, 'pin-control-ready'); // (view then succeeds at once: state may already be success)
    expect(recording.scopes).to.deep.equal(['VIEW_PIN']);
    expect(frameOf(el)!.src).to.equal(`${SANDBOX_ORIGIN}/pincontrol/v2/frame?key=${TEST_KEY}`);
    await nextEvent(el, 'view-pin-success');
    expect(events.map((e) => e.type)).to.deep.equal(['pin-control-ready', 'view-pin-success']);
  });

  it('a frame-url set after the start restarts the flow: the frame loads from it while the token is fetched', async () => {
    const held = heldProvider(ECHO_FRAME);
    const { el, types, frames } = await mount((el) => {
      el.setAttribute('frame-origins', FRAME_ORIGINS);
      el.tokenProvider = held.provider;
    });
    await settle(100);
    expect(el.state).to.equal('loading');
    expect(frames).to.have.length(0);
    expect(held.signals).to.have.length(1);

    el.setAttribute('frame-url', ECHO_FRAME);
    await el.updateComplete;
    expect(held.signals, 'one new token request').to.have.length(2);
    expect(held.signals[0]!.aborted, 'the first request is aborted').to.equal(true);
    expect(frames).to.have.length(1);
    expect(frames[0]!.src).to.equal(ECHO_FRAME);
    expect(el.state).to.equal('loading');

    held.release();
    await ready(el);
    await settle(200);
    expect(types(), 'the aborted request dispatches nothing').to.deep.equal(['pin-control-ready']);
    expect(frames, 'the token named the preloaded frame: no second frame').to.have.length(1);
  });

  it('a frame-key change (property or attribute) restarts with the new key= in the frame URL', async () => {
    const { provider, calls } = fixedProvider(ECHO_FRAME);
    const { el } = await mount((el) => {
      el.setAttribute('frame-origins', FRAME_ORIGINS);
      el.setAttribute('frame-key', 'k-1');
      el.tokenProvider = provider;
    });
    await nextEvent(el, 'pin-control-ready');
    expect(frameOf(el)!.src).to.equal(`${ECHO_FRAME}?key=k-1`);

    el.frameKey = 'k-2';
    await nextEvent(el, 'pin-control-ready');
    expect(frameOf(el)!.src).to.equal(`${ECHO_FRAME}?key=k-2`);
    expect(el.getAttribute('key'), 'no `key` attribute is involved').to.equal(null);

    el.setAttribute('frame-key', 'k-3');
    await nextEvent(el, 'pin-control-ready');
    expect(frameOf(el)!.src).to.equal(`${ECHO_FRAME}?key=k-3`);
    expect(calls()).to.equal(3);
  });

  it('a frame-origins change restarts: a refused frame becomes allowed, an allowed one refused', async () => {
    const { provider, calls } = fixedProvider(ECHO_FRAME);
    const { el, types } = await mount((el) => {
      el.setAttribute('frame-origins', 'https://pin.example.com');
      el.tokenProvider = provider;
    });
    expect((await nextEvent(el, 'pin-control-error')).detail.code).to.equal('frame-origin-refused');

    el.frameOrigins = FRAME_ORIGINS;
    await nextEvent(el, 'pin-control-ready');
    expect(frameOf(el)!.src).to.equal(ECHO_FRAME);

    el.setAttribute('frame-origins', 'https://pin.example.com');
    expect((await nextEvent(el, 'pin-control-error')).detail.code).to.equal('frame-origin-refused');
    await el.updateComplete;
    expect(frameOf(el)).to.equal(null);
    expect(calls()).to.equal(3);
    expect(types()).to.deep.equal(['pin-control-error', 'pin-control-ready', 'pin-control-error']);
  });

  it('several inputs changed in one task restart once: one token request, one new frame', async () => {
    const first = fixedProvider(ECHO_FRAME);
    const { el, types, frames } = await mount((el) => {
      el.setAttribute('frame-origins', FRAME_ORIGINS);
      el.tokenProvider = first.provider;
    });
    await ready(el);
    const scopes: string[] = [];
    const second: TokenProvider = async ({ scope }) => {
      scopes.push(scope);
      return { id: `second-${scopes.length}`, pinFrameURL: ECHO_FRAME };
    };

    el.mode = 'set';
    el.frameKey = 'k-9';
    el.setAttribute('frame-origins', `${FRAME_ORIGINS} https://pin.example.com`);
    el.setAttribute('frame-url', `${ECHO_FRAME}?key=k-9`);
    el.tokenProvider = second;
    await waitUntil(() => types().length >= 2, 'no second pin-control-ready', { timeout: 5000 });
    await settle(300);

    expect(first.calls()).to.equal(1);
    expect(scopes, 'one request, with the new mode').to.deep.equal(['SET_PIN']);
    expect(frames, 'one frame per run').to.have.length(2);
    expect(frameOf(el)!.src).to.equal(`${ECHO_FRAME}?key=k-9`);
    expect(types()).to.deep.equal(['pin-control-ready', 'pin-control-ready']);
    expect(el.state).to.equal('ready');
  });

  it('several attributes changed in one task with a token-url: one more fetch', async () => {
    const fetches = spyFetch(RECORD_TOKEN);
    try {
      const { el, types } = await mount((el) => {
        el.setAttribute('frame-origins', FRAME_ORIGINS);
        el.setAttribute('token-url', RECORD_TOKEN);
      });
      await ready(el);
      el.setAttribute('mode', 'set');
      el.setAttribute('frame-key', 'k-5');
      el.setAttribute('token-url', `${RECORD_TOKEN}?again`);
      // The second run's hand-over waits for its frame's load plus the channel's
      // 100 ms: on a loaded machine that can take more than a fixed 500 ms.
      await waitUntil(() => types().length >= 2, 'the second run is ready', { timeout: 5000 });
      await settle(300); // and no third fetch follows
      expect(fetches.signals).to.have.length(2);
      expect(types()).to.deep.equal(['pin-control-ready', 'pin-control-ready']);
      expect(frameOf(el)!.src).to.equal(`${ECHO_FRAME}?key=k-5`);
    } finally {
      fetches.restore();
    }
  });

  it('a value set back in the same task, or set again unchanged, does not restart', async () => {
    const { provider, calls } = fixedProvider(ECHO_FRAME);
    const { el, types, frames } = await mount((el) => {
      el.setAttribute('frame-origins', FRAME_ORIGINS);
      el.setAttribute('frame-key', 'k-1');
      el.tokenProvider = provider;
    });
    await ready(el);
    el.mode = 'set';
    el.mode = 'view';
    el.frameKey = 'k-2';
    el.setAttribute('frame-key', 'k-1');
    el.setAttribute('frame-origins', FRAME_ORIGINS);
    el.tokenProvider = provider;
    await settle(400);
    expect(calls()).to.equal(1);
    expect(frames).to.have.length(1);
    expect(types()).to.deep.equal(['pin-control-ready']);
  });

  it('lang, label and messages re-render without a restart', async () => {
    const { provider, calls } = fixedProvider(ECHO_FRAME);
    const { el, types, frames } = await mount((el) => {
      el.setAttribute('frame-origins', FRAME_ORIGINS);
      el.tokenProvider = provider;
    });
    await ready(el);
    const frame = frameOf(el)!;
    const status = () => el.shadowRoot!.querySelector('[part="status"]')!.textContent.trim();
    expect(status()).to.equal('Waiting for the secure PIN view…');

    el.lang = 'fi';
    el.label = 'Korttisi PIN';
    await el.updateComplete;
    expect(status()).to.equal('Odotetaan suojattua PIN-näkymää…');
    expect(frameOf(el)).to.equal(frame);
    expect(frame.title).to.equal('Korttisi PIN');

    el.messages = { readyView: 'Odota hetki.' };
    await el.updateComplete;
    expect(status()).to.equal('Odota hetki.');

    await settle(300);
    expect(calls()).to.equal(1);
    expect(frames).to.have.length(1);
    expect(types()).to.deep.equal(['pin-control-ready']);
    expect(el.state).to.equal('ready');
  });

  it('retries and timeouts changed mid-run do not restart; they apply from the next start', async () => {
    let calls = 0;
    const provider: TokenProvider = async () => ({ id: `hang-${++calls}`, pinFrameURL: HANGING_FRAME });
    const { el, types } = await mount((el) => {
      el.setAttribute('frame-origins', FRAME_ORIGINS);
      el.setAttribute('frame-timeout', '60000');
      el.setAttribute('retries', '0');
      el.tokenProvider = provider;
    });
    await waitUntil(() => frameOf(el) !== null, 'no frame');
    el.frameTimeout = 200;
    el.setAttribute('retries', '1');
    el.tokenTimeout = 5000;
    await settle(600);
    expect(calls, 'no restart').to.equal(1);
    expect(el.state, 'the running frame keeps its 60 s timeout').to.equal('loading');
    expect(types()).to.deep.equal([]);

    el.restart();
    const { detail } = await nextEvent(el, 'pin-control-error', 3000);
    expect(detail).to.deep.include({ code: 'retries-exhausted', cause: 'frame-load-timeout' });
    expect(calls, 'the new start used retries=1 and the 200 ms frame timeout').to.equal(3);
  });

  it('an input changed while a tokenProvider is in flight: its late answer is dropped, no event comes from it', async () => {
    const { el, types, frames, held, next } = await mountInFlight();
    el.tokenProvider = next.provider;
    el.frameKey = 'k-2';
    await ready(el);
    expect(held.signals[0]!.aborted).to.equal(true);
    held.release();
    await settle(300);
    expect(held.signals).to.have.length(1);
    expect(next.calls(), 'the new run asks the provider set with the change').to.equal(1);
    expect(frames.map((f) => f.src)).to.deep.equal([`${ECHO_FRAME}?from=fixed&key=k-2`]);
    expect(types()).to.deep.equal(['pin-control-ready']);
  });

  // React and Vue write a new function at every render of a template with an
  // inline `tokenProvider={(a) => …}`, and the app re-renders on the element's
  // own events: each new function must not start the flow over.
  it('a new tokenProvider function, as every framework re-render writes, keeps the run: no new id, the same frame, the typed state kept', async () => {
    const first = fixedProvider(ECHO_FRAME);
    const { el, types, frames } = await mount((el) => {
      el.setAttribute('frame-origins', FRAME_ORIGINS);
      el.mode = 'set';
      el.tokenProvider = first.provider;
    });
    await ready(el);
    const later = fixedProvider(ECHO_FRAME);
    for (let render = 0; render < 5; render++) {
      el.tokenProvider = async (request) => later.provider(request);
      await el.updateComplete;
    }
    await settle(300);
    expect(first.calls()).to.equal(1);
    expect(later.calls(), 'no token request for a re-render').to.equal(0);
    expect(frames, 'the frame the user types in stays').to.have.length(1);
    expect(frameOf(el)).to.equal(frames[0]);
    expect(types()).to.deep.equal(['pin-control-ready']);
    expect(el.state).to.equal('ready');

    el.restart();
    await waitUntil(() => types().length === 2, 'no pin-control-ready after restart()', { timeout: 5000 });
    expect(later.calls(), 'restart() asks the newest provider').to.equal(1);
    expect(first.calls()).to.equal(1);
  });

  it('a new tokenProvider function while the first is in flight: the run goes on with the first answer', async () => {
    const { el, types, frames, held, next } = await mountInFlight();
    el.tokenProvider = next.provider;
    await settle(100);
    expect(held.signals[0]!.aborted, 'the request in flight goes on').to.equal(false);
    held.release();
    await ready(el);
    expect(next.calls()).to.equal(0);
    expect(frames.map((f) => f.src)).to.deep.equal([`${ECHO_FRAME}?from=held`]);
    expect(types()).to.deep.equal(['pin-control-ready']);
  });

  it('removing the token source while running aborts the run and waits in idle', async () => {
    const fetches = spyFetch(RECORD_TOKEN);
    try {
      const { el, types } = await mount((el) => {
        el.setAttribute('frame-origins', FRAME_ORIGINS);
        el.setAttribute('token-url', RECORD_TOKEN);
      });
      await ready(el);
      el.removeAttribute('token-url');
      await el.updateComplete;
      expect(el.state).to.equal('idle');
      expect(frameOf(el)).to.equal(null);
      await settle(200);
      expect(types()).to.deep.equal(['pin-control-ready']);
      expect(fetches.signals).to.have.length(1);
    } finally {
      fetches.restore();
    }
  });
});
