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
  SLOW_MS,
  ECHO_FRAME,
  EAGER_FRAME,
  ELSEWHERE_ECHO_FRAME,
  FAIL_STATUS_PREFIX,
  SERVER_BODY_MARKER,
  TRUSTED_TYPES_CSP,
  TRUSTED_TYPES_PAGE,
} from '../browser/element/endpoints.js';

const ECHO_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Probe frame</title></head>
<body><p>Probe frame</p><input aria-label="probe input">
<script>
  const up = window.opener || window.parent;
  addEventListener('message', (event) => {
    const data = event.data;
    if (data && typeof data === 'object' && 'echo' in data) {
      up.postMessage(data.echo, '*');
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

/** Pages on the probe origin that test "is the frame live?" (see endpoints.ts). */
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

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function elementEndpointsPlugin(): Plugin {
  let probe: Server | undefined;
  let lastTokenRequest: unknown = null;
  return {
    name: 'pin-control-element-endpoints',
    async serverStart() {
      probe = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (path === '/echo-frame') {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(ECHO_PAGE);
        } else if (FRAME_PAGES[path]) {
          const { body, headers } = FRAME_PAGES[path]!;
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
    },
    async serverStop() {
      probe?.closeAllConnections();
      await new Promise((resolve) => probe?.close(resolve) ?? resolve(undefined));
      probe = undefined;
    },
    // Answers on the context directly (see test-servers.ts for why not app.use).
    async serve(ctx) {
      const { path } = ctx;
      if (path === TRUSTED_TYPES_PAGE) {
        return { body: TRUSTED_TYPES_HTML, type: 'html', headers: { 'Content-Security-Policy': TRUSTED_TYPES_CSP, 'Cache-Control': 'no-store' } };
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
