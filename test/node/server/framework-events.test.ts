// The token handler wired into real frameworks' servers, over real HTTP, the
// way the README tells integrators to: what each framework hands a route, and
// what the integrator is told when it hands over something that is no request.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp, createRouter, eventHandler, toNodeListener, toWebRequest, type H3Event } from 'h3';
import { H3, toNodeHandler } from 'h3-v2';
import { Hono } from 'hono';
import { createTokenHandler, PinControlServerError, type TokenHandlerInput } from '../../../src/server/index.js';
import { BROWSER_TOKEN_HEADERS, CONTROL_ID, FRAME_URL, fakeFetch, issuerReply, testClient } from '../../support/server-fakes.js';

const servers: Server[] = [];
after(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A handler whose session comes from the request's cookie, and the issuer's calls. */
function tokenEndpoint() {
  const upstream = fakeFetch(() => issuerReply(201));
  const sessions: unknown[] = [];
  const handler = createTokenHandler({
    client: testClient(upstream.fetch),
    allowedOrigins: [BROWSER_TOKEN_HEADERS.origin],
    getSession: (request) => {
      sessions.push(request);
      return request.headers.get('cookie') === 'session=s1' ? { sessionId: 's1', plasticId: '4000123412341234', auditUser: 'alice' } : null;
    },
    audit: () => {},
  });
  return { handler, upstream, sessions };
}

/** What a browser's fetch from the element sends. */
const askForToken = (base: string) =>
  fetch(`${base}/api/pin-control/token`, {
    method: 'POST',
    headers: { ...BROWSER_TOKEN_HEADERS, cookie: 'session=s1' },
    body: '{"scope":"VIEW_PIN"}',
  });

async function assertIssued(response: Response, upstream: ReturnType<typeof fakeFetch>) {
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { id: CONTROL_ID, pinFrameURL: FRAME_URL });
  assert.equal(upstream.calls.length, 1, 'the issuer was asked once');
}

/** The error the handler rejected with, as the framework's error hook saw it. */
function assertNamedFix(error: unknown, fix: string) {
  assert.ok(error instanceof PinControlServerError, `a PinControlServerError, not ${String(error)}`);
  assert.equal(error.code, 'invalid-config');
  assert.ok(error.message.includes(fix), error.message);
}

describe('token handler in real frameworks', () => {
  test('h3 1 (Nuxt 4, Nitro 2): tokenHandler(toWebRequest(event)) issues a token', async () => {
    const { handler, upstream, sessions } = tokenEndpoint();
    const router = createRouter().post(
      '/api/pin-control/token',
      eventHandler((event) => handler(toWebRequest(event))),
    );
    const base = await listen(createServer(toNodeListener(createApp().use(router))));
    await assertIssued(await askForToken(base), upstream);
    assert.ok(sessions[0] instanceof Request, 'getSession gets the web Request');
  });

  test('h3 1: the event itself is refused with the fix named, before getSession or the issuer', async () => {
    const { handler, upstream, sessions } = tokenEndpoint();
    const errors: unknown[] = [];
    const app = createApp({ onError: (error) => void errors.push(error.cause) });
    // What a Nuxt server route looks like before the fix: the h3 event as it comes.
    app.use(
      createRouter().post(
        '/api/pin-control/token',
        eventHandler((event: H3Event) => handler(event as unknown as TokenHandlerInput)),
      ),
    );
    const base = await listen(createServer(toNodeListener(app)));
    const response = await askForToken(base);
    assert.equal(response.status, 500);
    assertNamedFix(errors[0], 'an h3 1 event (Nuxt, Nitro 2): pass tokenHandler(toWebRequest(event))');
    assert.equal(sessions.length, 0, 'the session was not looked up');
    assert.equal(upstream.calls.length, 0, 'no id was minted');
  });

  test('h3 2: the handler is the route (the event carries the Request as req)', async () => {
    const { handler, upstream } = tokenEndpoint();
    const app = new H3().post('/api/pin-control/token', handler);
    const base = await listen(createServer(toNodeHandler(app) as RequestListener));
    await assertIssued(await askForToken(base), upstream);
  });

  test('Hono: c.req.raw issues a token; the context itself is refused naming c.req.raw', async () => {
    const { handler, upstream } = tokenEndpoint();
    const errors: unknown[] = [];
    const app = new Hono()
      .post('/api/pin-control/token', (c) => handler(c.req.raw))
      .post('/wrong/api/pin-control/token', (c) => handler(c as unknown as TokenHandlerInput))
      .onError((error, c) => (errors.push(error), c.text('failed', 500)));
    const base = await listen(createAdaptorServer({ fetch: app.fetch }) as Server);
    await assertIssued(await askForToken(base), upstream);
    assert.equal((await askForToken(`${base}/wrong`)).status, 500);
    assertNamedFix(errors[0], "Hono's context: pass tokenHandler(c.req.raw)");
  });

  test("Node's IncomingMessage is refused naming createNodeTokenHandler", async () => {
    const { handler } = tokenEndpoint();
    const errors: unknown[] = [];
    const base = await listen(
      createServer((request, response) => {
        handler(request as unknown as TokenHandlerInput).catch((error: unknown) => {
          errors.push(error);
          response.writeHead(500).end();
        });
      }),
    );
    assert.equal((await askForToken(base)).status, 500);
    assertNamedFix(errors[0], 'use createNodeTokenHandler from pin-control/server');
  });

  test('anything else is refused saying what it got', async () => {
    const { handler } = tokenEndpoint();
    for (const [input, got] of [
      [null, 'it got null.'],
      [undefined, 'it got undefined.'],
      [{ request: 'POST /token' }, 'it got object.'],
    ] as const) {
      await assert.rejects(handler(input as unknown as TokenHandlerInput), (error: unknown) => (assertNamedFix(error, got), true));
    }
  });
});
