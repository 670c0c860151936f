// Importing the package in Node (server-side rendering) must not throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('src/index.ts imports in Node without a DOM and without side effects', async () => {
  const before = (globalThis as { customElements?: CustomElementRegistry }).customElements?.get?.('pin-control');
  const module = await import('../../../src/index.js');
  assert.equal(typeof module.PinControl, 'function');
  assert.deepEqual([...module.ERROR_CODES].sort(), [
    'frame-origin-refused',
    'frame-unresponsive',
    'retries-exhausted',
    'token-request-failed',
    'token-response-invalid',
    'token-timeout',
  ]);
  assert.deepEqual([...module.RETRY_CAUSES].sort(), ['frame-load-timeout', 'set-pin-error', 'token-expired']);
  assert.deepEqual([...module.TOKEN_FAILURE_REASONS].sort(), [
    'conflict',
    'forbidden',
    'invalid-response',
    'network',
    'rate-limited',
    'timeout',
    'unauthorized',
    'unavailable',
  ]);
  const after = (globalThis as { customElements?: CustomElementRegistry }).customElements?.get?.('pin-control');
  assert.equal(after, before, 'index registers nothing');
});

test('define(): registers once, tolerates the same class, refuses another class on the tag', async () => {
  const { PinControl } = await import('../../../src/index.js');
  const defined = new Map<string, CustomElementConstructor>();
  const registry = {
    get: (tag: string) => defined.get(tag),
    define: (tag: string, ctor: CustomElementConstructor) => {
      if (defined.has(tag)) throw new Error('already defined');
      defined.set(tag, ctor);
    },
  } as unknown as CustomElementRegistry;
  PinControl.define('pin-control', registry);
  PinControl.define('pin-control', registry);
  assert.equal(defined.get('pin-control'), PinControl);
  class Other extends PinControl {}
  assert.throws(() => Other.define('pin-control', registry), /already defined by another class/);
  Other.define('other-pin-control', registry);
  assert.equal(defined.get('other-pin-control'), Other);
});

test('the define module imports in Node too', async () => {
  const module = await import('../../../src/define.js');
  assert.equal(typeof module.PinControl, 'function');
});

test('a fresh element can be constructed and has its defaults, without any DOM', async () => {
  const { PinControl } = await import('../../../src/index.js');
  const el = new PinControl();
  assert.equal(el.mode, 'view');
  assert.equal(el.retries, 1);
  assert.equal(el.state, 'idle');
  assert.equal(el.pinValid, null);
  assert.equal(el.setPin(), false);
});
