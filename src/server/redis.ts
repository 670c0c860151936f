/**
 * `pin-control/server/redis`: a rate-limit store on Redis, so every instance
 * of a token endpoint shares one limit per session.
 *
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createTokenHandler } from 'pin-control/server';
 * import { createRedisRateLimitStore } from 'pin-control/server/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false });
 * const tokenHandler = createTokenHandler({
 *   ...,
 *   rateLimit: { store: createRedisRateLimitStore({ client: redis }), limit: 10, windowMs: 60_000 },
 * });
 * ```
 *
 * `ioredis` (5 or 6) is an optional peer dependency: this module only calls the
 * client you pass and imports nothing from it at run time, so
 * `pin-control/server` itself never needs it.
 *
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import { PinControlServerError } from './errors.js';
import type { RateLimitDecision, RateLimitStore } from './rate-limit.js';

export interface RedisRateLimitStoreOptions {
  /** A connected ioredis client (`new Redis(…)`) or cluster (`new Cluster(…)`), shared with the rest of your app if you like. */
  client: Redis | Cluster;
  /** Put before every key (default `pin-control:rate-limit:`); the rest of the key is the SHA-256 of the session id. */
  prefix?: string;
  /**
   * Give up on Redis after this long (default 500 ms): the take then fails, and
   * the token handler answers 503 `rate-limit-unavailable` (or lets the request
   * through with `failOpen`). Without it a request would wait for ioredis'
   * reconnects and retries while Redis is down.
   */
  timeoutMs?: number;
}

export const DEFAULT_REDIS_PREFIX = 'pin-control:rate-limit:';
const DEFAULT_TIMEOUT_MS = 500;

/**
 * A sliding window, as the in-memory store keeps it, in one atomic script: a
 * sorted set per session holds the times of its allowed requests. The time is
 * Redis' own (`TIME`), so instances with skewed clocks still agree. Times that
 * left the window are dropped; under the limit the request's time is added and
 * the key expires with the window (an idle session leaves nothing behind);
 * over it, nothing is added (a refused request is not counted) and the answer
 * says when enough old requests will have left.
 * KEYS[1] the session's key; ARGV: limit, window ms, a member unique per take.
 * Returns {1, remaining} or {0, ms to wait}.
 */
export const SLIDING_WINDOW_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, limit - count - 1}
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
`;

/**
 * Creates a rate-limit store on Redis for `createTokenHandler({ rateLimit: { store } })`.
 * Each take is one `EVALSHA` round trip (the script is sent with `EVAL` once per
 * Redis node, and again after a restart or `SCRIPT FLUSH`). Any failure, a
 * timeout included, rejects with `PinControlServerError` `rate-limit-unavailable`
 * whose message names no host, key or Redis error text.
 * Throws `PinControlServerError` (`invalid-config`) for bad options.
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const { client, prefix = DEFAULT_REDIS_PREFIX, timeoutMs = DEFAULT_TIMEOUT_MS } = options ?? ({} as RedisRateLimitStoreOptions);
  if (typeof client?.evalsha !== 'function' || typeof client?.eval !== 'function') {
    throw new PinControlServerError('invalid-config', 'createRedisRateLimitStore needs an ioredis client (Redis or Cluster) as `client`.');
  }
  if (typeof prefix !== 'string' || prefix.length > 256) {
    throw new PinControlServerError('invalid-config', 'prefix must be a string of at most 256 characters.');
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new PinControlServerError('invalid-config', 'timeoutMs must be a positive number.');
  }

  let sha: string | Promise<string> = sha1Hex(SLIDING_WINDOW_SCRIPT).then((hex) => (sha = hex));
  // Members of one session's set must differ even within a millisecond: this
  // store's random id and a counter (no session data in them).
  const storeId = crypto.randomUUID();
  let sequence = 0;

  async function run(key: string, limit: number, windowMs: number): Promise<unknown> {
    const args = [1, key, limit, windowMs, `${storeId}:${sequence++}`] as const;
    const scriptSha = typeof sha === 'string' ? sha : await sha;
    try {
      return await client.evalsha(scriptSha, ...args);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).startsWith('NOSCRIPT')) throw error;
      return client.eval(SLIDING_WINDOW_SCRIPT, ...args);
    }
  }

  return {
    async take(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let reply: unknown;
      try {
        reply = await Promise.race([
          run(`${prefix}${key}`, limit, windowMs),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
          }),
        ]);
      } catch {
        throw new PinControlServerError('rate-limit-unavailable', 'The Redis rate-limit store did not answer.');
      } finally {
        clearTimeout(timer);
      }
      if (!Array.isArray(reply) || reply.length !== 2 || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
        throw new PinControlServerError('rate-limit-unavailable', 'The Redis rate-limit store answered something unexpected.');
      }
      const [allowed, value] = reply as [number, number];
      if (allowed === 1) return { allowed: true, remaining: value };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(value / 1000)) };
    },
  };
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
