import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Flow, flowInputs, hasTokenSource, planRun } from '../../../src/flow.js';
import { CALLBACKS } from '../../../src/protocol.js';

function ready(mode: 'view' | 'set', retries = 1) {
  const flow = new Flow();
  flow.begin(mode, retries);
  flow.posted();
  return flow;
}

test('idle → loading → ready → success (view)', () => {
  const flow = new Flow();
  assert.equal(flow.state, 'idle');
  flow.begin('view', 1);
  assert.equal(flow.state, 'loading');
  flow.posted();
  assert.equal(flow.state, 'ready');
  assert.deepEqual(flow.receive('view_pin_success'), { dispatch: true, then: 'success' });
  assert.equal(flow.state, 'success');
  assert.ok(flow.terminal);
});

test('mode gating: view_* only in view mode, set_* and pin_valid only in set mode', () => {
  const accepted = {
    view: ['view_pin_success', 'view_pin_error'],
    set: ['set_pin_success', 'set_pin_error', 'set_pin_validation_error', 'pin_valid'],
  };
  for (const mode of ['view', 'set'] as const) {
    for (const callback of CALLBACKS) {
      assert.equal(ready(mode).receive(callback, true).dispatch, accepted[mode].includes(callback), `${mode} ${callback}`);
    }
  }
  const view = ready('view');
  assert.deepEqual(view.receive('set_pin_success'), { dispatch: false });
  assert.equal(view.state, 'ready');
  const set = ready('set');
  assert.deepEqual(set.receive('view_pin_success'), { dispatch: false });
  assert.equal(set.state, 'ready');
});

test('nothing counts before ready or after a terminal event', () => {
  const flow = new Flow();
  assert.deepEqual(flow.receive('view_pin_success'), { dispatch: false });
  flow.begin('view', 1);
  assert.deepEqual(flow.receive('view_pin_success'), { dispatch: false });
  flow.posted();
  assert.deepEqual(flow.receive('view_pin_error'), { dispatch: true, then: 'error' });
  assert.deepEqual(flow.receive('view_pin_success'), { dispatch: false });
  assert.deepEqual(flow.receive('view_pin_error'), { dispatch: false });
  const set = ready('set');
  set.receive('set_pin_success');
  assert.deepEqual(set.receive('pin_valid', true), { dispatch: false });
  assert.deepEqual(set.receive('set_pin_error'), { dispatch: false });
});

test('pin_valid and validation errors keep the flow ready', () => {
  const flow = ready('set');
  assert.equal(flow.pinValid, null);
  assert.deepEqual(flow.receive('pin_valid', false), { dispatch: true, then: 'stay' });
  assert.equal(flow.pinValid, false);
  flow.receive('pin_valid', true);
  assert.equal(flow.pinValid, true);
  assert.deepEqual(flow.receive('set_pin_validation_error'), { dispatch: true, then: 'stay' });
  assert.equal(flow.state, 'ready');
});

/** Ready in set mode, with the frame's first pin_valid in: a submit may go. */
function typed(retries = 1) {
  const flow = ready('set', retries);
  flow.receive('pin_valid', false);
  return flow;
}

test('a set PIN is submitted once, again only after a validation error', () => {
  const flow = typed();
  assert.ok(flow.submit());
  assert.ok(!flow.submit());
  flow.receive('set_pin_validation_error');
  assert.ok(flow.submit());
  assert.ok(!flow.submit());
  flow.receive('set_pin_success');
  assert.ok(!flow.submit());
  const view = ready('view');
  view.receive('pin_valid', true);
  assert.ok(!view.submit(), 'never in view mode');
  const loading = new Flow();
  loading.begin('set', 1);
  assert.ok(!loading.submit(), 'never before ready');
});

test('no submit before the frame said pin_valid: nothing is typed, and a frame still checking its id drops it unanswered', () => {
  const flow = ready('set');
  assert.ok(!flow.submit());
  assert.ok(!flow.submit(), 'the refused call left nothing pending');
  flow.receive('pin_valid', false);
  assert.ok(flow.submit(), 'an invalid PIN goes too: the frame says what is wrong with it');
});

test('a new run (retry) allows one submit for its new frame, once it says pin_valid', () => {
  const flow = typed();
  assert.ok(flow.submit());
  assert.deepEqual(flow.receive('set_pin_error'), { dispatch: true, then: 'retry' });
  flow.begin('set');
  flow.posted();
  assert.ok(!flow.submit(), 'the new frame has nothing typed yet');
  flow.receive('pin_valid', true);
  assert.ok(flow.submit());
});

test('retries: set_pin_error, expiry and load timeouts share one budget', () => {
  const flow = ready('set', 2);
  assert.deepEqual(flow.receive('set_pin_error'), { dispatch: true, then: 'retry' });
  flow.begin('set'); // a retry keeps the remaining budget
  assert.equal(flow.failRetryable(), 'retry'); // e.g. frame load timeout
  flow.begin('set');
  flow.posted();
  assert.deepEqual(flow.receive('set_pin_error'), { dispatch: true, then: 'exhausted' });
  assert.equal(flow.state, 'error');
  flow.begin('set', 1); // restart(): a full budget again
  assert.equal(flow.failRetryable(), 'retry');
});

test('retries = 0 fails at once', () => {
  const flow = new Flow();
  flow.begin('view', 0);
  assert.equal(flow.failRetryable(), 'exhausted');
  assert.equal(flow.state, 'error');
});

test('retries is clamped to 5; not a number, NaN or negative is the default 1', () => {
  const cases: Array<[unknown, number]> = [
    [0, 0],
    [1, 1],
    [2.9, 2],
    [5, 5],
    [6, 5],
    [1e9, 5],
    [Number.POSITIVE_INFINITY, 5],
    [-1, 1],
    [Number.NEGATIVE_INFINITY, 1],
    [Number.NaN, 1],
    [null, 1],
    ['3', 1],
    [{}, 1],
  ];
  for (const [value, budget] of cases) {
    const flow = new Flow();
    flow.begin('view', value);
    let retries = 0;
    while (flow.failRetryable() === 'retry') retries += 1;
    assert.equal(retries, budget, `a run with retries=${String(value)} retries ${budget} times`);
  }
});

test('stop() returns to idle', () => {
  const flow = ready('set');
  flow.receive('pin_valid', true);
  flow.stop();
  assert.equal(flow.state, 'idle');
  assert.equal(flow.pinValid, null);
  assert.deepEqual(flow.receive('set_pin_success'), { dispatch: false });
});

const props = {
  mode: 'view',
  tokenUrl: null,
  tokenProvider: null,
  frameOrigins: 'https://pin.example.com',
  frameUrl: null,
  frameKey: null,
} as const;
const provider = async () => ({ id: 'x', pinFrameURL: 'https://pin.example.com/f' });

test('no token source: wait in idle; a token-url or a tokenProvider starts', () => {
  const none = flowInputs(props);
  assert.equal(hasTokenSource(none), false);
  assert.equal(planRun(undefined, none), 'wait');
  assert.equal(planRun(none, none), 'keep', 'waiting, nothing changed: no new wait either');
  assert.equal(planRun(none, flowInputs({ ...props, tokenUrl: '/token' })), 'start');
  assert.equal(planRun(none, flowInputs({ ...props, tokenProvider: provider })), 'start');
  assert.equal(planRun(none, flowInputs({ ...props, tokenUrl: '' })), 'keep', 'an empty token-url is none');
  assert.equal(planRun(none, flowInputs({ ...props, tokenProvider: 'not a function' })), 'keep', 'a provider must be a function');
  assert.equal(planRun(flowInputs({ ...props, tokenUrl: '/token' }), none), 'wait', 'the source removed: back to idle');
});

test('a change to any input that shapes the flow starts a new run; the same values keep it', () => {
  const base = { ...props, tokenUrl: '/token' };
  const current = flowInputs(base);
  assert.equal(planRun(undefined, current), 'start', 'the first update starts');
  assert.equal(planRun(current, flowInputs({ ...base })), 'keep', 'a value set back to what it was');
  const changes: Array<Partial<Record<keyof typeof props, unknown>>> = [
    { mode: 'set' },
    { tokenUrl: '/other' },
    { tokenProvider: provider },
    { frameOrigins: 'https://pin2.example.com' },
    { frameUrl: 'https://pin.example.com/f' },
    { frameKey: 'k' },
  ];
  for (const change of changes) {
    assert.equal(planRun(current, flowInputs({ ...base, ...change } as typeof base)), 'start', JSON.stringify(change));
  }
});

test('another tokenProvider function keeps the run (a framework re-render writes a new one); adding or removing one does not', () => {
  const withProvider = flowInputs({ ...props, tokenProvider: provider });
  const rerendered = flowInputs({ ...props, tokenProvider: async () => provider() });
  assert.equal(planRun(withProvider, rerendered), 'keep', 'another function, as an inline arrow makes at every render');
  assert.equal(
    planRun(flowInputs({ ...props, tokenUrl: '/token' }), flowInputs({ ...props, tokenUrl: '/token', tokenProvider: provider })),
    'start',
    'a provider added',
  );
  assert.equal(
    planRun(flowInputs({ ...props, tokenUrl: '/token', tokenProvider: provider }), flowInputs({ ...props, tokenUrl: '/token' })),
    'start',
    'the provider removed',
  );
  assert.equal(planRun(withProvider, flowInputs({ ...props })), 'wait', 'the only source removed');
});

test('inputs are normalized: an unknown mode is view, an empty string is none', () => {
  assert.deepEqual(flowInputs({ ...props, mode: 'VIEW', frameOrigins: '', frameKey: '', frameUrl: '' }), {
    mode: 'view',
    tokenUrl: null,
    tokenProvider: null,
    frameOrigins: null,
    frameUrl: null,
    frameKey: null,
  });
  const current = flowInputs({ ...props, tokenUrl: '/t' });
  assert.equal(planRun(current, flowInputs({ ...props, tokenUrl: '/t', mode: 'bogus' })), 'keep');
  assert.equal(planRun(current, flowInputs({ ...props, tokenUrl: '/t', frameKey: '' })), 'keep');
});

test('restart: a retry records its cause, a run the page starts has none', () => {
  const flow = new Flow();
  flow.begin('set', 1);
  assert.equal(flow.restart, null);
  flow.begin('set', undefined, 'token-expired');
  assert.equal(flow.restart, 'token-expired');
  flow.begin('set', 1);
  assert.equal(flow.restart, null);
});

test('the expiry notice: set mode only, after a retry for an expired id or set_pin_error; gone at pin_valid, dismiss, an error or a new run', () => {
  const flow = new Flow();
  for (const cause of ['token-expired', 'set-pin-error'] as const) {
    flow.begin('set', 1);
    assert.equal(flow.notice, false, 'not on a run the page started');
    flow.begin('set', undefined, cause);
    assert.equal(flow.notice, true, cause);
    flow.begin('view', undefined, cause);
    assert.equal(flow.notice, false, `view mode restarts quietly (${cause})`);
  }
  flow.begin('set', 1);
  flow.begin('set', undefined, 'frame-load-timeout');
  assert.equal(flow.notice, false, 'a frame that never loaded lost nothing the user typed');
  flow.begin('set', undefined, 'set-pin-error');
  flow.begin('set', undefined, 'frame-load-timeout');
  assert.equal(flow.notice, true, 'kept across a further retry');
  flow.posted();
  flow.receive('set_pin_validation_error');
  assert.equal(flow.notice, true, 'a validation error is no pin_valid');
  flow.receive('pin_valid', false);
  assert.equal(flow.notice, false, 'gone at the next pin_valid, valid or not');

  flow.begin('set', undefined, 'token-expired');
  flow.dismiss();
  assert.equal(flow.notice, false, 'dismissed');
  flow.begin('set', undefined, 'token-expired');
  flow.failFinal();
  assert.equal(flow.notice, false, 'an error panel replaces it');
  flow.begin('set', undefined, 'token-expired');
  flow.stop();
  assert.equal(flow.notice, false, 'disconnected');

  const last = new Flow();
  last.begin('set', 0);
  last.begin('set', undefined, 'token-expired');
  last.posted();
  assert.deepEqual(last.receive('set_pin_error'), { dispatch: true, then: 'exhausted' });
  assert.equal(last.notice, false, 'retries exhausted: the error panel says it');
});
