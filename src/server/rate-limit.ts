// The per-session rate limit: the token handler decides the limit and the
// window, a store keeps the counts. The in-memory store is the default (one
// process); behind several instances pass a shared one, e.g. the Redis store
// from `pin-control/server/redis`. Stores only ever see a hash of the session
// id, never the id itself.
import { PinControlServerError } from './errors.js';

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Where the counts live. `take` counts one request for `key` when fewer than
 * `limit` were counted in the last `windowMs` (a sliding window), and refuses
 * it otherwise; a refused request is not counted. It may throw or reject when
 * the store cannot answer: the token handler then fails closed (503
 * `rate-limit-unavailable`) unless `failOpen` is set.
 */
export interface RateLimitStore {
  take(key: string, limit: number, windowMs: number): RateLimitDecision | Promise<RateLimitDecision>;
}

/** The token handler's `rateLimit` option. */
export interface RateLimitOptions {
  /** Where the counts live (default: a new in-memory store, one process only). */
  store?: RateLimitStore;
  /** Requests allowed per session within any `windowMs` (default 10). */
  limit?: number;
  /** The window in ms (default 60 000). */
  windowMs?: number;
  /**
   * When the store fails (Redis down): `false` (the default) answers 503
   * `rate-limit-unavailable`, so no id is minted without the limit; `true`
   * lets the request through unlimited and marks its audit record.
   */
  failOpen?: boolean;
}

export const DEFAULT_RATE_LIMIT = 10;
export const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000;
/** The longest window accepted: a day (a longer one is a mistake, and Redis keys must expire). */
export const MAX_RATE_LIMIT_WINDOW_MS = 86_400_000;
const RATE_LIMIT_KEYS = new Set(['store', 'limit', 'windowMs', 'failOpen']);

/** The checked `rateLimit` option with its defaults filled in. */
export interface RateLimitSettings {
  store: RateLimitStore;
  limit: number;
  windowMs: number;
  failOpen: boolean;
}

/** Checks the `rateLimit` option; throws `invalid-config` naming what is wrong. */
export function rateLimitSettings(option: RateLimitOptions | undefined, now: () => number): RateLimitSettings {
  if (option === undefined) option = {};
  if (option === null || typeof option !== 'object' || Array.isArray(option)) {
    throw invalidConfig('rateLimit must be an object {store?, limit?, windowMs?, failOpen?}.');
  }
  for (const key of Object.keys(option)) {
    if (!RATE_LIMIT_KEYS.has(key)) {
      throw invalidConfig(`rateLimit has an unknown option ${JSON.stringify(key)}; it takes store, limit, windowMs and failOpen.`);
    }
  }
  const { store, limit = DEFAULT_RATE_LIMIT, windowMs = DEFAULT_RATE_LIMIT_WINDOW_MS, failOpen = false } = option;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw invalidConfig('rateLimit.limit must be an integer ≥ 1.');
  }
  if (!Number.isSafeInteger(windowMs) || windowMs < 1 || windowMs > MAX_RATE_LIMIT_WINDOW_MS) {
    throw invalidConfig(`rateLimit.windowMs must be a whole number of ms from 1 to ${MAX_RATE_LIMIT_WINDOW_MS}.`);
  }
  if (typeof failOpen !== 'boolean') throw invalidConfig('rateLimit.failOpen must be true or false.');
  if (store !== undefined && typeof (store as Partial<RateLimitStore> | null)?.take !== 'function') {
    throw invalidConfig('rateLimit.store must have a take(key, limit, windowMs) method.');
  }
  return { store: store ?? createMemoryRateLimitStore({ now }), limit, windowMs, failOpen };
}

export interface MemoryRateLimitStoreOptions {
  /** The clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** Keys kept before idle ones are swept (default 10 000). */
  maxKeys?: number;
}

/** The in-memory store: synchronous, and it tells how many keys it holds. */
export interface MemoryRateLimitStore extends RateLimitStore {
  take(key: string, limit: number, windowMs: number): RateLimitDecision;
  readonly size: number;
}

/**
 * Creates an in-memory sliding-window store: at most `limit` allowed takes per
 * key in any `windowMs`. Pure logic, no timers and no I/O, the clock injected.
 * Refused takes are not counted, so a client that keeps retrying is let in as
 * soon as its oldest allowed request leaves the window. One process only.
 */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): MemoryRateLimitStore {
  const { now = Date.now, maxKeys = 10_000 } = options;
  if (typeof now !== 'function') throw invalidConfig('now must be a function returning epoch ms.');
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw invalidConfig('maxKeys must be an integer ≥ 1.');
  // Per key, the times of its allowed requests, oldest first; those before
  // `head` have left the window. Expired times are skipped by moving `head`
  // (O(1)) and dropped in one splice once they are half the array: shift() is
  // a copy of the whole array once it is large (a raised limit), per request.
  const hits = new Map<string, { times: number[]; head: number }>();

  function sweep(windowStart: number): void {
    for (const [key, entry] of hits) {
      const { times } = entry;
      if (times.length === entry.head || times[times.length - 1]! <= windowStart) hits.delete(key);
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
    take(key: string, limit: number, windowMs: number): RateLimitDecision {
      const at = now();
      const windowStart = at - windowMs;
      let entry = hits.get(key);
      if (!entry) {
        if (hits.size >= maxKeys) sweep(windowStart);
        entry = { times: [], head: 0 };
        hits.set(key, entry);
      }
      const { times } = entry;
      while (entry.head < times.length && times[entry.head]! <= windowStart) entry.head++;
      if (entry.head > 32 && entry.head * 2 > times.length) {
        times.splice(0, entry.head);
        entry.head = 0;
      }
      const live = times.length - entry.head;
      if (live < limit) {
        times.push(at);
        return { allowed: true, remaining: limit - live - 1 };
      }
      const oldest = times[times.length - limit]!;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - at) / 1000)) };
    },
  };
}

function invalidConfig(message: string): PinControlServerError {
  return new PinControlServerError('invalid-config', message);
}
