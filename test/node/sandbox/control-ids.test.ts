import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONTROL_ID_LIFETIME_MS } from '../../../src/control-id.js';
import { CONTROL_ID_PATTERN, ControlIdStore } from '../../../sandbox/control-ids.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('sandbox control ids', () => {
  test('are 256-bit, URL-safe and never repeat', () => {
    const store = new ControlIdStore();
    const ids = new Set(Array.from({ length: 2000 }, () => store.issue('1', 'VIEW_PIN')));
    assert.equal(ids.size, 2000);
    for (const id of ids) assert.match(id, CONTROL_ID_PATTERN);
    // Every base64url character shows up somewhere: the ids are not counters or timestamps.
    const chars = new Set([...ids].join(''));
    assert.ok(chars.size >= 60, `only ${chars.size} distinct characters`);
  });

  test('live 30 seconds by default', () => {
    const time = clock();
    const store = new ControlIdStore({ now: time.now });
    assert.equal(store.ttlMs, CONTROL_ID_LIFETIME_MS);
    const id = store.issue('1', 'VIEW_PIN');
    time.advance(29_999);
    assert.equal(store.check(id, 'VIEW_PIN').ok, true);
    time.advance(1);
    assert.deepEqual(store.check(id, 'VIEW_PIN'), { ok: false, reason: 'expired' });
  });

  test('honour a configured lifetime', () => {
    const time = clock();
    const store = new ControlIdStore({ ttlMs: 500, now: time.now });
    const id = store.issue('1', 'SET_PIN');
    time.advance(500);
    assert.deepEqual(store.consume(id, 'SET_PIN'), { ok: false, reason: 'expired' });
    assert.throws(() => new ControlIdStore({ ttlMs: 0 }), RangeError);
  });

  test('are single use', () => {
    const store = new ControlIdStore();
    const id = store.issue('42', 'VIEW_PIN');
    const first = store.consume(id, 'VIEW_PIN');
    assert.equal(first.ok, true);
    assert.equal(first.ok && first.grant.plasticId, '42');
    assert.deepEqual(store.consume(id, 'VIEW_PIN'), { ok: false, reason: 'used' });
    assert.deepEqual(store.check(id, 'VIEW_PIN'), { ok: false, reason: 'used' });
  });

  test('are bound to their scope; a refused scope does not use the id up', () => {
    const store = new ControlIdStore();
    const id = store.issue('42', 'SET_PIN');
    assert.deepEqual(store.consume(id, 'VIEW_PIN'), { ok: false, reason: 'wrong-scope' });
    assert.equal(store.check(id, 'SET_PIN').ok, true);
  });

  test('check does not use the id up; unknown ids are refused', () => {
    const store = new ControlIdStore();
    const id = store.issue('7', 'VIEW_PIN');
    assert.equal(store.check(id, 'VIEW_PIN').ok, true);
    assert.equal(store.check(id, 'VIEW_PIN').ok, true);
    assert.deepEqual(store.check('A'.repeat(43), 'VIEW_PIN'), { ok: false, reason: 'unknown' });
    assert.equal(store.scopeOf(id), 'VIEW_PIN');
    assert.equal(store.scopeOf('nope'), undefined);
  });

  test('forget long-expired ids, but remember recent ones as expired', () => {
    const time = clock();
    const store = new ControlIdStore({ ttlMs: 1000, now: time.now });
    const old = store.issue('1', 'VIEW_PIN');
    time.advance(2000);
    store.issue('1', 'VIEW_PIN');
    assert.deepEqual(store.check(old, 'VIEW_PIN'), { ok: false, reason: 'expired' });
    time.advance(10 * 60_000);
    store.issue('1', 'VIEW_PIN');
    assert.deepEqual(store.check(old, 'VIEW_PIN'), { ok: false, reason: 'unknown' });
    assert.equal(store.size, 1);
  });
});
