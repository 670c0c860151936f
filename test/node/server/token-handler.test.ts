import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  createTokenHandler,
  PinControlServerError,
  type AuditRecord,
  type TokenHandlerOptions,
  type TokenSession,
} from '../../../src/server/index.js';
import {
  CONTROL_ID,
  FRAME_URL,
  PAGE_ORIGIN,
  fakeFetch,
  hangingFetch,
  issuerReply,
  readJson,
  testClient,
  tokenRequest,
} from '../../support/server-fakes.js';
import { REQUEST_REFUSALS, UPSTREAM_FAILURES } from '../../support/token-cases.js';

const SESSION: TokenSession = { sessionId: 'session-abc', plasticId: '4000123412341234', auditUser: 'alice' };

function setup(overrides: Partial<TokenHandlerOptions> & { respond?: () => Response | Promise<Response> } = {}) {
  const { respond = () => issuerReply(201), ...options } = overrides;
  const upstream = fakeFetch(respond);
  const audits: AuditRecord[] = [];
  const sessionRequests: Request[] = [];
  const handler = createTokenHandler({
    client: testClient(upstream.fetch),
    allowedOrigins: [PAGE_ORIGIN],
    getSession: async (request) => {
      sessionRequests.push(request);
      return SESSION;
    },
    audit: (record) => audits.push(record),
    ...options,
  });
  return { handler, upstream, audits, sessionRequests };
}

async function assertRefused(response: Response, status: number, code: string) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  const body = await readJson(response);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
}

describe('token handler: success', () => {
  test('answers 200 {id, pinFrameURL} only, not cacheable, not sniffable', async () => {
    const { handler, upstream } = setup();
    const response = await handler(tokenRequest());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('access-control-allow-origin'), null, 'no CORS: same-site callers only');
    assert.deepEqual(await readJson(response), { id: CONTROL_ID, pinFrameURL: FRAME_URL });
    assert.equal(upstream.calls.length, 1);
  });

  test("a route event that carries the request (SvelteKit's, Astro's) is answered as the request is", async () => {
    const { handler, upstream, sessionRequests } = setup();
    const request = tokenRequest();
    const response = await handler({ request, locals: {}, params: {}, url: new URL(request.url) } as { request: Request });
    assert.equal(response.status, 200, "not 405: the method is read from the event's request");
    assert.deepEqual(await readJson(response), { id: CONTROL_ID, pinFrameURL: FRAME_URL });
    assert.equal(sessionRequests[0], request, 'getSession gets the Request itself');
    assert.equal(upstream.calls.length, 1);
  });

  test('the plastic and audit user come from the session, the scope from the body', async () => {
    const { handler, upstream } = setup();
    await handler(tokenRequest({ body: '{"scope":"SET_PIN"}' }));
    assert.equal(upstream.calls[0]!.url, 'https://api.issuer.example/pincontrol/v2/plastic/4000123412341234?auditUser=alice');
    assert.equal(upstream.calls[0]!.init.body, '{"scope":"SET_PIN"}');
  });

  test('accepts charset=utf-8, same-site and none fetch metadata, and no fetch metadata at all', async () => {
    const { handler } = setup();
    const variants: Array<Record<string, string | null>> = [
      { 'content-type': 'application/json; charset=utf-8' },
      { 'content-type': 'Application/JSON;charset="UTF-8"' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'none' },
      { 'sec-fetch-site': null },
    ];
    for (const headers of variants) {
      assert.equal((await handler(tokenRequest({ headers }))).status, 200, JSON.stringify(headers));
    }
  });

  test('writes one audit record: issued, scope, hashed session, status', async () => {
    const { handler, audits } = setup({ now: () => Date.parse('2026-01-02T03:04:05.000Z') });
    await handler(tokenRequest());
    assert.equal(audits.length, 1);
    const [record] = audits;
    assert.deepEqual(
      { ...record, session: undefined },
      {
        time: '2026-01-02T03:04:05.000Z',
        event: 'pin-control.token',
        outcome: 'issued',
        status: 200,
        scope: 'VIEW_PIN',
        session: undefined,
        durationMs: 0,
      },
    );
    assert.match(record!.session!, /^[0-9a-f]{16}$/);
    assert.ok(!JSON.stringify(record).includes(SESSION.sessionId));
  });
});

describe('token handler: each CSRF and request condition is refused before the issuer is called', () => {
  const cases = REQUEST_REFUSALS;

  for (const [what, init, status, code] of cases) {
    test(`${what} → ${status} ${code}`, async () => {
      const { handler, upstream, audits } = setup();
      const response = await handler(tokenRequest(init));
      await assertRefused(response, status, code);
      assert.equal(upstream.calls.length, 0, 'the issuer was not called');
      assert.equal(audits.length, 1);
      assert.equal(audits[0]!.outcome, code);
      assert.equal(audits[0]!.status, status);
    });
  }

  test('an oversized declared Content-Length → 413 before the session is looked up', async () => {
    const { handler, sessionRequests } = setup();
    // Request() sets no content-length of its own (a forbidden header); a server adapter would.
    const request = tokenRequest();
    Object.defineProperty(request, 'headers', { value: new Headers([...request.headers, ['content-length', '5000']]) });
    await assertRefused(await handler(request), 413, 'payload-too-large');
    assert.equal(sessionRequests.length, 0);
  });

  test('an oversized body on a cloned (teed) request is refused without hanging', async () => {
    const { handler } = setup();
    const original = tokenRequest({ body: 'x'.repeat(5000) });
    const clone = original.clone(); // frameworks sometimes clone; the other branch is never read here
    await assertRefused(await handler(clone), 413, 'payload-too-large');
    assert.ok(original.bodyUsed === false);
  });

  test('405 names the allowed method', async () => {
    const { handler } = setup();
    assert.equal((await handler(tokenRequest({ method: 'GET' }))).headers.get('allow'), 'POST');
  });

  test('no session → 401, and the issuer is not called', async () => {
    const { handler, upstream, audits } = setup({ getSession: async () => null });
    await assertRefused(await handler(tokenRequest()), 401, 'unauthenticated');
    assert.equal(upstream.calls.length, 0);
    assert.equal(audits[0]!.session, null);
  });

  test('CSRF checks come before the session is looked up', async () => {
    const { handler, sessionRequests } = setup();
    await handler(tokenRequest({ headers: { origin: 'https://evil.example' } }));
    assert.equal(sessionRequests.length, 0);
  });

  test('a getSession that throws → 500 internal-error, nothing echoed', async () => {
    const { handler, audits } = setup({
      getSession: async () => {
        throw new Error('db password hunter2 rejected');
      },
    });
    const response = await handler(tokenRequest());
    await assertRefused(response.clone(), 500, 'internal-error');
    assert.doesNotMatch(await response.text(), /hunter2/);
    assert.equal(audits[0]!.outcome, 'internal-error');
  });

  test('a session plastic that is not digits → 500 internal-error (a server fault), issuer not called', async () => {
    const { handler, upstream, audits } = setup({ getSession: () => ({ ...SESSION, plasticId: '4000-1234' }) });
    await assertRefused(await handler(tokenRequest()), 500, 'internal-error');
    assert.equal(upstream.calls.length, 0);
    assert.equal(audits[0]!.outcome, 'invalid-plastic-id');
  });
});

describe('token handler: rate limit per session', () => {
  test('N allowed, N+1 → 429 with Retry-After, allowed again once the window passes', async () => {
    let clock = 0;
    const { handler, upstream, audits } = setup({ rateLimit: { limit: 3, windowMs: 60_000 }, now: () => clock });
    for (let i = 0; i < 3; i++) {
      clock += 1000;
      assert.equal((await handler(tokenRequest())).status, 200);
    }
    clock += 1000; // t = 4 s; the first hit (t = 1 s) leaves at 61 s
    const limited = await handler(tokenRequest());
    await assertRefused(limited.clone(), 429, 'rate-limited');
    assert.equal(limited.headers.get('retry-after'), '57');
    assert.equal(upstream.calls.length, 3, 'the issuer was not called for the refused one');
    assert.equal(audits.at(-1)!.outcome, 'rate-limited');

    clock = 61_000;
    assert.equal((await handler(tokenRequest())).status, 200);
  });

  test('sessions are limited separately', async () => {
    let sessionId = 'one';
    const { handler } = setup({ rateLimit: { limit: 1, windowMs: 60_000 }, getSession: () => ({ ...SESSION, sessionId }) });
    assert.equal((await handler(tokenRequest())).status, 200);
    assert.equal((await handler(tokenRequest())).status, 429);
    sessionId = 'two';
    assert.equal((await handler(tokenRequest())).status, 200);
  });

  test('the default limit is 10 a minute', async () => {
    const { handler } = setup({ now: () => 0 });
    for (let i = 0; i < 10; i++) assert.equal((await handler(tokenRequest())).status, 200);
    assert.equal((await handler(tokenRequest())).status, 429);
  });

  test('a custom store (e.g. shared across instances) gets the SHA-256 of the session id, the limit and the window', async () => {
    const calls: unknown[][] = [];
    const { handler, upstream } = setup({
      rateLimit: {
        store: {
          take: async (...args) => {
            calls.push(args);
            return { allowed: false, retryAfterSeconds: 42 };
          },
        },
        limit: 5,
        windowMs: 30_000,
      },
    });
    const response = await handler(tokenRequest());
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '42');
    const expectedKey = createHash('sha256').update(SESSION.sessionId).digest('hex');
    assert.deepEqual(calls, [[expectedKey, 5, 30_000]], 'the store never sees the raw session id');
    assert.equal(upstream.calls.length, 0);
  });

  test('the audit label is the start of the same hash, and Web Crypto gives the same digest', async () => {
    const { handler, audits } = setup();
    await handler(tokenRequest());
    const hash = createHash('sha256').update(SESSION.sessionId).digest('hex');
    assert.equal(audits[0]!.session, hash.slice(0, 16));
    // Where the runtime has no node:crypto (workers), the hash goes through Web
    // Crypto: a fresh instance of the module, loaded without getBuiltinModule.
    const proc = process as { getBuiltinModule?: unknown };
    const getBuiltinModule = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    let webCrypto: typeof import('../../../src/server/session-hash.js');
    try {
      webCrypto = await import(new URL('../../../src/server/session-hash.ts?web-crypto', import.meta.url).href);
    } finally {
      proc.getBuiltinModule = getBuiltinModule;
    }
    const digest = webCrypto.sha256Hex(SESSION.sessionId);
    assert.ok(digest instanceof Promise, 'the Web Crypto path');
    assert.equal(await digest, hash);
    assert.equal(await webCrypto.sha256Hex('é ✓ 𝄞'), createHash('sha256').update('é ✓ 𝄞').digest('hex'));
  });

  test("a store's odd Retry-After is made a whole number of seconds from 1 to 3600", async () => {
    for (const [given, header] of [
      [0, '1'],
      [2.2, '3'],
      [1e9, '3600'],
      [Number.NaN, '1'],
    ] as const) {
      const { handler } = setup({ rateLimit: { store: { take: () => ({ allowed: false, retryAfterSeconds: given }) } } });
      assert.equal((await handler(tokenRequest())).headers.get('retry-after'), header, String(given));
    }
  });
});

describe('token handler: a rate-limit store that fails', () => {
  const failing = [
    ['rejects', { take: () => Promise.reject(new Error('ECONNREFUSED redis.internal:6379 session-abc')) }],
    [
      'throws',
      {
        take: () => {
          throw new Error('boom');
        },
      },
    ],
    ['answers nonsense', { take: () => ({ nope: true }) as never }],
  ] as const;
  for (const [what, store] of failing) {
    test(`that ${what} fails closed: 503 rate-limit-unavailable with Retry-After, issuer not called, nothing of the error echoed`, async () => {
      const { handler, upstream, audits } = setup({ rateLimit: { store } });
      const response = await handler(tokenRequest());
      const text = await response.clone().text();
      await assertRefused(response, 503, 'rate-limit-unavailable');
      assert.equal(response.headers.get('retry-after'), '5');
      assert.ok(!/redis|ECONN|session-abc|boom/.test(text), text);
      assert.equal(upstream.calls.length, 0);
      assert.equal(audits[0]!.outcome, 'rate-limit-unavailable');
      assert.equal(audits[0]!.status, 503);
    });
  }

  test('with failOpen: true the request goes through, and the audit record says the limit was skipped', async () => {
    const { handler, upstream, audits } = setup({ rateLimit: { store: failing[0][1], failOpen: true } });
    assert.equal((await handler(tokenRequest())).status, 200);
    assert.equal(upstream.calls.length, 1);
    assert.equal(audits[0]!.outcome, 'issued');
    assert.equal(audits[0]!.rateLimit, 'store-unavailable');
  });

  test('a working store leaves no rateLimit mark in the audit record', async () => {
    const { handler, audits } = setup();
    await handler(tokenRequest());
    assert.equal('rateLimit' in audits[0]!, false);
  });
});

describe('token handler: upstream failures become coded answers', () => {
  const cases = UPSTREAM_FAILURES;
  for (const [what, respond, status, code] of cases) {
    test(`${what} → ${status} ${code}, one upstream call`, async () => {
      const { handler, upstream, audits } = setup({ respond });
      await assertRefused(await handler(tokenRequest()), status, code);
      assert.equal(upstream.calls.length, 1);
      assert.equal(audits[0]!.outcome, code);
      assert.equal(audits[0]!.scope, 'VIEW_PIN');
    });
  }

  test('timeout → 504 upstream-timeout, one upstream call', async () => {
    const upstream = hangingFetch();
    const handler = createTokenHandler({
      client: testClient(upstream.fetch, { timeoutMs: 40 }),
      allowedOrigins: [PAGE_ORIGIN],
      getSession: () => SESSION,
      audit: () => {},
    });
    await assertRefused(await handler(tokenRequest()), 504, 'upstream-timeout');
    assert.equal(upstream.calls.length, 1);
  });

  test('the audit record keeps the upstream status', async () => {
    const { handler, audits } = setup({ respond: () => issuerReply(404) });
    await handler(tokenRequest());
    assert.equal(audits[0]!.upstreamStatus, 404);
  });
});

describe('token handler: configuration', () => {
  const base = {
    client: {
      requestControlId: async () => {
        throw new Error('unused');
      },
    },
    getSession: () => null,
  };

  test('allowedOrigins must be exact origins', () => {
    for (const allowedOrigins of [[], ['https://bank.example/'], ['https://bank.example/path'], ['*'], ['null'], ['bank.example']]) {
      assert.throws(
        () => createTokenHandler({ ...base, allowedOrigins }),
        (error: unknown) => {
          return error instanceof PinControlServerError && error.code === 'invalid-config';
        },
        JSON.stringify(allowedOrigins),
      );
    }
    assert.doesNotThrow(() => createTokenHandler({ ...base, allowedOrigins: ['https://bank.example', 'http://localhost:4000'] }));
  });

  test('every bad option throws PinControlServerError invalid-config', () => {
    const good = { ...base, allowedOrigins: ['https://bank.example'] };
    const bad: Array<[string, Record<string, unknown>]> = [
      ['no options', null as unknown as Record<string, unknown>],
      ['an unknown option', { ...good, ratelimit: { limit: 1 } }],
      ['no client', { ...good, client: undefined }],
      ['a client without requestControlId', { ...good, client: {} }],
      ['no getSession', { ...good, getSession: undefined }],
      ['audit not a function', { ...good, audit: 'console' }],
      ['now not a function', { ...good, now: 0 }],
      ['requiredHeader not a pair', { ...good, requiredHeader: ['x-pin-control'] }],
      ['requiredHeader name not a token', { ...good, requiredHeader: ['x pin', '1'] }],
      ['requiredHeader value with a newline', { ...good, requiredHeader: ['x-pin', '1\r\nx: y'] }],
      ['requiredHeader empty value', { ...good, requiredHeader: ['x-pin', ''] }],
      ['no allowedOrigins', { ...good, allowedOrigins: undefined }],
      ['allowedOrigins a string', { ...good, allowedOrigins: 'https://bank.example' }],
      ['allowedOrigins holding a number', { ...good, allowedOrigins: [42] }],
      ['rateLimit not an object', { ...good, rateLimit: 10 }],
      ['rateLimit null', { ...good, rateLimit: null }],
      ['rateLimit an array', { ...good, rateLimit: [] }],
      ['rateLimit with the old max', { ...good, rateLimit: { max: 10 } }],
      ['rateLimit.limit 0', { ...good, rateLimit: { limit: 0 } }],
      ['rateLimit.limit 1.5', { ...good, rateLimit: { limit: 1.5 } }],
      ['rateLimit.limit as text', { ...good, rateLimit: { limit: '10' } }],
      ['rateLimit.windowMs 0', { ...good, rateLimit: { windowMs: 0 } }],
      ['rateLimit.windowMs fractional', { ...good, rateLimit: { windowMs: 10.5 } }],
      ['rateLimit.windowMs over a day', { ...good, rateLimit: { windowMs: 86_400_001 } }],
      ['rateLimit.windowMs Infinity', { ...good, rateLimit: { windowMs: Infinity } }],
      ['rateLimit.store without take', { ...good, rateLimit: { store: {} } }],
      ['rateLimit.store null', { ...good, rateLimit: { store: null } }],
      ['rateLimit.failOpen as text', { ...good, rateLimit: { failOpen: 'yes' } }],
    ];
    for (const [what, options] of bad) {
      assert.throws(
        () => createTokenHandler(options as unknown as TokenHandlerOptions),
        (error: unknown) => {
          return error instanceof PinControlServerError && error.code === 'invalid-config' && error.status === 500;
        },
        what,
      );
    }
    assert.doesNotThrow(() =>
      createTokenHandler({ ...good, rateLimit: { limit: 3, windowMs: 1000, failOpen: false }, requiredHeader: ['X-Pin', 'a b'] }),
    );
  });

  test('a custom required header', async () => {
    const { handler } = setup({ requiredHeader: ['x-pin-control', '1'] });
    assert.equal((await handler(tokenRequest())).status, 403);
    assert.equal((await handler(tokenRequest({ headers: { 'x-pin-control': '1' } }))).status, 200);
  });

  test('an audit callback that throws does not break the answer', async () => {
    const { handler } = setup({
      audit: () => {
        throw new Error('disk full');
      },
    });
    const originalError = console.error;
    console.error = () => {};
    try {
      assert.equal((await handler(tokenRequest())).status, 200);
    } finally {
      console.error = originalError;
    }
  });
});
