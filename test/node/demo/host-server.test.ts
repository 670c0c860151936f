// The running host server (and sandbox), as `npm start` starts them but on
// free ports: every security header on every kind of response, the exact
// CSP, csp_evaluator's verdict, SRI hashes that match the served files, and
// a token endpoint that works same-origin and refuses everything else.
// The header builder's own rules, without a server: security-headers.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { CspEvaluator } from 'csp_evaluator/dist/evaluator.js';
import { Severity } from 'csp_evaluator/dist/finding.js';
import { CspParser } from 'csp_evaluator/dist/parser.js';
import { DEFAULT_DIST_DIR } from '../../../demo/build.js';
import { createHostApp, type HostApp } from '../../../demo/server.js';
import { startDemo, type RunningDemo } from '../../../demo/start-demo.js';
import { expectedHostCsp } from '../../support/host-csp.js';

/** An issuer on its own https origins, never called (no network in these tests). */
const PRODUCTION_ISSUER = {
  baseUrl: 'https://api.issuer.example',
  credentials: { username: 'bank', password: 'secret' },
  key: 'bank-key',
  frameOrigin: 'https://pin.issuer.example',
};

const EXPECTED_HEADERS = {
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
const POWERFUL = [
  'camera',
  'microphone',
  'geolocation',
  'payment',
  'usb',
  'serial',
  'hid',
  'clipboard-read',
  'display-capture',
  'fullscreen',
];

describe('the host server', () => {
  let demo: RunningDemo;
  let origin: string;
  const logLines: string[] = [];
  const auditLines: string[] = [];

  before(async () => {
    demo = await startDemo({
      hostPort: 0,
      sandboxPort: 0,
      env: {}, // the sandbox and its demo credentials, whatever this shell has set
      log: (line) => logLines.push(line),
      sandboxLog: () => {},
      audit: (record) => auditLines.push(JSON.stringify(record)),
    });
    origin = demo.hostOrigin;
  });
  after(() => demo?.close());

  const get = (path: string, init?: RequestInit) => fetch(`${origin}${path}`, init);

  async function signIn(): Promise<string> {
    const response = await get('/api/session');
    const cookie = response.headers.get('set-cookie');
    assert.ok(cookie, 'a session cookie');
    return cookie.split(';')[0]!;
  }

  function tokenRequest(
    cookie: string | undefined,
    headers: Record<string, string> = {},
    body = '{"scope":"VIEW_PIN"}',
  ): Promise<Response> {
    return get('/api/pin-control/token', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-requested-with': 'pin-control',
        origin,
        'sec-fetch-site': 'same-origin',
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      body,
    });
  }

  async function page(): Promise<{ html: string; response: Response }> {
    const response = await get('/');
    return { html: await response.text(), response };
  }

  function cspOf(response: Response): Map<string, string> {
    const header = response.headers.get('content-security-policy');
    assert.ok(header, 'a CSP header');
    return new Map(
      header.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name!, values.join(' ')];
      }),
    );
  }

  function assertSecurityHeaders(response: Response, what: string): void {
    for (const [name, value] of Object.entries(EXPECTED_HEADERS)) assert.equal(response.headers.get(name), value, `${name} on ${what}`);
    const permissions = response.headers.get('permissions-policy') ?? '';
    for (const feature of POWERFUL) assert.ok(permissions.split(', ').includes(`${feature}=()`), `${feature} off on ${what}`);
    const csp = cspOf(response);
    assert.equal(csp.get('default-src'), "'none'", `CSP on ${what}`);
    assert.equal(csp.get('frame-ancestors'), "'none'", `CSP on ${what}`);
  }

  it('sets every header on the page, a script, a stylesheet, the API, a 404, a 405 and a refused POST', async () => {
    const { html, response } = await page();
    assert.equal(response.status, 200);
    assertSecurityHeaders(response, 'the page');
    const script = html.match(/<script[^>]+src="([^"]+)"/)?.[1];
    const stylesheet = html.match(/<link rel="stylesheet"[^>]+href="([^"]+)"/)?.[1];
    assert.ok(script && stylesheet);
    const cookie = await signIn();
    const cases: Array<[string, Promise<Response>, number]> = [
      ['a script', get(script), 200],
      ['a stylesheet', get(stylesheet), 200],
      ['the script inventory', get('/script-inventory.json'), 200],
      ['the session API', get('/api/session', { headers: { cookie } }), 200],
      ['the token API', tokenRequest(cookie), 200],
      ['a refused token request', tokenRequest(cookie, { origin: 'http://evil.example' }), 403],
      ['a 404', get('/no/such/file.js'), 404],
      ['a GET of the token endpoint', get('/api/pin-control/token'), 405],
    ];
    for (const [what, pending, status] of cases) {
      const answer = await pending;
      assert.equal(answer.status, status, what);
      assertSecurityHeaders(answer, what);
      await answer.arrayBuffer();
    }
  });

  it('serves scripts and styles with their real types (nosniff would refuse anything else)', async () => {
    const { html } = await page();
    const script = html.match(/<script[^>]+src="([^"]+)"/)![1]!;
    const stylesheet = html.match(/<link rel="stylesheet"[^>]+href="([^"]+)"/)![1]!;
    assert.match((await get(script)).headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match((await get(stylesheet)).headers.get('content-type') ?? '', /^text\/css/);
  });

  it('has exactly the expected CSP directives', async () => {
    const csp = cspOf((await page()).response);
    assert.ok(demo.sandboxOrigin, 'the sandbox runs');
    assert.deepEqual(Object.fromEntries(csp), expectedHostCsp(demo.sandboxOrigin));
  });

  it("csp_evaluator: nothing HIGH or MEDIUM but the sandbox's plain-http loopback origin", async () => {
    const header = (await page()).response.headers.get('content-security-policy')!;
    const serious = new CspEvaluator(new CspParser(header).csp)
      .evaluate()
      .filter((finding) => finding.severity === Severity.HIGH || finding.severity === Severity.MEDIUM);
    // The only one: "Allow only resources downloaded over HTTPS" for the local
    // sandbox. With an https PIN origin the same builder yields none
    // (test/node/demo/security-headers.test.ts).
    assert.deepEqual(
      serious.map((finding) => [finding.directive, finding.value]),
      [['frame-src', demo.sandboxOrigin]],
    );
    assert.match(demo.sandboxOrigin!, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('every script and stylesheet in the served HTML has an SRI hash that matches the served file', async () => {
    const { html } = await page();
    const tags = [...html.matchAll(/<(script|link)\b[^>]*>/g)]
      .map((match) => match[0])
      .filter((tag) => /src=|rel="stylesheet"|rel="modulepreload"/.test(tag));
    assert.ok(tags.length >= 2, 'a script and a stylesheet');
    for (const tag of tags) {
      const url = tag.match(/(?:src|href)="([^"]+)"/)![1]!;
      const integrity = tag.match(/integrity="([^"]+)"/)?.[1];
      assert.ok(integrity, `integrity on ${url}`);
      assert.match(tag, /\scrossorigin[\s>=]/, `crossorigin on ${url}`);
      const body = Buffer.from(await (await get(url)).arrayBuffer());
      assert.equal(integrity, `sha384-${createHash('sha384').update(body).digest('base64')}`, url);
    }
    assert.doesNotMatch(
      html.replace(/<script[^>]+src="[^"]+"[^>]*><\/script>/g, ''),
      /<script|<style|\sstyle="|\son[a-z]+="/i,
      'nothing inline',
    );
  });

  it('serves a script inventory that lists every script with its hash and purpose (PCI DSS 6.4.3)', async () => {
    const { html } = await page();
    const inventory = (await (await get('/script-inventory.json')).json()) as {
      scripts: Array<{ path: string; sha384: string; purpose: string }>;
    };
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]+integrity="([^"]+)"/g)].map((match) => ({
      path: match[1],
      sha384: match[2],
    }));
    assert.deepEqual(
      inventory.scripts.map(({ path, sha384 }) => ({ path, sha384 })),
      scripts,
    );
    for (const script of inventory.scripts) assert.ok(script.purpose.length > 10, script.path);
  });

  it('sends a page opened under another name for this server (127.0.0.1 for localhost) to its one origin', async () => {
    // Its API calls would all be refused as cross-origin: "This card could not be opened" for good.
    const { hostname, port } = new URL(origin);
    const underName = (method: string, host: string) =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const headers = { host, origin: `http://${host}`, 'content-type': 'application/json', 'x-requested-with': 'pin-control' };
        request({ hostname, port, path: '/api/session?from=bookmark', method, headers }, resolve).on('error', reject).end();
      });
    const page = await underName('GET', `127.0.0.1:${port}`);
    page.resume();
    assert.equal(page.statusCode, 308);
    assert.equal(page.headers.location, `${origin}/api/session?from=bookmark`);
    assert.equal(page.headers['x-frame-options'], 'DENY', 'with the security headers');
    assert.equal(page.headers['set-cookie'], undefined, 'no session under the other name');
    const post = await underName('POST', `127.0.0.1:${port}`);
    post.resume();
    assert.equal(post.statusCode, 404, 'a POST is not redirected: no POST route there, and a real one checks its origin');
    const same = await underName('GET', new URL(origin).host);
    same.resume();
    assert.equal(same.statusCode, 200);
  });

  it('signs the visitor in with an HttpOnly, SameSite=Strict cookie and never shows a plastic id', async () => {
    const response = await get('/api/session');
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^pin_control_demo_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const body = await response.text();
    assert.doesNotMatch(body, /[12]0{11,}\d/, 'no plastic id');
    assert.match(body, /Aino Virtanen/);
  });

  it("the token endpoint answers a same-origin request with {id, pinFrameURL} for the session's card", async () => {
    const response = await tokenRequest(await signIn());
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(body).sort(), ['id', 'pinFrameURL']);
    assert.equal(new URL(body.pinFrameURL!).origin, demo.sandboxOrigin);
    assert.equal(new URL(body.pinFrameURL!).searchParams.get('key'), 'demo');
  });

  it('the token endpoint refuses cross-origin, cross-site, header-less, cookie-less and GET requests', async () => {
    const cookie = await signIn();
    const refused: Array<[string, Promise<Response>, number]> = [
      ['another origin', tokenRequest(cookie, { origin: 'http://evil.example' }), 403],
      ['the sandbox origin', tokenRequest(cookie, { origin: demo.sandboxOrigin! }), 403],
      ['cross-site fetch metadata', tokenRequest(cookie, { 'sec-fetch-site': 'cross-site' }), 403],
      ['no custom header', tokenRequest(cookie, { 'x-requested-with': '' }), 403],
      [
        'a cross-site form post',
        tokenRequest(
          cookie,
          {
            'content-type': 'application/x-www-form-urlencoded',
            'x-requested-with': '',
            origin: 'http://evil.example',
            'sec-fetch-site': 'cross-site',
          },
          'scope=VIEW_PIN',
        ),
        403,
      ],
      ['text/plain', tokenRequest(cookie, { 'content-type': 'text/plain' }), 415],
      ['no session', tokenRequest(undefined), 401],
      ['a forged session', tokenRequest('pin_control_demo_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), 401],
      ['GET', get('/api/pin-control/token', { headers: { cookie, 'x-requested-with': 'pin-control', origin } }), 405],
    ];
    for (const [what, pending, status] of refused) {
      const response = await pending;
      const text = await response.text();
      assert.equal(response.status, status, what);
      assert.doesNotMatch(text, /"id"/, what);
    }
  });

  it('takes the plastic from the session: switching cards is CSRF-checked, and SET_PIN then works on the new card', async () => {
    const cookie = await signIn();
    const select = (cardId: string, headers: Record<string, string> = {}) =>
      get('/api/session/card', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'pin-control', origin, cookie, ...headers },
        body: JSON.stringify({ cardId }),
      });
    assert.equal((await select('travel', { origin: 'http://evil.example' })).status, 403);
    assert.equal((await select('travel', { 'x-requested-with': '' })).status, 403);
    assert.equal((await select('not-a-card')).status, 400);
    // Still the first card: SET_PIN on a produced card is refused by the issuer.
    assert.equal((await tokenRequest(cookie, {}, '{"scope":"SET_PIN"}')).status, 409);
    const switched = await select('travel');
    assert.equal(switched.status, 200);
    assert.equal(((await switched.json()) as { selectedCardId: string }).selectedCardId, 'travel');
    assert.equal((await tokenRequest(cookie, {}, '{"scope":"SET_PIN"}')).status, 200);
    // A plasticId in the body changes nothing: the body only names the scope.
    assert.equal((await tokenRequest(cookie, {}, '{"scope":"SET_PIN","plasticId":"1000000000000001"}')).status, 400);
  });

  it('a PIN set is recorded for the selected new card only, CSRF-checked: every session then sees it produced', async () => {
    const cookie = await signIn();
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      get(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'pin-control', origin, cookie, ...headers },
        body,
      });
    const statusOf = async (response: Response) =>
      ((await response.json()) as { cards: Array<{ id: string; status: string }> }).cards.find((card) => card.id === 'travel')?.status;
    assert.equal((await post('/api/session/card/pin-set', '{}', { origin: 'http://evil.example' })).status, 403);
    assert.equal((await post('/api/session/card/pin-set', '{}', { cookie: '' })).status, 401);
    // The selected card is the produced one: nothing to record.
    assert.equal(await statusOf(await post('/api/session/card/pin-set', '{}')), 'new');
    await post('/api/session/card', JSON.stringify({ cardId: 'travel' }));
    assert.equal(await statusOf(await post('/api/session/card/pin-set', '{}')), 'active');
    const other = await signIn();
    assert.equal(await statusOf(await get('/api/session', { headers: { cookie: other } })), 'active', 'another session of the cardholder');
  });

  it('accepts CSP reports in both shapes, logs one line each, and refuses other bodies', async () => {
    const before = demo.cspReports.length;
    const post = (contentType: string, body: string) =>
      get('/api/csp-report', { method: 'POST', headers: { 'content-type': contentType }, body });
    const legacy = await post(
      'application/csp-report',
      JSON.stringify({
        'csp-report': {
          'effective-directive': 'script-src-elem',
          'blocked-uri': 'https://evil.example/x.js?token=abc',
          'document-uri': `${origin}/`,
        },
      }),
    );
    assert.equal(legacy.status, 204);
    assertSecurityHeaders(legacy, 'a CSP report answer');
    const modern = await post(
      'application/reports+json',
      JSON.stringify([
        { type: 'csp-violation', body: { effectiveDirective: 'style-src-elem', blockedURL: 'inline', documentURL: `${origin}/` } },
      ]),
    );
    assert.equal(modern.status, 204);
    assert.equal(demo.cspReports.length, before + 2);
    const lines = logLines.filter((line) => line.startsWith('csp-violation'));
    assert.ok(lines.some((line) => line.includes('directive=script-src-elem blocked=https://evil.example/x.js ')));
    assert.ok(lines.every((line) => !line.includes('token=abc')));
    assert.equal((await post('text/plain', '{}')).status, 415);
    assert.equal((await post('application/csp-report', 'x'.repeat(20_000))).status, 413);
  });

  it('writes audit lines without the control id, the cookie or a credential', async () => {
    const cookie = await signIn();
    const response = await tokenRequest(cookie);
    const { id } = (await response.json()) as { id: string };
    const everything = [...auditLines, ...logLines].join('\n');
    assert.ok(auditLines.length > 0);
    assert.ok(!everything.includes(id), 'no control id');
    assert.ok(!everything.includes(cookie.split('=')[1]!), 'no session id');
    assert.ok(!everything.includes('demo-secret'), 'no password');
  });
});

describe('the host app behind https (production shape, no network)', () => {
  const { app } = createHostApp({
    origin: 'https://bank.example',
    distDir: DEFAULT_DIST_DIR,
    issuer: PRODUCTION_ISSUER,
    log: () => {},
    audit: () => {},
  });

  it('uses a Secure __Host- session cookie and reports through the Reporting API too', async () => {
    const response = await app.request('https://bank.example/api/session');
    assert.match(
      response.headers.get('set-cookie') ?? '',
      /^__Host-pin_control_demo_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
    );
    assert.equal(response.headers.get('reporting-endpoints'), 'csp-endpoint="https://bank.example/api/csp-report"');
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-src https:\/\/pin\.issuer\.example;/);
    assert.match(csp, /; report-uri \/api\/csp-report; report-to csp-endpoint$/);
    const serious = new CspEvaluator(new CspParser(csp).csp)
      .evaluate()
      .filter((finding) => finding.severity === Severity.HIGH || finding.severity === Severity.MEDIUM);
    assert.deepEqual(serious, [], 'csp_evaluator: nothing HIGH or MEDIUM');
  });

  it('refuses a token request from the http twin of its origin (exact origin match)', async () => {
    const response = await app.request('https://bank.example/api/pin-control/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'pin-control', origin: 'http://bank.example' },
      body: '{"scope":"VIEW_PIN"}',
    });
    assert.equal(response.status, 403);
  });
});

describe('the token route: the Node adapter (as startHostServer serves it) and the Hono route answer alike', () => {
  // startHostServer routes the token path to host.tokenRoute, ahead of Hono;
  // the Hono app keeps the same route through the Fetch handler. Both are
  // served here over HTTP, one app behind two servers (as startHostServer and
  // as Hono alone), and must carry every security header and the same answer,
  // header for header.
  const ISSUED = { id: 'ctl_route_twin', pinFrameURL: 'https://pin.issuer.example/frame' };
  let server: Server;
  let honoServer: Server;
  let origin: string;
  let honoOrigin: string;
  let host: HostApp;

  before(async () => {
    server = createServer((request, response) => void host.tokenRoute(request, response));
    honoServer = createServer(getRequestListener((request) => host.app.fetch(request)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => honoServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    honoOrigin = `http://127.0.0.1:${(honoServer.address() as AddressInfo).port}`;
    host = createHostApp({
      origin,
      distDir: DEFAULT_DIST_DIR,
      issuer: PRODUCTION_ISSUER,
      issuerFetch: async () => new Response(JSON.stringify(ISSUED), { status: 201, headers: { 'content-type': 'application/json' } }),
      log: () => {},
      audit: () => {},
    });
  });
  after(() => {
    for (const each of [server, honoServer]) {
      each.closeAllConnections();
      each.close();
    }
  });

  /** Every header but the connection's own (date, connection, keep-alive), names lowercase. */
  function headersOf(response: Response): Record<string, string> {
    const kept: Record<string, string> = {};
    for (const [name, value] of response.headers) if (!['date', 'connection', 'keep-alive'].includes(name)) kept[name] = value;
    return kept;
  }

  it('the same status, body and headers for a success, each refusal and a 405, sharing one rate limit', async () => {
    const session = await host.app.request(`${origin}/api/session`);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const valid = {
      'content-type': 'application/json',
      'x-requested-with': 'pin-control',
      origin,
      'sec-fetch-site': 'same-origin',
      cookie,
    };
    const cases: Array<[string, RequestInit]> = [
      ['a success', { method: 'POST', headers: valid, body: '{"scope":"VIEW_PIN"}' }],
      ['another origin', { method: 'POST', headers: { ...valid, origin: 'http://evil.example' }, body: '{"scope":"VIEW_PIN"}' }],
      ['text/plain', { method: 'POST', headers: { ...valid, 'content-type': 'text/plain' }, body: '{"scope":"VIEW_PIN"}' }],
      ['no session', { method: 'POST', headers: { ...valid, cookie: '' }, body: '{"scope":"VIEW_PIN"}' }],
      ['a bad body', { method: 'POST', headers: valid, body: '{"scope":"ADMIN"}' }],
      ['a GET', { method: 'GET', headers: valid }],
    ];
    for (const [what, init] of cases) {
      const served = await fetch(`${origin}/api/pin-control/token`, init);
      const routed = await fetch(`${honoOrigin}/api/pin-control/token`, init);
      assert.equal(served.status, routed.status, what);
      assert.equal(await served.text(), await routed.text(), what);
      assert.deepEqual(headersOf(served), headersOf(routed), what);
      for (const [name, value] of Object.entries(EXPECTED_HEADERS)) assert.equal(served.headers.get(name), value, `${name} on ${what}`);
      assert.ok(served.headers.get('content-security-policy'), `CSP on ${what}`);
    }
    // Ten a minute per session, counted once for both: the two successes and
    // the two bad bodies (counted before the body is read) so far, 6 left.
    for (let i = 0; i < 6; i++) {
      const answer = await fetch(`${i % 2 ? origin : honoOrigin}/api/pin-control/token`, cases[0]![1]);
      assert.equal(answer.status, 200, `request ${i + 5}`);
      await answer.arrayBuffer();
    }
    assert.equal((await fetch(`${origin}/api/pin-control/token`, cases[0]![1])).status, 429);
    assert.equal((await fetch(`${honoOrigin}/api/pin-control/token`, cases[0]![1])).status, 429);
  });
});
