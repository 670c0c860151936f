import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestToken, type TokenRequest } from '../../src/token-client.js';

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

test('failures map to stable codes', async () => {
  const cases: Array<[() => Response | Promise<Response>, string]> = [
    [() => new Response('oops', { status: 500 }), 'token-request-failed'],
    [() => new Response('nope', { status: 403 }), 'token-request-failed'],
    [() => { throw new TypeError('Failed to fetch'); }, 'token-request-failed'],
    [() => new Response('<!doctype html><p>hi', { headers: { 'content-type': 'text/html' } }), 'token-response-invalid'],
    [() => Response.json({ id: 'x' }), 'token-response-invalid'],
    [() => Response.json({ id: 7, pinFrameURL: 'u' }), 'token-response-invalid'],
    [() => new Response(JSON.stringify({ ...good, pad: 'x'.repeat(9000) })), 'token-response-invalid'],
    [() => new Response('{}', { headers: { 'content-length': '999999' } }), 'token-response-invalid'],
  ];
  for (const [respond, code] of cases) {
    const { fetch } = fakeFetch(respond);
    assert.deepEqual(await requestToken(base({ fetch })), { ok: false, code }, code);
  }
  assert.deepEqual(await requestToken(base({ url: null })), { ok: false, code: 'token-request-failed' });
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
  assert.deepEqual(await requestToken(base({ fetch })), { ok: false, code: 'token-response-invalid' });
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
  assert.deepEqual(await requestToken(base({ fetch, timeoutMs: 20 })), { ok: false, code: 'token-timeout' });
  assert.ok(aborted);
});

test('the caller aborting gives "aborted", not an error code', async () => {
  const controller = new AbortController();
  const { fetch } = fakeFetch((_url, init) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new Error('x')))));
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
  assert.deepEqual(await requestToken(base({ provider: wrong })), { ok: false, code: 'token-response-invalid' });
  const failing = async () => { throw new Error('server said no'); };
  assert.deepEqual(await requestToken(base({ provider: failing })), { ok: false, code: 'token-request-failed' });
  const never = () => new Promise<typeof good>(() => {});
  assert.deepEqual(await requestToken(base({ provider: never, timeoutMs: 20 })), { ok: false, code: 'token-timeout' });
});
