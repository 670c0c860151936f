import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryRateLimiter } from '../../src/server/index.js';

function limiterAt(start = 0, options = { max: 3, windowMs: 10_000 }) {
  const clock = { now: start };
  const limiter = createMemoryRateLimiter({ ...options, now: () => clock.now });
  return { limiter, clock };
}

describe('in-memory rate limiter', () => {
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
    const { limiter, clock } = limiterAt(0, { max: 1, windowMs: 1000 });
    assert.equal(limiter.take('a').allowed, true);
    for (let at = 100; at < 1000; at += 100) {
      clock.now = at;
      assert.equal(limiter.take('a').allowed, false);
    }
    clock.now = 1000;
    assert.equal(limiter.take('a').allowed, true);
  });

  test('Retry-After is at least 1 second', () => {
    const { limiter, clock } = limiterAt(0, { max: 1, windowMs: 200 });
    limiter.take('a');
    clock.now = 150;
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 1 });
  });

  test('keys are independent', () => {
    const { limiter } = limiterAt(0, { max: 1, windowMs: 1000 });
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.take('a').allowed, false);
    assert.equal(limiter.take('b').allowed, true);
  });

  test('memory stays bounded: idle keys are swept, then the oldest live ones', () => {
    const clock = { now: 0 };
    const limiter = createMemoryRateLimiter({ max: 1, windowMs: 1000, maxKeys: 3, now: () => clock.now });
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    clock.now = 2000; // a, b, c are idle now
    limiter.take('d');
    assert.equal(limiter.size, 1);
    for (const key of ['e', 'f', 'g', 'h']) limiter.take(key);
    assert.ok(limiter.size <= 3);
  });

  test('refuses nonsense options', () => {
    assert.throws(() => createMemoryRateLimiter({ max: 0, windowMs: 1000 }), RangeError);
    assert.throws(() => createMemoryRateLimiter({ max: 1.5, windowMs: 1000 }), RangeError);
    assert.throws(() => createMemoryRateLimiter({ max: 1, windowMs: 0 }), RangeError);
  });
});
