// A sliding-window rate limiter kept in memory. Pure logic: no timers and no
// I/O, the clock is injected, so it is exact to test. One process only: behind
// several instances, pass the token handler a shared RateLimiter instead.

export type RateLimitDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

/** Anything that can decide whether one more request for `key` is allowed now. */
export interface RateLimiter {
  take(key: string): RateLimitDecision | Promise<RateLimitDecision>;
}

export interface RateLimitOptions {
  /** Requests allowed per key within any window of `windowMs`. */
  max: number;
  windowMs: number;
}

export interface MemoryRateLimiterOptions extends RateLimitOptions {
  /** The clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** Keys kept before idle ones are swept (default 10 000). */
  maxKeys?: number;
}

/** The in-memory limiter: synchronous, and it tells how many keys it holds. */
export interface MemoryRateLimiter extends RateLimiter {
  take(key: string): RateLimitDecision;
  readonly size: number;
}

/**
 * Creates an in-memory sliding-window limiter: at most `max` allowed takes per
 * key in any `windowMs`. Refused takes are not counted, so a client that keeps
 * retrying is let in as soon as its oldest allowed request leaves the window.
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): MemoryRateLimiter {
  const { max, windowMs, now = Date.now, maxKeys = 10_000 } = options;
  if (!Number.isInteger(max) || max < 1 || !Number.isFinite(windowMs) || windowMs <= 0) {
    throw new RangeError('rateLimit needs an integer max ≥ 1 and a positive windowMs.');
  }
  // Per key, the times of its allowed requests inside the window, oldest first.
  const hits = new Map<string, number[]>();

  function sweep(at: number): void {
    for (const [key, times] of hits) {
      if (times.every((time) => time <= at - windowMs)) hits.delete(key);
    }
    // Still full of live keys: drop the oldest-inserted ones rather than grow without bound.
    for (const key of hits.keys()) {
      if (hits.size < maxKeys) break;
      hits.delete(key);
    }
  }

  return {
    get size() {
      return hits.size;
    },
    take(key: string): RateLimitDecision {
      const at = now();
      const windowStart = at - windowMs;
      let times = hits.get(key);
      if (!times) {
        if (hits.size >= maxKeys) sweep(at);
        times = [];
        hits.set(key, times);
      }
      while (times.length > 0 && times[0]! <= windowStart) times.shift();
      if (times.length < max) {
        times.push(at);
        return { allowed: true, remaining: max - times.length };
      }
      const oldest = times[0]!;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - at) / 1000)) };
    },
  };
}
