// The proxy that WebKit's examples run goes through (test/examples/intercepting-proxy.ts):
// a POST it is told to answer or delay is, everything else reaches the server
// unchanged, WebSocket upgrades (dev servers' hot reload) and CONNECT tunnels included,
// but for the proxy's own report-uri in every CSP header, whose reports it keeps.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CSP_REPORT_BODY_LIMIT } from '../../../demo/csp-reports.js';
import { startInterceptingProxy, type InterceptingProxy } from '../../examples/intercepting-proxy.js';
import { launchWebKit, noWebKit } from '../../e2e/support/webkit.js';

let origin: string;
let server: http.Server;
let proxy: InterceptingProxy;
const reached: string[] = [];

before(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      reached.push(`${request.method} ${request.url} ${body}`);
      if (request.url === '/csp') {
        response.setHeader('content-security-policy', ["script-src 'none'", "img-src 'self'; report-uri /own-reports, frame-src 'none'"]);
        response.setHeader('content-security-policy-report-only', "style-src 'none'");
      }
      response
        .writeHead(200, { 'content-type': 'text/plain', 'x-upstream': 'yes' })
        .end(`upstream ${request.method} ${request.url} ${body}`);
    });
  });
  // An echo over an upgraded connection, as a dev server's WebSocket.
  server.on('upgrade', (request: http.IncomingMessage, socket: net.Socket) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${request.headers.upgrade}\r\nConnection: Upgrade\r\n\r\n`);
    socket.on('data', (chunk) => socket.write(`echo ${chunk.toString()}`));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  proxy = await startInterceptingProxy();
});

after(async () => {
  await proxy.close();
  server.closeAllConnections();
  server.close();
});

/** A request through the proxy, as a browser configured with it sends one: the absolute URL on the request line. */
/** `target`: a path on the upstream, or an absolute URL (the proxy's own report-uri). */
function viaProxy(method: string, target: string, body = '') {
  const url = new URL(target, origin).href;
  const [host, port] = proxy.address.split(':');
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request({ host, port, method, path: url }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('intercepting proxy', { timeout: 10_000 }, () => {
  it('passes requests through unchanged while no rule is set', async () => {
    const answer = await viaProxy('POST', '/api/token?x=1', '{"scope":"SET_PIN"}');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['x-upstream'], 'yes');
    assert.equal(answer.body, 'upstream POST /api/token?x=1 {"scope":"SET_PIN"}');
  });

  it('answers a POST to the path with the rule’s status and JSON body, and the server never sees it', async () => {
    proxy.intercept('/api/token', { status: 401, body: '{"error":{"code":"unauthorized"}}' });
    const before = reached.length;
    const answer = await viaProxy('POST', '/api/token', '{}');
    assert.equal(answer.status, 401);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.equal(answer.body, '{"error":{"code":"unauthorized"}}');
    assert.equal(reached.length, before, 'not forwarded');
    // Only POST, only that path.
    assert.equal((await viaProxy('GET', '/api/token')).status, 200);
    assert.equal((await viaProxy('POST', '/api/other')).status, 200);
    proxy.intercept('/api/token', undefined);
    assert.equal((await viaProxy('POST', '/api/token')).status, 200, 'passes again once the rule is removed');
  });

  it('delays a POST to the path by the rule’s time, then forwards it', async () => {
    proxy.intercept('/api/token', { delayMs: 400 });
    const started = performance.now();
    const answer = await viaProxy('POST', '/api/token', 'late');
    const took = performance.now() - started;
    proxy.intercept('/api/token', undefined);
    assert.equal(answer.body, 'upstream POST /api/token late');
    assert.ok(took >= 390, `answered after ${Math.round(took)} ms, not 400`);
  });

  it('forwards a WebSocket upgrade and carries its frames both ways', async () => {
    const [host, port] = proxy.address.split(':');
    const socket = net.connect(Number(port), host);
    await once(socket, 'connect');
    socket.write(`GET ${origin}/hmr HTTP/1.1\r\nHost: ${new URL(origin).host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
    const [head] = (await once(socket, 'data')) as [Buffer];
    assert.match(head.toString(), /^HTTP\/1\.1 101 /);
    socket.write('ping');
    const [echoed] = (await once(socket, 'data')) as [Buffer];
    assert.equal(echoed.toString(), 'echo ping');
    socket.destroy();
  });

  it('tunnels a CONNECT to the server', async () => {
    const [host, port] = proxy.address.split(':');
    const socket = net.connect(Number(port), host);
    await once(socket, 'connect');
    socket.write(`CONNECT ${new URL(origin).host} HTTP/1.1\r\nHost: ${new URL(origin).host}\r\n\r\n`);
    const [established] = (await once(socket, 'data')) as [Buffer];
    assert.match(established.toString(), /^HTTP\/1\.1 200 /);
    socket.write(`GET /through-tunnel HTTP/1.1\r\nHost: ${new URL(origin).host}\r\nConnection: close\r\n\r\n`);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await once(socket, 'end');
    assert.match(text, /upstream GET \/through-tunnel /);
  });

  it('adds its report-uri to every CSP policy and keeps the reports sent to it, without forwarding them', async () => {
    const answer = await viaProxy('GET', '/csp');
    const reportUri = `http://${proxy.address}/__intercepting-proxy/csp-report`;
    assert.equal(answer.body, 'upstream GET /csp ', 'the body is untouched');
    assert.equal(
      answer.headers['content-security-policy'],
      `script-src 'none'; report-uri ${reportUri}, img-src 'self'; report-uri /own-reports ${reportUri}, frame-src 'none'; report-uri ${reportUri}`,
      'each header, each policy in it; a policy’s own report-uri keeps its URL',
    );
    assert.equal(answer.headers['content-security-policy-report-only'], `style-src 'none'; report-uri ${reportUri}`);
    assert.equal(answer.headers['x-upstream'], 'yes');

    const before = reached.length;
    const legacy = {
      'csp-report': {
        'document-uri': `${origin}/page`,
        'effective-directive': 'script-src-elem',
        'blocked-uri': 'inline',
        'script-sample': '',
      },
    };
    const modern = [
      {
        type: 'csp-violation',
        body: { documentURL: 'http://frame.test/x', effectiveDirective: 'img-src', blockedURL: 'http://evil.test/p.png', sample: '' },
      },
    ];
    assert.equal((await viaProxy('POST', reportUri, JSON.stringify(legacy))).status, 204);
    assert.equal((await viaProxy('POST', reportUri, JSON.stringify(modern))).status, 204);
    assert.equal((await viaProxy('POST', reportUri, 'not json')).status, 204);
    const oversized = JSON.stringify([{ ...modern[0], body: { ...modern[0]!.body, sample: 'x'.repeat(CSP_REPORT_BODY_LIMIT) } }]);
    assert.equal((await viaProxy('POST', reportUri, oversized)).status, 413, 'over the demo endpoint’s limit: refused, not kept');
    assert.equal(reached.length, before, 'no report reaches the server');
    assert.deepEqual(proxy.cspReports(), [
      { directive: 'script-src-elem', blocked: 'inline', document: `${origin}/page`, source: '-', disposition: '-' },
      { directive: 'img-src', blocked: 'http://evil.test/p.png', document: 'http://frame.test/x', source: '-', disposition: '-' },
    ]);
  });
});

describe('intercepting proxy in WebKit', { skip: noWebKit, timeout: 60_000 }, () => {
  it('sees a violation that happens before the page’s load event, which WebDriver classic cannot listen for', async () => {
    const site = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "script-src 'none'" });
      response.end('<!doctype html><head><script>document.title = "ran"</script></head><body><p>page</p></body>');
    });
    site.listen(0, '127.0.0.1');
    await once(site, 'listening');
    const page = `http://127.0.0.1:${(site.address() as net.AddressInfo).port}/`;
    const ownProxy = await startInterceptingProxy();
    const session = await launchWebKit('about:blank', { httpProxy: ownProxy.address });
    try {
      await session.browser.url(page);
      assert.equal(await session.browser.getTitle(), '', 'the inline script was blocked');
      const deadline = Date.now() + 5_000;
      while (ownProxy.cspReports().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(
        ownProxy.cspReports().map(({ directive, blocked, document }) => ({ directive, blocked, document })),
        [{ directive: 'script-src-elem', blocked: 'inline', document: page }],
      );
    } finally {
      await session.close();
      await ownProxy.close();
      site.close();
    }
  });
});
