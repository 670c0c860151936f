import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RATE_LIMIT_WAIT_SECONDS,
  failureForStatus,
  failureForThrown,
  mayRetry,
  reasonForStatus,
  requestToken,
  type TokenRequest,
} from '../../../src/token-client.js';
import { TOKEN_FAILURE_REASONS } from '../../../src/events.js';
import { parseRetryAfter } from '../../../src/retry-after.js';

const good = { id: 'control-1', pinFrameURL: 'https://pin.example/frame' };

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond(url, init);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const base = (over: Partial<TokenRequest>): TokenRequest => ({
  scope: 'VIEW_PIN',
  signal: new AbortController().signal,
  timeoutMs: 1000,
  url: '/api/token',
  ...over,
});

test('POSTs {scope} as JSON with same-origin credentials and the CSRF header', async () => {
  const { fetch, calls } = fakeFetch(() => Response.json({ ...good, pinURL: 'x' }));
  assert.deepEqual(await requestToken(base({ fetch, scope: 'SET_PIN' })), { ok: true, token: good });
  const [call] = calls;
  assert.equal(call?.url, '/api/token');
  assert.equal(call?.init.method, 'POST');
  assert.equal(call?.init.credentials, 'same-origin');
  assert.equal(call?.init.body, JSON.stringify({ scope: 'SET_PIN' }));
  const headers = call?.init.headers as Record<string, string>;
  assert.equal(headers['X-Requested-With'], 'pin-control');
  assert.equal(headers['Content-Type'], 'application/json');
});

test('each failure of the endpoint gives its code, reason and status; the body of an error is never read', async () => {
  const json =
    (status: number, headers: Record<string, string> = {}) =>
    () =>
      new Response('{"error":{"code":"x"}}', { status, headers: { 'content-type': 'application/json', ...headers } });
  const cases: Array<[string, () => Response | Promise<Response>, object]> = [
    ['401', json(401), { code: 'token-request-failed', reason: 'unauthorized', status: 401 }],
    ['403', json(403), { code: 'token-request-failed', reason: 'forbidden', status: 403 }],
    ['409', json(409), { code: 'token-request-failed', reason: 'conflict', status: 409 }],
    [
      '429 Retry-After: 42',
      json(429, { 'retry-after': '42' }),
      { code: 'token-request-failed', reason: 'rate-limited', status: 429, retryAfter: 42 },
    ],
    [
      '429 without Retry-After',
      json(429),
      { code: 'token-request-failed', reason: 'rate-limited', status: 429, retryAfter: DEFAULT_RATE_LIMIT_WAIT_SECONDS },
    ],
    [
      '429 with a junk Retry-After',
      json(429, { 'retry-after': 'later' }),
      { code: 'token-request-failed', reason: 'rate-limited', status: 429, retryAfter: DEFAULT_RATE_LIMIT_WAIT_SECONDS },
    ],
    ['500', () => new Response('oops', { status: 500 }), { code: 'token-request-failed', reason: 'unavailable', status: 500 }],
    ['502', json(502), { code: 'token-request-failed', reason: 'unavailable', status: 502 }],
    ['503', json(503), { code: 'token-request-failed', reason: 'unavailable', status: 503 }],
    [
      '503 Retry-After: 5',
      json(503, { 'retry-after': '5' }),
      { code: 'token-request-failed', reason: 'unavailable', status: 503, retryAfter: 5 },
    ],
    ['504', json(504), { code: 'token-request-failed', reason: 'timeout', status: 504 }],
    ['404', json(404), { code: 'token-request-failed', reason: 'unavailable', status: 404 }],
    [
      'a network error',
      () => {
        throw new TypeError('Failed to fetch');
      },
      { code: 'token-request-failed', reason: 'network' },
    ],
    [
      'HTML',
      () => new Response('<!doctype html><p>hi', { headers: { 'content-type': 'text/html' } }),
      { code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    ],
    ['missing fields', () => Response.json({ id: 'x' }), { code: 'token-response-invalid', reason: 'invalid-response', status: 200 }],
    [
      'wrong types',
      () => Response.json({ id: 7, pinFrameURL: 'u' }, { status: 201 }),
      { code: 'token-response-invalid', reason: 'invalid-response', status: 201 },
    ],
    [
      'too big',
      () => new Response(JSON.stringify({ ...good, pad: 'x'.repeat(9000) })),
      { code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    ],
    [
      'declared too big',
      () => new Response('{}', { headers: { 'content-length': '999999' } }),
      { code: 'token-response-invalid', reason: 'invalid-response', status: 200 },
    ],
  ];
  for (const [what, respond, expected] of cases) {
    const { fetch } = fakeFetch(respond);
    assert.deepEqual(await requestToken(base({ fetch })), { ok: false, ...expected }, what);
  }
  let cancelled = false;
  const watched = new ReadableStream({
    cancel() {
      cancelled = true;
    },
  });
  const { fetch } = fakeFetch(() => new Response(watched, { status: 500 }));
  await requestToken(base({ fetch }));
  assert.equal(cancelled, true, 'an error body is cancelled, not read');
  assert.deepEqual(await requestToken(base({ url: null })), { ok: false, code: 'token-request-failed', reason: 'unavailable' });
});

test('reasonForStatus and failureForStatus: the classification, pure', () => {
  const table: Array<[number, string]> = [
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [409, 'conflict'],
    [429, 'rate-limited'],
    [408, 'timeout'],
    [504, 'timeout'],
    [500, 'unavailable'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [400, 'unavailable'],
    [404, 'unavailable'],
    [405, 'unavailable'],
    [302, 'unavailable'],
  ];
  for (const [status, reason] of table) assert.equal(reasonForStatus(status), reason, String(status));
  const at = Date.UTC(2030, 0, 1);
  assert.equal(failureForStatus(429, 'Tue, 01 Jan 2030 00:00:30 GMT', at).retryAfter, 30, 'an HTTP-date');
  assert.equal(failureForStatus(429, 12.2, at).retryAfter, 13, 'seconds as a number, rounded up');
  assert.equal(failureForStatus(429, '999999', at).retryAfter, 3600, 'capped at an hour');
  assert.equal(failureForStatus(429, '0', at).retryAfter, 0);
  assert.equal(failureForStatus(401, '30', at).retryAfter, undefined, 'a wait only for rate-limited and unavailable');
  assert.equal(failureForStatus(409, '30', at).retryAfter, undefined);
});

test('parseRetryAfter: delay-seconds or IMF-fixdate, nothing else', () => {
  const at = Date.UTC(2030, 0, 1);
  assert.equal(parseRetryAfter('120', at), 120);
  assert.equal(parseRetryAfter(' 7 ', at), 7);
  assert.equal(parseRetryAfter('Tue, 01 Jan 2030 00:01:00 GMT', at), 60);
  assert.equal(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', at), 0, 'a date in the past: no wait');
  for (const junk of [null, undefined, '', '-5', '1.5', 'soon', '2030-01-01T00:01:00Z', '1e3']) {
    assert.equal(parseRetryAfter(junk, at), undefined, String(junk));
  }
});

test("failureForThrown: a tokenProvider's error says why by its status, else network", () => {
  const at = Date.UTC(2030, 0, 1);
  const withStatus = (fields: object) => Object.assign(new Error('token'), fields);
  assert.deepEqual(failureForThrown(withStatus({ status: 401 }), at), {
    code: 'token-request-failed',
    reason: 'unauthorized',
    status: 401,
  });
  assert.deepEqual(failureForThrown(withStatus({ status: 409 }), at), { code: 'token-request-failed', reason: 'conflict', status: 409 });
  assert.deepEqual(failureForThrown(withStatus({ status: 429, retryAfter: 20 }), at), {
    code: 'token-request-failed',
    reason: 'rate-limited',
    status: 429,
    retryAfter: 20,
  });
  assert.deepEqual(failureForThrown(withStatus({ status: 429, retryAfter: '20' }), at), {
    code: 'token-request-failed',
    reason: 'rate-limited',
    status: 429,
    retryAfter: 20,
  });
  assert.deepEqual(
    failureForThrown({ status: 503 }, at),
    { code: 'token-request-failed', reason: 'unavailable', status: 503 },
    'a plain object works too',
  );
  // ky's HTTPError and axios's error keep the answer in `response`.
  const ky = withStatus({ response: new Response(null, { status: 429, headers: { 'retry-after': '8' } }) });
  assert.deepEqual(failureForThrown(ky, at), { code: 'token-request-failed', reason: 'rate-limited', status: 429, retryAfter: 8 });
  const axios = withStatus({ response: { status: 403, headers: { 'retry-after': '8' } } });
  assert.deepEqual(failureForThrown(axios, at), { code: 'token-request-failed', reason: 'forbidden', status: 403 });
  assert.deepEqual(failureForThrown(new DOMException('late', 'TimeoutError'), at), { code: 'token-request-failed', reason: 'timeout' });
  for (const other of [
    new Error('down'),
    new TypeError('Failed to fetch'),
    'a string',
    null,
    undefined,
    { status: '401' },
    { status: 200 },
    { status: 401.5 },
  ]) {
    assert.deepEqual(failureForThrown(other, at), { code: 'token-request-failed', reason: 'network' }, String(other));
  }
});

test('mayRetry: never for unauthorized, forbidden or conflict; every other reason may', () => {
  const never = TOKEN_FAILURE_REASONS.filter((reason) => !mayRetry(reason));
  assert.deepEqual(never, ['unauthorized', 'forbidden', 'conflict']);
});

test('an oversized streamed body is refused without reading it all', async () => {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(4096).fill(32));
      if (pulled > 100) controller.close();
    },
  });
  const { fetch } = fakeFetch(() => new Response(body));
  assert.deepEqual(await requestToken(base({ fetch })), {
    ok: false,
    code: 'token-response-invalid',
    reason: 'invalid-response',
    status: 200,
  });
  assert.ok(pulled < 10, `pulled ${pulled} chunks`);
});

test('a slow endpoint times out with token-timeout and its request is aborted', async () => {
  let aborted = false;
  const { fetch } = fakeFetch(
    (_url, init) =>
      new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        });
      }),
  );
  assert.deepEqual(await requestToken(base({ fetch, timeoutMs: 20 })), { ok: false, code: 'token-timeout', reason: 'timeout' });
  assert.ok(aborted);
});

test('the caller aborting gives "aborted", not an error code', async () => {
  const controller = new AbortController();
  const { fetch } = fakeFetch(
    (_url, init) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new Error('x')))),
  );
  const pending = requestToken(base({ fetch, signal: controller.signal }));
  controller.abort();
  assert.deepEqual(await pending, { ok: false, code: 'aborted' });
  assert.deepEqual(await requestToken(base({ fetch, signal: AbortSignal.abort() })), { ok: false, code: 'aborted' });
});

test('tokenProvider: used instead of the URL, validated, timed out even if it ignores its signal', async () => {
  let seen: { scope: string; signal: AbortSignal } | undefined;
  const provider = async (request: { scope: 'VIEW_PIN' | 'SET_PIN'; signal: AbortSignal }) => {
    seen = request;
    return { ...good };
  };
  assert.deepEqual(await requestToken(base({ provider, url: null, scope: 'SET_PIN' })), { ok: true, token: good });
  assert.equal(seen?.scope, 'SET_PIN');
  assert.ok(seen?.signal instanceof AbortSignal);
  const wrong = async () => ({ id: 'x' }) as unknown as typeof good;
  assert.deepEqual(await requestToken(base({ provider: wrong })), {
    ok: false,
    code: 'token-response-invalid',
    reason: 'invalid-response',
  });
  const failing = async () => {
    throw new Error('server said no');
  };
  assert.deepEqual(await requestToken(base({ provider: failing })), { ok: false, code: 'token-request-failed', reason: 'network' });
  const refused = async () => {
    throw Object.assign(new Error('token'), { status: 429, retryAfter: '15' });
  };
  assert.deepEqual(await requestToken(base({ provider: refused })), {
    ok: false,
    code: 'token-request-failed',
    reason: 'rate-limited',
    status: 429,
    retryAfter: 15,
  });
  const never = () => new Promise<typeof good>(() => {});
  assert.deepEqual(await requestToken(base({ provider: never, timeoutMs: 20 })), { ok: false, code: 'token-timeout', reason: 'timeout' });
});
