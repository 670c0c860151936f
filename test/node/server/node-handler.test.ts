// The Node adapter (`createNodeTokenHandler`) over a real node:http server on
// loopback, against the Fetch handler (`createTokenHandler`) built from the
// same options: every request of the shared refusal matrix and every issuer
// failure must get the same status, body, headers and audit record from both.
// The Fetch handler's own rules are in token-handler.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNodeTokenHandler,
  createTokenHandler,
  PinControlServerError,
  type AuditRecord,
  type RateLimitOptions,
  type TokenSession,
} from '../../../src/server/index.js';
import {
  BROWSER_TOKEN_HEADERS,
  fakeFetch,
  issuerReply,
  PAGE_ORIGIN,
  testClient,
  tokenRequest,
  type TokenRequestInit,
} from '../../support/server-fakes.js';
import { REQUEST_REFUSALS, UPSTREAM_FAILURES } from '../../support/token-cases.js';

const SESSION: TokenSession = { sessionId: 'session-abc', plasticId: '4000123412341234', auditUser: 'alice' };
/** The answer's own headers, compared between the adapters. */
const ANSWER_HEADERS = ['content-type', 'cache-control', 'x-content-type-options', 'allow', 'retry-after'];

interface Answered {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

let server: Server;
let origin: string;
/** The handler the server runs for the current test. */
let route: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.end();

before(async () => {
  server = createServer((request, response) => route(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

interface SetupOptions {
  respond?: () => Response | Promise<Response>;
  getSession?: () => TokenSession | null;
  rateLimit?: RateLimitOptions;
}

/** Both adapters from the same options, each with its own issuer fake and audit log. */
function setup({ respond = () => issuerReply(201), getSession = () => SESSION, rateLimit }: SetupOptions = {}) {
  const make = () => {
    const upstream = fakeFetch(respond);
    const audits: AuditRecord[] = [];
    const options = {
      client: testClient(upstream.fetch),
      allowedOrigins: [PAGE_ORIGIN],
      audit: (record: AuditRecord) => audits.push(record),
      now: () => 0,
      ...(rateLimit ? { rateLimit } : {}),
    };
    return { upstream, audits, options };
  };
  const fetchSide = make();
  const nodeSide = make();
  const sessionRequests: IncomingMessage[] = [];
  const fetchHandler = createTokenHandler({ ...fetchSide.options, getSession });
  const nodeHandler = createNodeTokenHandler<IncomingMessage>({
    ...nodeSide.options,
    getSession: (request) => {
      sessionRequests.push(request);
      return getSession();
    },
  });
  route = (request, response) => void nodeHandler(request, response);
  return { fetchHandler, fetchSide, nodeSide, sessionRequests };
}

/** What a browser sends for `init` (as tokenRequest builds it), over HTTP/1.1 to the running server. */
function send(init: TokenRequestInit = {}, extra: { headers?: Record<string, string | string[]>; chunks?: string[] } = {}) {
  const request = tokenRequest(init);
  const headers: Record<string, string | string[]> = { host: new URL(origin).host };
  for (const [name, value] of request.headers) headers[name] = value;
  Object.assign(headers, extra.headers);
  const body = init.method === 'GET' || init.method === 'HEAD' || init.body === null ? undefined : (init.body ?? '{"scope":"VIEW_PIN"}');
  return new Promise<Answered>((resolve, reject) => {
    const outgoing = httpRequest(`${origin}/api/pin-control/token`, { method: request.method, headers, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const answerHeaders: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(incoming.headers)) answerHeaders[name] = String(value);
        resolve({ status: incoming.statusCode!, headers: answerHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('error', reject);
    // A connection per request (agent: false): one that declared more than it sent must not carry over.
    // Chunked (no Content-Length) when given as chunks; otherwise Node declares the length, as a browser does.
    if (extra.chunks) for (const chunk of extra.chunks) outgoing.write(chunk);
    outgoing.end(body);
  });
}

/**
 * The same request for the Fetch handler, with the Content-Length a server
 * adapter hands over (Request() sets none itself), as Node's client sent it.
 */
function fetchTwin(init: TokenRequestInit = {}, headers: Record<string, string> = {}): Request {
  const request = tokenRequest({ ...init, headers: { ...init.headers, ...headers } });
  const body = init.method === 'GET' || init.method === 'HEAD' || init.body === null ? undefined : (init.body ?? '{"scope":"VIEW_PIN"}');
  if (body !== undefined) {
    const withLength = new Headers([...request.headers, ['content-length', String(Buffer.byteLength(body))]]);
    Object.defineProperty(request, 'headers', { value: withLength });
  }
  return request;
}

async function answerOf(response: Response): Promise<Answered> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  return { status: response.status, headers, body: await response.text() };
}

function assertSame(node: Answered, fetch: Answered, what: string) {
  assert.equal(node.status, fetch.status, `${what}: status`);
  assert.equal(node.body, fetch.body, `${what}: body`);
  for (const name of ANSWER_HEADERS) assert.equal(node.headers[name], fetch.headers[name], `${what}: ${name}`);
  assert.equal(node.headers['content-length'], String(Buffer.byteLength(node.body)), `${what}: content-length`);
}

function assertSameAudit(node: AuditRecord[], fetch: AuditRecord[], what: string) {
  assert.equal(node.length, 1, `${what}: one audit record`);
  assert.deepEqual(node, fetch, `${what}: the same audit record`);
}

describe('Node adapter: the same answers as the Fetch handler', () => {
  test('a valid request → 200 {id, pinFrameURL}, the same headers and audit record', async () => {
    const { fetchHandler, fetchSide, nodeSide, sessionRequests } = setup();
    const node = await send();
    assertSame(node, await answerOf(await fetchHandler(fetchTwin())), 'valid');
    assert.equal(node.status, 200);
    assertSameAudit(nodeSide.audits, fetchSide.audits, 'valid');
    assert.equal(nodeSide.upstream.calls.length, 1);
    assert.deepEqual(nodeSide.upstream.calls[0], fetchSide.upstream.calls[0], 'the same issuer call');
    assert.equal(sessionRequests.length, 1);
    assert.equal(sessionRequests[0]!.headers.cookie, 'session=s3cr3t-session-cookie', 'getSession gets the IncomingMessage');
  });

  for (const [what, init, status, code] of REQUEST_REFUSALS) {
    test(`${what} → ${status} ${code}, as the Fetch handler`, async () => {
      const { fetchHandler, fetchSide, nodeSide } = setup();
      const node = await send(init);
      assertSame(node, await answerOf(await fetchHandler(fetchTwin(init))), what);
      assert.equal(node.status, status);
      assert.equal(JSON.parse(node.body).error.code, code);
      assert.equal(nodeSide.upstream.calls.length, 0, 'the issuer was not called');
      assertSameAudit(nodeSide.audits, fetchSide.audits, what);
    });
  }

  for (const [what, respond, status, code] of UPSTREAM_FAILURES) {
    test(`the issuer answers ${what} → ${status} ${code}, as the Fetch handler`, async () => {
      const { fetchHandler, fetchSide, nodeSide } = setup({ respond });
      const node = await send();
      assertSame(node, await answerOf(await fetchHandler(fetchTwin())), what);
      assert.equal(node.status, status);
      assert.equal(JSON.parse(node.body).error.code, code);
      assertSameAudit(nodeSide.audits, fetchSide.audits, what);
    });
  }

  test('no session → 401; a throwing getSession → 500, as the Fetch handler', async () => {
    for (const getSession of [
      () => null,
      () => {
        throw new Error('db password hunter2 rejected');
      },
    ]) {
      const { fetchHandler, fetchSide, nodeSide } = setup({ getSession });
      const node = await send();
      assertSame(node, await answerOf(await fetchHandler(fetchTwin())), 'session');
      assert.doesNotMatch(node.body, /hunter2/);
      assertSameAudit(nodeSide.audits, fetchSide.audits, 'session');
    }
  });

  // A slow session store and a client that gives up (a token-timeout, or the
  // page switching mode): no id is minted for nobody, and the audit says what
  // happened, not a server fault (found in a fresh SvelteKit app: the Fetch
  // handler logged internal-error 500, the Node one minted the id).
  test('a client that hangs up before the answer: the issuer is not asked, audit client-gone, as the Fetch handler', async () => {
    const slowSession = () => new Promise<TokenSession>((resolve) => setTimeout(() => resolve(SESSION), 200));
    const { fetchHandler, fetchSide, nodeSide } = setup({ getSession: slowSession as unknown as () => TokenSession });

    const outgoing = httpRequest(`${origin}/api/pin-control/token`, {
      method: 'POST',
      headers: { ...Object.fromEntries(tokenRequest().headers), host: new URL(origin).host },
      agent: false,
    });
    outgoing.on('error', () => {}); // the hang-up
    outgoing.end('{"scope":"VIEW_PIN"}');
    setTimeout(() => outgoing.destroy(), 50);
    await new Promise((resolve) => setTimeout(resolve, 400));

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const answered = await fetchHandler(new Request(fetchTwin(), { signal: controller.signal }));
    assert.equal(answered.status, 499);

    for (const side of [nodeSide, fetchSide]) {
      assert.equal(side.upstream.calls.length, 0, 'no id minted for a client that is gone');
      assert.deepEqual(
        side.audits.map(({ outcome, status, scope }) => ({ outcome, status, scope })),
        [{ outcome: 'client-gone', status: 499, scope: 'VIEW_PIN' }],
      );
    }
  });

  test('the rate limit: 429 with the same Retry-After; a failing store: 503, as the Fetch handler', async () => {
    const limited = setup({ rateLimit: { store: { take: () => ({ allowed: false, retryAfterSeconds: 42 }) } } });
    const node429 = await send();
    assertSame(node429, await answerOf(await limited.fetchHandler(fetchTwin())), '429');
    assert.equal(node429.headers['retry-after'], '42');
    const down = setup({ rateLimit: { store: { take: () => Promise.reject(new Error('ECONNREFUSED')) } } });
    const node503 = await send();
    assertSame(node503, await answerOf(await down.fetchHandler(fetchTwin())), '503');
    assert.equal(node503.status, 503);
    assertSameAudit(down.nodeSide.audits, down.fetchSide.audits, '503');
  });

  test('a repeated Content-Type is joined as Fetch joins it, and refused alike (Node itself keeps only the first)', async () => {
    const { fetchHandler } = setup();
    const node = await send({}, { headers: { 'content-type': ['application/json', 'text/plain'] } });
    const fetched = await fetchHandler(fetchTwin({}, { 'content-type': 'application/json, text/plain' }));
    assertSame(node, await answerOf(fetched), 'two content types');
    assert.equal(node.status, 415);
  });

  test('repeated and padded custom headers and origins: the same decision', async () => {
    const { fetchHandler } = setup();
    for (const [headers, joined] of [
      [{ origin: [PAGE_ORIGIN, PAGE_ORIGIN] }, { origin: `${PAGE_ORIGIN}, ${PAGE_ORIGIN}` }],
      [{ 'x-requested-with': ['pin-control', 'pin-control'] }, { 'x-requested-with': 'pin-control, pin-control' }],
      [{ 'x-requested-with': ' pin-control\t' }, { 'x-requested-with': 'pin-control' }],
    ] as const) {
      const node = await send({}, { headers: headers as Record<string, string | string[]> });
      assertSame(node, await answerOf(await fetchHandler(fetchTwin({}, joined))), JSON.stringify(headers));
    }
  });

  test('a body that is not UTF-8 → 400 invalid-body, as the Fetch handler', async () => {
    const { fetchHandler } = setup();
    const node = await send({ body: '{"scope":"\udc00"}' });
    const fetched = await fetchHandler(fetchTwin({ body: '{"scope":"\udc00"}' }));
    assertSame(node, await answerOf(fetched), 'lone surrogate (UTF-8 encodes it as U+FFFD: valid)');
    // Real non-UTF-8 bytes: a Latin-1 é.
    const raw = await new Promise<Answered>((resolve, reject) => {
      const outgoing = httpRequest(
        `${origin}/api/pin-control/token`,
        {
          method: 'POST',
          headers: BROWSER_TOKEN_HEADERS,
        },
        (incoming) => {
          let text = '';
          incoming.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          incoming.on('end', () => resolve({ status: incoming.statusCode!, headers: {}, body: text }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    });
    assert.equal(raw.status, 400);
    assert.equal(JSON.parse(raw.body).error.code, 'invalid-body');
  });
});

describe('Node adapter: its own reading of the body', () => {
  test('an oversized declared Content-Length → 413 before the session is looked up', async () => {
    const { sessionRequests } = setup();
    const node = await send({}, { headers: { 'content-length': '5000' } });
    assert.equal(node.status, 413);
    assert.equal(JSON.parse(node.body).error.code, 'payload-too-large');
    assert.equal(sessionRequests.length, 0);
  });

  test('a chunked body (no Content-Length) is cut past 1 KB → 413', async () => {
    const { nodeSide } = setup();
    const node = await send({ body: '' }, { chunks: ['{"scope":"VIEW_PIN","pad":"', 'x'.repeat(700), 'x'.repeat(700), '"}'] });
    assert.equal(node.status, 413);
    assert.equal(nodeSide.audits[0]!.outcome, 'payload-too-large');
    assert.equal(nodeSide.upstream.calls.length, 0);
  });

  test('a small chunked body is read whole → 200', async () => {
    setup();
    const node = await send({ body: '' }, { chunks: ['{"scope":', '"VIEW_PIN"}'] });
    assert.equal(node.status, 200);
  });

  test('a body that arrives after its headers is waited for (declared or chunked), and still bounded', async () => {
    setup();
    // Headers first, the body 30 ms later: the handler finds nothing buffered and reads the stream's events.
    const late = (headers: Record<string, string>, parts: string[]) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = httpRequest(
          `${origin}/api/pin-control/token`,
          {
            method: 'POST',
            agent: false,
            headers: { ...BROWSER_TOKEN_HEADERS, ...headers },
          },
          (incoming) => {
            incoming.resume();
            incoming.on('end', () => resolve(incoming.statusCode!));
          },
        );
        outgoing.on('error', reject);
        outgoing.flushHeaders();
        setTimeout(() => {
          for (const part of parts) outgoing.write(part);
          outgoing.end();
        }, 30);
      });
    assert.equal(await late({ 'content-length': '20' }, ['{"scope":"VIEW_PIN"}']), 200);
    assert.equal(await late({}, ['{"scope":', '"VIEW_PIN"}']), 200);
    assert.equal(await late({}, ['{"scope":"VIEW_PIN","pad":"', 'x'.repeat(1100), '"}']), 413);
  });

  test('headers already set on the response are kept (security headers), the answer adds its own', async () => {
    const { sessionRequests } = setup();
    const handler = createNodeTokenHandler<IncomingMessage>({
      client: testClient(fakeFetch(() => issuerReply(201)).fetch),
      allowedOrigins: [PAGE_ORIGIN],
      getSession: (request) => (sessionRequests.push(request), SESSION),
      audit: () => {},
    });
    route = (request, response) => {
      response.setHeader('X-Frame-Options', 'DENY');
      response.setHeader('Cache-Control', 'no-store');
      void handler(request, response);
    };
    const node = await send();
    assert.equal(node.status, 200);
    assert.equal(node.headers['x-frame-options'], 'DENY');
    assert.equal(node.headers['cache-control'], 'no-store');
    assert.equal(node.headers['content-type'], 'application/json');
  });

  test('a response already sent by someone else is left alone', async () => {
    const handler = createNodeTokenHandler({
      client: testClient(fakeFetch(() => issuerReply(201)).fetch),
      allowedOrigins: [PAGE_ORIGIN],
      getSession: () => SESSION,
      audit: () => {},
    });
    const written: unknown[] = [];
    const response = {
      headersSent: true,
      writeHead: (...args: unknown[]) => written.push(args),
      end: (body: string) => written.push(body),
    };
    const request = {
      method: 'POST',
      headers: {},
      rawHeaders: [],
      readableEnded: true,
      on: () => request,
      removeListener: () => request,
      resume: () => request,
    };
    await handler(request, response);
    assert.deepEqual(written, []);
  });

  test('getSession reads the cookie from the Node request without a type argument (the README example)', async () => {
    const handler = createNodeTokenHandler({
      client: testClient(fakeFetch(() => issuerReply(201)).fetch),
      allowedOrigins: [PAGE_ORIGIN],
      getSession: (request) => (request.headers.cookie === 'session=s3cr3t-session-cookie' ? SESSION : null),
      audit: () => {},
    });
    route = (request, response) => void handler(request, response);
    assert.equal((await send()).status, 200);
    assert.equal((await send({ headers: { cookie: 'session=other' } })).status, 401);
  });

  test('configuration errors name the Node factory', () => {
    assert.throws(
      () => createNodeTokenHandler({ allowedOrigins: [PAGE_ORIGIN] } as never),
      (error: unknown) => error instanceof PinControlServerError && /createNodeTokenHandler/.test(error.message),
    );
  });
});
