// The token helper's fast paths (bench/README.md, benchmark 3 and 5) keep
// every rule of the slow ones: the body read with a declared length, the
// issuer's answer checked without zod, a synchronous rate-limit store
// answered without a promise, and the in-memory store with a large limit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryRateLimitStore, createTokenHandler, type AuditRecord } from '../../../src/server/index.js';
import { issuerResponseSchema, validIssuerResponse } from '../../../src/server/issuer-response.js';
import { readRequestText } from '../../../src/server/request-body.js';
import {
  CONTROL_ID,
  FRAME_URL,
  PAGE_ORIGIN,
  fakeFetch,
  issuerReply,
  readJson,
  testClient,
  tokenRequest,
} from '../../support/server-fakes.js';

const SESSION = { sessionId: 'session-abc', plasticId: '4000123412341234', auditUser: 'alice' };

function handlerWith(options: Partial<Parameters<typeof createTokenHandler>[0]> = {}) {
  const audits: AuditRecord[] = [];
  const handler = createTokenHandler({
    client: testClient(fakeFetch(() => issuerReply(201)).fetch),
    allowedOrigins: [PAGE_ORIGIN],
    getSession: () => SESSION,
    audit: (record) => audits.push(record),
    ...options,
  });
  return { handler, audits };
}

/** A request as a server adapter hands it over: with the Content-Length header it received. */
function withLength(body: string, declared = String(Buffer.byteLength(body))): Request {
  return tokenRequest({ body, headers: { 'content-length': declared } });
}

describe('request body with a declared Content-Length', () => {
  test('a valid body is read and issues an id', async () => {
    const { handler } = handlerWith();
    const response = await handler(withLength('{"scope":"VIEW_PIN"}'));
    assert.equal(response.status, 200);
    assert.deepEqual(await readJson(response), { id: CONTROL_ID, pinFrameURL: FRAME_URL });
  });

  test('a body longer than the limit under a small declared length is still 413', async () => {
    const { handler, audits } = handlerWith();
    const response = await handler(withLength(JSON.stringify({ scope: 'VIEW_PIN', pad: 'x'.repeat(2000) }), '20'));
    assert.equal(response.status, 413);
    assert.equal((await readJson(response)).error.code, 'payload-too-large');
    assert.equal(audits[0]!.outcome, 'payload-too-large');
  });

  test('bytes that are not UTF-8 are 400 invalid-body', async () => {
    const request = new Request('https://bank.example/api/pin-control/token', {
      method: 'POST',
      headers: { 'content-length': '3' },
      body: new Uint8Array([0x7b, 0xff, 0x7d]),
    });
    assert.deepEqual(await readRequestText(request, 1024), { ok: false, reason: 'not-utf8' });
  });

  test('an unusable declared length (not digits, above the limit) falls back to the bounded stream', async () => {
    for (const declared of ['abc', '-1', '1e3', '5000']) {
      const request = new Request('https://bank.example/', {
        method: 'POST',
        headers: { 'content-length': declared },
        body: 'x'.repeat(5000),
      });
      assert.deepEqual(await readRequestText(request, 1024), { ok: false, reason: 'too-large' }, declared);
    }
  });

  test('over real HTTP (Node parser): exactly the declared bytes are read, a pipelined request is not swallowed', async () => {
    const { handler } = handlerWith();
    const statuses: number[] = [];
    const server = createServer(async (incoming: IncomingMessage, outgoing) => {
      const chunks: Buffer[] = [];
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk) && controller.enqueue(new Uint8Array(chunk)));
          incoming.on('end', () => controller.close());
        },
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
      const request = new Request(`${PAGE_ORIGIN}${incoming.url}`, {
        method: incoming.method,
        headers,
        body,
        duplex: 'half',
      } as RequestInit);
      const response = await handler(request);
      statuses.push(response.status);
      outgoing.writeHead(response.status, { 'content-type': 'application/json' });
      outgoing.end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { connect } = await import('node:net');
      const socket = connect(port, '127.0.0.1');
      const one = (body: string) =>
        `POST /api/pin-control/token HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${PAGE_ORIGIN}\r\nX-Requested-With: pin-control\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.write(one('{"scope":"VIEW_PIN"}') + one('{"scope":"SET_PIN"}'));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`two answers expected, got: ${received}`)), 5000);
        const check = setInterval(() => {
          if ((received.match(/HTTP\/1\.1 200/g) ?? []).length === 2) {
            clearTimeout(timer);
            clearInterval(check);
            resolve();
          }
        }, 10);
      });
      socket.destroy();
      assert.deepEqual(statuses, [200, 200]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('issuer answer: the fast check agrees with the schema', () => {
  const base = { id: CONTROL_ID, pinFrameURL: FRAME_URL };
  const cases: unknown[] = [
    base,
    { ...base, pinURL: 'https://pin.issuer.example/webview' },
    { ...base, extra: 1 },
    { ...base, id: '' },
    { ...base, id: 'has space' },
    { ...base, id: 'x'.repeat(1024) },
    { ...base, id: 'x'.repeat(1025) },
    { ...base, id: 'é' },
    { ...base, id: 42 },
    { ...base, pinFrameURL: 'javascript:alert(1)' },
    { ...base, pinFrameURL: 'ftp://pin.issuer.example/' },
    { ...base, pinFrameURL: 'not a url' },
    { ...base, pinFrameURL: `https://pin.issuer.example/${'a'.repeat(2048)}` },
    { ...base, pinFrameURL: `https://p.example/${'a'.repeat(2048 - 'https://p.example/'.length)}` },
    { ...base, pinURL: null },
    { ...base, pinURL: 'data:text/html,x' },
    { id: CONTROL_ID },
    [base],
    null,
    'text',
    7,
    {},
  ];
  for (const json of cases) {
    test(JSON.stringify(json)?.slice(0, 80) ?? String(json), () => {
      const schema = issuerResponseSchema.safeParse(json);
      const fast = validIssuerResponse(json);
      assert.equal(fast !== null, schema.success);
      if (fast && schema.success) {
        assert.equal(fast.id, schema.data.id);
        assert.equal(fast.frameUrl.href, new URL(schema.data.pinFrameURL).href);
        assert.equal(fast.pinURL, schema.data.pinURL);
      }
    });
  }
});

describe('rate limit: sync and async stores', () => {
  test('a synchronous store that throws fails closed (503), or open with the audit mark', async () => {
    const store = {
      take: () => {
        throw new Error('down');
      },
    };
    const closed = handlerWith({ rateLimit: { store } });
    assert.equal((await closed.handler(tokenRequest())).status, 503);
    const open = handlerWith({ rateLimit: { store, failOpen: true } });
    assert.equal((await open.handler(tokenRequest())).status, 200);
    assert.equal(open.audits[0]!.rateLimit, 'store-unavailable');
  });

  test('a store answering a thenable (not a native promise) is awaited', async () => {
    const store = {
      take: () => ({ then: (resolve: (value: unknown) => void) => resolve({ allowed: false, retryAfterSeconds: 7 }) }) as never,
    };
    const { handler } = handlerWith({ rateLimit: { store } });
    const response = await handler(tokenRequest());
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '7');
  });

  test('a decision whose `allowed` getter throws fails closed', async () => {
    const store = {
      take: () =>
        ({
          get allowed(): boolean {
            throw new Error('odd');
          },
        }) as never,
    };
    const { handler } = handlerWith({ rateLimit: { store } });
    assert.equal((await handler(tokenRequest())).status, 503);
  });
});

describe('in-memory store with a large limit (the bench raises it)', () => {
  test('counts and slides exactly as with a small one, past many expiries', () => {
    const clock = { now: 0 };
    const store = createMemoryRateLimitStore({ now: () => clock.now });
    const limit = 1000;
    const windowMs = 10_000;
    // 1000 hits in the first second fill the limit.
    for (let i = 0; i < limit; i++) {
      clock.now = i;
      assert.deepEqual(store.take('k', limit, windowMs), { allowed: true, remaining: limit - i - 1 });
    }
    clock.now = 5000;
    assert.deepEqual(store.take('k', limit, windowMs), { allowed: false, retryAfterSeconds: 5 });
    // Each ms from t=10 000 one old hit leaves: exactly one new hit fits per ms.
    for (let t = 10_000; t < 10_000 + limit; t++) {
      clock.now = t;
      assert.equal(store.take('k', limit, windowMs).allowed, true, `t=${t}`);
      assert.equal(store.take('k', limit, windowMs).allowed, false, `t=${t} second`);
    }
    // Everything expired: a full window again.
    clock.now = 100_000;
    assert.deepEqual(store.take('k', limit, windowMs), { allowed: true, remaining: limit - 1 });
  });
});

describe('session hash cache', () => {
  test('each session keeps its own label and limit, the same on a repeat, across more sessions than the cache holds', async () => {
    const { createHash } = await import('node:crypto');
    const label = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16);
    let current = 's-0';
    const keys: string[] = [];
    const store = { take: (key: string) => (keys.push(key), { allowed: true as const, remaining: 1 }) };
    const { handler, audits } = handlerWith({ getSession: () => ({ ...SESSION, sessionId: current }), rateLimit: { store } });
    const ids = Array.from({ length: 1500 }, (_, i) => `s-${i}`);
    for (const id of [...ids, ...ids.slice(0, 10), ...ids.slice(-10)]) {
      current = id;
      assert.equal((await handler(tokenRequest())).status, 200);
      const hash = createHash('sha256').update(id, 'utf8').digest('hex');
      assert.equal(audits.at(-1)!.session, label(id));
      assert.equal(keys.at(-1), hash);
    }
  });
});
