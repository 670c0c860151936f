// The bench's delaying proxy keeps its sockets to the sandbox alive. When the
// sandbox closes one as idle just as the proxy reuses it, the request has not
// reached the sandbox: the proxy sends it again rather than failing a flow
// with a 502 (which a token request turns into a rejected bench sample).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delayingProxy } from '../../../bench/time-to-pin/delaying-proxy.js';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** An upstream that answers the first request on each connection and drops any later one unanswered. */
async function upstreamDroppingReusedSockets(dropEvery = false) {
  const bodies: string[] = [];
  const served = new WeakMap<object, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      bodies.push(body);
      if (dropEvery || count > 1) return req.socket.destroy();
      res.end(`answered ${body}`);
    });
  });
  return { origin: await listen(server), bodies, server };
}

async function withProxy(dropEvery: boolean, run: (proxyOrigin: string, bodies: string[], failures: string[]) => Promise<void>) {
  const upstream = await upstreamDroppingReusedSockets(dropEvery);
  const failures: string[] = [];
  const proxy = delayingProxy(
    new URL(upstream.origin),
    () => 1,
    (line) => failures.push(line),
  );
  try {
    await run(await listen(proxy), upstream.bodies, failures);
  } finally {
    await Promise.all([close(proxy), close(upstream.server)]);
  }
}

test('a request on a kept-alive socket the upstream dropped is sent again, body and all, on a fresh one', async () => {
  await withProxy(false, async (proxyOrigin, bodies, failures) => {
    for (const body of ['first', 'second']) {
      const answer = await fetch(`${proxyOrigin}/api`, { method: 'POST', body });
      assert.equal(answer.status, 200);
      assert.equal(await answer.text(), `answered ${body}`);
    }
    assert.deepEqual(bodies, ['first', 'second', 'second'], 'the second went out twice: dropped on the reused socket, then answered');
    assert.deepEqual(failures, []);
  });
});

test('an upstream that drops a fresh socket gets a 502 after one try (no retry loop), and the bench hears why', async () => {
  await withProxy(true, async (proxyOrigin, bodies, failures) => {
    const answer = await fetch(`${proxyOrigin}/api?key=k`, { method: 'POST', body: 'only' });
    assert.equal(answer.status, 502);
    assert.deepEqual(bodies, ['only']);
    assert.deepEqual(failures, ['POST /api: ECONNRESET'], 'no query in the line: it may hold the key');
  });
});
