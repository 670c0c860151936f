// Fault matrix and races (issue 9, item 6). token.test.ts already covers the
// statuses (401, 403, 404, 409, 429, 500, 502, 503, 504), a dropped
// connection, a slow answer, bad JSON, HTML, missing fields and an oversized
// body; frame-live.test.ts the silent, refusing (frame-ancestors,
// X-Frame-Options), erroring and unreachable frames; retries.test.ts a frame
// that never loads and an expired id; lifecycle.test.ts a disconnect while
// the token is in flight, while the frame loads, and when ready. Here: the
// token endpoint's body, header and timing faults, frame faults not yet
// covered, and the element removed, re-inserted or its input changed at every
// step of the flow, counting mints and the operation messages each frame gets.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PinControl } from '../../../src/index.js';
import type { TokenProvider } from '../../../src/token-client.js';
import { ECHO_FRAME, FAULT_PREFIX, PROBE_ORIGIN } from './endpoint-urls.js';
import {
  ALL_EVENTS,
  engine,
  FRAME_ORIGINS,
  countMessageListeners,
  failOnUncaughtErrors,
  fixedProvider,
  frameOf,
  nextEvent,
  probeMessage,
  ready,
  settle,
} from './helpers.js';

/** Every event from the element, including after it left the page. */
function allEvents(el: HTMLElement) {
  const seen: Array<{ type: string; detail: any }> = [];
  for (const name of ALL_EVENTS) el.addEventListener(name, (e) => seen.push({ type: e.type, detail: (e as CustomEvent).detail }));
  return seen;
}

/** Counts the operation messages ({operation, controlId}) each probe frame reports it received. */
function operationsPerFrame() {
  const counts = new Map<MessageEventSource, number>();
  const listener = (event: MessageEvent) => {
    if (event.origin === PROBE_ORIGIN && event.data?.probe === 'received' && event.data.data?.operation && event.source) {
      counts.set(event.source, (counts.get(event.source) ?? 0) + 1);
    }
  };
  window.addEventListener('message', listener);
  return {
    of: (source: MessageEventSource | null | undefined) => (source ? (counts.get(source) ?? 0) : 0),
    all: () => [...counts.values()],
    stop: () => window.removeEventListener('message', listener),
  };
}

describe('pin-control fault matrix: the token endpoint', () => {
  failOnUncaughtErrors();

  type Outcome = { code: string | null; reason?: string; status?: number };
  const cases: Array<{ fault: string; what: string; webkit?: Outcome } & Outcome> = [
    { fault: 'trickle-fast', what: 'a valid token trickled a byte every 5 ms, within token-timeout', code: null },
    { fault: 'text-plain', what: 'a valid token labelled text/plain', code: null },
    {
      fault: 'trickle-slow',
      what: 'a valid token trickled a byte every 100 ms, past token-timeout',
      code: 'token-timeout',
      reason: 'timeout',
    },
    { fault: 'endless-slow', what: 'an endless body, 64 bytes every 200 ms', code: 'token-timeout', reason: 'timeout' },
    { fault: 'no-headers', what: 'a request accepted but never answered (no headers)', code: 'token-timeout', reason: 'timeout' },
    {
      fault: 'endless-fast',
      what: 'an endless body as fast as it goes',
      code: 'token-response-invalid',
      reason: 'invalid-response',
      status: 200,
    },
    {
      fault: 'lying-length',
      what: 'Content-Length: 10 MB over a valid token',
      code: 'token-response-invalid',
      reason: 'invalid-response',
      status: 200,
    },
    { fault: 'no-content', what: 'a 204 with no body', code: 'token-response-invalid', reason: 'invalid-response', status: 204 },
    { fault: 'empty-200', what: 'a 200 with an empty body', code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    { fault: 'not-utf8', what: 'a body that is not UTF-8', code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    { fault: 'json-null', what: 'JSON null', code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    { fault: 'json-array', what: 'the token inside an array', code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    { fault: 'proto-token', what: 'the token under "__proto__"', code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    // WebKit ends a chunked body cut off mid-way like a complete one (its
    // stream reports done, not an error): the element then sees truncated JSON.
    {
      fault: 'drop-mid-body',
      what: 'the connection dropped mid-body',
      code: 'token-request-failed',
      reason: 'network',
      webkit: { code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    },
    { fault: 'redirect-cross-origin', what: 'a 307 to another origin (no CORS)', code: 'token-request-failed', reason: 'network' },
  ];

  for (const testCase of cases) {
    const { fault, what } = testCase;
    const { code, reason, status } = (engine === 'webkit' && testCase.webkit) || testCase;
    const outcome = code ? `${code} / ${reason}${status ? ` / ${status}` : ''}, no frame` : 'pin-control-ready, the frame gets the id';
    it(`${what} → ${outcome}`, async () => {
      const operations = operationsPerFrame();
      try {
        const el = await fixture<PinControl>(
          html`<pin-control mode="set" token-url=${FAULT_PREFIX + fault} frame-origins=${FRAME_ORIGINS} token-timeout="1500"></pin-control>`,
        );
        const events = allEvents(el);
        if (code === null) {
          await ready(el, 5000);
          await waitUntil(() => operations.of(frameOf(el)?.contentWindow) === 1, 'the frame got its id');
          expect(operations.all()).to.deep.equal([1]);
          return;
        }
        const { detail } = await nextEvent(el, 'pin-control-error', 5000);
        expect({ code: detail.code, reason: detail.reason, status: detail.status }).to.deep.equal({ code, reason, status });
        expect(el.state).to.equal('error');
        await el.updateComplete;
        expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(0);
        await settle(100);
        // At most that one error (it may come before this listener was attached), nothing after it.
        expect(events.length).to.be.at.most(1);
        expect(events.every((e) => e.type === 'pin-control-error')).to.be.true;
      } finally {
        operations.stop();
      }
    });
  }

  it('abort: removed while a trickled body is being read → no event, idle, nothing after', async () => {
    const el = await fixture<PinControl>(
      html`<pin-control token-url=${FAULT_PREFIX + 'trickle-slow'} frame-origins=${FRAME_ORIGINS} token-timeout="5000"></pin-control>`,
    );
    const events = allEvents(el);
    await settle(400); // headers in, body trickling
    el.remove();
    expect(el.state).to.equal('idle');
    await settle(600);
    expect(events).to.deep.equal([]);
  });
});

describe('pin-control fault matrix: the frame', () => {
  failOnUncaughtErrors();

  it('a frame whose page arrives after frame-timeout (retries=0) → retries-exhausted / frame-load-timeout; the late page never gets the id', async () => {
    const operations = operationsPerFrame();
    try {
      const { provider, calls } = fixedProvider(`${ECHO_FRAME}?delay=1500`, 'late-frame-id');
      const el = await fixture<PinControl>(
        html`<pin-control mode="set" retries="0" frame-timeout="500" frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`,
      );
      const { detail } = await nextEvent(el, 'pin-control-error', 5000);
      expect({ code: detail.code, cause: detail.cause }).to.deep.equal({ code: 'retries-exhausted', cause: 'frame-load-timeout' });
      await settle(1500);
      expect(operations.all(), 'no operation to any frame').to.deep.equal([]);
      expect(calls()).to.equal(1);
      expect(el.state).to.equal('error');
    } finally {
      operations.stop();
    }
  });

  it('a frame URL that answers 404 (an empty error page, silent) → view: frame-unresponsive after one retry', async function () {
    this.timeout(30_000);
    const { provider, calls } = fixedProvider(`${PROBE_ORIGIN}/no-such-frame`, 'missing-frame-id');
    const el = await fixture<PinControl>(
      html`<pin-control retries="1" frame-timeout="2000" frame-origins=${FRAME_ORIGINS} .tokenProvider=${provider}></pin-control>`,
    );
    const { detail } = await nextEvent(el, 'pin-control-error', 15_000);
    expect(detail.code).to.equal('frame-unresponsive');
    expect(calls(), 'the first id and the retry').to.equal(2);
  });
});

type Step =
  | 'before the token resolves'
  | 'after the token, before the frame loads'
  | 'after the frame loads, before the hand-over'
  | 'after the hand-over'
  | 'after success';
type Action = 'removed' | 'removed and re-inserted' | 'frame-key changed';
const STEPS: Step[] = [
  'before the token resolves',
  'after the token, before the frame loads',
  'after the frame loads, before the hand-over',
  'after the hand-over',
  'after success',
];
const ACTIONS: Action[] = ['removed', 'removed and re-inserted', 'frame-key changed'];

describe('pin-control races: removed, re-inserted or changed at every step', () => {
  failOnUncaughtErrors();

  for (const action of ACTIONS) {
    for (const step of STEPS) {
      const handedOver = step === 'after the hand-over' || step === 'after success';
      const restarts = action !== 'removed';
      it(`${action} ${step}: ${restarts ? 'one more mint, one hand-over to the new frame only' : 'no more event, no more mint'}${handedOver ? ', the old frame had exactly one' : ', the old frame none'}`, async () => {
        const operations = operationsPerFrame();
        const listeners = countMessageListeners();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let calls = 0;
        let answered = 0;
        const provider: TokenProvider = async () => {
          calls += 1;
          const call = calls;
          if (call === 1 && step === 'before the token resolves') await gate;
          answered += 1;
          // The page arrives 400 ms late, so there is a moment between the token and the load.
          return { id: `race-id-${call}`, pinFrameURL: `${ECHO_FRAME}?delay=400` };
        };
        try {
          const el = await fixture<PinControl>(
            html`<pin-control mode="set" frame-timeout="2500" retries="1" frame-origins=${FRAME_ORIGINS} frame-key="first" .tokenProvider=${provider}></pin-control>`,
          );
          const parent = el.parentElement!;
          // Reach the step.
          if (step === 'before the token resolves') {
            await waitUntil(() => calls === 1);
          } else {
            await waitUntil(() => frameOf(el) !== null, 'the frame is rendered', { timeout: 5000 });
            const frame = frameOf(el)!;
            if (step !== 'after the token, before the frame loads') {
              // The iframe's own load event, then (at once) the step; the hand-over comes 100 ms later.
              await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
              if (step !== 'after the frame loads, before the hand-over') {
                await waitUntil(() => operations.of(frame.contentWindow) === 1, 'the hand-over', { timeout: 5000 });
                if (step === 'after success') {
                  const sent = probeMessage((d) => d?.event === 'set_pin_success');
                  frame.contentWindow!.postMessage({ echo: { event: 'set_pin_success' } }, PROBE_ORIGIN);
                  await sent;
                  await waitUntil(() => el.state === 'success', 'success');
                }
              }
            }
            expect(calls).to.equal(1);
          }
          const oldFrame = frameOf(el)?.contentWindow ?? null;
          const events = allEvents(el);
          // Act.
          if (action === 'removed') el.remove();
          else if (action === 'removed and re-inserted') {
            el.remove();
            parent.append(el);
          } else el.frameKey = 'second';
          release(); // a gated first token answers now, late
          await settle(action === 'removed' ? 3000 : 0); // past frame-timeout: no late timer
          if (restarts) {
            await ready(el, 5000);
            const newFrame = frameOf(el)!;
            await waitUntil(() => operations.of(newFrame.contentWindow) === 1, 'the new frame got its hand-over', { timeout: 5000 });
            expect(newFrame.contentWindow === oldFrame, 'a new frame').to.be.false;
            if (action === 'frame-key changed') expect(new URL(newFrame.src).searchParams.get('key')).to.equal('second');
            await settle(3000); // past frame-timeout: no late timer from either run
            expect(operations.of(newFrame.contentWindow), 'one hand-over to the new frame').to.equal(1);
            expect(
              events.map((e) => e.type),
              'only the new run is ready',
            ).to.deep.equal(['pin-control-ready']);
            expect(el.state).to.equal('ready');
            expect(listeners.count, 'one listener: the new run').to.equal(1);
          } else {
            expect(events, 'no late event').to.deep.equal([]);
            expect(el.state).to.equal('idle');
            expect(listeners.count, 'no listener left').to.equal(0);
            await el.updateComplete;
          }
          expect(calls, 'mints').to.equal(restarts ? 2 : 1);
          expect(operations.of(oldFrame), 'hand-overs to the old frame').to.equal(handedOver ? 1 : 0);
          expect(Math.max(0, ...operations.all()), 'no frame got a second hand-over').to.be.at.most(1);
          expect(answered).to.equal(calls);
        } finally {
          release();
          listeners.restore();
          operations.stop();
        }
      });
    }
  }
});
