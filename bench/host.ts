// The bench's own loopback world: a real sandbox on 127.0.0.1 (the issuer's
// stand-in) and a tiny host page on localhost serving the element (esbuild
// bundle of src/define.ts), the page harness, and a token endpoint built from
// the real token helper that mints from the sandbox after a fixed delay (a
// real backend's round trip to the issuer).
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { esbuildBundleText } from './esbuild-bundle.js';
import { Hono } from 'hono';
import { startSandbox, type RunningSandbox } from '../sandbox/server.js';
import { loadSeed } from '../sandbox/seed.js';
import { createIssuerClient, createTokenHandler } from '../src/server/index.js';

export const BENCH_CLIENT_KEY = 'bench';
/** Produced plastic (view) and one never produced (set: its frame waits for input). */
const VIEW_PLASTIC = '1000000000000001';
const SET_PLASTIC = '2000000000000001';

export interface BenchHost {
  hostOrigin: string;
  sandboxOrigin: string;
  frameUrl: string;
  pageUrl: string;
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const bundle = (entry: string) => esbuildBundleText(new URL(entry, import.meta.url));

function page(config: object): string {
  // The config is JSON inside a non-executed script: `<` escaped so it cannot close the tag.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pin-control bench</title>
<script type="application/json" id="bench-config">${json}</script>
<script type="module" src="/pin-control.js"></script>
<script type="module" src="/harness.js"></script>
</head><body><main id="stage"></main></body></html>`;
}

export async function startBenchHost({ tokenDelayMs }: { tokenDelayMs: number }): Promise<BenchHost> {
  const [elementJs, harnessJs] = await Promise.all([bundle('../src/define.ts'), bundle('./page/harness.ts')]);

  let app: Hono | undefined;
  const server = createAdaptorServer({
    fetch: (request, env) => (app ? app.fetch(request, env) : new Response('Starting', { status: 503 })),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const hostOrigin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });

  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({ port: 0, clients: [{ key: BENCH_CLIENT_KEY, origins: [hostOrigin] }], log: () => {} });
  } catch (error) {
    await closeServer();
    throw error;
  }
  const frameUrl = `${sandbox.origin}/pincontrol/v2/frame?key=${BENCH_CLIENT_KEY}`;
  const { credentials } = loadSeed();
  const client = createIssuerClient({
    baseUrl: sandbox.origin,
    credentials: { username: credentials.username, password: credentials.password },
    // The modelled backend latency: every mint waits this long before it goes out.
    fetch: async (input, init) => {
      await delay(tokenDelayMs);
      return fetch(input, init);
    },
  });
  const handler = (plasticId: string) =>
    createTokenHandler({
      client,
      allowedOrigins: [hostOrigin],
      getSession: () => ({ sessionId: 'bench-session', plasticId, auditUser: 'bench' }),
      rateLimit: { limit: 1_000_000, windowMs: 60_000 },
      audit: () => {},
    });
  const viewHandler = handler(VIEW_PLASTIC);
  const setHandler = handler(SET_PLASTIC);

  const html = page({ sandboxOrigin: sandbox.origin, frameUrl, key: BENCH_CLIENT_KEY });
  const js = (body: string) =>
    new Response(body, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' } });
  app = new Hono();
  app.get('/', (c) => c.html(html));
  app.get('/pin-control.js', () => js(elementJs));
  app.get('/harness.js', () => js(harnessJs));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.post('/api/token/view', (c) => viewHandler(c.req.raw));
  app.post('/api/token/set', (c) => setHandler(c.req.raw));

  return {
    hostOrigin,
    sandboxOrigin: sandbox.origin,
    frameUrl,
    pageUrl: `${hostOrigin}/`,
    async close() {
      await Promise.all([closeServer(), sandbox.close()]);
    },
  };
}
