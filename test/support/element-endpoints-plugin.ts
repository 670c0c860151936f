// web-test-runner plugin for the element's tests: token endpoints on the test
// host that misbehave on purpose (any status with Retry-After, HTML, bad JSON,
// wrong shape, oversized, slow, dropped connection), one that records the request it gets, and a second
// origin (a plain node server on 127.0.0.1) serving frames the tests steer.
import { createServer, type Server } from 'node:http';
import type { Plugin } from '@web/dev-server-core';
import {
  FAIL,
  LAST_TOKEN_REQUEST,
  PROBE_ORIGIN,
  PROBE_PORT,
  RECORD_TOKEN,
  THIRD_ORIGIN,
  FAULT_PREFIX,
  SLOW_MS,
  ECHO_FRAME,
  EAGER_FRAME,
  ELSEWHERE_ECHO_FRAME,
  FAIL_STATUS_PREFIX,
  SERVER_BODY_MARKER,
  TRUSTED_TYPES_CSP,
  TRUSTED_TYPES_PAGE,
} from '../browser/element/endpoint-urls.js';

const ECHO_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Probe frame</title></head>
<body><p>Probe frame</p><input aria-label="probe input">
<script>
  // ?to=top: a frame nested in another frame reports to the top page.
  const up = window.opener || (new URLSearchParams(location.search).get('to') === 'top' ? top : parent);
  addEventListener('message', (event) => {
    const data = event.data;
    if (data && typeof data === 'object' && 'echo' in data) {
      up.postMessage(data.echo, '*');
    } else if (data && typeof data === 'object' && data.make === 'port') {
      // A transferred MessagePort as the data itself.
      const { port1 } = new MessageChannel();
      up.postMessage(port1, '*', [port1]);
    } else if (data && typeof data === 'object' && typeof data.navigate === 'string') {
      location.href = data.navigate; // the frame navigates itself
    } else if (data && typeof data === 'object' && typeof data.nest === 'string') {
      const child = document.createElement('iframe');
      child.src = data.nest;
      document.body.append(child);
    } else {
      up.postMessage({ probe: 'received', data, origin: event.origin }, '*');
    }
  });
  up.postMessage({ probe: 'loaded' }, '*');
</script></body></html>`;

// Runs the element where Trusted Types are enforced; reports what rendered.
const TRUSTED_TYPES_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trusted Types</title></head><body>
<script type="module">
  let sinkBlocked = false;
  try {
    document.body.insertAdjacentHTML('beforeend', '<b>plain string</b>');
  } catch {
    sinkBlocked = true; // enforcement is on: strings cannot reach HTML sinks
  }
  const violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    if (!e.sample.includes('plain string')) violations.push(e.violatedDirective + ' ' + e.sample); // not our own probe
  });
  await import('/src/define.ts');
  const el = document.createElement('pin-control');
  el.setAttribute('frame-origins', 'https://pin.example.com');
  el.messages = { 'token-request-failed': 'Call <strong>support</strong><img src=x onerror="window.pwned=1">' };
  el.tokenProvider = async () => { throw new Error('down'); };
  document.body.append(el);
  const deadline = Date.now() + 5000;
  let panel = null;
  while (Date.now() < deadline) {
    panel = el.shadowRoot && el.shadowRoot.querySelector('[part="error"] p');
    if (panel && panel.querySelector('strong')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  parent.postMessage({ tt: { sinkBlocked, state: el.state, html: panel ? panel.innerHTML : null, violations, pwned: !!window.pwned } }, location.origin);
</script></body></html>`;

const page = (title: string, script = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><p>${title}</p><script>${script}</script></body></html>`;

/** Pages on the probe origin that test "is the frame live?" (see test/browser/element/endpoint-urls.ts). */
const FRAME_PAGES: Record<string, { body: string; headers?: Record<string, string> }> = {
  '/silent-frame': { body: page('Silent frame', "addEventListener('message', () => {});") },
  '/error-frame': {
    body: page(
      'Error frame',
      "addEventListener('message', (e) => { if (e.source === parent && e.data && e.data.operation) parent.postMessage({ event: 'view_pin_error' }, e.origin); });",
    ),
  },
  '/frame-ancestors-none': { body: page('Refused frame'), headers: { 'Content-Security-Policy': "frame-ancestors 'none'" } },
  '/x-frame-options-deny': { body: page('Refused frame'), headers: { 'X-Frame-Options': 'DENY' } },
};

/** Posts {event} to its parent from DOMContentLoaded and load, before any hand-over. */
const eagerPage = (event: string) =>
  page(
    'Eager frame',
    `const say = () => parent.postMessage({ event: ${JSON.stringify(event)} }, '*');
     document.addEventListener('DOMContentLoaded', say);
     addEventListener('load', say);`,
  );

async function readBody(req: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 16_384) break;
  }
  return text;
}

const isLoopbackURL = (url: string | null) => !!url && /^http:\/\/(127\.0\.0\.[12]|localhost):\d+\//.test(url);

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const GOOD_TOKEN = JSON.stringify({ id: 'fault-control-id', pinFrameURL: `${PROBE_ORIGIN}/echo-frame` });

/**
 * Token endpoints that fail in their body, headers or timing, at
 * FAULT_PREFIX + name (test/browser/element/endpoint-urls.ts). They write to
 * the raw response, so they control every byte and every pause.
 */
async function tokenFault(ctx: Parameters<NonNullable<Plugin['serve']>>[0], name: string) {
  const res = ctx.res;
  ctx.status = 200; // for the dev server's log: the raw response below is what the browser gets
  ctx.respond = false;
  const json = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  const trickle = async (text: string, everyMs: number) => {
    res.writeHead(200, json);
    for (const char of text) {
      if (res.destroyed) return;
      res.write(char);
      await delay(everyMs);
    }
    res.end();
  };
  const endless = async (everyMs: number, size: number) => {
    res.writeHead(200, json);
    res.write('{"id": "x", "pinFrameURL": "');
    const chunk = 'x'.repeat(size);
    for (let n = 0; n < 4000 && !res.destroyed && !ctx.req.socket.destroyed; n += 1) {
      if (!res.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 5));
      await delay(everyMs);
    }
  };
  switch (name) {
    case 'trickle-fast': // the whole token, a byte every 5 ms (well within token-timeout)
      return trickle(GOOD_TOKEN, 5);
    case 'trickle-slow': // a byte every 100 ms: the body outlives token-timeout
      return trickle(GOOD_TOKEN, 100);
    case 'endless-fast':
      return endless(0, 16 * 1024);
    case 'endless-slow':
      return endless(200, 64); // a trickle that never ends nor reaches the size cap
    case 'no-headers': // accepts the request, never answers
      ctx.req.socket.setTimeout(0);
      return undefined;
    case 'lying-length': // declares 10 MB, sends a valid token
      res.writeHead(200, { ...json, 'Content-Length': String(10 * 1024 * 1024) });
      res.write(GOOD_TOKEN);
      return undefined;
    case 'drop-mid-body':
      res.writeHead(200, json);
      res.write('{"id": "x", "pinFr');
      await delay(50);
      ctx.req.socket.destroy();
      return undefined;
    case 'no-content':
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return undefined;
    case 'empty-200':
      res.writeHead(200, json).end();
      return undefined;
    case 'not-utf8':
      res.writeHead(200, json).end(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
      return undefined;
    case 'json-null':
      res.writeHead(200, json).end('null');
      return undefined;
    case 'json-array':
      res.writeHead(200, json).end(`[${GOOD_TOKEN}]`);
      return undefined;
    case 'proto-token': // the token only on __proto__: JSON.parse makes it an own key, not inherited fields
      res.writeHead(200, json).end(`{"__proto__": ${GOOD_TOKEN}}`);
      return undefined;
    case 'text-plain': // a valid token labelled text/plain: the element reads the JSON anyway
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end(GOOD_TOKEN);
      return undefined;
    case 'redirect-cross-origin': // 307 keeps the POST; the other origin sends no CORS headers
      res.writeHead(307, { Location: `${PROBE_ORIGIN}/token`, 'Cache-Control': 'no-store' }).end();
      return undefined;
    default:
      res.writeHead(404).end();
      return undefined;
  }
}

export function elementEndpointsPlugin(): Plugin {
  let probe: Server | undefined;
  let third: Server | undefined;
  let lastTokenRequest: unknown = null;
  return {
    name: 'pin-control-element-endpoints',
    async serverStart() {
      probe = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const query = new URL(req.url ?? '/', PROBE_ORIGIN).searchParams;
        if (path === '/echo-frame') {
          // ?delay=ms: the page arrives late (a token answered before its frame loaded).
          const delayMs = Math.min(Number(query.get('delay')) || 0, 5000);
          setTimeout(() => {
            res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(ECHO_PAGE);
          }, delayMs);
        } else if (path === '/redirect' && isLoopbackURL(query.get('to'))) {
          res.writeHead(302, { Location: query.get('to')!, 'Cache-Control': 'no-store' }).end();
        } else if (path === '/self-navigate' && isLoopbackURL(query.get('to'))) {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(page('Self-navigating frame', `location.replace(${JSON.stringify(query.get('to'))});`));
        } else if (FRAME_PAGES[path]) {
          const { body, headers } = FRAME_PAGES[path];
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
          res.end(body);
        } else if (path === new URL(EAGER_FRAME).pathname) {
          const event = new URL(req.url ?? '/', PROBE_ORIGIN).searchParams.get('event') ?? 'view_pin_success';
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(eagerPage(/^[a-z_]+$/.test(event) ? event : 'view_pin_success'));
        } else if (path === '/hanging-frame') {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
          res.write('<!doctype html><title>Never done</title><p>Loading forever');
          // never ended: the frame's load event never fires
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve, reject) => {
        probe!.once('error', reject);
        probe!.listen(PROBE_PORT, '127.0.0.1', () => resolve());
      });
      // The same pages on a third origin (another loopback address, same port).
      third = createServer(probe.listeners('request')[0] as Parameters<typeof createServer>[0]);
      await new Promise<void>((resolve, reject) => {
        third!.once('error', reject);
        third!.listen(PROBE_PORT, new URL(THIRD_ORIGIN).hostname, () => resolve());
      });
    },
    async serverStop() {
      for (const server of [probe, third]) {
        server?.closeAllConnections();
        await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
      }
      probe = third = undefined;
    },
    // Answers on the context directly (see test-servers.ts for why not app.use).
    async serve(ctx) {
      const { path } = ctx;
      if (path === TRUSTED_TYPES_PAGE) {
        return {
          body: TRUSTED_TYPES_HTML,
          type: 'html',
          headers: { 'Content-Security-Policy': TRUSTED_TYPES_CSP, 'Cache-Control': 'no-store' },
        };
      }
      if (path === ELSEWHERE_ECHO_FRAME) {
        const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
        return { body: ECHO_PAGE, type: 'html', headers };
      }
      if (path === LAST_TOKEN_REQUEST) {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = lastTokenRequest;
        return undefined;
      }
      if (ctx.method !== 'POST') return undefined;
      ctx.set('Cache-Control', 'no-store');
      if (path.startsWith(FAIL_STATUS_PREFIX)) {
        // Any status, with a coded body the element must not show, and Retry-After on request.
        const status = Number(path.slice(FAIL_STATUS_PREFIX.length));
        if (!Number.isInteger(status) || status < 300 || status > 599) return undefined;
        const retryAfter = ctx.query['retry-after'];
        if (typeof retryAfter === 'string') ctx.set('Retry-After', retryAfter);
        ctx.status = status;
        ctx.body = { error: { code: 'test-refusal', message: `${SERVER_BODY_MARKER} ${status}` } };
        return undefined;
      }
      if (path.startsWith(FAULT_PREFIX)) return tokenFault(ctx, path.slice(FAULT_PREFIX.length));
      switch (path) {
        case RECORD_TOKEN:
          lastTokenRequest = {
            method: ctx.method,
            headers: ctx.headers,
            body: await readBody(ctx.req),
          };
          ctx.body = { id: 'recorded-control-id', pinFrameURL: ECHO_FRAME };
          return undefined;
        case FAIL.status500:
          ctx.status = 500;
          ctx.body = { error: 'boom' };
          return undefined;
        case FAIL.html:
          ctx.type = 'text/html';
          ctx.body = '<!doctype html><title>Sign in</title><p>Please sign in';
          return undefined;
        case FAIL.badJson:
          ctx.type = 'application/json';
          ctx.body = '{"id": "x", "pinFrameURL": ';
          return undefined;
        case FAIL.missingFields:
          ctx.body = { pinFrameURL: ECHO_FRAME };
          return undefined;
        case FAIL.oversized:
          ctx.body = { id: 'x', pinFrameURL: ECHO_FRAME, padding: 'x'.repeat(64 * 1024) };
          return undefined;
        case FAIL.slow:
          await delay(SLOW_MS);
          ctx.body = { id: 'late', pinFrameURL: ECHO_FRAME };
          return undefined;
        case FAIL.network:
          ctx.req.socket.destroy();
          ctx.respond = false;
          return undefined;
        default:
          return undefined;
      }
    },
  };
}

export { PROBE_ORIGIN };
