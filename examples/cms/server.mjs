// Serves the "CMS" page from dist/ with the strict CSP build.mjs wrote, and
// the page's same-origin token endpoint made with pin-control/server, on
// http://127.0.0.1:$PORT. (examples/html/server.mjs repeats most of this on
// purpose: each example is standalone, an integrator copies one.)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { createIssuerClient, createTokenHandler } from 'pin-control/server';

const port = Number(process.env.PORT ?? 8080);
const origin = `http://127.0.0.1:${port}`;

const tokenHandler = createTokenHandler({
  client: createIssuerClient({
    baseUrl: process.env.PIN_CONTROL_API_BASE ?? 'http://127.0.0.1:4100',
    credentials: {
      username: process.env.PIN_CONTROL_USERNAME ?? 'demo-client',
      password: process.env.PIN_CONTROL_PASSWORD ?? 'demo-secret',
    },
  }),
  allowedOrigins: [origin, `http://localhost:${port}`],
  // A fixed demo session. A real site reads its signed-in user's session here
  // (from the cookie), never the request body, and takes her card's plastic id from it.
  getSession: () => ({ sessionId: 'demo-session', plasticId: '9000000000000001', auditUser: 'cms-example' }),
});

const read = (name) => readFileSync(new URL(`dist/${name}`, import.meta.url));
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': read('content-security-policy.txt').toString().trim(),
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cache-Control': 'no-store',
};
const ASSET_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'same-origin' };
// Only the files the build wrote, read once: no path from a request reaches the file system.
const files = new Map([
  ['/', { body: read('index.html'), headers: PAGE_HEADERS }],
  [
    '/assets/pin-control.bundle.js',
    { body: read('assets/pin-control.bundle.js'), headers: { ...ASSET_HEADERS, 'Content-Type': 'text/javascript; charset=utf-8' } },
  ],
  [
    '/assets/page-ui.js',
    { body: read('assets/page-ui.js'), headers: { ...ASSET_HEADERS, 'Content-Type': 'text/javascript; charset=utf-8' } },
  ],
  ['/assets/theme.css', { body: read('assets/theme.css'), headers: { ...ASSET_HEADERS, 'Content-Type': 'text/css; charset=utf-8' } }],
]);

/** Node's request as a web Request: the token handler reads (and caps) the body itself. */
function toRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, String(value));
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url, origin), {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: 'half',
  });
}

createServer(async (req, res) => {
  const path = new URL(req.url, origin).pathname;
  if (path === '/api/pin-control/token') {
    const response = await tokenHandler(toRequest(req));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  if (path === '/favicon.ico') {
    res.writeHead(204).end(); // browsers ask for it; an empty answer keeps the console clean
    return;
  }
  const file = files.get(path);
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, file.headers);
  res.end(req.method === 'HEAD' ? undefined : file.body);
}).listen(port, '127.0.0.1', () => console.log(`listening on ${origin}`));
