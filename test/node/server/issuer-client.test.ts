import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createIssuerClient, DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS, PinControlServerError } from '../../../src/server/index.js';
import { CONTROL_ID, errorOf, FRAME_URL, fakeFetch, hangingFetch, issuerReply, testClient } from '../../support/server-fakes.js';

const viewRequest = { plasticId: '12345678901234567890', scope: 'VIEW_PIN', auditUser: 'alice@bank' } as const;

describe('issuer client: base URL', () => {
  const { fetch } = fakeFetch(() => issuerReply(201));

  test('refuses plain http to a non-loopback host', () => {
    assert.throws(
      () => testClient(fetch, { baseUrl: 'http://api.example.com' }),
      (error: unknown) => {
        assert.ok(error instanceof PinControlServerError);
        assert.equal(error.code, 'invalid-config');
        assert.equal(error.status, 500);
        assert.match(error.message, /https/);
        return true;
      },
    );
  });

  test('allows http to localhost, 127.0.0.1 and [::1], and any https', () => {
    for (const baseUrl of [
      'http://localhost:4100',
      'http://127.0.0.1:4100',
      'http://[::1]:4100',
      'https://api.example.com',
      'https://api.example.com/issuer/',
    ]) {
      assert.doesNotThrow(() => testClient(fetch, { baseUrl }), baseUrl);
    }
  });

  test('refuses other schemes, relative URLs, and credentials, queries or fragments in the URL', () => {
    for (const baseUrl of [
      'ftp://api.example.com',
      'api.example.com',
      'https://user:pw@api.example.com',
      'https://api.example.com/?x=1',
      'https://api.example.com/#x',
      'http://localhost.evil.example',
    ]) {
      assert.throws(() => testClient(fetch, { baseUrl }), { code: 'invalid-config' }, baseUrl);
    }
  });

  test('refuses a bad timeout or an empty key', () => {
    assert.throws(() => testClient(fetch, { timeoutMs: 0 }), { code: 'invalid-config' });
    assert.throws(() => testClient(fetch, { timeoutMs: Number.NaN }), { code: 'invalid-config' });
    assert.throws(() => testClient(fetch, { key: '' }), { code: 'invalid-config' });
  });
});

describe('issuer client: the request', () => {
  test('POSTs {scope} as JSON to /pincontrol/v2/plastic/{plasticId}?auditUser=…', async () => {
    const upstream = fakeFetch(() => issuerReply(201));
    await testClient(upstream.fetch, { baseUrl: 'https://api.issuer.example/base/' }).requestControlId({
      plasticId: 98765432109876543210n,
      scope: 'SET_PIN',
      auditUser: 'alice & bob',
    });
    assert.equal(upstream.calls.length, 1);
    const { url, init } = upstream.calls[0]!;
    assert.equal(url, 'https://api.issuer.example/base/pincontrol/v2/plastic/98765432109876543210?auditUser=alice%20%26%20bob');
    assert.equal(init.method, 'POST');
    assert.equal(init.body, '{"scope":"SET_PIN"}');
    assert.equal(new Headers(init.headers).get('content-type'), 'application/json');
    assert.equal(init.redirect, 'manual');
    assert.ok(init.signal instanceof AbortSignal);
  });

  test('refuses a non-digit plastic id, a bad scope or audit user before calling', async () => {
    const upstream = fakeFetch(() => issuerReply(201));
    const client = testClient(upstream.fetch);
    for (const plasticId of ['', '12a', '-1', '1 2', '../1', '１２３', -1n]) {
      assert.equal((await errorOf(client.requestControlId({ ...viewRequest, plasticId }))).code, 'invalid-plastic-id');
    }
    assert.equal((await errorOf(client.requestControlId({ ...viewRequest, plasticId: 123 as never }))).code, 'invalid-plastic-id');
    assert.equal((await errorOf(client.requestControlId({ ...viewRequest, scope: 'READ_PIN' as never }))).code, 'invalid-scope');
    for (const auditUser of ['', '  ', 'a\nb', 'x'.repeat(257)]) {
      assert.equal((await errorOf(client.requestControlId({ ...viewRequest, auditUser }))).code, 'invalid-audit-user');
    }
    assert.equal(upstream.calls.length, 0);
  });
});

describe('issuer client: the answer', () => {
  test('returns id, pinFrameURL, pinURL and expiresAt = request time + 30 s', async () => {
    let clock = 1_000_000;
    const upstream = fakeFetch(() => {
      clock += 700; // the issuer takes a while: expiresAt still counts from the request
      return issuerReply(201);
    });
    const result = await testClient(upstream.fetch, { now: () => clock }).requestControlId(viewRequest);
    assert.deepEqual(result, {
      id: CONTROL_ID,
      pinFrameURL: FRAME_URL,
      pinURL: 'https://pin.issuer.example/pincontrol/v2/webview',
      expiresAt: 1_000_000 + 30_000,
    });
  });

  test('accepts an answer without pinURL, and 200 as well as 201', async () => {
    const upstream = fakeFetch(() => issuerReply(200, { id: CONTROL_ID, pinFrameURL: FRAME_URL }));
    const result = await testClient(upstream.fetch).requestControlId(viewRequest);
    assert.equal(result.pinURL, undefined);
  });

  test('adds the configured key to pinFrameURL when it is absent, keeps one already there', async () => {
    const plain = fakeFetch(() => issuerReply(201, { id: CONTROL_ID, pinFrameURL: `${FRAME_URL}?lang=fi` }));
    const added = await testClient(plain.fetch, { key: 'bank key/1' }).requestControlId(viewRequest);
    assert.equal(added.pinFrameURL, `${FRAME_URL}?lang=fi&key=bank+key%2F1`);

    const keyed = fakeFetch(() => issuerReply(201, { id: CONTROL_ID, pinFrameURL: `${FRAME_URL}?key=issuer-set` }));
    const kept = await testClient(keyed.fetch, { key: 'bank-key' }).requestControlId(viewRequest);
    assert.equal(kept.pinFrameURL, `${FRAME_URL}?key=issuer-set`);

    const none = await testClient(fakeFetch(() => issuerReply(201)).fetch).requestControlId(viewRequest);
    assert.equal(none.pinFrameURL, FRAME_URL);
  });

  test('the key appended as text is exactly what searchParams.set() writes, whatever the URL and the key', async () => {
    const frames = [
      FRAME_URL,
      `${FRAME_URL}?`,
      `${FRAME_URL}#`,
      `${FRAME_URL}#top`,
      `${FRAME_URL}?a=1#top`,
      'https://pin.issuer.example/fr%61me/ä ö',
      'https://PIN.issuer.example:443/frame',
    ];
    const keys = ['bank-key', 'bank key/1', 'ä&=?#+%', '~*._-'];
    for (const frame of frames) {
      for (const key of keys) {
        const expected = new URL(frame);
        if (!expected.searchParams.has('key')) expected.searchParams.set('key', key);
        const upstream = fakeFetch(() => issuerReply(201, { id: CONTROL_ID, pinFrameURL: frame }));
        const { pinFrameURL } = await testClient(upstream.fetch, { key }).requestControlId(viewRequest);
        assert.equal(pinFrameURL, expected.href, `${frame} + ${key}`);
      }
    }
  });
});

describe('issuer client: failures map to stable codes, one call each, never retried', () => {
  const cases: Array<[string, () => Response | Promise<Response>, string, number]> = [
    ['401', () => issuerReply(401, { error: { code: 'unauthorized', message: 'bad credentials' } }), 'upstream-unauthorized', 502],
    ['403', () => issuerReply(403), 'upstream-forbidden', 502],
    ['404', () => issuerReply(404, { error: { code: 'not-found', message: 'no such plastic' } }), 'upstream-not-found', 502],
    ['409', () => issuerReply(409, { error: { code: 'conflict', message: 'already produced' } }), 'upstream-conflict', 409],
    ['400', () => issuerReply(400), 'upstream-bad-request', 502],
    ['413', () => issuerReply(413), 'upstream-bad-request', 502],
    ['415', () => issuerReply(415), 'upstream-bad-request', 502],
    ['410', () => issuerReply(410), 'upstream-gone', 502],
    ['500', () => issuerReply(500, 'Internal Server Error'), 'upstream-error', 502],
    ['503', () => issuerReply(503), 'upstream-unavailable', 503],
    ['429', () => issuerReply(429), 'upstream-rate-limited', 503],
    ['502', () => issuerReply(502), 'upstream-unavailable', 503],
    ['504', () => issuerReply(504), 'upstream-unavailable', 503],
    ['a redirect', () => new Response(null, { status: 307, headers: { location: 'https://evil.example/' } }), 'upstream-error', 502],
    ['a 201 that is not JSON', () => issuerReply(201, '<html>oops</html>'), 'upstream-response-invalid', 502],
    ['a 201 of the wrong shape', () => issuerReply(201, [CONTROL_ID]), 'upstream-response-invalid', 502],
    ['a 201 without an id', () => issuerReply(201, { pinFrameURL: FRAME_URL }), 'upstream-response-invalid', 502],
    ['a 201 with a numeric id', () => issuerReply(201, { id: 42, pinFrameURL: FRAME_URL }), 'upstream-response-invalid', 502],
    ['a 201 without pinFrameURL', () => issuerReply(201, { id: CONTROL_ID }), 'upstream-response-invalid', 502],
    [
      'a 201 whose pinFrameURL is not a URL',
      () => issuerReply(201, { id: CONTROL_ID, pinFrameURL: 'not a url' }),
      'upstream-response-invalid',
      502,
    ],
    [
      'a 201 whose pinFrameURL is javascript:',
      () => issuerReply(201, { id: CONTROL_ID, pinFrameURL: 'javascript:alert(1)' }),
      'upstream-response-invalid',
      502,
    ],
    [
      'a 201 whose body is too big',
      () => issuerReply(201, { id: CONTROL_ID, pinFrameURL: FRAME_URL, pad: 'x'.repeat(70_000) }),
      'upstream-response-invalid',
      502,
    ],
    [
      'a network error (fetch throws)',
      () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })),
      'upstream-unreachable',
      502,
    ],
  ];

  for (const [what, respond, code, status] of cases) {
    test(`${what} → ${code} (${status})`, async () => {
      const upstream = fakeFetch(respond);
      const error = await errorOf(testClient(upstream.fetch).requestControlId(viewRequest));
      assert.ok(error instanceof PinControlServerError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.equal(upstream.calls.length, 1, 'exactly one POST');
      assert.doesNotMatch(error.message, /bad credentials|no such plastic|already produced|oops|Internal Server Error/);
      assert.ok(!error.message.includes(CONTROL_ID));
      assert.equal(error.cause, undefined);
    });
  }

  test('the upstream status is kept for diagnostics, and a network error names its system code', async () => {
    assert.equal((await errorOf(testClient(fakeFetch(() => issuerReply(404)).fetch).requestControlId(viewRequest))).upstreamStatus, 404);
    const network = await errorOf(
      testClient(
        fakeFetch(() => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).fetch,
      ).requestControlId(viewRequest),
    );
    assert.match(network.message, /ECONNREFUSED/);
  });

  test("the issuer's Retry-After is read as a number of seconds, never passed on as text", async () => {
    const at = Date.UTC(2030, 0, 1, 12, 0, 0);
    const reply = (status: number, retryAfter?: string) => () =>
      new Response('{}', { status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });
    const wait = async (respond: () => Response) =>
      (await errorOf(testClient(fakeFetch(respond).fetch, { now: () => at }).requestControlId(viewRequest))) as PinControlServerError;
    assert.equal((await wait(reply(429, '42'))).retryAfterSeconds, 42);
    assert.equal((await wait(reply(429, 'Tue, 01 Jan 2030 12:01:30 GMT'))).retryAfterSeconds, 90);
    assert.equal((await wait(reply(429))).retryAfterSeconds, DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS, 'none sent: the default wait');
    assert.equal((await wait(reply(429, 'soon <script>'))).retryAfterSeconds, DEFAULT_UPSTREAM_RETRY_AFTER_SECONDS);
    assert.equal((await wait(reply(429, '99999999'))).retryAfterSeconds, 3600, 'capped at an hour');
    assert.equal((await wait(reply(503, '7'))).retryAfterSeconds, 7);
    assert.equal((await wait(reply(503))).retryAfterSeconds, undefined, 'a 503 without one names no wait');
    assert.equal((await wait(reply(500, '7'))).retryAfterSeconds, undefined, 'only for 429 and 502/503/504');
  });

  test('a fetch that never answers is aborted after timeoutMs → upstream-timeout (504), one call', async () => {
    const upstream = hangingFetch();
    const startedAt = Date.now();
    const error = await errorOf(testClient(upstream.fetch, { timeoutMs: 50 }).requestControlId(viewRequest));
    assert.equal(error.code, 'upstream-timeout');
    assert.equal(error.status, 504);
    assert.equal(upstream.calls.length, 1);
    assert.equal(upstream.calls[0]!.init.signal?.aborted, true, 'the fetch was told to abort');
    assert.ok(Date.now() - startedAt < 2000);
  });

  test('a fetch that ignores its signal still times out', async () => {
    const upstream = fakeFetch(() => new Promise<Response>(() => {}));
    const error = await errorOf(testClient(upstream.fetch, { timeoutMs: 30 }).requestControlId(viewRequest));
    assert.equal(error.code, 'upstream-timeout');
    assert.equal(upstream.calls.length, 1);
  });

  test('a body that stalls after the headers also times out', async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
      },
    });
    const upstream = fakeFetch(() => new Response(stalled, { status: 201 }));
    const error = await errorOf(testClient(upstream.fetch, { timeoutMs: 30 }).requestControlId(viewRequest));
    assert.equal(error.code, 'upstream-timeout');
  });

  test('without a fetch option it calls globalThis.fetch, as a method of globalThis, when it requests', async () => {
    const original = globalThis.fetch;
    const calls: Array<{ self: unknown; url: string }> = [];
    // Made before the stand-in is installed: the global is looked up per request.
    const client = createIssuerClient({ baseUrl: 'https://api.issuer.example', credentials: { bearerToken: 't' } });
    globalThis.fetch = async function (this: unknown, input: RequestInfo | URL) {
      calls.push({ self: this, url: String(input) });
      return issuerReply(201);
    };
    try {
      assert.equal((await client.requestControlId(viewRequest)).id, CONTROL_ID);
    } finally {
      globalThis.fetch = original;
    }
    assert.equal(calls.length, 1);
    // Some runtimes (workers) refuse a fetch called detached from globalThis.
    assert.equal(calls[0]!.self, globalThis);
    assert.match(calls[0]!.url, /^https:\/\/api\.issuer\.example\/pincontrol\/v2\/plastic\/12345678901234567890\?/);
  });

  test('without a fetch option and no global fetch, creating the client throws invalid-config', () => {
    const original = globalThis.fetch;
    globalThis.fetch = undefined as unknown as typeof globalThis.fetch;
    try {
      assert.throws(
        () => createIssuerClient({ baseUrl: 'https://api.issuer.example', credentials: { bearerToken: 't' } }),
        (error: unknown) => error instanceof PinControlServerError && error.code === 'invalid-config',
      );
    } finally {
      globalThis.fetch = original;
    }
  });
});
