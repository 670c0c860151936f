// pin-control/server/redis against a real redis-server (Debian's package) on a
// free loopback port. No skipping: without redis-server the suite fails and
// says how to install it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Redis } from 'ioredis';
import { createTokenHandler, PinControlServerError, type AuditRecord, type RateLimitOptions } from '../../../src/server/index.js';
import { createRedisRateLimitStore, DEFAULT_REDIS_PREFIX } from '../../../src/server/redis.js';
import { HOW_TO_GET_REDIS, startRedisServer, type RunningRedis } from '../../support/redis-server.js';
import { BROWSER_TOKEN_HEADERS, fakeFetch, issuerReply, PAGE_ORIGIN, testClient, tokenRequest } from '../../support/server-fakes.js';

const SESSION_ID = 'redis-test-session-0123456789';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let redis: RunningRedis;
const clients: Redis[] = [];

/** One ioredis client as an app instance would have it (default options: offline queue, reconnects). */
function redisClient(): Redis {
  const client = new Redis(redis.url, { retryStrategy: () => 100 });
  client.on('error', () => {}); // reconnect noise while the server is stopped
  clients.push(client);
  return client;
}

before(async () => {
  redis = await startRedisServer();
});

after(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

describe('redis-server for the tests', () => {
  test('a missing redis-server fails with a message that says how to install it', async () => {
    await assert.rejects(startRedisServer({ binary: '/nonexistent/redis-server' }), (error: Error) => error.message === HOW_TO_GET_REDIS);
    assert.match(HOW_TO_GET_REDIS, /apt-get install -y redis-server/);
  });
});

describe('Redis rate-limit store', () => {
  test('a sliding window per key: limit allowed, then refused with the wait until the oldest leaves', async () => {
    const store = createRedisRateLimitStore({ client: redisClient(), prefix: 'test:window:' });
    assert.deepEqual(await store.take('a', 3, 60_000), { allowed: true, remaining: 2 });
    assert.deepEqual(await store.take('a', 3, 60_000), { allowed: true, remaining: 1 });
    assert.deepEqual(await store.take('a', 3, 60_000), { allowed: true, remaining: 0 });
    const refused = await store.take('a', 3, 60_000);
    assert.equal(refused.allowed, false);
    assert.ok(!refused.allowed && refused.retryAfterSeconds >= 59 && refused.retryAfterSeconds <= 60, JSON.stringify(refused));
    assert.deepEqual(await store.take('b', 3, 60_000), { allowed: true, remaining: 2 }, 'keys are independent');
  });

  test('refused takes are not counted, and a slot frees when the window passes', async () => {
    const store = createRedisRateLimitStore({ client: redisClient(), prefix: 'test:slide:' });
    assert.equal((await store.take('a', 1, 300)).allowed, true);
    for (let i = 0; i < 3; i++) assert.equal((await store.take('a', 1, 300)).allowed, false);
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.equal((await store.take('a', 1, 300)).allowed, true);
  });

  test('keys are the prefix and the hash the handler passes; they expire with the window', async () => {
    const client = redisClient();
    await client.flushall();
    const handler = createTokenHandler({
      client: testClient(fakeFetch(() => issuerReply(201)).fetch),
      allowedOrigins: [PAGE_ORIGIN],
      getSession: () => ({ sessionId: SESSION_ID, plasticId: '4000123412341234', auditUser: 'alice' }),
      rateLimit: { store: createRedisRateLimitStore({ client }), limit: 10, windowMs: 60_000 },
      audit: () => {},
    });
    assert.equal((await handler(tokenRequest())).status, 200);
    const keys = await client.keys('*');
    assert.deepEqual(keys, [`${DEFAULT_REDIS_PREFIX}${sha256(SESSION_ID)}`]);
    const ttl = await client.pttl(keys[0]!);
    assert.ok(ttl > 55_000 && ttl <= 60_000, `PTTL ${ttl}`);
    const dump = JSON.stringify([keys, await client.zrange(keys[0]!, '0', '-1')]);
    assert.ok(!dump.includes(SESSION_ID), 'the raw session id is nowhere in Redis');
  });

  test('a flushed script cache (a restart, SCRIPT FLUSH) is reloaded on the next take', async () => {
    const client = redisClient();
    const store = createRedisRateLimitStore({ client, prefix: 'test:flush:' });
    assert.equal((await store.take('a', 5, 60_000)).allowed, true);
    await client.script('FLUSH');
    assert.deepEqual(await store.take('a', 5, 60_000), { allowed: true, remaining: 3 });
  });

  test('bad options throw invalid-config', () => {
    const invalid = (error: unknown) => error instanceof PinControlServerError && error.code === 'invalid-config';
    const client = redisClient();
    assert.throws(() => createRedisRateLimitStore(undefined as never), invalid);
    assert.throws(() => createRedisRateLimitStore({ client: {} as never }), invalid);
    assert.throws(() => createRedisRateLimitStore({ client, prefix: 42 as never }), invalid);
    assert.throws(() => createRedisRateLimitStore({ client, timeoutMs: 0 }), invalid);
    assert.throws(() => createRedisRateLimitStore({ client, timeoutMs: Number.NaN }), invalid);
  });
});

interface HostInstance {
  origin: string;
  audits: AuditRecord[];
  issuerCalls: () => number;
  close(): Promise<void>;
}

/** One app instance: its own HTTP server, token handler and Redis connection, the same session as the others. */
async function startInstance(rateLimit: RateLimitOptions): Promise<HostInstance> {
  const upstream = fakeFetch(() => issuerReply(201));
  const audits: AuditRecord[] = [];
  const handler = createTokenHandler({
    client: testClient(upstream.fetch),
    allowedOrigins: [PAGE_ORIGIN],
    // As if from a session store the instances share (the cookie works on any of them).
    getSession: () => ({ sessionId: SESSION_ID, plasticId: '4000123412341234', auditUser: 'alice' }),
    rateLimit,
    audit: (record) => audits.push(record),
  });
  const server = createAdaptorServer({ fetch: (request: Request) => handler(request) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    audits,
    issuerCalls: () => upstream.calls.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

function post(origin: string): Promise<Response> {
  return fetch(`${origin}/api/pin-control/token`, {
    method: 'POST',
    headers: BROWSER_TOKEN_HEADERS,
    body: '{"scope":"VIEW_PIN"}',
  });
}

describe('two instances behind a load balancer share one limit on Redis', () => {
  test('10 a minute per session across both: 10 ok in total, the 11th is 429 with Retry-After', async () => {
    await redisClient().flushall();
    const instances = [
      await startInstance({ store: createRedisRateLimitStore({ client: redisClient() }), limit: 10, windowMs: 60_000 }),
      await startInstance({ store: createRedisRateLimitStore({ client: redisClient() }), limit: 10, windowMs: 60_000 }),
    ];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const response = await post(instances[i % 2]!.origin); // round robin
        statuses.push(response.status);
        await response.body?.cancel();
      }
      assert.deepEqual(statuses, Array(10).fill(200));
      assert.deepEqual(
        instances.map((instance) => instance.issuerCalls()),
        [5, 5],
      );
      for (const instance of instances) {
        const eleventh = await post(instance.origin);
        assert.equal(eleventh.status, 429);
        const retryAfter = Number(eleventh.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
        assert.equal(((await eleventh.json()) as { error: { code: string } }).error.code, 'rate-limited');
      }
      assert.deepEqual(
        instances.map((instance) => instance.issuerCalls()),
        [5, 5],
        'no id minted past the limit',
      );
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });

  test('(why: with the in-memory default each instance counts alone, and the session gets 20)', async () => {
    const instances = [await startInstance({}), await startInstance({})];
    try {
      let ok = 0;
      for (let i = 0; i < 22; i++) {
        const response = await post(instances[i % 2]!.origin);
        if (response.status === 200) ok++;
        await response.body?.cancel();
      }
      assert.equal(ok, 20);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});

describe('Redis stopped mid-run', () => {
  test('fails closed: 503 rate-limit-unavailable with Retry-After within the timeout, no id minted; back to 200 once Redis is back', async () => {
    const instance = await startInstance({
      store: createRedisRateLimitStore({ client: redisClient(), timeoutMs: 300 }),
      limit: 1000,
      windowMs: 60_000,
    });
    try {
      assert.equal((await post(instance.origin)).status, 200);
      await redis.stop();

      const started = performance.now();
      const down = await post(instance.origin);
      const waited = performance.now() - started;
      assert.equal(down.status, 503);
      assert.equal(down.headers.get('retry-after'), '5');
      const text = await down.text();
      assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'rate-limit-unavailable');
      assert.ok(!/redis|127\.0\.0\.1|ECONN|timeout/i.test(text), `nothing of the store's failure is echoed: ${text}`);
      assert.ok(waited < 2000, `answered in ${waited.toFixed(0)} ms`);
      assert.equal(instance.issuerCalls(), 1, 'the issuer was not called while the limit could not be checked');
      assert.equal(instance.audits.at(-1)!.outcome, 'rate-limit-unavailable');

      await redis.restart();
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const response = await post(instance.origin);
        status = response.status;
        await response.body?.cancel();
      }
      assert.equal(status, 200, 'served again after Redis came back');
    } finally {
      await instance.close();
    }
  });

  test('with failOpen: true the request is served without a limit, and its audit record says so', async () => {
    const instance = await startInstance({
      store: createRedisRateLimitStore({ client: redisClient(), timeoutMs: 300 }),
      failOpen: true,
    });
    try {
      await redis.stop();
      const response = await post(instance.origin);
      assert.equal(response.status, 200);
      await response.body?.cancel();
      assert.equal(instance.audits.at(-1)!.outcome, 'issued');
      assert.equal(instance.audits.at(-1)!.rateLimit, 'store-unavailable');
    } finally {
      await redis.restart();
      await instance.close();
    }
  });
});
