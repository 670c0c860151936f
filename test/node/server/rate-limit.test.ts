import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryRateLimitStore, PinControlServerError } from '../../../src/server/index.js';

/** The store with one limit and window bound in, as the token handler calls it. */
function limiterAt(start = 0, { limit, windowMs } = { limit: 3, windowMs: 10_000 }) {
  const clock = { now: start };
  const store = createMemoryRateLimitStore({ now: () => clock.now });
  const limiter = {
    take: (key: string) => store.take(key, limit, windowMs),
    get size() {
      return store.size;
    },
  };
  return { limiter, clock };
}

describe('in-memory rate-limit store', () => {
  test('allows max requests per window, then refuses with Retry-After seconds', () => {
    const { limiter, clock } = limiterAt();
    assert.deepEqual(limiter.take('a'), { allowed: true, remaining: 2 });
    clock.now = 1000;
    assert.deepEqual(limiter.take('a'), { allowed: true, remaining: 1 });
    clock.now = 2000;
    assert.deepEqual(limiter.take('a'), { allowed: true, remaining: 0 });
    clock.now = 2500;
    // The oldest hit (t=0) leaves the window at t=10 000: 7.5 s away, rounded up.
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 8 });
  });

  test('the window slides: each old hit that leaves frees one slot', () => {
    const { limiter, clock } = limiterAt();
    for (const at of [0, 1000, 2000]) {
      clock.now = at;
      limiter.take('a');
    }
    clock.now = 9_999;
    assert.equal(limiter.take('a').allowed, false);
    clock.now = 10_000;
    assert.equal(limiter.take('a').allowed, true, 'the t=0 hit has left');
    assert.equal(limiter.take('a').allowed, false, 'but only that one');
    clock.now = 11_000;
    assert.equal(limiter.take('a').allowed, true);
  });

  test('refused takes are not counted', () => {
    const { limiter, clock } = limiterAt(0, { limit: 1, windowMs: 1000 });
    assert.equal(limiter.take('a').allowed, true);
    for (let at = 100; at < 1000; at += 100) {
      clock.now = at;
      assert.equal(limiter.take('a').allowed, false);
    }
    clock.now = 1000;
    assert.equal(limiter.take('a').allowed, true);
  });

  test('Retry-After is at least 1 second', () => {
    const { limiter, clock } = limiterAt(0, { limit: 1, windowMs: 200 });
    limiter.take('a');
    clock.now = 150;
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 1 });
  });

  test('keys are independent', () => {
    const { limiter } = limiterAt(0, { limit: 1, windowMs: 1000 });
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.take('a').allowed, false);
    assert.equal(limiter.take('b').allowed, true);
  });

  test('memory stays bounded: idle keys are swept, then the oldest live ones', () => {
    const clock = { now: 0 };
    const store = createMemoryRateLimitStore({ maxKeys: 3, now: () => clock.now });
    for (const key of ['a', 'b', 'c']) store.take(key, 1, 1000);
    clock.now = 2000; // a, b, c are idle now
    store.take('d', 1, 1000);
    assert.equal(store.size, 1);
    for (const key of ['e', 'f', 'g', 'h']) store.take(key, 1, 1000);
    assert.ok(store.size <= 3);
  });

  test('a smaller limit on a key that holds more hits waits for enough of them to leave', () => {
    const clock = { now: 0 };
    const store = createMemoryRateLimitStore({ now: () => clock.now });
    for (const at of [0, 1000, 2000]) {
      clock.now = at;
      assert.equal(store.take('a', 3, 10_000).allowed, true);
    }
    clock.now = 2500;
    // With a limit of 2, the hit at t=1000 must leave (at 11 000) before one more fits.
    assert.deepEqual(store.take('a', 2, 10_000), { allowed: false, retryAfterSeconds: 9 });
  });

  test('refuses nonsense options with a coded error', () => {
    const invalid = (error: unknown) => error instanceof PinControlServerError && error.code === 'invalid-config';
    assert.throws(() => createMemoryRateLimitStore({ maxKeys: 0 }), invalid);
    assert.throws(() => createMemoryRateLimitStore({ maxKeys: 1.5 }), invalid);
    assert.throws(() => createMemoryRateLimitStore({ now: 5 as unknown as () => number }), invalid);
  });
});
