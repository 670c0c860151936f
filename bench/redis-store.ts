// Benchmark 6: what the shared rate limit costs. Candidate: the token handler
// (in-process, issuer stubbed as in 3) with the Redis store
// (`pin-control/server/redis`, ioredis, a real redis-server on loopback
// started for the run); baseline: the same handler with the in-memory store.
// Requests are sequential, so the difference of the medians is the store's
// added latency per request. Sessions rotate over 10 000 ids, as real traffic
// spreads over many sessions. Then the Redis store's own `take` alone: p50 and
// p99 of sequential calls.
import { Redis } from 'ioredis';
import { createIssuerClient, createMemoryRateLimitStore, createTokenHandler, type RateLimitStore } from '../src/server/index.js';
import { createRedisRateLimitStore } from '../src/server/redis.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { interleave, median, pairedResult, quantile, type BenchResult, type InterleaveOptions } from './stats.js';
import { assertNodeFetchClasses } from './node-globals.js';

const ORIGIN = 'https://bank.example';
const ISSUER = 'https://issuer.example';
const ISSUED = JSON.stringify({ id: 'bench-control-id-0123456789abcdef', pinFrameURL: `${ISSUER}/pincontrol/v2/frame` });
const SESSIONS = 10_000;

function tokenRequest(): Request {
  return new Request(`${ORIGIN}/api/pin-control/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'pin-control', origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
    body: '{"scope":"VIEW_PIN"}',
  });
}

export interface RedisBenchOptions {
  batch: number;
  takes: number;
  interleave: InterleaveOptions;
}

export interface RedisBenchResult extends BenchResult {
  /** The Redis store's take alone, sequential: µs. */
  take: { p50: number; p99: number; n: number };
}

export async function runRedisStoreBenchmark(options: RedisBenchOptions): Promise<RedisBenchResult> {
  assertNodeFetchClasses('redis bench');
  const redis = await startRedisServer();
  const client = new Redis(redis.url, { enableOfflineQueue: true });
  client.on('error', () => {});
  try {
    const issuer = createIssuerClient({
      baseUrl: ISSUER,
      credentials: { username: 'bench', password: 'bench-secret' },
      fetch: async () => new Response(ISSUED, { status: 201, headers: { 'content-type': 'application/json' } }),
    });
    let next = 0;
    const handlerWith = (store: RateLimitStore) =>
      createTokenHandler({
        client: issuer,
        allowedOrigins: [ORIGIN],
        getSession: () => ({ sessionId: `bench-session-${next++ % SESSIONS}`, plasticId: '1000000000000001', auditUser: 'bench' }),
        rateLimit: { store, limit: 1_000_000, windowMs: 60_000 },
        audit: () => {},
      });
    const redisStore = createRedisRateLimitStore({ client });
    const candidate = handlerWith(redisStore);
    const baseline = handlerWith(createMemoryRateLimitStore());
    for (const handler of [candidate, baseline]) {
      const response = await handler(tokenRequest());
      if (response.status !== 200) throw new Error(`redis bench: the handler answered ${response.status} ${await response.text()}`);
      await response.text();
    }

    const run = await interleave(async (arm) => {
      const handler = arm === 'candidate' ? candidate : baseline;
      const started = performance.now();
      for (let i = 0; i < options.batch; i++) await (await handler(tokenRequest())).text();
      return options.batch / ((performance.now() - started) / 1000);
    }, options.interleave);

    const takes: number[] = [];
    for (let i = 0; i < options.takes; i++) {
      const started = performance.now();
      await redisStore.take(`bench-take-${i % SESSIONS}`, 1_000_000, 60_000);
      takes.push((performance.now() - started) * 1000);
    }
    const take = { p50: quantile(takes, 0.5), p99: quantile(takes, 0.99), n: takes.length };

    const addedUs = 1e6 / median(run.candidate) - 1e6 / median(run.baseline);
    const result = pairedResult(run, {
      id: 'redis-store',
      title: '6. rate limit on Redis, in-process',
      candidate: 'token handler with the Redis store (ioredis, redis-server on loopback)',
      baseline: 'the same handler with the in-memory store',
      unit: 'req/s',
      better: 'higher',
      notes: [
        `${options.batch} sequential requests per sample over ${SESSIONS} sessions`,
        `the Redis store adds ≈ ${addedUs.toFixed(0)} µs per request (from the medians)`,
        `its take alone: p50 ${take.p50.toFixed(0)} µs, p99 ${take.p99.toFixed(0)} µs (${take.n} sequential calls)`,
      ],
    });
    return { ...result, take };
  } finally {
    client.disconnect();
    await redis.stop();
  }
}
