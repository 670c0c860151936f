import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTokenHandler,
  PinControlServerError,
  type AuditRecord,
  type TokenHandlerOptions,
  type TokenSession,
} from '../../src/server/index.js';
import { CONTROL_ID, FRAME_URL, PAGE_ORIGIN, fakeFetch, hangingFetch, issuerReply, readJson, testClient, tokenRequest } from './server-helpers.js';

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
    assert.deepEqual({ ...record, session: undefined }, {
      time: '2026-01-02T03:04:05.000Z',
      event: 'pin-control.token',
      outcome: 'issued',
      status: 200,
      scope: 'VIEW_PIN',
      session: undefined,
      durationMs: 0,
    });
    assert.match(record!.session!, /^[0-9a-f]{16}$/);
    assert.ok(!JSON.stringify(record).includes(SESSION.sessionId));
  });
});

describe('token handler: each CSRF and request condition is refused before the issuer is called', () => {
  const cases: Array<[string, Parameters<typeof tokenRequest>[0], number, string]> = [
    ['no custom header', { headers: { 'x-requested-with': null } }, 403, 'csrf-header-required'],
    ['a wrong custom header value', { headers: { 'x-requested-with': 'XMLHttpRequest' } }, 403, 'csrf-header-required'],
    ['a wrong origin', { headers: { origin: 'https://evil.example' } }, 403, 'origin-refused'],
    ['a look-alike origin (trailing slash)', { headers: { origin: `${PAGE_ORIGIN}/` } }, 403, 'origin-refused'],
    ['an origin that differs in port', { headers: { origin: `${PAGE_ORIGIN}:8443` } }, 403, 'origin-refused'],
    ['an opaque origin ("null")', { headers: { origin: 'null' } }, 403, 'origin-refused'],
    ['no origin', { headers: { origin: null } }, 403, 'origin-missing'],
    ['Sec-Fetch-Site: cross-site', { headers: { 'sec-fetch-site': 'cross-site' } }, 403, 'cross-site-refused'],
    ['an unknown Sec-Fetch-Site value', { headers: { 'sec-fetch-site': 'cross-origin' } }, 403, 'cross-site-refused'],
    ['GET', { method: 'GET' }, 405, 'method-not-allowed'],
    ['PUT', { method: 'PUT' }, 405, 'method-not-allowed'],
    ['OPTIONS (no CORS preflight is ever granted)', { method: 'OPTIONS', body: null }, 405, 'method-not-allowed'],
    ['text/plain (a "simple" cross-site form/fetch)', { headers: { 'content-type': 'text/plain' } }, 415, 'unsupported-media-type'],
    ['a form encoding', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=VIEW_PIN' }, 415, 'unsupported-media-type'],
    ['no content type', { headers: { 'content-type': null } }, 415, 'unsupported-media-type'],
    ['application/json with another charset', { headers: { 'content-type': 'application/json; charset=latin1' } }, 415, 'unsupported-media-type'],
    ['an oversized body', { body: JSON.stringify({ scope: 'VIEW_PIN', pad: 'x'.repeat(2000) }) }, 413, 'payload-too-large'],
    ['a plasticId in the body', { body: '{"scope":"VIEW_PIN","plasticId":"4000999999999999"}' }, 400, 'invalid-body'],
    ['an unknown key in the body', { body: '{"scope":"VIEW_PIN","extra":1}' }, 400, 'invalid-body'],
    ['an unknown scope', { body: '{"scope":"ADMIN"}' }, 400, 'invalid-body'],
    ['a lowercase scope', { body: '{"scope":"view_pin"}' }, 400, 'invalid-body'],
    ['a body that is not JSON', { body: 'scope=VIEW_PIN' }, 400, 'invalid-body'],
    ['an empty body', { body: '' }, 400, 'invalid-body'],
    ['a JSON array', { body: '["VIEW_PIN"]' }, 400, 'invalid-body'],
  ];

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
    const { handler, upstream, audits } = setup({ rateLimit: { max: 3, windowMs: 60_000 }, now: () => clock });
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
    const { handler } = setup({ rateLimit: { max: 1, windowMs: 60_000 }, getSession: () => ({ ...SESSION, sessionId }) });
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

  test('a custom RateLimiter (e.g. shared across instances) is used as given', async () => {
    const keys: string[] = [];
    const { handler } = setup({
      rateLimit: {
        take: async (key) => {
          keys.push(key);
          return { allowed: false, retryAfterSeconds: 42 };
        },
      },
    });
    const response = await handler(tokenRequest());
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '42');
    assert.deepEqual(keys, [SESSION.sessionId]);
  });
});

describe('token handler: upstream failures become coded answers', () => {
  const cases: Array<[string, () => Response | Promise<Response>, number, string]> = [
    ['401', () => issuerReply(401), 502, 'upstream-unauthorized'],
    ['404', () => issuerReply(404), 502, 'upstream-not-found'],
    ['403', () => issuerReply(403), 502, 'upstream-forbidden'],
    ['409', () => issuerReply(409), 409, 'pin-not-viewable'],
    ['429', () => issuerReply(429), 503, 'upstream-rate-limited'],
    ['500', () => issuerReply(500), 502, 'upstream-error'],
    ['503', () => issuerReply(503), 503, 'upstream-unavailable'],
    ['network error', () => Promise.reject(new TypeError('fetch failed')), 502, 'upstream-unreachable'],
    ['non-JSON body', () => issuerReply(201, 'not json'), 502, 'upstream-response-invalid'],
    ['wrong shape', () => issuerReply(201, { controlId: CONTROL_ID }), 502, 'upstream-response-invalid'],
    ['pinFrameURL missing', () => issuerReply(201, { id: CONTROL_ID }), 502, 'upstream-response-invalid'],
    ['pinFrameURL not a URL', () => issuerReply(201, { id: CONTROL_ID, pinFrameURL: '/relative' }), 502, 'upstream-response-invalid'],
  ];
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
  const base = { client: { requestControlId: async () => { throw new Error('unused'); } }, getSession: () => null };

  test('allowedOrigins must be exact origins', () => {
    for (const allowedOrigins of [[], ['https://bank.example/'], ['https://bank.example/path'], ['*'], ['null'], ['bank.example']]) {
      assert.throws(() => createTokenHandler({ ...base, allowedOrigins }), (error: unknown) => {
        return error instanceof PinControlServerError && error.code === 'invalid-config';
      }, JSON.stringify(allowedOrigins));
    }
    assert.doesNotThrow(() => createTokenHandler({ ...base, allowedOrigins: ['https://bank.example', 'http://localhost:4000'] }));
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
