// A bare host page for the element's end-to-end checks (leaks, secrets):
// `<pin-control>` bundled from src/ with esbuild, a real token endpoint made
// with pin-control/server against a real sandbox, and nothing else on the page.
// The issuer client is wrapped so the test learns every control id minted
// (server side: the browser never sees more than the element does).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { getRequestListener } from '@hono/node-server';
import { createIssuerClient, createTokenHandler, type AuditRecord } from '../../../src/server/index.js';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.js';
import { loadSeed } from '../../../sandbox/seed.js';

/** The sandbox's repeatable test plastic: viewed and set any number of times. */
export const TEST_PLASTIC = '9000000000000001';
export const TOKEN_PATH = '/api/pin-control/token';
export const BUNDLE_PATH = '/pin-control.js';

export interface ElementHost {
  origin: string;
  sandbox: RunningSandbox;
  /** The client key the sandbox knows this host by (frame-key). */
  key: string;
  /** Every control id the token endpoint handed out, in order. */
  ids: string[];
  hostLog: string[];
  sandboxLog: string[];
  audits: AuditRecord[];
  /** A page with only the element's bundle on it. */
  pageURL: string;
  /** Resolves once no request is being answered (aborted fetches are still answered server side). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

let bundled: Promise<string> | undefined;
/** The element as one ES module (lit, zod/mini and dompurify inside), built once per process. */
export function elementBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [new URL('../../../src/define.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}

/**
 * `headScript`: a classic script run before anything else on the page (before
 * the element's module), for drivers that cannot inject one into a new
 * document themselves (WebKitWebDriver has no init scripts).
 */
const page = (headScript = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pin-control host</title>${headScript && `<script>${headScript.replace(/<\/script/gi, '<\\/script')}</script>`}</head>
<body><main id="host"></main><script type="module" src="${BUNDLE_PATH}"></script></body></html>`;

export async function startElementHost(options: { key?: string; headScript?: string } = {}): Promise<ElementHost> {
  const PAGE = page(options.headScript);
  const key = options.key ?? `fk-${crypto.randomUUID().slice(0, 8)}`;
  const sandboxLog: string[] = [];
  const hostLog: string[] = [];
  const audits: AuditRecord[] = [];
  const ids: string[] = [];
  const seed = loadSeed({});
  const sandbox = await startSandbox({
    port: 0,
    log: (line) => sandboxLog.push(line),
    clients: [...seed.clients, { key, origins: ['http://localhost:*'] }],
  });
  const bundle = await elementBundle();

  let handler: ((request: Request) => Promise<Response>) | undefined;
  const tokens = getRequestListener((request) => handler!(request));
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight += 1;
    res.once('close', () => (inFlight -= 1));
    const path = (req.url ?? '/').split('?')[0];
    hostLog.push(`${req.method} ${req.url}`);
    if (req.method === 'POST' && path === TOKEN_PATH) return void tokens(req, res);
    const headers = { 'Cache-Control': 'no-store' };
    if (path === '/') res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (path === BUNDLE_PATH) res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(bundle);
    else res.writeHead(404, headers).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, 'localhost', () => resolve());
  });
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  const issuer = createIssuerClient({
    baseUrl: sandbox.origin,
    credentials: { username: seed.credentials.username, password: seed.credentials.password },
    key,
  });
  handler = createTokenHandler({
    client: {
      async requestControlId(request) {
        const minted = await issuer.requestControlId(request);
        ids.push(minted.id);
        return minted;
      },
    },
    allowedOrigins: [origin],
    getSession: () => ({ sessionId: 'element-host-session', plasticId: TEST_PLASTIC, auditUser: 'element-host' }),
    rateLimit: { limit: 1_000_000, windowMs: 60_000 }, // a fast endpoint: the loops ask thousands of times
    audit: (record) => {
      audits.push(record);
      hostLog.push(JSON.stringify(record));
    },
  });

  return {
    origin,
    sandbox,
    key,
    ids,
    hostLog,
    sandboxLog,
    audits,
    pageURL: `${origin}/`,
    async idle() {
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sandbox.close();
    },
  };
}
